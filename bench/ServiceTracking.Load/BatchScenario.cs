using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Load;

/// <summary>
/// Batch ingest (API.md "Batch ingest"): <c>POST /records</c> with <c>{"contributions":[…]}</c> of
/// <c>--batch-size</c> items, every item a record body of the caller, signed beforehand, at <c>--batch-concurrency</c>
/// connections on a fresh store and server. Every answer must be 200 with one result per item, each 201. A server
/// without the endpoint (404 or 405 to a probe) is reported as skipped, so the benchmark runs on older servers too.
/// </summary>
public sealed class BatchScenario(Settings settings, Report report)
{
    private static readonly Uri s_records = new("/api/v1/service-tracking/records", UriKind.Relative);

    private EthPrivateKey[] _keys = [];
    private byte[][] _bodies = [];
    private int[] _wallet = [];

    /// <summary>The timed batch phases per store, with the batch size, for the summary (records/s = requests/s × size).</summary>
    public List<(string Store, LoadResult Result, int Size)> Timed { get; } = [];

    /// <summary>Why the scenario did not run, per store (e.g. the endpoint is absent).</summary>
    public Dictionary<string, string> Skipped { get; } = [];

    /// <summary>Signs <c>--batch-records</c> contributions (plus one warm-up batch per wallet) of <c>--batch-wallets</c> wallets.</summary>
    public void Prepare()
    {
        var clock = Stopwatch.StartNew();
        var size = settings.BatchSize;
        var wallets = settings.BatchWallets;
        _keys = new EthPrivateKey[wallets];
        Parallel.For(0, wallets, i => _keys[i] = EthPrivateKey.Generate());
        var batchesPerWallet = 1 + (settings.BatchRecords + size * wallets - 1) / (size * wallets);
        var performedAt = (ulong)TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        // Request r is wallet r % W's batch r / W: consecutive requests come from different wallets.
        var requests = batchesPerWallet * wallets;
        _bodies = new byte[requests][];
        _wallet = new int[requests];
        Parallel.For(0, requests, r =>
        {
            var w = r % wallets;
            var batch = r / wallets;
            var body = new StringBuilder("{\"contributions\":[");
            for (var k = 0; k < size; k++)
            {
                var nonce = (ulong)(batch * size + k + 1);
                var c = SignedContribution.Sign(w, _keys[w], (int)nonce + w, performedAt, nonce);
                body.Append(k == 0 ? "" : ",").Append(Encoding.UTF8.GetString(c.Body()));
            }
            _bodies[r] = Encoding.UTF8.GetBytes(body.Append("]}").ToString());
            _wallet[r] = w;
        });
        report.Fact("batch.presignSeconds", Math.Round(clock.Elapsed.TotalSeconds, 3));
        report.Fact("batch.presigned", new System.Text.Json.Nodes.JsonObject
        {
            ["requests"] = requests,
            ["itemsPerRequest"] = size,
            ["wallets"] = wallets,
            ["bytesPerRequest"] = _bodies[0].Length,
        });
    }

    public async Task RunAsync(IStoreTarget target)
    {
        var concurrency = settings.BatchConcurrency;
        if (settings.Remaining < TimeSpan.FromSeconds(20))
        {
            Skip(target.Name, "out of the time budget");
            return;
        }
        var store = await target.FreshAsync($"batch-c{concurrency}").ConfigureAwait(false);
        await using var server = await ServerProcess.StartAsync(settings.ServerDll, store.DataDirectory,
            Path.Combine(settings.WorkDirectory, $"server-{target.Name}-batch.log"), store.ServerSettings).ConfigureAwait(false);
        var bearer = (await SignIn.TokensAsync(server.Address, _keys).ConfigureAwait(false)).Select(t => "Bearer " + t).ToArray();

        // The probe: an empty batch is refused by a server that has the endpoint (400), and not found by one that has not.
        using (var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) })
        using (var probe = Request("{\"contributions\":[]}"u8.ToArray(), bearer[0]))
        using (var answer = await http.SendAsync(probe).ConfigureAwait(false))
        {
            report.Fact($"{target.Name}.batch.probeStatus", (int)answer.StatusCode);
            if (answer.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                Skip(target.Name, $"endpoint absent ({(int)answer.StatusCode})");
                return;
            }
        }

        var size = settings.BatchSize;
        var wallets = _keys.Length;
        using var load = new HttpLoad(server.Address, concurrency);
        await load.OpenConnectionsAsync().ConfigureAwait(false);
        HttpRequestMessage? Post(long r) => r >= _bodies.Length ? null : Request(_bodies[r], bearer[_wallet[r]]);
        var warm = await load.RunAsync("batch-warmup", Post, HttpStatusCode.OK, wallets, settings.Cap(settings.RecordLimit), server.Process,
            body => Check(body, size)).ConfigureAwait(false);
        report.Add(target.Name, warm, mustAllSucceed: true);
        var timed = await load.RunAsync($"batch-{size}", r => Post(wallets + r), HttpStatusCode.OK, _bodies.Length - wallets,
            settings.Cap(settings.RecordLimit), server.Process, body => Check(body, size)).ConfigureAwait(false);
        report.Add(target.Name, timed, mustAllSucceed: true);
        Timed.Add((target.Name, timed, size));
    }

    private void Skip(string store, string why)
    {
        Skipped[store] = why;
        report.Fact($"{store}.batch.skipped", why);
    }

    /// <summary>What is wrong with a batch answer: not one result per item in order, or an item that is not 201.</summary>
    private static string? Check(byte[] body, int size)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return "no results array";
        }
        if (results.GetArrayLength() != size)
        {
            return $"{results.GetArrayLength()} results for {size} items";
        }
        var i = 0;
        foreach (var result in results.EnumerateArray())
        {
            if (!result.TryGetProperty("status", out var status) || status.GetInt32() != 201)
            {
                return $"item {i}: {Truncate(result.GetRawText(), 200)}";
            }
            i++;
        }
        return null;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private static HttpRequestMessage Request(byte[] body, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, s_records) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }
}
