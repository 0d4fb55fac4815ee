using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Load;

/// <summary>
/// Scenario 4: live events. While records go in at full speed (64 connections), how long until each record's
/// <c>contribution.recorded</c> reaches an SSE subscriber and a webhook receiver (an HttpListener on 127.0.0.1), measured
/// from the moment its POST was sent (an upper bound of commit-to-arrival; the POST's own latency is beside it); then the
/// server's memory with 1,000 idle subscribers.
/// </summary>
public sealed class EventScenario(Settings settings, Report report, RecordScenario records)
{
    private const int Subscribers = 1000;
    private static readonly string[] RecordedOnly = ["contribution.recorded"];

    public async Task RunAsync(IStoreTarget target)
    {
        var admin = EthPrivateKey.Generate();
        var fresh = await target.FreshAsync("events").ConfigureAwait(false);
        await using var server = await ServerProcess.StartAsync(settings.ServerDll, fresh.DataDirectory, Path.Combine(settings.WorkDirectory, "server-events.log"),
            [.. fresh.ServerSettings, $"--Auth:Admins:0={admin.Address.ToLowerHex()}", "--Webhooks:AllowPrivateNetworks=true"]).ConfigureAwait(false);
        var contributions = records.Contributions;
        var count = Math.Min(contributions.Count, settings.Records);
        var sent = new long[count];
        var index = new Dictionary<string, int>(count);
        for (var i = 0; i < count; i++)
        {
            index[contributions[i].RecordId] = i;
        }
        var streamed = new ConcurrentDictionary<int, long>();
        var hooked = new ConcurrentDictionary<int, long>();

        using var receiver = new HttpListener();
        var port = FreePort();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var receiving = ReceiveAsync(receiver, index, hooked);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await SignIn.TokensAsync(server.Address, [admin]).ConfigureAwait(false))[0]);
        using (var created = await http.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = $"http://127.0.0.1:{port}/", types = RecordedOnly }).ConfigureAwait(false))
        {
            created.EnsureSuccessStatusCode();
        }
        using var stop = new CancellationTokenSource();
        var subscriber = await OpenAsync(server.Address, "?types=contribution.recorded", stop.Token).ConfigureAwait(false);
        var streaming = ReadAsync(subscriber, index, streamed, stop.Token);

        var tokens = await SignIn.TokensAsync(server.Address, records.Keys).ConfigureAwait(false);
        using var load = new HttpLoad(server.Address, settings.Concurrency.Max());
        await load.OpenConnectionsAsync().ConfigureAwait(false);
        var bodies = contributions.Take(count).Select(c => c.Body()).ToArray();
        var timed = await load.RunAsync("record+events", i =>
        {
            if (i >= count)
            {
                return null;
            }
            sent[i] = Stopwatch.GetTimestamp();
            return RecordScenario.Request(bodies[i], "Bearer " + tokens[contributions[(int)i].Wallet]);
        }, HttpStatusCode.Created, count, settings.Cap(settings.RecordLimit), server.Process).ConfigureAwait(false);
        report.Add(target.Name, timed, mustAllSucceed: true);

        var wait = Stopwatch.StartNew();
        while ((streamed.Count < timed.Requests || hooked.Count < timed.Requests) && wait.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(50).ConfigureAwait(false);
        }
        var sse = Percentiles(streamed, sent);
        var webhook = Percentiles(hooked, sent);
        report.Fact($"{target.Name}.events", new JsonObject
        {
            ["records"] = timed.Requests,
            ["recordsPerSecond"] = Math.Round(timed.PerSecond, 1),
            ["recordP50Ms"] = timed.P50Ms, ["recordP99Ms"] = timed.P99Ms,
            ["sseReceived"] = streamed.Count, ["sseP50Ms"] = sse.P50, ["sseP99Ms"] = sse.P99,
            ["webhookReceived"] = hooked.Count, ["webhookP50Ms"] = webhook.P50, ["webhookP99Ms"] = webhook.P99,
            ["drainSeconds"] = Math.Round(wait.Elapsed.TotalSeconds, 1),
        });
        if (streamed.Count < timed.Requests || hooked.Count < timed.Requests)
        {
            report.Fail($"events: {streamed.Count} streamed and {hooked.Count} delivered of {timed.Requests} records within 120 s");
        }
        report.Headline("send → SSE subscriber, while recording", $"p50 {sse.P50:F1} ms, p99 {sse.P99:F1} ms",
            $"{timed.PerSecond:F0} records/s at C={load.Concurrency}; the POST itself p50 {timed.P50Ms:F1} ms, p99 {timed.P99Ms:F1} ms", timed.LoadAverage, order: 70);
        report.Headline("send → webhook receiver, while recording", $"p50 {webhook.P50:F1} ms, p99 {webhook.P99:F1} ms",
            $"one endpoint, deliveries in order; all {hooked.Count} arrived {wait.Elapsed.TotalSeconds:F1} s after the last POST", timed.LoadAverage, order: 71);
        await stop.CancelAsync().ConfigureAwait(false);
        subscriber.Dispose();
        await Task.WhenAny(streaming).ConfigureAwait(false);

        await IdleSubscribersAsync(target, server).ConfigureAwait(false);
        receiver.Stop();
        await Task.WhenAny(receiving).ConfigureAwait(false);
    }

    private async Task IdleSubscribersAsync(IStoreTarget target, ServerProcess server)
    {
        GC.Collect();
        var before = ServerMemory.Of(server.Process.Id);
        using var stop = new CancellationTokenSource();
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Subscribers + 10, UseProxy = false };
        using var http = new HttpClient(handler) { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < Subscribers; i++)
        {
            open.Add(await OpenAsync(http, "", stop.Token).ConfigureAwait(false));
        }
        var with = ServerMemory.Of(server.Process.Id);
        var perSubscriberKb = (with.ResidentMB - before.ResidentMB) * 1024 / Subscribers;
        report.Fact($"{target.Name}.idleSubscribers", new JsonObject
        {
            ["subscribers"] = Subscribers,
            ["residentBeforeMB"] = before.ResidentMB,
            ["residentWithMB"] = with.ResidentMB,
            ["perSubscriberKB"] = Math.Round(perSubscriberKb, 1),
        });
        report.Headline("server memory per idle SSE subscriber", $"{perSubscriberKb:F1} KB",
            $"{Subscribers} open streams: resident {before.ResidentMB:F0} MB → {with.ResidentMB:F0} MB", MachineCpu.LoadAverage(), order: 72);
        await stop.CancelAsync().ConfigureAwait(false);
        open.ForEach(r => r.Dispose());
    }

    private static Task<HttpResponseMessage> OpenAsync(Uri server, string query, CancellationToken cancellationToken)
    {
        var http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        return OpenAsync(http, query, cancellationToken);
    }

    /// <summary>Opens a stream and reads up to its first frame (the retry line), so the subscription is in place.</summary>
    private static async Task<HttpResponseMessage> OpenAsync(HttpClient http, string query, CancellationToken cancellationToken)
    {
        var response = await http.GetAsync(new Uri("/api/v1/events" + query, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[16];
        _ = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return response;
    }

    private static async Task ReadAsync(HttpResponseMessage response, Dictionary<string, int> index, ConcurrentDictionary<int, long> arrived, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal) && RecordOf(line.AsSpan(6), index) is { } i)
                {
                    arrived.TryAdd(i, Stopwatch.GetTimestamp());
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // the scenario closed the stream
        }
    }

    private static async Task ReceiveAsync(HttpListener listener, Dictionary<string, int> index, ConcurrentDictionary<int, long> arrived)
    {
        try
        {
            while (listener.IsListening)
            {
                var context = await listener.GetContextAsync().ConfigureAwait(false);
                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync().ConfigureAwait(false);
                if (RecordOf(body, index) is { } i)
                {
                    arrived.TryAdd(i, Stopwatch.GetTimestamp());
                }
                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // stopped
        }
    }

    private static int? RecordOf(ReadOnlySpan<char> envelope, Dictionary<string, int> index)
    {
        var at = envelope.IndexOf("\"recordId\":\"", StringComparison.Ordinal);
        return at < 0 ? null : index.TryGetValue(envelope.Slice(at + 12, 66).ToString(), out var i) ? i : null;
    }

    private static (double P50, double P99) Percentiles(ConcurrentDictionary<int, long> arrived, long[] sent)
    {
        var latencies = arrived.Select(a => Stopwatch.GetElapsedTime(sent[a.Key], a.Value).TotalMilliseconds).Order().ToArray();
        return latencies.Length == 0 ? (0, 0)
            : (Math.Round(latencies[latencies.Length / 2], 1), Math.Round(latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * 0.99))], 1));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
