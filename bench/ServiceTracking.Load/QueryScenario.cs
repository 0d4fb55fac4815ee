using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Load;

/// <summary>
/// Scenario 2: <c>GET /stats/{address}</c> and <c>GET /leaderboard</c> over HTTP with <c>--contributors</c> ranked
/// contributors (1,000,000 by default). The store is bulk-seeded with the rows the writer writes for one small
/// auto-verified contribution per contributor (<see cref="RankSeeder"/>; checked column by column against the real
/// store first, <see cref="RewardCheck.SeedMatchesStoreAsync"/>), then the server is started on it as its own process.
/// Measured: start-up (to healthy) and the first rank query (the load of the all-time rank index) with the server's
/// resident memory before and after; each query at <c>--query-concurrency</c> connections (closed loop) and at a fixed
/// <c>--open-rate</c> (open loop); the floor (the cheapest authenticated request) on the same server; stats again for
/// 1,000 addresses already read (warm: their summaries in memory), apart from the stats figure itself; and, on SQLite,
/// Redis with the same totals.
/// </summary>
public sealed class QueryScenario(Settings settings, Report report)
{
    private const long MaxQueries = 10_000_000;
    private const int WarmAddresses = 1_000;
    private static readonly Uri s_record = new("/api/v1/service-tracking/record", UriKind.Relative);

    public async Task RunAsync(IStoreTarget target, bool withRedis)
    {
        var name = target.Name;
        var n = settings.Contributors;
        // After seeding: start-up and the first queries, four closed-loop phases, two open-loop ones, Redis's two.
        var phases = TimeSpan.FromSeconds(40) + (settings.QueryWarmup + settings.QueryDuration) * (withRedis ? 6 : 4)
            + (settings.OpenLoopDuration + TimeSpan.FromSeconds(5)) * 2;
        var needed = phases + TimeSpan.FromSeconds(30);
        if (settings.Remaining < needed)
        {
            report.Fact($"{name}.queries.skipped", $"out of the time budget ({settings.Remaining.TotalSeconds:F0} s left, about {needed.TotalSeconds:F0} s needed)");
            report.Headline($"{name}: rank queries, {n:N0} contributors", "skipped", "out of the time budget (--budget-seconds N gives more)", MachineCpu.LoadAverage());
            return;
        }

        var differences = await RewardCheck.SeedMatchesStoreAsync(target, Catalog.Default).ConfigureAwait(false);
        report.Fact($"{name}.queries.seedMatchesStore", differences.Count == 0 ? true : new JsonArray(differences.Select(d => (JsonNode?)d).ToArray()));
        if (differences.Count > 0)
        {
            report.Fail("the seeded rows differ from what the store writes");
            return;
        }

        var fresh = await target.FreshAsync("queries").ConfigureAwait(false);
        // Yesterday: the day's, week's and month's boards are current ones, and nothing lies in the future.
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-1);
        List<(string Address, long Cents)> totals;
        var seedLoad = MachineCpu.LoadAverage();
        var clock = Stopwatch.StartNew();
        await using (var store = await InProcessStore.OpenAsync(fresh.Options).ConfigureAwait(false))
        {
            var seed = await new RankSeeder(Catalog.Default).SeedAsync(store.Factory, fresh.Options.IsPostgres, n, day,
                // The limit stops new contributions; the rows made in SQL and the indexes follow (about half as long again here).
                settings.Cap(settings.SeedLimit < settings.Remaining - phases ? settings.SeedLimit : settings.Remaining - phases) * (2.0 / 3)).ConfigureAwait(false);
            seed["totalSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
            seed["loadAverage"] = seedLoad;
            report.Fact($"{name}.queries.seed", seed);
            await using var db = await store.Factory.CreateDbContextAsync().ConfigureAwait(false);
            totals = (await db.PeriodScores.AsNoTracking().Where(p => p.Kind == (int)PeriodKind.All && p.Label == Periods.AllLabel)
                .Select(p => new { p.Address, p.ScoreCents }).ToListAsync().ConfigureAwait(false)).Select(p => (p.Address, p.ScoreCents)).ToList();
        }
        report.Headline($"{name}: seeding {n:N0} contributors (bulk INSERTs, 7 rows each)", $"{clock.Elapsed.TotalSeconds:F0} s",
            (totals.Count < n ? $"CUT SHORT by the seeding limit (--seed-seconds): {totals.Count:N0} of {n:N0}; " : $"{totals.Count:N0} ranked; ")
            + "rows checked against the real writer", seedLoad);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();

        var startLoad = MachineCpu.LoadAverage();
        clock.Restart();
        await using var server = await ServerProcess.StartAsync(settings.ServerDll, fresh.DataDirectory,
            Path.Combine(settings.WorkDirectory, $"server-{name}-queries.log"), TimeSpan.FromSeconds(300), fresh.ServerSettings).ConfigureAwait(false);
        var startSeconds = clock.Elapsed.TotalSeconds;
        var healthy = ServerMemory.Of(server.Process.Id);

        var random = new Random(20251214);
        // 100,000 distinct contributors at random (more than any phase sends), each asked once before any is asked again.
        var sample = totals.Select(t => t.Address).ToArray();
        random.Shuffle(sample);
        var stats = sample.Take(100_000).Select(a => new Uri($"/api/v1/service-tracking/stats/{EthAddress.Parse(a).ToChecksumString()}", UriKind.Relative)).ToArray();
        var pages = Enumerable.Range(0, 20_000)
            .Select(_ => new Uri($"/api/v1/service-tracking/leaderboard?limit=100&offset={random.Next(Math.Max(1, totals.Count - 100))}", UriKind.Relative))
            .ToArray();

        // Ranks may be loaded at start-up or by the first rank query (inside the writer): both are measured.
        double firstStatsMs, firstPageMs;
        using (var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(120) })
        {
            clock.Restart();
            using var first = await http.GetAsync(stats[0]).ConfigureAwait(false);
            firstStatsMs = clock.Elapsed.TotalMilliseconds;
            report.Fact($"{name}.queries.firstStatsBody", Truncate(await first.Content.ReadAsStringAsync().ConfigureAwait(false), 400));
            clock.Restart();
            using var page = await http.GetAsync(pages[0]).ConfigureAwait(false);
            firstPageMs = clock.Elapsed.TotalMilliseconds;
        }
        var loaded = ServerMemory.Of(server.Process.Id);
        report.Fact($"{name}.queries.startup", new JsonObject
        {
            ["contributors"] = totals.Count,
            ["secondsToHealthy"] = Math.Round(startSeconds, 2),
            ["firstStatsMs"] = Math.Round(firstStatsMs, 1),
            ["firstLeaderboardMs"] = Math.Round(firstPageMs, 1),
            ["residentAtHealthyMB"] = healthy.ResidentMB,
            ["residentAfterFirstQueriesMB"] = loaded.ResidentMB,
            ["peakResidentMB"] = loaded.PeakMB,
            ["loadAverage"] = startLoad,
        });
        report.Headline($"{name}: server start-up with {totals.Count:N0} contributors", $"{startSeconds:F1} s + {firstStatsMs / 1000:F1} s",
            $"to healthy, then the first rank query (the all-time index loads); resident {healthy.ResidentMB:F0} MB → {loaded.ResidentMB:F0} MB (peak {loaded.PeakMB:F0} MB)"
            + (report.FactOf($"{name}.emptyServerResidentMB") is { } empty ? $"; on an empty store {empty} MB" : ""),
            startLoad);

        var concurrency = settings.QueryConcurrency;
        using var load = new HttpLoad(server.Address, concurrency);
        await load.OpenConnectionsAsync().ConfigureAwait(false);
        var statsResult = await ClosedAsync(load, server, name, "stats", i => new(HttpMethod.Get, stats[i % stats.Length]), HttpStatusCode.OK).ConfigureAwait(false);
        var pageResult = await ClosedAsync(load, server, name, "leaderboard", i => new(HttpMethod.Get, pages[i % pages.Length]), HttpStatusCode.OK).ConfigureAwait(false);
        // The floor on this very server and these connections: POST /record that the JWT check refuses (401).
        var floor = await ClosedAsync(load, server, name, "auth-floor", _ => Unauthorized(), HttpStatusCode.Unauthorized).ConfigureAwait(false);
        // Stats again, for a few addresses already read (the first of the sample): answered from the summaries kept in
        // memory. Measured apart and after the floor, so the phases above are as they were; the figure above stays the
        // benchmark's own (distinct addresses in turn, most of them read for the first time).
        var warmStats = stats[..Math.Min(WarmAddresses, stats.Length)];
        var warmResult = await ClosedAsync(load, server, name, "stats-warm", i => new(HttpMethod.Get, warmStats[i % warmStats.Length]), HttpStatusCode.OK).ConfigureAwait(false);
        foreach (var (what, result) in new[]
                 {
                     ($"GET /stats/{{address}} ({stats.Length:N0} distinct addresses in turn)", statsResult), ("GET /leaderboard?limit=100", pageResult),
                     ($"GET /stats/{{address}}, warm ({warmStats.Length:N0} addresses read before: summaries in memory)", warmResult),
                 })
        {
            if (result is null)
            {
                continue;
            }
            var ratio = floor is { PerSecond: > 0 } ? $"{100 * result.PerSecond / floor.PerSecond:F0}% of the floor ({floor.PerSecond:F0}/s)" : "floor not measured";
            report.Headline($"{name}: {what}, {totals.Count:N0} contributors, C={concurrency}", $"{result.PerSecond:F0}/s",
                $"p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms; {ratio}", result.LoadAverage);
        }
        if (floor is not null)
        {
            report.Headline($"{name}: the floor (401 from the JWT check), same server, C={concurrency}", $"{floor.PerSecond:F0}/s",
                $"p50 {floor.P50Ms:F1} ms, p99 {floor.P99Ms:F1} ms", floor.LoadAverage);
        }

        foreach (var (what, uris) in new[] { ("stats", stats), ("leaderboard", pages) })
        {
            if (settings.Remaining < settings.OpenLoopDuration + TimeSpan.FromSeconds(5))
            {
                report.Fact($"{name}.queries.{what}.open.skipped", "out of the time budget");
                continue;
            }
            var open = await OpenLoad.RunAsync(server.Address, $"{what}-{settings.OpenLoopRate}/s", i => new(HttpMethod.Get, uris[i % uris.Length]),
                HttpStatusCode.OK, settings.OpenLoopRate, settings.OpenLoopDuration, server.Process).ConfigureAwait(false);
            // A server that cannot keep up with the rate is a result, not a failure of the run: timeouts are in the figure.
            report.Add(name, open, mustAllSucceed: false);
            report.Headline($"{name}: {what} at a fixed {settings.OpenLoopRate:N0} requests/s (open loop)", $"p99 {open.P99Ms:F1} ms",
                $"p50 {open.P50Ms:F1} ms, max {open.MaxMs:F0} ms, {open.Requests:N0} requests in {open.Elapsed.TotalSeconds:F1} s, {open.Unexpected} unexpected",
                open.LoadAverage);
        }

        if (withRedis && settings.Only.Contains("redis"))
        {
            var redis = new RedisReference(settings, report);
            await redis.RunAsync(totals, concurrency).ConfigureAwait(false);
            foreach (var result in redis.Timed)
            {
                var ours = result.Name.StartsWith("ZREVRANK", StringComparison.Ordinal) ? statsResult : pageResult;
                report.Headline($"redis {result.Name} (same {totals.Count:N0} totals, C={concurrency})", $"{result.PerSecond:F0}/s",
                    $"p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms" + (ours is null ? "" : $"; ours {100 * ours.PerSecond / result.PerSecond:F1}% of it"),
                    result.LoadAverage, order: 55);
            }
        }
    }

    private async Task<LoadResult?> ClosedAsync(HttpLoad load, ServerProcess server, string store, string name, Func<long, HttpRequestMessage> next, HttpStatusCode expected)
    {
        if (settings.Remaining < settings.QueryWarmup + TimeSpan.FromSeconds(2))
        {
            report.Fact($"{store}.queries.{name}.c{load.Concurrency}.skipped", "out of the time budget");
            return null;
        }
        var warm = await load.RunAsync($"{name}-warmup", next, expected, MaxQueries, settings.Cap(settings.QueryWarmup), server.Process).ConfigureAwait(false);
        report.Add(store, warm, mustAllSucceed: expected == HttpStatusCode.OK);
        var timed = await load.RunAsync(name, next, expected, MaxQueries, settings.Cap(settings.QueryDuration), server.Process).ConfigureAwait(false);
        report.Add(store, timed, mustAllSucceed: expected == HttpStatusCode.OK);
        return timed;
    }

    private static HttpRequestMessage Unauthorized()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, s_record) { Content = new ByteArrayContent("{}"u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer not-a-token");
        return request;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}

/// <summary>A process's resident set and its peak (VmRSS, VmHWM from /proc), in MB.</summary>
public readonly record struct ServerMemory(double ResidentMB, double PeakMB)
{
    public static ServerMemory Of(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return default;
        }
        var lines = File.ReadAllLines(path);
        double Kb(string field) => lines.FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) is { } line
            ? double.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024
            : 0;
        return new ServerMemory(Math.Round(Kb("VmRSS:"), 1), Math.Round(Kb("VmHWM:"), 1));
    }
}
