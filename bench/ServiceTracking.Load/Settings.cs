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
    public IReadOnlyList<int> Concurrency { get; init; } = [16, 64, 128];
    public int Contributors { get; init; } = 100_000;
    public int SeedInFlight { get; init; } = 256;
    public TimeSpan QueryDuration { get; init; } = TimeSpan.FromSeconds(8);
    public TimeSpan QueryWarmup { get; init; } = TimeSpan.FromSeconds(2);
    public bool Floors { get; init; } = true;
    public string? Postgres { get; init; }
    public string? JsonOut { get; init; }
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string> { "records", "store", "queries" };

    /// <summary>The reward scenario (<c>--only rewards</c>): contributors and their small verified contributions on one day.</summary>
    public int RewardContributors { get; init; } = 100_000;
    public int RewardContributions { get; init; } = 1_000_000;
    public bool RewardSign { get; init; }
    public bool RewardProfile { get; init; } = true;

    /// <summary>Time limits: a timed record phase, a floor phase, an in-process store phase, the seeding.</summary>
    public TimeSpan RecordLimit { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan FloorLimit { get; init; } = TimeSpan.FromSeconds(6);
    public TimeSpan StoreLimit { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan SeedLimit { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>The whole run stops starting phases once this is spent (bench/load.sh must end within 10 minutes).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(540);

    public System.Diagnostics.Stopwatch Clock { get; } = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>Time held back for phases still to come (the query scenario, while the record phases run).</summary>
    public TimeSpan Reserved { get; set; }

    public TimeSpan Remaining => Budget - Clock.Elapsed - Reserved;

    /// <summary>What the query scenario needs at most: seeding, then warm-up and timed phases per endpoint and concurrency.</summary>
    public TimeSpan QueryScenarioTime => SeedLimit + TimeSpan.FromSeconds(30) + (QueryWarmup + QueryDuration) * 2 * Concurrency.Count;

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
        var known = new[] { "server-dll", "work-dir", "wallets", "records", "warmup", "concurrency", "contributors", "seed-in-flight",
            "query-seconds", "query-warmup-seconds", "floors", "postgres", "json-out", "only",
            "record-seconds", "floor-seconds", "store-seconds", "seed-seconds", "budget-seconds",
            "reward-contributors", "reward-contributions", "reward-sign", "reward-profile" };
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
            SeedInFlight = Int("seed-in-flight", defaults.SeedInFlight),
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
            Only = Get("only") is { } only ? only.Split(',').ToHashSet() : defaults.Only,
        };
    }
}
