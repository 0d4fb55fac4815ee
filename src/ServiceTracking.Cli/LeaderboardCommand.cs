using System.CommandLine;
using System.Text.Json.Nodes;

namespace ServiceTracking.Cli;

/// <summary><c>svtrack leaderboard [--period all|daily|weekly|monthly] [--at LABEL] [--limit N] [--offset N]</c>.</summary>
public static class LeaderboardCommand
{
    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var period = new Option<string>("--period") { Description = "Which board", DefaultValueFactory = _ => "all" };
        period.AcceptOnlyFromAmong("all", "daily", "weekly", "monthly");
        var at = new Option<string?>("--at") { Description = "Period label, e.g. 2025-12-14, 2025-W50, 2025-12 (default: the current period)" };
        var limit = new Option<int?>("--limit") { Description = "Rows to show, 1 to 1000 (default 100)" };
        var offset = new Option<int?>("--offset") { Description = "Rows to skip (default 0)" };
        var server = CommonOptions.Server();
        var session = CommonOptions.Session();
        var command = new Command("leaderboard", "Show the ranking by impact for a period") { period, at, limit, offset, server, session };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var current = Session.TryLoad(Path.GetFullPath(parse.GetValue(session) ?? env.DefaultSessionPath));
            var serverUri = env.ResolveServer(parse.GetValue(server), current?.Server);
            var api = env.Connect(serverUri, current?.TokenFor(serverUri, env.Time));
            var response = await api.GetLeaderboardAsync(parse.GetValue(period), parse.GetValue(at), parse.GetValue(limit), parse.GetValue(offset), cancellationToken)
                .ConfigureAwait(false);
            await env.Out.WriteLineAsync(parse.GetValue(json) ? response.Raw : Describe(response.Json)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Describe(JsonNode board)
    {
        var rows = board["leaderboard"]?.AsArray() ?? [];
        var table = new TextTable("RANK", "NAME", "ADDRESS", "IMPACT").AlignRight(0, 3);
        foreach (var row in rows)
        {
            table.Add(row?["rank"]?.ToString(), row?["displayName"]?.ToString(), row?["address"]?.ToString() ?? "(private)", row?["impactScore"]?.ToString());
        }
        var first = board["offset"] is JsonValue o && o.TryGetValue<int>(out var skipped) ? skipped + 1 : 1;
        var kind = board["periodType"]?.ToString();
        var heading = (kind is null or "all" ? "Leaderboard (all time): " : $"Leaderboard {kind} {board["period"]}: ") +
            (rows.Count == 0 ? $"no one here ({board["total"]} ranked)" : $"{first}-{first + rows.Count - 1} of {board["total"]}");
        return rows.Count == 0 ? heading : heading + "\n" + table;
    }
}
