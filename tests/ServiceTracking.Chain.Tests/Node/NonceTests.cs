using ServiceTracking.Chain.Rpc;
using ServiceTracking.Chain.Transactions;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests.Node;

[Collection(OnHardhatNode.Name)]
public sealed class NonceTests(HardhatNode node)
{
    [Fact]
    public async Task ConcurrentSends_GetConsecutiveNoncesAndAllMine()
    {
        var key = await node.FundedKeyAsync();
        using var sender = node.CreateSender(key);
        var client = node.CreateClient();
        var start = await client.GetTransactionCountAsync(key.Address, BlockTag.Pending);

        var sends = Enumerable.Range(1, 12).Select(async value =>
        {
            var signed = await sender.SubmitAsync(new TransactionRequest(EthPrivateKey.Generate().Address, [], value));
            return (signed.Transaction.Nonce, Receipt: await sender.WaitForReceiptAsync(signed.Hash));
        });
        var results = await Task.WhenAll(sends);

        Assert.All(results, r => Assert.True(r.Receipt.Succeeded));
        Assert.Equal(Enumerable.Range((int)start, 12).Select(n => (long)n), results.Select(r => r.Nonce).Order());
        Assert.Equal(start + 12, await client.GetTransactionCountAsync(key.Address, BlockTag.Latest));
    }

    [Fact]
    public async Task AnotherSenderUsedTheKey_NonceTooLowIsResynchronised()
    {
        var key = await node.FundedKeyAsync();
        using var first = node.CreateSender(key);
        using var second = node.CreateSender(key);
        await second.SendAsync(new TransactionRequest(EthPrivateKey.Generate().Address, [], 1)); // second now expects nonce 1
        await first.SendAsync(new TransactionRequest(EthPrivateKey.Generate().Address, [], 1));  // nonce 1, behind second's back
        await first.SendAsync(new TransactionRequest(EthPrivateKey.Generate().Address, [], 1));  // nonce 2

        var signed = await second.SubmitAsync(new TransactionRequest(EthPrivateKey.Generate().Address, [], 1));

        Assert.Equal(3, signed.Transaction.Nonce);
        Assert.True((await second.WaitForReceiptAsync(signed.Hash)).Succeeded);
    }

    [Fact]
    public async Task InsufficientFunds_IsAnErrorAndDoesNotConsumeTheNonce()
    {
        var key = await node.FundedKeyAsync(10_000_000_000_000_000);
        using var sender = node.CreateSender(key);

        var error = await Assert.ThrowsAsync<JsonRpcException>(() =>
            sender.SubmitAsync(new TransactionRequest(EthPrivateKey.Generate().Address, [], System.Numerics.BigInteger.Pow(10, 20), GasLimit: 21000)));
        var next = await sender.SubmitAsync(new TransactionRequest(EthPrivateKey.Generate().Address, [], 1, GasLimit: 21000));

        Assert.False(error.IsRevert);
        Assert.Equal(0, next.Transaction.Nonce);
    }
}
