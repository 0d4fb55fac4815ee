using System.Text.Json.Nodes;

namespace ServiceTracking.Load;

/// <summary>
/// The headline rows that combine scenarios: record rates as a fraction of the key-recovery limit measured in the same
/// run, batch ingest in records per second (or why it was skipped), the floors, and the daily batch's time and memory.
/// The query scenario adds its own rows as it measures them.
/// </summary>
public static class Summary
{
    public static void Add(Report report, Settings settings, RecordScenario records, BatchScenario batch, KeyRecovery recovery)
    {
        recovery.Headline();
        foreach (var (store, r) in records.Timed)
        {
            report.Headline($"{store}: records one per request over HTTP, C={r.Concurrency}", $"{r.PerSecond:F0}/s",
                $"p50 {r.P50Ms:F1} ms, p99 {r.P99Ms:F1} ms, {r.Requests:N0} requests; {recovery.FractionOf(r.PerSecond)}", r.LoadAverage, order: 10);
        }
        foreach (var (store, r, size) in batch.Timed)
        {
            var perSecond = r.PerSecond * size;
            report.Headline($"{store}: batch ingest, {size} items a request, C={r.Concurrency}", $"{perSecond:F0} records/s",
                $"{r.PerSecond:F1} requests/s, p50 {r.P50Ms:F0} ms, p99 {r.P99Ms:F0} ms a request, {r.Requests * size:N0} records; {recovery.FractionOf(perSecond)}",
                r.LoadAverage, order: 20);
        }
        foreach (var (store, why) in batch.Skipped)
        {
            report.Headline($"{store}: batch ingest, {settings.BatchSize} items a request, C={settings.BatchConcurrency}", "skipped", why, MachineCpu.LoadAverage(), order: 20);
        }
        foreach (var (store, r) in records.Floors)
        {
            report.Headline($"{store}: the floor (401 from the JWT check), records server, C={r.Concurrency}", $"{r.PerSecond:F0}/s",
                $"p50 {r.P50Ms:F1} ms, p99 {r.P99Ms:F1} ms", r.LoadAverage, order: 25);
        }
        foreach (var store in new[] { "sqlite", "postgres" })
        {
            if (report.FactOf($"{store}.rewards.run") is JsonObject run)
            {
                var peak = run["peakWorkingSetMB"] ?? run["peakResidentSampledMB"];
                report.Headline($"{store}: daily reward batch, {settings.RewardContributions:N0} contributions, {settings.RewardContributors:N0} contributors",
                    $"{run["wallSeconds"]} s", $"peak working set {peak} MB (sampled {run["peakResidentSampledMB"]} MB), {run["cpuSeconds"]} s of CPU, {run["grants"]} grants",
                    run["loadAverageBefore"]?.GetValue<double>(), order: 60);
            }
            else if (report.FactOf($"{store}.rewards.skipped") is { } skipped)
            {
                report.Headline($"{store}: daily reward batch", "skipped", skipped.ToString(), MachineCpu.LoadAverage(), order: 60);
            }
        }
    }
}
