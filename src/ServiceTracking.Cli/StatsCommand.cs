using System.CommandLine;
using System.Text.Json.Nodes;

namespace ServiceTracking.Cli;

/// <summary><c>svtrack stats [ADDRESS]</c>: a contributor's totals, rank, streak and latest contributions.</summary>
public static class StatsCommand
{
    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var address = new Argument<string?>("ADDRESS") { Description = "The contributor (default: the signed-in address)", Arity = ArgumentArity.ZeroOrOne };
        var server = CommonOptions.Server();
        var session = CommonOptions.Session();
        var command = new Command("stats", "Show a contributor's impact, rank and latest contributions") { address, server, session };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var current = Session.TryLoad(Path.GetFullPath(parse.GetValue(session) ?? env.DefaultSessionPath));
            var who = parse.GetValue(address) ?? current?.Address
                ?? throw new CliException("No ADDRESS given and not signed in; pass an address or run 'svtrack login'.");
            var serverUri = env.ResolveServer(parse.GetValue(server), current?.Server);
            // Signed in, you see your own private profile (and admins see everyone's).
            var api = env.Connect(serverUri, current?.TokenFor(serverUri, env.Time));
            var response = await api.GetStatsAsync(who, cancellationToken).ConfigureAwait(false);
            await env.Out.WriteLineAsync(parse.GetValue(json) ? response.Raw : Describe(response.Json)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Describe(JsonNode stats)
    {
        var metrics = stats["metrics"];
        var rank = stats["rank"] is { } r ? $"#{r}" : "unranked";
        var categories = metrics?["contributionBreakdown"] is JsonObject breakdown
            ? string.Join(", ", breakdown.Where(c => c.Value?.ToString() is not (null or "0")).Select(c => $"{c.Key} {c.Value}"))
            : "";
        var lines = new List<string>
        {
            $"{stats["displayName"]}{(stats["address"] is { } a ? $" ({a})" : " (private profile)")}",
            $"  impact:        {stats["totalImpactScore"]}",
            $"  rank:          {rank}",
            $"  contributions: {metrics?["totalContributions"]} verified",
            $"  streak:        {metrics?["currentStreak"]} day(s)",
        };
        if (categories.Length > 0)
        {
            lines.Add($"  by category:   {categories}");
        }
        lines.Add($"  rewards:       {RewardsCommand.Summary(stats["rewards"])}");
        var table = new TextTable("PERFORMED", "TYPE/SUBTYPE", "STATUS", "IMPACT", "RECORD").AlignRight(3);
        foreach (var c in stats["contributions"]?.AsArray() ?? [])
        {
            table.Add(
                c?["performedAt"] is JsonValue at && at.TryGetValue<long>(out var seconds) ? SignIn.When(seconds) : "",
                $"{c?["type"]}/{c?["subtype"]}", c?["status"]?.ToString(), c?["impactScore"]?.ToString(), c?["recordId"]?.ToString());
        }
        lines.Add("");
        lines.Add(table.Count == 0 ? "No contributions yet." : "Latest contributions:\n" + table);
        return string.Join('\n', lines);
    }
}
