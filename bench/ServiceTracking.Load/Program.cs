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
    ["querySeconds"] = settings.QueryDuration.TotalSeconds,
    ["postgres"] = settings.Postgres is not null,
    ["only"] = string.Join(",", settings.Only.Order(StringComparer.Ordinal)),
    ["rewardContributors"] = settings.RewardContributors,
    ["rewardContributions"] = settings.RewardContributions,
});

var records = new RecordScenario(settings, report);
if (settings.Only.Contains("records") || settings.Only.Contains("store"))
{
    Console.WriteLine("Scenario 1: signed records end to end over HTTP, and the store alone in-process");
    records.Prepare();
    // The query scenario's time is held back, so PostgreSQL (optional) is what a tight budget cuts short.
    settings.Reserved = settings.Only.Contains("queries") ? settings.QueryScenarioTime : TimeSpan.Zero;
    await RecordsAsync(new SqliteTarget(settings.WorkDirectory));
    if (settings.Postgres is { } postgres)
    {
        Console.WriteLine("Scenario 1 on PostgreSQL");
        await RecordsAsync(new PostgresTarget(settings.WorkDirectory, postgres));
    }
    settings.Reserved = TimeSpan.Zero;
}

if (settings.Only.Contains("queries"))
{
    Console.WriteLine($"Scenario 2: rank and leaderboard queries with {settings.Contributors} contributors");
    await new QueryScenario(settings, report).RunAsync();
}

if (settings.Only.Contains("rewards"))
{
    Console.WriteLine($"Scenario 3: the daily reward batch for {settings.RewardContributors} contributors and {settings.RewardContributions} contributions");
    await new RewardScenario(settings, report).RunAsync();
}

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

async Task RecordsAsync(IStoreTarget target)
{
    await using (target)
    {
        if (settings.Only.Contains("records"))
        {
            await records.RunAsync(target);
        }
        if (settings.Only.Contains("store"))
        {
            await records.InProcessAsync(target);
        }
    }
}
