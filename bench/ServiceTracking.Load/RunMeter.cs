using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ServiceTracking.Load;

/// <summary>
/// Time and memory of one measured step in this process: wall and CPU time, GC allocations, collections and pauses,
/// and the peak resident set during the step alone. The kernel's peak (VmHWM, what Process.PeakWorkingSet64 reads)
/// is reset at the start (/proc/self/clear_refs), so seeding's memory does not count; a 20 ms sampler of the resident
/// set and the GC heap confirms it, and gives the peak where the reset is not allowed.
/// </summary>
public sealed class RunMeter : IAsyncDisposable
{
    private readonly Stopwatch _clock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _sampler = Task.CompletedTask;
    private long _allocated;
    private int[] _collections = [];
    private TimeSpan _cpu;
    private double _machineBusy;
    private double? _load;
    private TimeSpan _paused;
    private long _baselineResident;
    private long _baselineHeap;
    private long _maxResident;
    private long _maxHeap;
    private bool _peakReset;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Start()
    {
        // A clean heap first: what the step allocates and keeps is then its own.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        _baselineHeap = GC.GetTotalMemory(forceFullCollection: true);
        _baselineResident = Resident();
        _peakReset = ResetPeak();
        _maxResident = _baselineResident;
        _maxHeap = _baselineHeap;
        _collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        _paused = GC.GetTotalPauseDuration();
        _allocated = GC.GetTotalAllocatedBytes(precise: true);
        _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _machineBusy = MachineCpu.BusySeconds();
        _load = MachineCpu.LoadAverage();
        _sampler = Task.Run(SampleAsync);
        _clock.Start();
    }

    /// <summary>The figures of the step; <paramref name="items"/> name the rates (per wall second) to report.</summary>
    public async Task<JsonObject> StopAsync(params (string Name, long Count)[] items)
    {
        _clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        var others = MachineCpu.BusySeconds() - _machineBusy - cpu.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocated;
        var paused = GC.GetTotalPauseDuration() - _paused;
        var collections = new[] { GC.CollectionCount(0) - _collections[0], GC.CollectionCount(1) - _collections[1], GC.CollectionCount(2) - _collections[2] };
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        using var self = Process.GetCurrentProcess();
        var seconds = _clock.Elapsed.TotalSeconds;
        var figures = new JsonObject
        {
            ["wallSeconds"] = Math.Round(seconds, 2),
            ["cpuSeconds"] = Math.Round(cpu.TotalSeconds, 2),
            ["cores"] = Math.Round(cpu.TotalSeconds / seconds, 2),
            // Other processes on this machine meanwhile (a shared 2-core machine stretches wall time, not CPU time).
            ["otherCores"] = Math.Round(Math.Max(0, others) / seconds, 2),
            ["loadAverageBefore"] = _load,
        };
        foreach (var (name, count) in items)
        {
            figures[name + "PerSecond"] = Math.Round(count / seconds, 0);
        }
        figures["allocatedMB"] = Mb(allocated);
        figures["gcCollections"] = new JsonObject { ["gen0"] = collections[0], ["gen1"] = collections[1], ["gen2"] = collections[2] };
        figures["gcPauseSeconds"] = Math.Round(paused.TotalSeconds, 2);
        figures["residentBeforeMB"] = Mb(_baselineResident);
        figures["peakWorkingSetMB"] = _peakReset ? Mb(self.PeakWorkingSet64) : null;
        figures["peakResidentSampledMB"] = Mb(_maxResident);
        figures["heapBeforeMB"] = Mb(_baselineHeap);
        figures["peakHeapSampledMB"] = Mb(_maxHeap);
        figures["heapKeptAfterMB"] = Mb(GC.GetTotalMemory(forceFullCollection: true) - _baselineHeap);
        return figures;
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                _maxResident = Math.Max(_maxResident, Resident());
                _maxHeap = Math.Max(_maxHeap, GC.GetTotalMemory(forceFullCollection: false));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The resident set from /proc/self/statm (no Process object per sample), or the working set elsewhere.</summary>
    private static long Resident()
    {
        if (File.Exists("/proc/self/statm"))
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    /// <summary>Resets the kernel's peak resident set (Linux 4.0+: writing 5 to clear_refs); false where that is not possible.</summary>
    private static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        _stop.Dispose();
    }
}
