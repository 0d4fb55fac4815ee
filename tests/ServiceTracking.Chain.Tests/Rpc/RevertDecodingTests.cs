using System.Numerics;
using System.Text.Json;
using ServiceTracking.Chain.Codec;
using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests.Rpc;

public sealed class RevertDecodingTests
{
    private static readonly AbiError s_unauthorized = AbiError.Parse("AccessControlUnauthorizedAccount(address account, bytes32 neededRole)");

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void RevertData_GethStyle_IsTheDataString()
    {
        var error = new JsonRpcException("eth_call", 3, "execution reverted", Json("\"0x4e487b710000000000000000000000000000000000000000000000000000000000000011\""));

        Assert.True(error.IsRevert);
        Assert.Equal(36, error.RevertData!.Length);
    }

    [Fact]
    public void RevertData_HardhatStyle_IsNestedUnderData()
    {
        var error = new JsonRpcException("eth_estimateGas", -32603, "Error: VM Exception while processing transaction: reverted with custom error",
            Json("""{"message":"reverted","data":"0xe2517d3f"}"""));

        Assert.Equal(new byte[] { 0xe2, 0x51, 0x7d, 0x3f }, error.RevertData);
    }

    [Fact]
    public void RevertData_NotHex_IsNull()
    {
        var error = new JsonRpcException("eth_sendRawTransaction", -32000, "nonce too low", Json("""{"message":"nonce too low","data":null}"""));

        Assert.Null(error.RevertData);
        Assert.False(error.IsRevert);
    }

    [Fact]
    public void ContractRevert_KnownCustomError_IsNamedWithItsArguments()
    {
        var account = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        var data = s_unauthorized.Encode(account, RegistryRoles.HashOf(RegistryRole.Anchorer));

        var error = new ContractRevertException(data, RegistryContract.Errors);

        Assert.Equal("AccessControlUnauthorizedAccount", error.ErrorName);
        Assert.Equal(account, error.Arguments[0]);
        Assert.StartsWith("The call reverted: AccessControlUnauthorizedAccount(0x70997970C51812dc3A010C7d01b50e0d17dc79C8, 0x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContractRevert_ReasonString_IsDecodedWithoutBeingKnown()
    {
        var error = new ContractRevertException(AbiError.RevertReason.Encode("paused"), []);

        Assert.Equal("Error", error.ErrorName);
        Assert.Equal("paused", error.Arguments[0]);
    }

    [Fact]
    public void ContractRevert_Panic_CarriesItsCode()
    {
        var error = new ContractRevertException(AbiError.Panic.Encode(0x11), []);

        Assert.Equal("Panic", error.ErrorName);
        Assert.Equal(new BigInteger(0x11), error.Arguments[0]);
    }

    [Fact]
    public void ContractRevert_UnknownOrEmptyData_SaysSo()
    {
        Assert.Null(new ContractRevertException([0xde, 0xad, 0xbe, 0xef], []).ErrorName);
        Assert.Contains("without a reason", new ContractRevertException([], []).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RetryPolicy_DelaysDoubleUpToTheCap()
    {
        var policy = new RpcRetryPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(700) };

        Assert.Equal([100, 200, 400, 700, 700], Enumerable.Range(1, 5).Select(n => policy.DelayAfter(n).TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(700), policy.DelayAfter(1000));
    }

    [Theory]
    [InlineData("0x0", 0)]
    [InlineData("0x7a69", 31337)]
    [InlineData("0x007a69", 31337)]
    public void Hex_DecodeQuantity_ReadsNodeAnswers(string hex, long expected)
    {
        Assert.Equal(expected, Hex.DecodeLong(hex));
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("7a69")]
    [InlineData("0xzz")]
    public void Hex_DecodeQuantity_RefusesMalformed(string hex)
    {
        Assert.Throws<FormatException>(() => Hex.DecodeQuantity(hex));
    }

    [Fact]
    public void Hex_EncodeQuantity_HasNoLeadingZeros()
    {
        Assert.Equal("0x100", Hex.EncodeQuantity(256));
        Assert.Equal("0x", Hex.Encode([]));
        Assert.Throws<FormatException>(() => Hex.Decode("0x123"));
    }
}
