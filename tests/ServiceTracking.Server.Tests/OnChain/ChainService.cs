using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Tests.Node;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Server.Tests.OnChain;

[CollectionDefinition(Name)]
public sealed class OnHardhatNode : ICollectionFixture<HardhatNode>
{
    public const string Name = "hardhat node";
}

/// <summary>
/// A fresh registry on the test node, deployed by an admin key that granted the service's own key ANCHORER_ROLE and
/// RECORDER_ROLE, and the settings that point the service at it (chain 31337, the reward scheduler off).
/// </summary>
public sealed class ChainService
{
    private ChainService(HardhatNode node, RegistryContract registry, EthPrivateKey serviceKey)
    {
        Node = node;
        Registry = registry;
        ServiceKey = serviceKey;
    }

    public HardhatNode Node { get; }

    /// <summary>The registry as its admin sees it (reads; writes only while the service is not running).</summary>
    public RegistryContract Registry { get; }

    public EthPrivateKey ServiceKey { get; }

    public static async Task<ChainService> DeployAsync(HardhatNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var admin = node.CreateSender(await node.FundedKeyAsync());
        var registry = await RegistryContract.DeployAsync(admin, RegistryContract.Artifact, admin.Address);
        var serviceKey = await node.FundedKeyAsync();
        await registry.GrantRoleAsync(RegistryRole.Anchorer, serviceKey.Address);
        await registry.GrantRoleAsync(RegistryRole.Recorder, serviceKey.Address);
        return new ChainService(node, registry, serviceKey);
    }

    /// <summary>The service's settings for this registry, through <paramref name="rpc"/> (the node by default), over <paramref name="extra"/>.</summary>
    public Dictionary<string, string?> Settings(Uri? rpc = null, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Chain:RpcUrl"] = (rpc ?? Node.Url).ToString(),
            ["Chain:ChainId"] = HardhatNode.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Chain:RegistryAddress"] = Registry.Address.ToChecksumString(),
            ["Chain:SignerKey"] = ServiceKey.ToHex(),
            ["Rewards:Scheduler"] = "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }

    public ServiceHost Host(Uri? rpc = null, IDictionary<string, string?>? extra = null, string? dataDirectory = null) =>
        new(Settings(rpc, extra), dataDirectory: dataDirectory);

    public static async Task<JsonObject> HealthAsync(ServiceHost host) =>
        (await host.CreateClient().GetFromJsonAsync<JsonObject>("/health"))!;

    /// <summary>Waits (real time, up to 30 s) until the service's background work makes <paramref name="condition"/> true.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, Func<Task<string>> explain)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(explain);
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(30);)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail("Not within 30 s: " + await explain());
    }

    /// <summary>
    /// Waits until /health shows a chain section satisfying <paramref name="condition"/>, and returns it; with a
    /// <paramref name="tick"/>, the service's clock moves on by that much at each look (for retries on a backoff).
    /// </summary>
    public static async Task<JsonObject> ChainHealthAsync(ServiceHost host, Func<JsonObject, bool> condition, TimeSpan? tick = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        JsonObject chain = null!;
        await EventuallyAsync(async () =>
        {
            chain = (await HealthAsync(host))["chain"]!.AsObject();
            if (!condition(chain) && tick is { } step)
            {
                host.Clock.Advance(step);
                return false;
            }
            return condition(chain);
        }, async () => (await HealthAsync(host)).ToJsonString());
        return chain;
    }
}
