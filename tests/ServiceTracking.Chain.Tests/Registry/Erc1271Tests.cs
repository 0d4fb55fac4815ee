using ServiceTracking.Chain.Codec;
using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Chain.Tests.Node;
using ServiceTracking.Chain.Transactions;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests.Registry;

/// <summary>EIP-1271 against a minimal contract wallet (testdata/Erc1271Wallet.sol) that accepts its owner's signatures.</summary>
[Collection(OnHardhatNode.Name)]
public sealed class Erc1271Tests(HardhatNode node)
{
    private static readonly byte[] s_hash = Keccak256.Hash("sign in to ScrollVerse"u8);

    private async Task<(EthAddress Wallet, EthPrivateKey Owner)> DeployWalletAsync()
    {
        var owner = EthPrivateKey.Generate();
        var artifact = ContractArtifact.Load(TestData.Path("erc1271-wallet.json"));
        using var deployer = node.CreateSender(await node.FundedKeyAsync());
        var receipt = await deployer.SendAsync(new TransactionRequest(null, [.. artifact.Bytecode, .. Abi.Encode("address", owner.Address)]));
        return (receipt.ContractAddress!.Value, owner);
    }

    [Fact]
    public async Task OwnersSignature_IsValid()
    {
        var (wallet, owner) = await DeployWalletAsync();

        Assert.True(await Erc1271.IsValidSignatureAsync(node.CreateClient(), wallet, s_hash, owner.SignHash(s_hash)));
    }

    [Fact]
    public async Task AnotherKeysSignature_IsInvalid()
    {
        var (wallet, _) = await DeployWalletAsync();

        Assert.False(await Erc1271.IsValidSignatureAsync(node.CreateClient(), wallet, s_hash, EthPrivateKey.Generate().SignHash(s_hash)));
    }

    [Fact]
    public async Task MalformedSignature_ThatMakesTheWalletRevert_IsInvalid()
    {
        var (wallet, _) = await DeployWalletAsync();

        Assert.False(await Erc1271.IsValidSignatureAsync(node.CreateClient(), wallet, s_hash, new byte[7]));
    }

    [Fact]
    public async Task AccountWithoutCode_IsInvalid()
    {
        var owner = EthPrivateKey.Generate();

        Assert.False(await Erc1271.IsValidSignatureAsync(node.CreateClient(), owner.Address, s_hash, owner.SignHash(s_hash)));
    }

    [Fact]
    public async Task UnreachableNode_ThrowsRatherThanAnsweringInvalid()
    {
        using var http = new HttpClient();
        var client = new JsonRpcClient(http, new Uri($"http://127.0.0.1:{HardhatNode.FreePort()}/"), new RpcRetryPolicy { MaxAttempts = 1 });

        await Assert.ThrowsAsync<ChainUnavailableException>(() => Erc1271.IsValidSignatureAsync(client, EthPrivateKey.Generate().Address, s_hash, new byte[65]));
    }
}
