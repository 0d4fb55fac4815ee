using System.Numerics;
using ServiceTracking.Chain.Codec;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests.Codec;

public sealed class AbiEventTests
{
    private static readonly AbiEvent s_transfer = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)");

    [Fact]
    public void DecodeLog_Erc20Transfer_ReadsIndexedFromTopicsAndValueFromData()
    {
        var from = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        var to = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        byte[][] topics = [s_transfer.Topic.ToArray(), Abi.Encode("address", from), Abi.Encode("address", to)];

        var values = s_transfer.DecodeLog(topics, Abi.Encode("uint256", 1000));

        Assert.Equal(new object[] { from, to, new BigInteger(1000) }, values);
    }

    [Fact]
    public void DecodeLog_OtherEvent_Throws()
    {
        byte[][] topics = [Abi.EventTopic("Approval(address,address,uint256)"), new byte[32], new byte[32]];

        Assert.False(s_transfer.Matches(topics));
        Assert.Throws<FormatException>(() => s_transfer.DecodeLog(topics, new byte[32]));
    }

    [Fact]
    public void DecodeLog_IndexedString_IsItsHash()
    {
        var named = AbiEvent.Parse("Named(string indexed name, uint8 kind)");
        var hash = Keccak256.Hash("alice"u8);

        var values = named.DecodeLog([named.Topic.ToArray(), hash], Abi.Encode("uint8", 2));

        Assert.Equal(hash, values[0]);
        Assert.Equal(new BigInteger(2), values[1]);
    }

    [Fact]
    public void AbiError_TryDecode_ReadsRevertReason()
    {
        var data = AbiError.RevertReason.Encode("not allowed");

        Assert.True(AbiError.RevertReason.TryDecode(data, out var arguments));
        Assert.Equal("not allowed", arguments[0]);
        Assert.False(AbiError.Panic.TryDecode(data, out _));
    }
}
