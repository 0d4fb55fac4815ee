using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ServiceTracking.Client;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Cli;

/// <summary>
/// <c>svtrack demo</c>: live traffic through the public API, as real clients would make it: fresh keys sign in,
/// two thirds go public under a display name, and everyone records signed contributions over the last few days.
/// </summary>
public static class DemoCommand
{
    private static readonly string[] s_names =
    [
        "Amara", "Bodhi", "Celeste", "Dara", "Elio", "Freya", "Gaia", "Hiro", "Isla", "Jonah",
        "Kai", "Luna", "Mira", "Noor", "Orion", "Priya", "Quinn", "Rumi", "Sage", "Tala",
    ];

    private sealed record Kind(string Type, string Subtype, bool Review);

    private sealed record Outcome(string Address, string? DisplayName, int Recorded, int Verified, int UnderReview, decimal Impact);

    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var server = CommonOptions.Server();
        var contributors = new Option<int>("--contributors") { Description = "How many new contributors (1 to 100)", DefaultValueFactory = _ => 12 };
        contributors.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100) r.AddError("--contributors must be between 1 and 100."); });
        var days = new Option<int>("--days") { Description = "Spread contributions over the last N days (1 to 7; the API refuses older ones)", DefaultValueFactory = _ => 7 };
        days.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 7) r.AddError("--days must be between 1 and 7."); });
        var seed = new Option<int?>("--seed") { Description = "Seed for the mix of names, kinds and times (default: random)" };
        var command = new Command("demo", "Generate live demo traffic through the public API") { server, contributors, days, seed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var serverUri = env.ResolveServer(parse.GetValue(server));
            var random = parse.GetValue(seed) is { } s ? new Random(s) : new Random();
            var n = parse.GetValue(contributors);
            var window = parse.GetValue(days);

            List<Kind> kinds;
            kinds = Kinds((await env.Connect(serverUri).GetCatalogAsync(cancellationToken).ConfigureAwait(false)).Json);
            if (kinds.Count == 0)
            {
                throw new CliException("The server's catalog has no contribution types.");
            }

            var outcomes = new List<Outcome>();
            for (var i = 0; i < n; i++)
            {
                var name = i % 3 == 2 ? null : s_names[i % s_names.Length] + (i < s_names.Length ? "" : $" {(i / s_names.Length) + 1}");
                outcomes.Add(await ContributeAsync(env, serverUri, name, kinds, window, random, cancellationToken).ConfigureAwait(false));
            }
            await env.Out.WriteLineAsync(parse.GetValue(json) ? SummaryJson(serverUri, outcomes) : Summary(serverUri, outcomes, window)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<Outcome> ContributeAsync(CliEnvironment env, Uri server, string? displayName, List<Kind> kinds, int days,
        Random random, CancellationToken cancellationToken)
    {
        var key = EthPrivateKey.Generate();
        var api = env.Connect(server, signer: key);
        await PatientlyAsync(env, () => api.SignInAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        if (displayName is not null)
        {
            await api.UpdateProfileAsync(displayName, isPublic: true, cancellationToken).ConfigureAwait(false);
        }
        var now = env.Time.GetUtcNow().ToUnixTimeSeconds();
        var count = random.Next(Math.Max(1, days / 2), (2 * days) + 1);
        var (verified, review, impact) = (0, 0, 0m);
        for (var nonce = 1; nonce <= count; nonce++)
        {
            // Mostly kinds that verify at once; a reviewed kind now and then fills the review queue.
            var pool = kinds.Where(k => !k.Review).ToList() is { Count: > 0 } quick && random.Next(10) > 0 ? quick : kinds;
            var kind = pool[random.Next(pool.Count)];
            // An hour's margin inside the window, so the oldest is still accepted when it arrives.
            var performedAt = now - random.NextInt64(0, (days * 86_400L) - 3_600);
            var details = new JsonObject
            {
                ["title"] = $"{kind.Subtype.Replace('_', ' ')} #{nonce}",
                ["url"] = $"https://scrollverse.example/demo/{key.Address.ToLowerHex()[2..10]}/{nonce}",
                ["source"] = "svtrack demo",
            }.ToJsonString();
            var contribution = new ContributionDraft(kind.Type, kind.Subtype, details, null, (ulong)performedAt, (ulong)nonce);
            var response = await PatientlyAsync(env, () => api.RecordAsync(contribution, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            if (response.Json["status"]?.ToString() == "verified")
            {
                verified++;
                impact += response.Json["impactScore"]?.GetValue<decimal>() ?? 0m;
            }
            else
            {
                review++;
            }
        }
        return new Outcome(key.Address.ToChecksumString(), displayName, count, verified, review, impact);
    }

    /// <summary>Waits out a 429 (the sign-in limit is per client address) and tries again, up to three times.</summary>
    private static async Task<T> PatientlyAsync<T>(CliEnvironment env, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (ApiProblemException ex) when (ex.Problem.Status == 429 && attempt < 4)
            {
                var wait = ex.Problem.RetryAfter ?? TimeSpan.FromSeconds(10);
                await env.Error.WriteLineAsync($"rate limited; waiting {wait.TotalSeconds:0} s").ConfigureAwait(false);
                await Task.Delay(wait, env.Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static List<Kind> Kinds(JsonNode catalog) =>
        [.. (catalog["types"]?.AsArray() ?? []).SelectMany(t => (t?["subtypes"]?.AsArray() ?? []).Select(s =>
            new Kind(t!["name"]!.GetValue<string>(), s!["name"]!.GetValue<string>(), s["review"]?.GetValue<bool>() ?? false)))];

    private static string Summary(Uri server, List<Outcome> outcomes, int days)
    {
        var table = new TextTable("NAME", "ADDRESS", "RECORDED", "VERIFIED", "IN REVIEW", "IMPACT").AlignRight(2, 3, 4, 5);
        foreach (var o in outcomes)
        {
            table.Add(o.DisplayName ?? "(private)", o.Address, Num(o.Recorded), Num(o.Verified), Num(o.UnderReview), o.Impact.ToString(CultureInfo.InvariantCulture));
        }
        return $"Demo traffic on {ServerUrl.Display(server)}: {outcomes.Count} contributors " +
            $"({outcomes.Count(o => o.DisplayName is not null)} public), {outcomes.Sum(o => o.Recorded)} contributions over the last {days} day(s), " +
            $"{outcomes.Sum(o => o.Verified)} verified, {outcomes.Sum(o => o.UnderReview)} in review, " +
            $"impact {outcomes.Sum(o => o.Impact).ToString(CultureInfo.InvariantCulture)}.\n{table}\n" +
            $"See it with: svtrack leaderboard --server {ServerUrl.Display(server)}";
    }

    private static string SummaryJson(Uri server, List<Outcome> outcomes) => new JsonObject
    {
        ["server"] = ServerUrl.Display(server),
        ["recorded"] = outcomes.Sum(o => o.Recorded),
        ["verified"] = outcomes.Sum(o => o.Verified),
        ["underReview"] = outcomes.Sum(o => o.UnderReview),
        ["impact"] = outcomes.Sum(o => o.Impact),
        ["contributors"] = new JsonArray([.. outcomes.Select(o => (JsonNode)new JsonObject
        {
            ["address"] = o.Address,
            ["displayName"] = o.DisplayName,
            ["public"] = o.DisplayName is not null,
            ["recorded"] = o.Recorded,
            ["verified"] = o.Verified,
            ["underReview"] = o.UnderReview,
            ["impact"] = o.Impact,
        })]),
    }.ToJsonString();

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
