using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace ServiceTracking.Load;

/// <summary>
/// Open-loop load: request i is sent at start + i / rate whether or not earlier ones were answered, and its latency
/// runs from that intended time (so a stalled server is not hidden by a client that waits for it: no coordinated
/// omission). Connections are opened on demand, up to <see cref="MaxConnections"/>; 64 are opened before timing. A
/// request not answered within 10 s counts as failed (status 0) with a latency of 10 s or more.
/// </summary>
public static class OpenLoad
{
    public const int MaxConnections = 512;

    public static async Task<LoadResult> RunAsync(Uri baseAddress, string name, Func<long, HttpRequestMessage> next, HttpStatusCode expected,
        double rate, TimeSpan duration, Process? server)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = MaxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative)).ConfigureAwait(false);
        })).ConfigureAwait(false);

        var count = (long)(rate * duration.TotalSeconds);
        var latencies = new long[count];
        var statuses = new ConcurrentDictionary<int, long>();
        var samples = new ConcurrentQueue<string>();
        long expectedCount = 0;
        var serverCpu = HttpLoad.CpuOf(server);
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var machine = MachineCpu.BusySeconds();
        var load = MachineCpu.LoadAverage();
        var clock = Stopwatch.StartNew();
        var start = Stopwatch.GetTimestamp();

        async Task SendAsync(long i, long due)
        {
            int status;
            try
            {
                using var request = next(i);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (response.StatusCode != expected && samples.Count < 3)
                {
                    samples.Enqueue($"{status}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
                }
            }
#pragma warning disable CA1031 // a failed request is a result of the run
            catch (Exception ex)
#pragma warning restore CA1031
            {
                status = 0;
                if (samples.Count < 3)
                {
                    samples.Enqueue($"exception: {ex.GetType().Name}: {ex.Message}");
                }
            }
            latencies[i] = Stopwatch.GetTimestamp() - due;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status == (int)expected)
            {
                Interlocked.Increment(ref expectedCount);
            }
        }

        // The schedule runs on its own thread and sleeps between sends (no spinning: the generator shares two cores).
        var sends = new Task[count];
        await Task.Factory.StartNew(() =>
        {
            for (long i = 0; i < count; i++)
            {
                var due = start + (long)(i * Stopwatch.Frequency / rate);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    Thread.Sleep(wait);
                }
                var index = i;
                sends[i] = Task.Run(() => SendAsync(index, due));
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        await Task.WhenAll(sends).ConfigureAwait(false);
        clock.Stop();

        Array.Sort(latencies);
        return new LoadResult(name, 0, count, expectedCount, clock.Elapsed,
            HttpLoad.Percentile(latencies, 0.50), HttpLoad.Percentile(latencies, 0.99), count == 0 ? 0 : HttpLoad.Ms(latencies[^1]),
            statuses.ToDictionary(), samples.ToList(),
            (HttpLoad.CpuOf(server) - serverCpu).TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds,
            MachineCpu.BusySeconds() - machine, load);
    }

}
