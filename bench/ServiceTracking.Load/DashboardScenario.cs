using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Load;

/// <summary>
/// Scenario 6: the dashboard (issue 12) with <c>--dashboard-contributors</c> ranked contributors (100,000 by default),
/// bulk-seeded as for the queries (<see cref="RankSeeder"/>, one contribution each, yesterday). Measured over HTTP on
/// loopback, one request at a time: the server-side render of the community page and of leaderboard pages (all-time,
/// the first page and one deep in the ranking), cold (first request after start) and warm (p50, p95 of 50), and the
/// weight of a first load: the HTML with every stylesheet and script it pulls (module imports included).
/// </summary>
public sealed partial class DashboardScenario(Settings settings, Report report)
{
    private const int Samples = 50;

    public async Task RunAsync(IStoreTarget target)
    {
        var n = settings.DashboardContributors;
        var fresh = await target.FreshAsync("dashboard").ConfigureAwait(false);
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-1);
        await using (var store = await InProcessStore.OpenAsync(fresh.Options).ConfigureAwait(false))
        {
            report.Fact($"{target.Name}.dashboard.seed",
                await new RankSeeder(Catalog.Default).SeedAsync(store.Factory, fresh.Options.IsPostgres, n, day, settings.Cap(TimeSpan.FromSeconds(300))).ConfigureAwait(false));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var server = await ServerProcess.StartAsync(settings.ServerDll, fresh.DataDirectory,
            Path.Combine(settings.WorkDirectory, $"server-{target.Name}-dashboard.log"), TimeSpan.FromSeconds(300), fresh.ServerSettings).ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };

        var results = new JsonObject();
        foreach (var (name, path) in new[]
                 {
                     ("community", "/"),
                     ("leaderboard", "/leaderboard?period=all"),
                     ("leaderboard-deep", $"/leaderboard?period=all&page={Math.Max(1, n / 50 / 2)}"),
                     ("leaderboard-daily", $"/leaderboard?period=daily&at={day:yyyy-MM-dd}"),
                 })
        {
            var cold = await TimeAsync(http, path).ConfigureAwait(false);
            var warm = new List<double>(Samples);
            for (var i = 0; i < Samples; i++)
            {
                warm.Add(await TimeAsync(http, path).ConfigureAwait(false));
            }
            warm.Sort();
            var weight = await WeightAsync(http, path).ConfigureAwait(false);
            results[name] = new JsonObject
            {
                ["path"] = path,
                ["coldMs"] = Math.Round(cold, 1),
                ["p50Ms"] = Math.Round(warm[Samples / 2], 1),
                ["p95Ms"] = Math.Round(warm[Samples * 95 / 100], 1),
                ["firstLoadBytes"] = weight,
            };
            report.Headline($"dashboard {name} render, {n:N0} contributors ({target.Name})", $"{warm[Samples / 2]:F1} ms",
                $"p95 {warm[Samples * 95 / 100]:F1} ms, cold {cold:F0} ms; first load {weight / 1024.0:F0} KB", MachineCpu.LoadAverage(), order: 85);
        }
        report.Fact($"{target.Name}.dashboard", results);
    }

    private static async Task<double> TimeAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path).ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The page's bytes plus every /assets file it references, and what those scripts import, each once.</summary>
    private static async Task<long> WeightAsync(HttpClient http, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([path]);
        long total = 0;
        while (pending.TryDequeue(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }
            var text = await http.GetStringAsync(next).ConfigureAwait(false);
            total += System.Text.Encoding.UTF8.GetByteCount(text);
            foreach (Match m in AssetReference().Matches(text))
            {
                var asset = m.Groups[1].Value;
                pending.Enqueue(asset.StartsWith("./", StringComparison.Ordinal) ? "/assets/" + asset[2..] : asset);
            }
        }
        return total;
    }

    [GeneratedRegex("(?:(?:href|src)=\"|from \")((?:/assets/|\\./)[^\"]+)\"")]
    private static partial Regex AssetReference();
}
