using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Tests.Node;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Server.Tests.OnChain;

namespace ServiceTracking.Cli.Tests;

[CollectionDefinition(Name)]
public sealed class OnHardhatNode : ICollectionFixture<HardhatNode>
{
    public const string Name = "hardhat node";
}

/// <summary><c>svtrack chain deploy</c> and <c>svtrack chain prove</c> against a real node and the hosted server.</summary>
[Collection(OnHardhatNode.Name)]
public sealed class ChainTests(HardhatNode node)
{
    // The node over real HTTP, the server in process.
    private Func<Uri, HttpClient> Routes(CliHarness cli) => uri => uri.Port == node.Port ? new HttpClient() : cli.Host.CreateClient();

    private static async Task<(EthPrivateKey Key, string Path)> KeyFileAsync(CliHarness cli, EthPrivateKey key)
    {
        Directory.CreateDirectory(cli.Home);
        var path = cli.PathInHome("deployer.json");
        await File.WriteAllTextAsync(path, KeyFile.Serialize(key));
        return (key, path);
    }

    [Fact]
    public async Task Deploy_PrintsTheRegistrysAddress_AndTheKeyHoldsEveryRole()
    {
        using var cli = new CliHarness();
        var (key, path) = await KeyFileAsync(cli, await node.FundedKeyAsync());

        var result = await cli.RunAsync(Routes(cli), "chain", "deploy", "--rpc", node.Url.ToString(), "--key", path, "--json");

        Assert.True(result.Code == 0, result.ToString());
        var registry = new RegistryContract(node.CreateClient(), EthAddress.Parse(result.Json()["address"]!.GetValue<string>()));
        Assert.True(await registry.IsDeployedAsync());
        foreach (var role in Enum.GetValues<RegistryRole>())
        {
            Assert.True(await registry.HasRoleAsync(role, key.Address), role.ToString());
        }
    }

    [Fact]
    public async Task Deploy_ForAnotherAdmin_AndRefusedOnTheWrongChain()
    {
        using var cli = new CliHarness();
        var (key, path) = await KeyFileAsync(cli, await node.FundedKeyAsync());
        var admin = EthPrivateKey.Generate().Address;

        var deployed = await cli.RunAsync(Routes(cli), "chain", "deploy", "--rpc", node.Url.ToString(), "--key", path, "--admin", admin.ToChecksumString());
        var refused = await cli.RunAsync(Routes(cli), "chain", "deploy", "--rpc", node.Url.ToString(), "--key", path, "--chain-id", "1");

        Assert.True(deployed.Code == 0, deployed.ToString());
        var registry = new RegistryContract(node.CreateClient(), EthAddress.Parse(deployed.Out.Split('\n')[0].Trim()));
        Assert.True(await registry.HasRoleAsync(RegistryRole.Admin, admin));
        Assert.False(await registry.HasRoleAsync(RegistryRole.Admin, key.Address));
        Assert.Equal(1, refused.Code);
        Assert.Contains("chain 31337, not the configured chain 1", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prove_ARecordTheLatestAnchorCovers_AndNotOneRecordedAfterIt()
    {
        var chain = await ChainService.DeployAsync(node);
        using var cli = new CliHarness(chain.Settings());
        await cli.SignUpAsync();
        var anchoredId = await RecordAsync(cli);
        cli.Host.Clock.Advance(TimeSpan.FromSeconds(60));
        await ChainService.ChainHealthAsync(cli.Host, c => c["lastAnchor"] is not null);
        var laterId = await RecordAsync(cli);
        string[] chainOptions = ["--rpc", node.Url.ToString(), "--registry", chain.Registry.Address.ToChecksumString()];

        var proved = await cli.RunAsync(Routes(cli), ["chain", "prove", anchoredId, .. chainOptions]);
        var notYet = await cli.RunAsync(Routes(cli), ["chain", "prove", laterId, .. chainOptions]);

        Assert.True(proved.Code == 0, proved.ToString());
        Assert.StartsWith("PROVED: entry ", proved.Out, StringComparison.Ordinal);
        Assert.Equal(1, notYet.Code);
        Assert.Contains("NOT PROVED", notYet.Out, StringComparison.Ordinal);
        Assert.Contains("not covered by the latest anchor", notYet.Out, StringComparison.Ordinal);
    }

    private static async Task<string> RecordAsync(CliHarness cli)
    {
        var result = await cli.RunAsync("record", "--type", "CONTENT_CREATION", "--subtype", "tutorial", "--details", """{"title":"On chain"}""", "--json");
        Assert.True(result.Code == 0, result.ToString());
        return result.Json()["recordId"]!.GetValue<string>();
    }
}
