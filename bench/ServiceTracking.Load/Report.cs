using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceTracking.Load;

/// <summary>The figures of a run: one row per timed HTTP phase, plus named facts (machine, seeding, in-process rates).</summary>
public sealed class Report
{
    private readonly List<(string Store, LoadResult Result)> _rows = [];
    private readonly JsonObject _facts = [];

    public bool Failed { get; private set; }

    public void Fact(string name, JsonNode? value)
    {
        _facts[name] = value;
        Console.WriteLine($"  {name} = {value?.ToJsonString()}");
    }

    /// <summary>Marks the whole run failed (a check that is not about HTTP statuses).</summary>
    public void Fail(string reason)
    {
        Failed = true;
        Console.WriteLine($"  FAILURE: {reason}");
    }

    /// <summary>Adds a phase; <paramref name="mustAllSucceed"/> makes any unexpected status a failure of the whole run.</summary>
    public void Add(string store, LoadResult result, bool mustAllSucceed)
    {
        _rows.Add((store, result));
        Console.WriteLine($"  {store,-8} {result.Name,-18} C={result.Concurrency,-4} {result.PerSecond,9:F0}/s  p50 {result.P50Ms,7:F2} ms  p99 {result.P99Ms,7:F2} ms  " +
            $"unexpected {result.Unexpected}  server {result.ServerCores:F2} cores  client {result.ClientCores:F2} cores  others {result.OtherCores:F2} cores  load {result.LoadAverage:F1}");
        foreach (var sample in result.Samples)
        {
            Console.WriteLine($"    e.g. {Truncate(sample, 300)}");
        }
        if (mustAllSucceed && result.Unexpected > 0)
        {
            Failed = true;
            Console.WriteLine($"  FAILURE: {result.Unexpected} of {result.Requests} responses were not the expected status " +
                $"({string.Join(", ", result.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}).");
        }
    }

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {"store",-8} | {"phase",-18} | {"C",4} | {"requests",8} | {"per s",8} | {"p50 ms",7} | {"p99 ms",7} | {"max ms",7} | {"bad",5} | {"srv cores",9} | {"srv µs/req",10} | {"cli cores",9} | {"others",6} |");
        text.AppendLine("|----------|--------------------|------|----------|----------|---------|---------|---------|-------|-----------|------------|-----------|--------|");
        foreach (var (store, r) in _rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {store,-8} | {r.Name,-18} | {r.Concurrency,4} | {r.Requests,8} | {r.PerSecond,8:F0} | {r.P50Ms,7:F2} | {r.P99Ms,7:F2} | {r.MaxMs,7:F1} | {r.Unexpected,5} | {r.ServerCores,9:F2} | {r.ServerCpuMicrosPerRequest,10:F0} | {r.ClientCores,9:F2} | {r.OtherCores,6:F2} |");
        }
        return text.ToString();
    }

    public string JsonLine()
    {
        var phases = new JsonArray();
        foreach (var (store, r) in _rows)
        {
            phases.Add(new JsonObject
            {
                ["store"] = store,
                ["phase"] = r.Name,
                ["concurrency"] = r.Concurrency,
                ["requests"] = r.Requests,
                ["seconds"] = Math.Round(r.Elapsed.TotalSeconds, 3),
                ["perSecond"] = Math.Round(r.PerSecond, 1),
                ["p50Ms"] = Math.Round(r.P50Ms, 3),
                ["p99Ms"] = Math.Round(r.P99Ms, 3),
                ["maxMs"] = Math.Round(r.MaxMs, 3),
                ["unexpected"] = r.Unexpected,
                ["statuses"] = new JsonObject(r.Statuses.OrderBy(s => s.Key).Select(s => KeyValuePair.Create(s.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)s.Value))),
                ["serverCores"] = Math.Round(r.ServerCores, 3),
                ["serverCpuMicrosPerRequest"] = Math.Round(r.ServerCpuMicrosPerRequest, 1),
                ["clientCores"] = Math.Round(r.ClientCores, 3),
                ["otherCores"] = Math.Round(r.OtherCores, 3),
                ["loadAverage"] = r.LoadAverage,
            });
        }
        var root = new JsonObject
        {
            ["benchmark"] = "ServiceTracking.Load",
            ["ok"] = !Failed,
            ["facts"] = _facts.DeepClone(),
            ["phases"] = phases,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
