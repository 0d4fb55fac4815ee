using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ServiceTracking.Chain.Codec;
using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Tests.Node;
using ServiceTracking.Chain.Transactions;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Server.Tests.OnChain;

/// <summary>EIP-1271 sign-in: a contract wallet (the chain tests' Erc1271Wallet) signs in through the configured chain.</summary>
[Collection(OnHardhatNode.Name)]
public sealed class ContractWalletSignInTests(HardhatNode node)
{
    private async Task<(EthAddress Wallet, EthPrivateKey Owner)> DeployWalletAsync()
    {
        var owner = EthPrivateKey.Generate();
        var artifact = ContractArtifact.Load(Path.Combine(AppContext.BaseDirectory, "testdata", "erc1271-wallet.json"));
        using var deployer = node.CreateSender(await node.FundedKeyAsync());
        var receipt = await deployer.SendAsync(new TransactionRequest(null, [.. artifact.Bytecode, .. Abi.Encode("address", owner.Address)]));
        return (receipt.ContractAddress!.Value, owner);
    }

    private static async Task<HttpResponseMessage> SignInAsync(ServiceHost host, EthAddress account, EthPrivateKey signer, ulong chainId)
    {
        var client = new Wallet(host);
        var message = Wallet.SiweMessage(account, await client.NonceAsync(), host.Clock.GetUtcNow(), chainId: chainId);
        return await client.LoginAsync(message, "0x" + Convert.ToHexStringLower(signer.SignPersonalMessage(Encoding.UTF8.GetBytes(message))));
    }

    [Fact]
    public async Task ContractWallet_SignsIn_WithASignatureItAccepts()
    {
        var (wallet, owner) = await DeployWalletAsync();
        using var host = (await ChainService.DeployAsync(node)).Host();

        var response = await SignInAsync(host, wallet, owner, HardhatNode.ChainId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(wallet.ToChecksumString(), (await Wallet.JsonAsync(response))["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task ContractWallet_IsRefused_ASignatureItRejects()
    {
        var (wallet, _) = await DeployWalletAsync();
        using var host = (await ChainService.DeployAsync(node)).Host();

        var response = await SignInAsync(host, wallet, EthPrivateKey.Generate(), HardhatNode.ChainId);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("EIP-1271", (await Wallet.JsonAsync(response))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContractWallet_IsRefused_WithoutAChain_AsBefore()
    {
        var (wallet, owner) = await DeployWalletAsync();
        using var host = new ServiceHost();

        var response = await SignInAsync(host, wallet, owner, 1);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("sign-in-addressmismatch", ProblemSlug(await Wallet.JsonAsync(response)));
    }

    private static string ProblemSlug(JsonObject problem) => problem["type"]!.GetValue<string>().Split('/')[^1];
}
