using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ServiceTracking.Chain.Tests.Node;

namespace ServiceTracking.Server.Tests.OnChain;

/// <summary>Anchor mode against a real node: on the clock's interval or an entry count, the ledger's own root, provable on chain.</summary>
[Collection(OnHardhatNode.Name)]
public sealed class AnchoringTests(HardhatNode node)
{
    private static async Task<(long Size, string Root)> LedgerAsync(ServiceHost host)
    {
        var ledger = (await ChainService.HealthAsync(host))["ledger"]!;
        return (ledger["treeSize"]!.GetValue<long>(), ledger["rootHash"]!.GetValue<string>());
    }

    private static async Task<string> RootAtAsync(ServiceHost host, long size) =>
        (await host.CreateClient().GetFromJsonAsync<JsonObject>($"/api/v1/ledger/proof/inclusion?index=0&treeSize={size}"))!["rootHash"]!.GetValue<string>();

    [Fact]
    public async Task LatestCheckpoint_IsAnchoredOnceTheIntervalHasPassed_OnTheServicesClock()
    {
        var chain = await ChainService.DeployAsync(node);
        using var host = chain.Host();
        var wallet = await new Wallet(host).SignInAsync();
        await wallet.RecordAsync();
        var (size, root) = await LedgerAsync(host);
        await Task.Delay(300);
        Assert.Equal(0, (await chain.Registry.LatestAnchorAsync()).TreeSize);

        host.Clock.Advance(TimeSpan.FromSeconds(60));

        var health = await ChainService.ChainHealthAsync(host, c => c["lastAnchor"] is not null);
        var anchored = await chain.Registry.LatestAnchorAsync();
        Assert.Equal(size, anchored.TreeSize);
        Assert.Equal(root, "0x" + Convert.ToHexStringLower(anchored.RootHash));
        Assert.Equal(size, health["lastAnchor"]!["treeSize"]!.GetValue<long>());
        Assert.Equal(root, health["lastAnchor"]!["rootHash"]!.GetValue<string>());
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeSeconds(), health["lastAnchor"]!["at"]!.GetValue<long>());
        Assert.StartsWith("0x", health["lastAnchor"]!["txHash"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, health["backlog"]!.GetValue<long>());
        Assert.True(health["reachable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task EnoughWaitingEntries_AreAnchoredBeforeTheInterval()
    {
        var chain = await ChainService.DeployAsync(node);
        using var host = chain.Host(extra: new Dictionary<string, string?> { ["Chain:AnchorEveryEntries"] = "5" });
        var wallet = await new Wallet(host).SignInAsync();

        for (var i = 0; i < 3; i++)
        {
            await wallet.RecordAsync();
        }

        var health = await ChainService.ChainHealthAsync(host, c => c["lastAnchor"] is not null);
        var anchored = await chain.Registry.LatestAnchorAsync();
        Assert.True(anchored.TreeSize >= 5, $"anchored at {anchored.TreeSize}");
        Assert.Equal(await RootAtAsync(host, anchored.TreeSize), "0x" + Convert.ToHexStringLower(anchored.RootHash));
        Assert.Equal(anchored.TreeSize, health["lastAnchor"]!["treeSize"]!.GetValue<long>());
    }

    [Fact]
    public async Task AReceiptsContribution_IsProvedOnChain_AgainstTheAnchoredRoot()
    {
        var chain = await ChainService.DeployAsync(node);
        using var host = chain.Host();
        var wallet = await new Wallet(host).SignInAsync();
        var recordId = (await wallet.RecordAsync())["recordId"]!.GetValue<string>();
        await wallet.RecordAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        await ChainService.ChainHealthAsync(host, c => c["lastAnchor"] is not null);
        var size = (await chain.Registry.LatestAnchorAsync()).TreeSize;

        var receipt = (await host.CreateClient().GetFromJsonAsync<JsonObject>($"/api/v1/service-tracking/contributions/{recordId}/receipt"))!;
        var index = receipt["index"]!.GetValue<long>();
        var proof = (await host.CreateClient().GetFromJsonAsync<JsonObject>($"/api/v1/ledger/proof/inclusion?index={index}&treeSize={size}"))!;
        var leaf = Convert.FromHexString(receipt["leafHash"]!.GetValue<string>()[2..]);
        var path = proof["proof"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>()[2..])).ToList();

        Assert.True(await chain.Registry.VerifyInclusionAsync(leaf, index, size, path));
        leaf[0] ^= 1;
        Assert.False(await chain.Registry.VerifyInclusionAsync(leaf, index, size, path));
    }

    [Fact]
    public async Task NodeDown_RecordingGoesOn_HealthShowsTheBacklogAndError_ThenOneAnchorCatchesUp()
    {
        var chain = await ChainService.DeployAsync(node);
        using var forwarder = new TcpForwarder(node.Url);
        using var host = chain.Host(rpc: forwarder.Url);
        var wallet = await new Wallet(host).SignInAsync();
        await wallet.RecordAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var anchoredSize = (await ChainService.ChainHealthAsync(host, c => c["lastAnchor"] is not null))["lastAnchor"]!["treeSize"]!.GetValue<long>();

        forwarder.Close();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await wallet.PostRecordAsync(wallet.RecordBody())).StatusCode);
        }
        var (size, _) = await LedgerAsync(host);
        host.Clock.Advance(TimeSpan.FromSeconds(60));

        var down = await ChainService.ChainHealthAsync(host, c => c["reachable"]?.GetValue<bool>() == false);
        Assert.Equal(size - anchoredSize, down["backlog"]!.GetValue<long>());
        Assert.Contains($"127.0.0.1:{forwarder.Port}", down["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(anchoredSize, down["lastAnchor"]!["treeSize"]!.GetValue<long>());

        forwarder.Open();

        var up = await ChainService.ChainHealthAsync(host, c => c["backlog"]!.GetValue<long>() == 0, tick: TimeSpan.FromSeconds(5));
        Assert.True(up["reachable"]!.GetValue<bool>());
        Assert.Null(up["error"]);
        var anchored = await chain.Registry.LatestAnchorAsync();
        Assert.Equal(size, anchored.TreeSize);
        Assert.Equal(await RootAtAsync(host, size), "0x" + Convert.ToHexStringLower(anchored.RootHash));
    }

    [Fact]
    public async Task NodeOnAnotherChain_RefusesToStart_Saying()
    {
        var chain = await ChainService.DeployAsync(node);
        using var host = new ServiceHost(chain.Settings(extra: new Dictionary<string, string?> { ["Chain:ChainId"] = "1" }));

        var error = Record.Exception(() => host.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("is on chain 31337, but Chain:ChainId is 1", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnchorTheDatabaseMissed_IsLearntFromTheRegistryAtStart_AndNotSentAgain()
    {
        var chain = await ChainService.DeployAsync(node);
        var data = Path.Combine(Path.GetTempPath(), "svtrack-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            long size;
            string root;
            using (var first = chain.Host(dataDirectory: data))
            {
                await (await new Wallet(first).SignInAsync()).RecordAsync();
                (size, root) = await LedgerAsync(first);
            }
            // As if the service had crashed after its anchor was mined and before it wrote it down.
            await chain.Registry.AnchorCheckpointAsync(Convert.FromHexString(root[2..]), size);

            using var second = chain.Host(dataDirectory: data);
            var health = await ChainService.ChainHealthAsync(second, c => c["lastAnchor"] is not null);

            Assert.Equal(size, health["lastAnchor"]!["treeSize"]!.GetValue<long>());
            Assert.NotNull(health["lastAnchor"]!["txHash"]);
            Assert.Equal(0, health["backlog"]!.GetValue<long>());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task ARegistryHoldingAnotherLogsRoot_StopsAnchoring_AndRecordingGoesOn()
    {
        var chain = await ChainService.DeployAsync(node);
        await chain.Registry.AnchorCheckpointAsync([.. Enumerable.Repeat((byte)7, 32)], 1);
        using var host = chain.Host();
        var wallet = await new Wallet(host).SignInAsync();

        var health = await ChainService.ChainHealthAsync(host, c => c["error"] is not null);

        Assert.Contains("not this log's", health["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await wallet.PostRecordAsync(wallet.RecordBody())).StatusCode);
    }
}
