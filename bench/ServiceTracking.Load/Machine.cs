using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace ServiceTracking.Load;

/// <summary>What the figures were measured on.</summary>
public static class Machine
{
    public static JsonObject Describe()
    {
        var cpuinfo = File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : [];
        string? Field(string name) => cpuinfo.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        var memory = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;
        return new JsonObject
        {
            ["nproc"] = Environment.ProcessorCount,
            ["cpuModel"] = Field("model name"),
            ["cpuMHz"] = Field("cpu MHz"),
            ["memTotal"] = memory,
            ["os"] = RuntimeInformation.OSDescription,
            ["runtime"] = RuntimeInformation.FrameworkDescription,
        };
    }
}
