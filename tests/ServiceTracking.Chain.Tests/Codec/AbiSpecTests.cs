using System.Numerics;
using System.Text;
using ServiceTracking.Chain.Codec;

namespace ServiceTracking.Chain.Tests.Codec;

/// <summary>The worked examples of the Solidity ABI specification ("Examples" and "Use of Dynamic Types").</summary>
public sealed class AbiSpecTests
{
    private static readonly int[] s_oneTwoThree = [1, 2, 3];
    private static readonly uint[] s_fArray = [0x456, 0x789];
    private static readonly int[][] s_nested = [[1, 2], [3]];
    private static readonly string[] s_strings = ["one", "two", "three"];

    private static string Words(params string[] words) => string.Concat(words);

    [Fact]
    public void EncodeCall_Baz_MatchesSpec()
    {
        var call = AbiFunction.Parse("baz(uint32 x, bool y) returns (bool r)").EncodeCall(69u, true);

        Assert.Equal(
            "cdcd77c0" + Words(
                "0000000000000000000000000000000000000000000000000000000000000045",
                "0000000000000000000000000000000000000000000000000000000000000001"),
            Convert.ToHexStringLower(call));
    }

    [Fact]
    public void EncodeCall_BarWithFixedArrayOfBytes3_MatchesSpec()
    {
        var call = AbiFunction.Parse("bar(bytes3[2])").EncodeCall(new List<byte[]> { "abc"u8.ToArray(), "def"u8.ToArray() });

        Assert.Equal(
            "fce353f6" + Words(
                "6162630000000000000000000000000000000000000000000000000000000000",
                "6465660000000000000000000000000000000000000000000000000000000000"),
            Convert.ToHexStringLower(call));
    }

    [Fact]
    public void EncodeCall_Sam_MatchesSpec()
    {
        var call = AbiFunction.Parse("sam(bytes,bool,uint256[])").EncodeCall("dave"u8.ToArray(), true, s_oneTwoThree);

        Assert.Equal(
            "a5643bf2" + Words(
                "0000000000000000000000000000000000000000000000000000000000000060",
                "0000000000000000000000000000000000000000000000000000000000000001",
                "00000000000000000000000000000000000000000000000000000000000000a0",
                "0000000000000000000000000000000000000000000000000000000000000004",
                "6461766500000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "0000000000000000000000000000000000000000000000000000000000000001",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000003"),
            Convert.ToHexStringLower(call));
    }

    private const string FExpected = "8be65246"
        + "0000000000000000000000000000000000000000000000000000000000000123"
        + "0000000000000000000000000000000000000000000000000000000000000080"
        + "3132333435363738393000000000000000000000000000000000000000000000"
        + "00000000000000000000000000000000000000000000000000000000000000e0"
        + "0000000000000000000000000000000000000000000000000000000000000002"
        + "0000000000000000000000000000000000000000000000000000000000000456"
        + "0000000000000000000000000000000000000000000000000000000000000789"
        + "000000000000000000000000000000000000000000000000000000000000000d"
        + "48656c6c6f2c20776f726c642100000000000000000000000000000000000000";

    [Fact]
    public void EncodeCall_FWithDynamicTypes_MatchesSpec()
    {
        var call = AbiFunction.Parse("f(uint256,uint32[],bytes10,bytes)").EncodeCall(
            new BigInteger(0x123), s_fArray, "1234567890"u8.ToArray(), "Hello, world!"u8.ToArray());

        Assert.Equal(FExpected, Convert.ToHexStringLower(call));
    }

    [Fact]
    public void Decode_FWithDynamicTypes_GivesTheArgumentsBack()
    {
        var values = Abi.Decode("uint256,uint32[],bytes10,bytes", Convert.FromHexString(FExpected).AsSpan(4));

        Assert.Equal(new BigInteger(0x123), values[0]);
        Assert.Equal(new object[] { new BigInteger(0x456), new BigInteger(0x789) }, (object?[])values[1]!);
        Assert.Equal("1234567890"u8.ToArray(), values[2]);
        Assert.Equal("Hello, world!", Encoding.ASCII.GetString((byte[])values[3]!));
    }

    [Fact]
    public void EncodeCall_GWithNestedDynamicArrays_MatchesSpec()
    {
        var call = AbiFunction.Parse("g(uint256[][],string[])").EncodeCall(s_nested, s_strings);

        Assert.Equal(
            "2289b18c" + Words(
                "0000000000000000000000000000000000000000000000000000000000000040",
                "0000000000000000000000000000000000000000000000000000000000000140",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000040",
                "00000000000000000000000000000000000000000000000000000000000000a0",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000001",
                "0000000000000000000000000000000000000000000000000000000000000002",
                "0000000000000000000000000000000000000000000000000000000000000001",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "0000000000000000000000000000000000000000000000000000000000000060",
                "00000000000000000000000000000000000000000000000000000000000000a0",
                "00000000000000000000000000000000000000000000000000000000000000e0",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "6f6e650000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000003",
                "74776f0000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000005",
                "7468726565000000000000000000000000000000000000000000000000000000"),
            Convert.ToHexStringLower(call));
    }

    [Theory]
    [InlineData("transfer(address,uint256)", "a9059cbb")]
    [InlineData("function transfer(address to, uint amount) returns (bool)", "a9059cbb")]
    [InlineData("balanceOf(address)", "70a08231")]
    [InlineData("baz(uint32,bool)", "cdcd77c0")]
    [InlineData("isValidSignature(bytes32,bytes)", "1626ba7e")]
    [InlineData("AccessControlUnauthorizedAccount(address,bytes32)", "e2517d3f")]
    [InlineData("Error(string)", "08c379a0")]
    [InlineData("Panic(uint256)", "4e487b71")]
    public void Selector_KnownSignature_MatchesPublishedSelector(string signature, string expected)
    {
        Assert.Equal(expected, Convert.ToHexStringLower(Abi.Selector(signature)));
    }

    [Fact]
    public void EventTopic_Erc20Transfer_MatchesPublishedTopic()
    {
        Assert.Equal(
            "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            Convert.ToHexStringLower(Abi.EventTopic("event Transfer(address indexed from, address indexed to, uint256 value)")));
    }

    [Theory]
    [InlineData("f((uint256,bytes32)[] items, uint x)", "f((uint256,bytes32)[],uint256)")]
    [InlineData("g(tuple(address a, int b)[2][] t)", "g((address,int256)[2][])")]
    [InlineData("h()", "h()")]
    public void CanonicalSignature_DropsNamesAndExpandsAliases(string signature, string expected)
    {
        Assert.Equal(expected, Abi.CanonicalSignature(signature));
    }

    [Theory]
    [InlineData("uint7")]
    [InlineData("uint264")]
    [InlineData("bytes33")]
    [InlineData("bytes0")]
    [InlineData("fixed128x18")]
    [InlineData("uint256[")]
    [InlineData("(uint256")]
    public void Parse_InvalidType_Throws(string type)
    {
        Assert.Throws<FormatException>(() => AbiType.Parse(type));
    }
}
