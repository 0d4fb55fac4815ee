using System.Globalization;

namespace ServiceTracking.Load;

/// <summary>Command-line settings (<c>--name value</c>); the defaults are the full run that bench/load.sh makes.</summary>
public sealed record Settings
{
    public required string ServerDll { get; init; }
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "svtrack-load");
    public int Wallets { get; init; } = 200;
    public int Records { get; init; } = 20_000;
    public int Warmup { get; init; } = 400;
    public IReadOnlyList<int> Concurrency { get; init; } = [64];

    /// <summary>The query scenario: ranked contributors (bulk-seeded), connections, and the fixed rate of the open-loop phases.</summary>
    public int Contributors { get; init; } = 1_000_000;
    public int DashboardContributors { get; init; } = 100_000;
    public int QueryConcurrency { get; init; } = 64;
    public int OpenLoopRate { get; init; } = 1_000;
    public TimeSpan OpenLoopDuration { get; init; } = TimeSpan.FromSeconds(10);
    public string RedisServer { get; init; } = "/usr/bin/redis-server";

    /// <summary>Batch ingest: items a request, connections, records in all (timed), wallets that sign them.</summary>
    public int BatchSize { get; init; } = 100;
    public int BatchConcurrency { get; init; } = 4;
    public int BatchRecords { get; init; } = 20_000;
    public int BatchWallets { get; init; } = 8;

    /// <summary>How long each key-recovery sample runs (one before the HTTP phases, one after).</summary>
    public TimeSpan RecoverySeconds { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan QueryDuration { get; init; } = TimeSpan.FromSeconds(8);
    public TimeSpan QueryWarmup { get; init; } = TimeSpan.FromSeconds(2);
    public bool Floors { get; init; } = true;
    public string? Postgres { get; init; }

    /// <summary>The stores the record, batch and query scenarios run on, in order: sqlite, and postgres when a connection is given.</summary>
    public IReadOnlyList<string> Stores { get; init; } = ["sqlite", "postgres"];
    public string? JsonOut { get; init; }
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string> { "records", "store", "batch", "recovery", "privacy", "events", "queries", "redis" };

    /// <summary>The reward scenario (<c>--only rewards</c>): contributors and their small verified contributions on one day.</summary>
    public int RewardContributors { get; init; } = 100_000;
    public int RewardContributions { get; init; } = 1_000_000;
    public bool RewardSign { get; init; }
    public bool RewardProfile { get; init; } = true;

    /// <summary>Time limits: a timed record (or batch) phase, a floor phase, an in-process store phase.</summary>
    public TimeSpan RecordLimit { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan FloorLimit { get; init; } = TimeSpan.FromSeconds(6);
    public TimeSpan StoreLimit { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan SeedLimit { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>The whole run stops starting phases once this is spent (bench/load.sh passes what its own budget leaves).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(800);

    public System.Diagnostics.Stopwatch Clock { get; } = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>Time held back for phases still to come (the query scenario, while the record phases run).</summary>
    public TimeSpan Reserved { get; set; }

    public TimeSpan Remaining => Budget - Clock.Elapsed - Reserved;

    /// <summary>
    /// What the query scenario needs on one store: seeding (~0.15 ms a contributor on SQLite here), start-up, stats,
    /// leaderboard and floor phases, two open-loop phases and Redis's two.
    /// </summary>
    public TimeSpan QueryScenarioTime => Min(SeedLimit, TimeSpan.FromSeconds(Contributors * 0.00015)) + TimeSpan.FromSeconds(60)
        + (QueryWarmup + QueryDuration) * 6 + (OpenLoopDuration + TimeSpan.FromSeconds(5)) * 2;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The time a phase may take: what it wants, or less when the budget is nearly spent.</summary>
    public TimeSpan Cap(TimeSpan wanted) => Remaining < wanted ? Remaining > TimeSpan.Zero ? Remaining : TimeSpan.Zero : wanted;

    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected --name value pairs, got '{args[i]}'.");
            }
            values[args[i][2..]] = args[++i];
        }
        var known = new[] { "server-dll", "work-dir", "wallets", "records", "warmup", "concurrency", "contributors",
            "query-seconds", "query-warmup-seconds", "floors", "postgres", "json-out", "only",
            "record-seconds", "floor-seconds", "store-seconds", "seed-seconds", "budget-seconds",
            "reward-contributors", "reward-contributions", "reward-sign", "reward-profile",
            "stores", "query-concurrency", "open-rate", "open-seconds", "redis-server", "batch-size", "batch-concurrency", "batch-records", "batch-wallets",
            "recovery-seconds" };
        foreach (var key in values.Keys.Where(k => !known.Contains(k)))
        {
            throw new ArgumentException($"Unknown option --{key}; known: {string.Join(", ", known.Select(k => "--" + k))}.");
        }

        var defaults = new Settings { ServerDll = "" };
        string? Get(string key) => values.GetValueOrDefault(key);
        int Int(string key, int fallback) => Get(key) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Settings
        {
            ServerDll = Path.GetFullPath(Get("server-dll") ?? throw new ArgumentException("--server-dll is required (the Release ServiceTracking.Server.dll).")),
            WorkDirectory = Path.GetFullPath(Get("work-dir") ?? defaults.WorkDirectory),
            Wallets = Int("wallets", defaults.Wallets),
            Records = Int("records", defaults.Records),
            Warmup = Int("warmup", defaults.Warmup),
            Concurrency = Get("concurrency") is { } c ? c.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() : defaults.Concurrency,
            Contributors = Int("contributors", defaults.Contributors),
            DashboardContributors = Int("dashboard-contributors", defaults.DashboardContributors),
            QueryConcurrency = Int("query-concurrency", defaults.QueryConcurrency),
            OpenLoopRate = Int("open-rate", defaults.OpenLoopRate),
            OpenLoopDuration = TimeSpan.FromSeconds(Int("open-seconds", (int)defaults.OpenLoopDuration.TotalSeconds)),
            RedisServer = Get("redis-server") ?? defaults.RedisServer,
            BatchSize = Int("batch-size", defaults.BatchSize),
            BatchConcurrency = Int("batch-concurrency", defaults.BatchConcurrency),
            BatchRecords = Int("batch-records", defaults.BatchRecords),
            BatchWallets = Int("batch-wallets", defaults.BatchWallets),
            RecoverySeconds = TimeSpan.FromSeconds(Int("recovery-seconds", (int)defaults.RecoverySeconds.TotalSeconds)),
            QueryDuration = TimeSpan.FromSeconds(Int("query-seconds", (int)defaults.QueryDuration.TotalSeconds)),
            QueryWarmup = TimeSpan.FromSeconds(Int("query-warmup-seconds", (int)defaults.QueryWarmup.TotalSeconds)),
            Floors = Get("floors") is not { } f || bool.Parse(f),
            Postgres = Get("postgres") is { Length: > 0 } pg ? pg : Environment.GetEnvironmentVariable("SVTRACK_BENCH_POSTGRES") is { Length: > 0 } env ? env : null,
            JsonOut = Get("json-out"),
            RecordLimit = TimeSpan.FromSeconds(Int("record-seconds", (int)defaults.RecordLimit.TotalSeconds)),
            FloorLimit = TimeSpan.FromSeconds(Int("floor-seconds", (int)defaults.FloorLimit.TotalSeconds)),
            StoreLimit = TimeSpan.FromSeconds(Int("store-seconds", (int)defaults.StoreLimit.TotalSeconds)),
            SeedLimit = TimeSpan.FromSeconds(Int("seed-seconds", (int)defaults.SeedLimit.TotalSeconds)),
            Budget = TimeSpan.FromSeconds(Int("budget-seconds", (int)defaults.Budget.TotalSeconds)),
            RewardContributors = Int("reward-contributors", defaults.RewardContributors),
            RewardContributions = Int("reward-contributions", defaults.RewardContributions),
            RewardSign = Get("reward-sign") is { } sign ? bool.Parse(sign) : defaults.RewardSign,
            RewardProfile = Get("reward-profile") is not { } profile || bool.Parse(profile),
            Stores = Get("stores") is { } stores ? stores.Split(',') : defaults.Stores,
            Only = Get("only") is { } only ? only.Split(',').ToHashSet() : defaults.Only,
        };
    }
}
