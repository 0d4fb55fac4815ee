using System.Numerics;
using CsCheck;
using ServiceTracking.Chain.Codec;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests.Codec;

/// <summary>Tuples, arrays of tuples and signed integers, against encodings produced by ethers v6's AbiCoder.</summary>
public sealed class AbiCodecTests
{
    // ethers: AbiCoder.encode(["(address,uint8,uint256,uint256,bytes32,bool,uint256)[]"], [[[#1, 3, 1700000000, 1234, 0x11…, true, 5e18], [#2, 8, 1700000100, 0, 0x00…, false, 0]]])
    private const string RecordsFromEthers =
        "0000000000000000000000000000000000000000000000000000000000000020" +
        "0000000000000000000000000000000000000000000000000000000000000002" +
        "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8" +
        "0000000000000000000000000000000000000000000000000000000000000003" +
        "000000000000000000000000000000000000000000000000000000006553f100" +
        "00000000000000000000000000000000000000000000000000000000000004d2" +
        "1111111111111111111111111111111111111111111111111111111111111111" +
        "0000000000000000000000000000000000000000000000000000000000000001" +
        "0000000000000000000000000000000000000000000000004563918244f40000" +
        "0000000000000000000000003c44cdddb6a900fa2b585dd299e03d12fa4293bc" +
        "0000000000000000000000000000000000000000000000000000000000000008" +
        "000000000000000000000000000000000000000000000000000000006553f164" +
        "0000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000";

    // ethers: AbiCoder.encode(["int8","int256","string","(uint16,string)[2]"], [-1, -123456789, "héllo", [[7,"a"],[8,"bc"]]])
    private const string MixedFromEthers =
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" +
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffff8a432eb" +
        "0000000000000000000000000000000000000000000000000000000000000080" +
        "00000000000000000000000000000000000000000000000000000000000000c0" +
        "0000000000000000000000000000000000000000000000000000000000000006" +
        "68c3a96c6c6f0000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000040" +
        "00000000000000000000000000000000000000000000000000000000000000c0" +
        "0000000000000000000000000000000000000000000000000000000000000007" +
        "0000000000000000000000000000000000000000000000000000000000000040" +
        "0000000000000000000000000000000000000000000000000000000000000001" +
        "6100000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000008" +
        "0000000000000000000000000000000000000000000000000000000000000040" +
        "0000000000000000000000000000000000000000000000000000000000000002" +
        "6263000000000000000000000000000000000000000000000000000000000000";

    private const string RecordType = "(address,uint8,uint256,uint256,bytes32,bool,uint256)[]";

    private static readonly EthAddress s_first = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static readonly EthAddress s_second = EthAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");

    [Fact]
    public void Encode_ArrayOfTuples_MatchesEthers()
    {
        var records = new object[]
        {
            (s_first, (byte)3, 1700000000L, 1234, Enumerable.Repeat((byte)0x11, 32).ToArray(), true, BigInteger.Parse("5000000000000000000", System.Globalization.CultureInfo.InvariantCulture)),
            (s_second, (byte)8, 1700000100L, 0, new byte[32], false, 0),
        };

        Assert.Equal(RecordsFromEthers, Convert.ToHexStringLower(Abi.Encode(RecordType, [records])));
    }

    [Fact]
    public void Decode_ArrayOfTuples_GivesEachField()
    {
        var records = (object?[])Abi.Decode(RecordType, Convert.FromHexString(RecordsFromEthers))[0]!;

        Assert.Equal(2, records.Length);
        var first = (object?[])records[0]!;
        Assert.Equal(s_first, first[0]);
        Assert.Equal(new BigInteger(3), first[1]);
        Assert.Equal(new BigInteger(1700000000), first[2]);
        Assert.Equal(Enumerable.Repeat((byte)0x11, 32).ToArray(), first[4]);
        Assert.Equal(true, first[5]);
        Assert.Equal(BigInteger.Pow(10, 18) * 5, first[6]);
        Assert.Equal(s_second, ((object?[])records[1]!)[0]);
    }

    [Fact]
    public void Encode_SignedIntegersUtf8AndFixedArrayOfDynamicTuples_MatchesEthers()
    {
        var encoded = Abi.Encode("int8,int256,string,(uint16,string)[2]",
            (sbyte)-1, new BigInteger(-123456789), "héllo", new object[] { (7, "a"), (8, "bc") });

        Assert.Equal(MixedFromEthers, Convert.ToHexStringLower(encoded));
    }

    [Fact]
    public void Decode_SignedIntegersUtf8AndFixedArrayOfDynamicTuples_GivesTheValues()
    {
        var values = Abi.Decode("int8,int256,string,(uint16,string)[2]", Convert.FromHexString(MixedFromEthers));

        Assert.Equal(BigInteger.MinusOne, values[0]);
        Assert.Equal(new BigInteger(-123456789), values[1]);
        Assert.Equal("héllo", values[2]);
        var pairs = (object?[])values[3]!;
        Assert.Equal(new object?[] { new BigInteger(8), "bc" }, (object?[])pairs[1]!);
    }

    [Theory]
    [InlineData("uint8", 256)]
    [InlineData("uint256", -1)]
    [InlineData("int8", 128)]
    [InlineData("int8", -129)]
    public void Encode_IntegerOutOfRange_Throws(string type, int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Abi.Encode(type, value));
    }

    [Fact]
    public void Encode_WrongValueType_ThrowsNamingTheType()
    {
        var error = Assert.Throws<ArgumentException>(() => Abi.Encode("address", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
        Assert.Contains("address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_Bytes32OfWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => Abi.Encode("bytes32", new byte[31]));
    }

    [Theory]
    [InlineData("uint8", "0000000000000000000000000000000000000000000000000000000000000100")]
    [InlineData("bool", "0000000000000000000000000000000000000000000000000000000000000002")]
    [InlineData("address", "0000000000000000000000010000000000000000000000000000000000000000")]
    [InlineData("bytes2", "0102030000000000000000000000000000000000000000000000000000000000")]
    [InlineData("int8", "00000000000000000000000000000000000000000000000000000000000000ff")]
    [InlineData("bytes", "0000000000000000000000000000000000000000000000000000000000000020")]
    [InlineData("uint256[]", "0000000000000000000000000000000000000000000000000000000000000020" + "00000000000000000000000000000000000000000000000000000000ffffffff")]
    [InlineData("uint256", "00")]
    public void Decode_DirtyOrTruncatedData_IsRefused(string type, string hex)
    {
        Assert.Throws<FormatException>(() => Abi.Decode(type, Convert.FromHexString(hex)));
    }

    [Fact]
    public void EncodeThenDecode_RandomRecords_RoundTrip()
    {
        var address = Gen.Byte.Array[20].Select(bytes => EthAddress.FromBytes(bytes));
        var record = Gen.Select(address, Gen.Byte[0, 8], Gen.ULong, Gen.Byte.Array[32], Gen.Bool, Gen.Byte.Array[0, 70],
            (a, type, score, hash, verified, note) => new object?[] { a, new BigInteger(type), new BigInteger(score), hash, verified, note });
        record.Array[0, 6].Sample(records =>
        {
            var encoded = Abi.Encode("(address,uint8,uint256,bytes32,bool,bytes)[]", [records]);
            var decoded = (object?[])Abi.Decode("(address,uint8,uint256,bytes32,bool,bytes)[]", encoded)[0]!;
            Assert.Equal(records.Length, decoded.Length);
            for (var i = 0; i < records.Length; i++)
            {
                Assert.Equal(records[i], (object?[])decoded[i]!);
            }
        });
    }
}
