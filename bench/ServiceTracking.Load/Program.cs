using System.Diagnostics;
using System.Text.Json.Nodes;
using ServiceTracking.Load;

// End-to-end load benchmark: see bench/load.sh, which builds the server in Release and runs this.
var settings = Settings.Parse(args);
if (!File.Exists(settings.ServerDll))
{
    Console.Error.WriteLine($"No server at {settings.ServerDll}: build it first (dotnet build -c Release src/ServiceTracking.Server).");
    return 2;
}
Directory.CreateDirectory(settings.WorkDirectory);
var report = new Report();
var total = Stopwatch.StartNew();

Console.WriteLine("Machine");
report.Fact("machine", Machine.Describe());
report.Fact("settings", new JsonObject
{
    ["wallets"] = settings.Wallets,
    ["records"] = settings.Records,
    ["warmup"] = settings.Warmup,
    ["concurrency"] = new JsonArray(settings.Concurrency.Select(c => (JsonNode?)c).ToArray()),
    ["contributors"] = settings.Contributors,
    ["queryConcurrency"] = settings.QueryConcurrency,
    ["openLoopRate"] = settings.OpenLoopRate,
    ["batchSize"] = settings.BatchSize,
    ["batchConcurrency"] = settings.BatchConcurrency,
    ["querySeconds"] = settings.QueryDuration.TotalSeconds,
    ["postgres"] = settings.Postgres is not null,
    ["only"] = string.Join(",", settings.Only.Order(StringComparer.Ordinal)),
    ["rewardContributors"] = settings.RewardContributors,
    ["rewardContributions"] = settings.RewardContributions,
});

var records = new RecordScenario(settings, report);
var batch = new BatchScenario(settings, report);
var recovery = new KeyRecovery(settings, report);
var recordsRun = settings.Only.Contains("records") || settings.Only.Contains("store");
if (recordsRun || settings.Only.Contains("recovery") || settings.Only.Contains("events") || settings.Only.Contains("privacy"))
{
    records.Prepare();
    recovery.Prepare(records.Contributions);
}
if (settings.Only.Contains("batch"))
{
    batch.Prepare();
}
if (settings.Only.Contains("recovery"))
{
    Console.WriteLine("The key-recovery limit (before the HTTP phases)");
    recovery.Measure("before");
}

// SQLite first, in full; PostgreSQL (optional) gets what the budget leaves, so it is what a tight budget cuts short.
var stores = new List<Func<IStoreTarget>>();
foreach (var store in settings.Stores)
{
    if (store == "sqlite")
    {
        stores.Add(() => new SqliteTarget(settings.WorkDirectory));
    }
    else if (store == "postgres" && settings.Postgres is { } postgres)
    {
        stores.Add(() => new PostgresTarget(settings.WorkDirectory, postgres));
    }
}
foreach (var makeTarget in stores)
{
    await using var target = makeTarget();
    if (recordsRun || settings.Only.Contains("batch"))
    {
        Console.WriteLine($"Scenario 1 on {target.Name}: signed records end to end over HTTP, batch ingest, and the store alone in-process");
        // The query scenario's time on this store is held back.
        settings.Reserved = settings.Only.Contains("queries") ? settings.QueryScenarioTime : TimeSpan.Zero;
        if (settings.Only.Contains("records"))
        {
            await records.RunAsync(target);
        }
        if (settings.Only.Contains("batch"))
        {
            await batch.RunAsync(target);
        }
        if (settings.Only.Contains("store"))
        {
            await records.InProcessAsync(target);
        }
        settings.Reserved = TimeSpan.Zero;
    }
    if (settings.Only.Contains("privacy") && target is SqliteTarget)
    {
        Console.WriteLine($"Scenario 5 on {target.Name}: the cost of sealing details, and erasing a contributor with 10,000 contributions");
        await new PrivacyScenario(settings, report, records).RunAsync(target);
    }
    if (settings.Only.Contains("events") && target is SqliteTarget)
    {
        Console.WriteLine($"Scenario 4 on {target.Name}: live events while recording (SSE and a webhook), then 1,000 idle subscribers");
        await new EventScenario(settings, report, records).RunAsync(target);
    }
    if (settings.Only.Contains("dashboard") && target is SqliteTarget)
    {
        Console.WriteLine($"Scenario 6 on {target.Name}: the dashboard's pages with {settings.DashboardContributors} contributors");
        await new DashboardScenario(settings, report).RunAsync(target);
    }
    if (settings.Only.Contains("queries"))
    {
        Console.WriteLine($"Scenario 2 on {target.Name}: rank and leaderboard queries with {settings.Contributors} contributors");
        try
        {
            await new QueryScenario(settings, report).RunAsync(target, withRedis: target is SqliteTarget);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            // The other stores and the summary still count: the failure is reported, and fails the run.
            report.Fail($"the query scenario on {target.Name}: {ex.GetType().Name}: {ex.Message}");
        }
    }
}

if (settings.Only.Contains("recovery"))
{
    Console.WriteLine("The key-recovery limit (after the HTTP phases)");
    recovery.Measure("after");
}

if (settings.Only.Contains("rewards"))
{
    Console.WriteLine($"Scenario 3: the daily reward batch for {settings.RewardContributors} contributors and {settings.RewardContributions} contributions");
    await new RewardScenario(settings, report).RunAsync();
}

Summary.Add(report, settings, records, batch, recovery);

report.Fact("totalSeconds", Math.Round(total.Elapsed.TotalSeconds, 1));
Console.WriteLine();
Console.WriteLine(report.Table());
var json = report.JsonLine();
Console.WriteLine("JSON " + json);
if (settings.JsonOut is { } path)
{
    await File.WriteAllTextAsync(path, json + Environment.NewLine);
}
if (report.Failed)
{
    Console.WriteLine("FAILED: some responses were not the expected status, or a check failed (see above).");
    return 1;
}
return 0;
