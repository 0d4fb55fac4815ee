using System.Numerics;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Chain.Transactions;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests.Node;

[Collection(OnHardhatNode.Name)]
public sealed class JsonRpcClientTests(HardhatNode node)
{
    [Fact]
    public async Task ChainId_IsHardhats()
    {
        Assert.Equal(31337, await node.CreateClient().ChainIdAsync());
    }

    [Fact]
    public async Task GetCode_OfAnAccount_IsEmpty()
    {
        Assert.Empty(await node.CreateClient().GetCodeAsync(HardhatNode.Account0.Address));
    }

    [Fact]
    public async Task EstimateGas_PlainTransfer_IsAboutTheIntrinsic21000()
    {
        var call = new CallRequest(EthPrivateKey.Generate().Address, [], HardhatNode.Account0.Address, Value: 1);

        // Hardhat's estimator answers 21001 for a plain transfer (a margin of its binary search); mined, it uses 21000.
        Assert.InRange(await node.CreateClient().EstimateGasAsync(call), 21000, 21100);
    }

    [Fact]
    public async Task Call_Deployment_ReturnsTheRuntimeCode()
    {
        // Creation code that returns the 1-byte runtime 0x00: PUSH1 1 PUSH1 0x0c PUSH1 0 CODECOPY PUSH1 1 PUSH1 0 RETURN, then 0x00.
        var creation = Convert.FromHexString("6001600c60003960016000f300");

        var runtime = await node.CreateClient().CallAsync(new CallRequest(null, creation, HardhatNode.Account0.Address));

        Assert.Equal(new byte[] { 0x00 }, runtime);
    }

    [Fact]
    public async Task Send_UnknownMethod_ThrowsJsonRpcExceptionWithCode()
    {
        var error = await Assert.ThrowsAsync<JsonRpcException>(() => node.CreateClient().SendAsync("eth_noSuchMethod", []));

        Assert.NotEqual(0, error.Code);
        Assert.Contains("eth_noSuchMethod", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRevert);
    }

    [Fact]
    public async Task FeeHistory_HasTheNextBlocksBaseFee()
    {
        var history = await node.CreateClient().FeeHistoryAsync(2);

        Assert.True(history.BaseFeePerGas.Count >= 2);
        Assert.True(history.BaseFeePerGas[^1] > 0);
    }

    [Fact]
    public async Task SendAsync_SignedTransfer_IsMinedAndMovesTheBalances()
    {
        var client = node.CreateClient();
        var from = await node.FundedKeyAsync(BigInteger.Pow(10, 18));
        var to = EthPrivateKey.Generate().Address;
        var before = await client.GetBalanceAsync(from.Address);
        using var sender = node.CreateSender(from);

        var receipt = await sender.SendAsync(new TransactionRequest(to, [], 123_456_789));

        Assert.Equal(1, receipt.Status);
        Assert.Equal(from.Address, receipt.From);
        Assert.Equal(21000, receipt.GasUsed);
        Assert.Equal(new BigInteger(123_456_789), await client.GetBalanceAsync(to));
        Assert.Equal(before - 123_456_789 - receipt.GasUsed * receipt.EffectiveGasPrice, await client.GetBalanceAsync(from.Address));
    }

    [Fact]
    public async Task SubmitAsync_SignedLocally_HasTheHashTheNodeReports()
    {
        using var sender = node.CreateSender(await node.FundedKeyAsync());

        var signed = await sender.SubmitAsync(new TransactionRequest(EthPrivateKey.Generate().Address, [], 1));
        var receipt = await sender.WaitForReceiptAsync(signed.Hash);

        Assert.Equal(signed.HashHex, receipt.TransactionHashHex);
        Assert.Equal(sender.Address, signed.RecoverSender());
        Assert.Equal(Eip1559Transaction.TypeByte, signed.Raw[0]);
    }

    [Fact]
    public async Task GetTransactionReceipt_UnknownHash_IsNull()
    {
        Assert.Null(await node.CreateClient().GetTransactionReceiptAsync(Keccak256.Hash("nothing"u8)));
    }

    [Fact]
    public async Task EstimateFees_MaxFeeIsTwiceBaseFeePlusTip()
    {
        using var sender = node.CreateSender(HardhatNode.Account0);

        var fees = await sender.EstimateFeesAsync();

        Assert.Equal(2 * fees.BaseFeePerGas + fees.MaxPriorityFeePerGas, fees.MaxFeePerGas);
        Assert.True(fees.MaxPriorityFeePerGas > 0);
    }

    [Fact]
    public async Task ConnectAsync_WrongExpectedChain_Refuses()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TransactionSender.ConnectAsync(node.CreateClient(), HardhatNode.Account0, expectedChainId: 1));

        Assert.Contains("31337", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BlockTag_Number_IsAHexQuantity()
    {
        Assert.Equal("0x1f", BlockTag.Number(31).ToString());
        Assert.Equal("latest", default(BlockTag).ToString());
        Assert.Equal("0x0", Hex.EncodeQuantity(0));
    }
}
