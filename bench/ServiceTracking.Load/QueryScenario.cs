using Microsoft.EntityFrameworkCore;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage;

namespace ServiceTracking.Load;

/// <summary>
/// Scenario 2: rank (stats) and leaderboard queries per second over HTTP against a SQLite store of many contributors,
/// seeded in-process through the server's own store classes (StoreWriter batches, real EIP-712 signatures).
/// </summary>
public sealed class QueryScenario(Settings settings, Report report)
{
    private const long MaxQueries = 10_000_000;

    public async Task RunAsync()
    {
        var fresh = await new SqliteTarget(settings.WorkDirectory).FreshAsync("queries").ConfigureAwait(false);
        var addresses = await SeedAsync(fresh.Options).ConfigureAwait(false);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using var server = await ServerProcess.StartAsync(settings.ServerDll, fresh.DataDirectory,
            Path.Combine(settings.WorkDirectory, "server-sqlite-queries.log"), fresh.ServerSettings).ConfigureAwait(false);

        var random = new Random(20251214);
        var stats = addresses.Select(a => new Uri($"/api/v1/service-tracking/stats/{a.ToChecksumString()}", UriKind.Relative)).ToArray();
        random.Shuffle(stats);
        var pages = Enumerable.Range(0, 20_000)
            .Select(_ => new Uri($"/api/v1/service-tracking/leaderboard?limit=100&offset={random.Next(Math.Max(1, addresses.Count - 100))}", UriKind.Relative))
            .ToArray();

        // The first rank query loads the all-time board (every contributor) inside the writer: measured on its own.
        using (var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) })
        {
            var clock = Stopwatch.StartNew();
            using var first = await http.GetAsync(stats[0]).ConfigureAwait(false);
            report.Fact("queries.firstStatsMs", Math.Round(clock.Elapsed.TotalMilliseconds, 1));
            report.Fact("queries.firstStatsBody", Truncate(await first.Content.ReadAsStringAsync().ConfigureAwait(false), 400));
        }

        foreach (var concurrency in settings.Concurrency)
        {
            using var load = new HttpLoad(server.Address, concurrency);
            await load.OpenConnectionsAsync().ConfigureAwait(false);
            await PhaseAsync(load, server, "stats", stats).ConfigureAwait(false);
            await PhaseAsync(load, server, "leaderboard", pages).ConfigureAwait(false);
        }
    }

    private async Task PhaseAsync(HttpLoad load, ServerProcess server, string name, Uri[] uris)
    {
        if (settings.Remaining < settings.QueryWarmup + TimeSpan.FromSeconds(2))
        {
            report.Fact($"queries.{name}.c{load.Concurrency}.skipped", "out of the time budget");
            return;
        }
        HttpRequestMessage Get(long i) => new(HttpMethod.Get, uris[i % uris.Length]);
        var warm = await load.RunAsync($"{name}-warmup", Get, HttpStatusCode.OK, MaxQueries, settings.Cap(settings.QueryWarmup), server.Process).ConfigureAwait(false);
        report.Add("sqlite", warm, mustAllSucceed: true);
        var timed = await load.RunAsync(name, Get, HttpStatusCode.OK, MaxQueries, settings.Cap(settings.QueryDuration), server.Process).ConfigureAwait(false);
        report.Add("sqlite", timed, mustAllSucceed: true);
    }

    /// <summary>
    /// Contributors with one contribution each over several subtypes (so scores differ and tie), recorded through
    /// ContributionStore.RecordAsync with SeedInFlight waiting on the writer at all times; stops at the seeding time limit.
    /// </summary>
    private async Task<IReadOnlyList<EthAddress>> SeedAsync(StorageOptions options)
    {
        var n = settings.Contributors;
        var clock = Stopwatch.StartNew();
        var keys = new EthPrivateKey[n];
        Parallel.For(0, n, i => keys[i] = EthPrivateKey.Generate());
        var keySeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var performedAt = (ulong)TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var signed = new NewContribution[n];
        Parallel.For(0, n, i => signed[i] = SignedContribution.Sign(i, keys[i], (int)(((uint)i * 2654435761u) >> 20), performedAt, 1).ToNewContribution());
        var signSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        int created;
        JsonObject ledger;
        await using (var store = await InProcessStore.OpenAsync(options).ConfigureAwait(false))
        {
            (created, _) = await store.RecordAllAsync(signed, settings.SeedInFlight, settings.Cap(settings.SeedLimit)).ConfigureAwait(false);
            ledger = await LedgerBytesAsync(store).ConfigureAwait(false);
        }
        var storeSeconds = clock.Elapsed.TotalSeconds;
        report.Fact("ledger", ledger);

        report.Fact("seed", new JsonObject
        {
            ["contributors"] = created,
            ["planned"] = n,
            ["contributions"] = created,
            ["complete"] = created == n,
            ["inFlight"] = settings.SeedInFlight,
            ["keygenSeconds"] = Math.Round(keySeconds, 3),
            ["keygenPerSecond"] = Math.Round(n / keySeconds, 0),
            ["signSeconds"] = Math.Round(signSeconds, 3),
            ["signPerSecond"] = Math.Round(signed.Length / signSeconds, 0),
            ["storeSeconds"] = Math.Round(storeSeconds, 3),
            ["storeRecordsPerSecond"] = Math.Round(created / storeSeconds, 0),
            ["dbBytes"] = new DirectoryInfo(options.DataDirectory).EnumerateFiles().Sum(f => f.Length).ToString(CultureInfo.InvariantCulture),
        });
        // RecordAllAsync takes them in order: the first `created` are the ones in the store.
        return keys.Take(created).Select(k => k.Address).ToList();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    /// <summary>What the log itself costs in storage: entry bytes, leaf hashes and tiles, per entry.</summary>
    private static async Task<JsonObject> LedgerBytesAsync(InProcessStore store)
    {
        await using var db = await store.Factory.CreateDbContextAsync().ConfigureAwait(false);
        var entries = await db.AuditEvents.LongCountAsync().ConfigureAwait(false);
        var entryBytes = await db.AuditEvents.SumAsync(e => (long)e.Entry.Length).ConfigureAwait(false);
        var tileBytes = await db.LedgerTiles.SumAsync(t => (long)t.Hashes.Length).ConfigureAwait(false);
        return new JsonObject
        {
            ["entries"] = entries,
            ["entryBytesPerEntry"] = Math.Round((double)entryBytes / Math.Max(1, entries), 1),
            ["leafHashBytesPerEntry"] = 32,
            ["tileBytesPerEntry"] = Math.Round((double)tileBytes / Math.Max(1, entries), 2),
            ["checkpointsStored"] = await db.Checkpoints.LongCountAsync().ConfigureAwait(false),
        };
    }
}
