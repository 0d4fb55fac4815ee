using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ServiceTracking.Cli;

/// <summary><c>svtrack rewards</c>: the signed-in contributor's balances, badges and grants, each with its formula inputs.</summary>
public static class RewardsCommand
{
    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var address = new Option<string?>("--address") { Description = "Another contributor's grants (admins only)" };
        var limit = new Option<int>("--limit") { Description = "How many grants, newest first (1-1000)", DefaultValueFactory = _ => 20 };
        var server = CommonOptions.Server();
        var session = CommonOptions.Session();
        var command = new Command("rewards", "Show your ScrollCoin, BlessingCoin, badges and grants") { address, limit, server, session };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var current = Session.TryLoad(Path.GetFullPath(parse.GetValue(session) ?? env.DefaultSessionPath))
                ?? throw new CliException("Not signed in; run 'svtrack login' first.");
            var serverUri = env.ResolveServer(parse.GetValue(server), current.Server);
            var api = env.Connect(serverUri, current.TokenFor(serverUri, env.Time));
            var response = await api.GetRewardsAsync(parse.GetValue(address), parse.GetValue(limit), cancellationToken).ConfigureAwait(false);
            await env.Out.WriteLineAsync(parse.GetValue(json) ? response.Raw : Describe(response.Json)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One line: balances and badges, as <c>stats</c> shows them too.</summary>
    public static string Summary(JsonNode? rewards)
    {
        var badges = rewards?["badges"]?.AsArray().Select(b => b?["kind"] + (b?["rank"] is { } rank ? $" #{rank} {b["period"]}" : "")).ToList() ?? [];
        return $"{rewards?["scrollCoin"]} ScrollCoin, {rewards?["blessingCoin"]} BlessingCoin, {badges.Count} badge(s)"
            + (badges.Count > 0 ? $": {string.Join(", ", badges)}" : "");
    }

    private static string Describe(JsonNode body)
    {
        var table = new TextTable("GRANTED", "SCHEDULE", "PERIOD", "SCROLL", "BLESSING", "BADGE", "INPUTS").AlignRight(3).AlignRight(4);
        foreach (var g in body["grants"]?.AsArray() ?? [])
        {
            table.Add(
                g?["grantedAt"] is JsonValue at && at.TryGetValue<long>(out var seconds) ? SignIn.When(seconds) : "",
                g?["schedule"]?.ToString(), g?["period"]?.ToString(), g?["scrollCoin"]?.ToString(), g?["blessingCoin"]?.ToString(),
                g?["badge"]?.ToString() ?? "", Inputs(g?["inputs"]));
        }
        return $"{body["address"]}\n  {Summary(body["rewards"])}\n\n" + (table.Count == 0 ? "No grants yet." : "Grants, newest first:\n" + table);
    }

    /// <summary>The formula inputs in brief: points, days and decay per item, and the supply the scarcity factor used.</summary>
    private static string Inputs(JsonNode? inputs)
    {
        var items = inputs?["items"]?.AsArray() ?? [];
        if (items.Count == 0)
        {
            return "";
        }
        var parts = items.Take(3).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{i?["part"]} {i?["points"]} pts × decay {i?["decay"]} ({i?["days"]} d)"));
        var more = items.Count > 3 ? $" (+{items.Count - 3} more)" : "";
        return string.Join("; ", parts) + more + $"; supply before {inputs?["scrollCoin"]?["supplyBefore"]}";
    }
}
