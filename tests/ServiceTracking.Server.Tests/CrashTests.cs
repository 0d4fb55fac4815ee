using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Server.Tests;

/// <summary>SIGKILL in the middle of concurrent writes, several times: nothing acknowledged is lost, and the log stays one log.</summary>
public sealed class CrashTests : IDisposable
{
    private readonly TempDirectory _data = new("svtrack-crash-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task KilledDuringWrites_EveryAcknowledgedRecordIsProvablyIncluded_AndTheLogStaysConsistent_SingleAndBatch()
    {
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var batched = 0;
        Checkpoint? lastSeen = null;
        string? verifierKey = null;
        const int kills = 3;
        for (var round = 0; round <= kills; round++)
        {
            using var server = await ServerProcess.StartAsync(_data.Path, "--Limits:RecordsPerMinute=1000000", "--Limits:SignInsPerMinute=1000000");
            using var http = server.Client();
            var key = (await http.GetStringAsync("/api/v1/ledger/key")).Trim();
            verifierKey ??= key;
            Assert.Equal(verifierKey, key);
            Assert.True(NoteVerifier.TryParse(key, out var verifier, out _));

            // After a restart: everything acknowledged before the kill is there and provably included,
            // the log recomputes to the signed root, and that root extends the last checkpoint seen before the kill.
            var current = await CheckpointAsync(http, verifier);
            await AssertLogRecomputesAsync(http, current);
            if (lastSeen is { Size: > 0 })
            {
                var consistency = await JsonAsync(http, $"/api/v1/ledger/proof/consistency?from={lastSeen.Size}&to={current.Size}");
                Assert.True(MerkleVerifier.VerifyConsistency(lastSeen.Size, current.Size, Hashes(consistency["proof"]!), lastSeen.RootHash, current.RootHash));
            }
            foreach (var recordId in acknowledged.Keys)
            {
                var receipt = await JsonAsync(http, $"/api/v1/service-tracking/contributions/{recordId}/receipt");
                Assert.True(verifier.TryOpen(receipt["checkpoint"]!.GetValue<string>(), out var body, out _));
                Assert.True(Checkpoint.TryParse(body, out var checkpoint, out _));
                Assert.True(MerkleVerifier.VerifyInclusion(receipt["index"]!.GetValue<long>(), checkpoint.Size,
                    Convert.FromHexString(receipt["leafHash"]!.GetValue<string>()[2..]), Hashes(receipt["inclusionProof"]!), checkpoint.RootHash));
            }

            if (round == kills)
            {
                break; // the last start only checks what the last kill left
            }

            // Concurrent writers, half of them sending batches (POST /records), then SIGKILL while they are still writing.
            var wallets = new List<Wallet>();
            for (var i = 0; i < 8; i++)
            {
                wallets.Add(await new Wallet(server.Client(), TimeProvider.System).SignInAsync());
            }
            using var stop = new CancellationTokenSource();
            var writers = wallets.Select((w, i) => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        if (i % 2 == 1)
                        {
                            var batch = "{\"contributions\":[" + string.Join(",", Enumerable.Range(0, 20).Select(_ => w.RecordBody())) + "]}";
                            var answer = await w.Http.PostAsync("/api/v1/service-tracking/records", new StringContent(batch, System.Text.Encoding.UTF8, "application/json"));
                            if (answer.StatusCode == HttpStatusCode.OK)
                            {
                                foreach (var item in (await Wallet.JsonAsync(answer))["results"]!.AsArray().Where(r => r!["status"]!.GetValue<int>() == 201))
                                {
                                    acknowledged[item!["record"]!["recordId"]!.GetValue<string>()] = true;
                                    Interlocked.Increment(ref batched);
                                }
                            }
                            continue;
                        }
                        var response = await w.PostRecordAsync(w.RecordBody());
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[(await Wallet.JsonAsync(response))["recordId"]!.GetValue<string>()] = true;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
                    {
                        return; // the server is gone
                    }
                }
            })).ToList();
            // Kill only once this round has had writes acknowledged (a loaded machine may take a while to get going).
            var before = acknowledged.Count;
            for (var waited = 0; acknowledged.Count < before + 16 && waited < 300; waited++)
            {
                await Task.Delay(100);
            }
            lastSeen = await CheckpointAsync(http, verifier);
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            Assert.NotEmpty(acknowledged);
        }
        Assert.True(batched > 0, "no batch item was acknowledged before a kill");
    }

    internal static async Task<Checkpoint> CheckpointAsync(HttpClient http, NoteVerifier verifier)
    {
        Assert.True(verifier.TryOpen(await http.GetStringAsync("/api/v1/ledger/checkpoint"), out var body, out _));
        Assert.True(Checkpoint.TryParse(body, out var checkpoint, out _));
        return checkpoint;
    }

    internal static async Task AssertLogRecomputesAsync(HttpClient http, Checkpoint checkpoint)
    {
        var leaves = new List<byte[]>();
        while (leaves.Count < checkpoint.Size)
        {
            var page = await JsonAsync(http, $"/api/v1/ledger/entries?start={leaves.Count}&end={Math.Min(checkpoint.Size, leaves.Count + 1000)}");
            foreach (var entry in page["entries"]!.AsArray())
            {
                var bytes = Convert.FromBase64String(entry!["entry"]!.GetValue<string>());
                Assert.Equal(MerkleHash.Leaf(bytes), Convert.FromHexString(entry["leafHash"]!.GetValue<string>()[2..]));
                Assert.True(LedgerEntry.TryDecode(bytes, out var decoded, out _));
                Assert.Equal(leaves.Count, decoded.Index);
                leaves.Add(MerkleHash.Leaf(bytes));
            }
        }
        Assert.Equal(checkpoint.RootHash, MerkleHash.RootOf(leaves));
    }

    private static async Task<JsonObject> JsonAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Wallet.JsonAsync(response);
    }

    private static List<byte[]> Hashes(JsonNode array) => array.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>()[2..])).ToList();
}
