using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Load;

/// <summary>
/// The reward tables' own SQL steps (read due, settle, inserts, …) and the writer commands' time, from the store's
/// <see cref="RewardMetrics"/>: these statements bypass EF, so <see cref="SqlProfile"/> does not see them.
/// </summary>
public sealed class RewardSteps : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Count, double Seconds)> _steps = [];
    private readonly MeterListener _listener = new();

    public RewardSteps()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RewardMetrics.MeterName && instrument.Name == RewardMetrics.DurationName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            var step = "?";
            foreach (var tag in tags)
            {
                step = tag.Value as string ?? step;
            }
            lock (_lock)
            {
                var (count, total) = _steps.GetValueOrDefault(step);
                _steps[step] = (count + 1, total + seconds);
            }
        });
        _listener.Start();
    }

    public JsonObject Facts()
    {
        lock (_lock)
        {
            var facts = new JsonObject();
            foreach (var (step, (count, seconds)) in _steps.OrderByDescending(s => s.Value.Seconds))
            {
                facts[step] = new JsonObject { ["count"] = count, ["seconds"] = Math.Round(seconds, 2) };
            }
            return facts;
        }
    }

    public void Dispose() => _listener.Dispose();
}
