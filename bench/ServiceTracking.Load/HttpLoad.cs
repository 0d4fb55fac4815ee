using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace ServiceTracking.Load;

/// <summary>What one timed phase did: requests, wall time, latencies, statuses, and the CPU both processes burnt.</summary>
public sealed record LoadResult(
    string Name, int Concurrency, long Requests, long Expected, TimeSpan Elapsed, double P50Ms, double P99Ms, double MaxMs,
    IReadOnlyDictionary<int, long> Statuses, IReadOnlyList<string> Samples, double ServerCpuSeconds, double ClientCpuSeconds,
    double MachineBusySeconds, double? LoadAverage)
{
    /// <summary>Cores busy with anything but the server and this generator during the phase.</summary>
    public double OtherCores => Math.Max(0, PerSecondOf(MachineBusySeconds - ServerCpuSeconds - ClientCpuSeconds));
    public double PerSecond => PerSecondOf(Requests);
    public long Unexpected => Requests - Expected;
    public double ServerCores => PerSecondOf(ServerCpuSeconds);
    public double ClientCores => PerSecondOf(ClientCpuSeconds);

    private double PerSecondOf(double amount) => Elapsed > TimeSpan.Zero ? amount / Elapsed.TotalSeconds : 0;
    public double ServerCpuMicrosPerRequest => Requests == 0 ? 0 : ServerCpuSeconds * 1e6 / Requests;
}

/// <summary>
/// C workers over one HTTP/1.1 connection pool of C connections; each worker sends, waits for the whole response,
/// and takes the next request. Bounded by a request count and by a wall-clock limit, whichever comes first.
/// </summary>
public sealed class HttpLoad : IDisposable
{
    private const int MaxSamples = 3;

    private readonly HttpClient _http;

    public HttpLoad(Uri baseAddress, int concurrency)
    {
        Concurrency = concurrency;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public int Concurrency { get; }

    /// <summary>
    /// Sends <paramref name="next"/>(0), (1), ... until it returns null, <paramref name="maxRequests"/> were taken or
    /// <paramref name="maxDuration"/> has passed; counts every status other than <paramref name="expected"/> as unexpected.
    /// <paramref name="server"/> (may be null) is read for its CPU time. <paramref name="check"/>, when given, reads
    /// every expected response's body and returns what is wrong with it (null when nothing is): such a response is
    /// counted as unexpected, under status -1.
    /// </summary>
    public async Task<LoadResult> RunAsync(string name, Func<long, HttpRequestMessage?> next, HttpStatusCode expected,
        long maxRequests, TimeSpan maxDuration, Process? server, Func<byte[], string?>? check = null)
    {
        var statuses = new ConcurrentDictionary<int, long>();
        var samples = new ConcurrentQueue<string>();
        var latencies = new List<long>[Concurrency];
        long counter = -1;
        long expectedCount = 0;
        var serverCpuBefore = CpuOf(server);
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineBefore = MachineCpu.BusySeconds();
        var loadAverage = MachineCpu.LoadAverage();
        var clock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(maxDuration.TotalSeconds * Stopwatch.Frequency);

        async Task Worker(int w)
        {
            var mine = latencies[w] = new List<long>(4096);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var i = Interlocked.Increment(ref counter);
                if (i >= maxRequests || next(i) is not { } request)
                {
                    return;
                }
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
                    status = (int)response.StatusCode;
                    if (check is not null && response.StatusCode == expected
                        && check(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false)) is { } wrong)
                    {
                        status = -1;
                        if (samples.Count < MaxSamples)
                        {
                            samples.Enqueue($"{(int)response.StatusCode} but {wrong}");
                        }
                    }
                    else if (response.StatusCode != expected && samples.Count < MaxSamples)
                    {
                        samples.Enqueue($"{status}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
                    }
                }
#pragma warning disable CA1031 // a failed request is a result of the run, not a reason to stop it
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    status = 0;
                    if (samples.Count < MaxSamples)
                    {
                        samples.Enqueue($"exception: {ex.GetType().Name}: {ex.Message}");
                    }
                }
                finally
                {
                    request.Dispose();
                }
                mine.Add(Stopwatch.GetTimestamp() - started);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status == (int)expected)
                {
                    Interlocked.Increment(ref expectedCount);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(w => Task.Run(() => Worker(w)))).ConfigureAwait(false);
        clock.Stop();
        var all = latencies.Where(l => l is not null).SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(name, Concurrency, all.Length, expectedCount, clock.Elapsed,
            Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? 0 : Ms(all[^1]),
            statuses.ToDictionary(), samples.ToList(),
            (CpuOf(server) - serverCpuBefore).TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore).TotalSeconds,
            MachineCpu.BusySeconds() - machineBefore, loadAverage);
    }

    /// <summary>Opens all C connections before a timed phase, so connection setup is not measured.</summary>
    public async Task OpenConnectionsAsync()
    {
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            using var response = await _http.GetAsync(new Uri("/health", UriKind.Relative)).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    internal static TimeSpan CpuOf(Process? process)
    {
        if (process is null)
        {
            return TimeSpan.Zero;
        }
        process.Refresh();
        return process.TotalProcessorTime;
    }

    internal static double Percentile(long[] sorted, double q) =>
        sorted.Length == 0 ? 0 : Ms(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)]);

    internal static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public void Dispose() => _http.Dispose();
}
