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
    private readonly List<Figure> _figures = [];

    public bool Failed { get; private set; }

    public void Fact(string name, JsonNode? value)
    {
        _facts[name] = value;
        Console.WriteLine($"  {name} = {value?.ToJsonString()}");
    }

    /// <summary>
    /// A headline figure of the run (the summary table and the JSON's "figures"): what was measured, the value with its
    /// unit, a note (the ratio, the size, why it was skipped) and the 1-minute load average when it was measured.
    /// </summary>
    public void Headline(string what, string value, string note, double? load, int order = 50)
    {
        _figures.Add(new Figure(what, value, note, load, order, _figures.Count));
        Console.WriteLine($"  >> {what}: {value} ({note}) load {load?.ToString("F2", CultureInfo.InvariantCulture) ?? "?"}");
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
        if (_figures.Count > 0)
        {
            var what = Math.Max(4, _figures.Max(f => f.What.Length));
            var value = Math.Max(6, _figures.Max(f => f.Value.Length));
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {"what".PadRight(what)} | {"figure".PadRight(value)} | {"load",5} | note");
            text.AppendLine(CultureInfo.InvariantCulture, $"|{new string('-', what + 2)}|{new string('-', value + 2)}|-------|------");
            foreach (var f in Figures)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {f.What.PadRight(what)} | {f.Value.PadRight(value)} | {f.Load?.ToString("F2", CultureInfo.InvariantCulture) ?? "?",5} | {f.Note}");
            }
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
            ["figures"] = new JsonArray(Figures.Select(f => (JsonNode?)new JsonObject
            {
                ["what"] = f.What, ["figure"] = f.Value, ["note"] = f.Note, ["loadAverage"] = f.Load,
            }).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>A fact already reported, for figures derived from another scenario's facts.</summary>
    public JsonNode? FactOf(string name) => _facts[name];

    /// <summary>A summary row; the table lists them by <see cref="Order"/> (the section), then as they came.</summary>
    private sealed record Figure(string What, string Value, string Note, double? Load, int Order, int Seq);

    private IEnumerable<Figure> Figures => _figures.OrderBy(f => f.Order).ThenBy(f => f.Seq);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
