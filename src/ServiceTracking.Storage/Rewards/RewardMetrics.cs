using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ServiceTracking.Storage.Rewards;

/// <summary>
/// Time spent in each step of the reward tables' SQL (<c>svtrack.rewards.sql.duration</c>, tagged by step), for a
/// profile of a run: the statements bypass EF, so EF's interceptors do not see them. Costs nothing without a listener.
/// </summary>
public static class RewardMetrics
{
    public const string MeterName = "ServiceTracking.Storage.Rewards";
    public const string DurationName = "svtrack.rewards.sql.duration";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram<double>(DurationName, "s", "Time of a reward SQL step");

    internal static long Start() => s_duration.Enabled ? Stopwatch.GetTimestamp() : 0;

    internal static void Stop(string step, long started)
    {
        if (started != 0)
        {
            s_duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("step", step));
        }
    }
}
