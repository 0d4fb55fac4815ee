using System.Collections.Concurrent;
using System.Net;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Server.Tests;

/// <summary>SIGKILL while webhook deliveries are pending: after a restart every event committed before the kill reaches the receiver, unchanged.</summary>
public sealed class WebhookCrashTests : IDisposable
{
    private static readonly string[] RecordedOnly = ["contribution.recorded"];

    private readonly TempDirectory _data = new("svtrack-hookcrash-");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task KilledWithDeliveriesPending_EveryAcknowledgedEventArrivesAfterRestart_NoneInvented_IdsUnchanged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var adminKey = EthPrivateKey.Generate();
        string[] settings = [$"--Auth:Admins:0={adminKey.Address.ToLowerHex()}", "--Webhooks:AllowPrivateNetworks=true",
            "--Limits:RecordsPerMinute=1000000", "--Limits:SignInsPerMinute=1000000"];
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var received = new ConcurrentDictionary<string, ConcurrentBag<string>>(); // webhook-id → the record ids its bodies named
        var deliveredBeforeKill = 0;
        using var stopCollecting = new CancellationTokenSource();
        var collecting = Task.Run(async () =>
        {
            await foreach (var hook in receiver.ReadAllAsync(stopCollecting.Token))
            {
                received.GetOrAdd(hook.Id, _ => []).Add(hook.Envelope["data"]!["recordId"]!.GetValue<string>());
            }
        });

        using (var server = await ServerProcess.StartAsync(_data.Path, settings))
        {
            var admin = await new Wallet(server.Client(), TimeProvider.System, adminKey).SignInAsync();
            var created = await admin.PostAsync("/api/v1/admin/webhooks", new { url = receiver.Url, types = RecordedOnly });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            // A slow receiver: the queue grows behind it while contributions are recorded.
            receiver.Default = new ScriptedAnswer(200, Delay: TimeSpan.FromMilliseconds(40));

            var wallets = new List<Wallet>();
            for (var i = 0; i < 4; i++)
            {
                wallets.Add(await new Wallet(server.Client(), TimeProvider.System).SignInAsync());
            }
            using var stop = new CancellationTokenSource();
            var writers = wallets.Select(w => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
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
            // Kill once some deliveries went out and many more wait behind them.
            for (var waited = 0; (received.Count < 5 || acknowledged.Count < received.Count + 50) && waited < 600; waited++)
            {
                await Task.Delay(50);
            }
            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            deliveredBeforeKill = received.Count;
        }
        Assert.True(acknowledged.Count > deliveredBeforeKill, $"nothing was pending at the kill ({acknowledged.Count} recorded, {deliveredBeforeKill} delivered)");

        receiver.Default = new ScriptedAnswer(200);
        using (var restarted = await ServerProcess.StartAsync(_data.Path, settings))
        {
            using var http = restarted.Client();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var wanted = acknowledged.Keys.ToHashSet();
            while (!wanted.IsSubsetOf(received.Values.SelectMany(v => v)))
            {
                await Task.Delay(100, timeout.Token); // the receiver collects in the background: look again
            }
            foreach (var (webhookId, recordIds) in received)
            {
                Assert.Single(recordIds.Distinct()); // a webhook-id always names the same event
                var found = await http.GetAsync($"/api/v1/service-tracking/contributions/{recordIds.First()}");
                Assert.Equal(HttpStatusCode.OK, found.StatusCode); // no event describes a change that is not in the store
            }
        }
        await stopCollecting.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collecting);
    }
}
