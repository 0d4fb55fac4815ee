using System.Globalization;

namespace ServiceTracking.Load;

/// <summary>
/// The whole machine's busy CPU time from /proc/stat, so each phase can tell how much of the two cores went to
/// processes other than the server and this generator (a shared machine skews every figure).
/// </summary>
public static class MachineCpu
{
    private static readonly double s_tick = 1.0 / 100; // USER_HZ is 100 on Linux

    /// <summary>Seconds of CPU all cores spent busy (user, nice, system, irq, softirq, steal) since boot; 0 where /proc/stat is absent.</summary>
    public static double BusySeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return 0;
        }
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => i < fields.Length ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
        // cpu user nice system idle iowait irq softirq steal
        return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) * s_tick;
    }

    /// <summary>The 1-minute load average, or null.</summary>
    public static double? LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : null;
}
