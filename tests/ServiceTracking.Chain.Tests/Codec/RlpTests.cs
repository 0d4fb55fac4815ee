using System.Numerics;
using System.Text;
using CsCheck;
using ServiceTracking.Chain.Codec;

namespace ServiceTracking.Chain.Tests.Codec;

/// <summary>The examples of the Ethereum wiki's RLP page and the yellow paper, appendix B.</summary>
public sealed class RlpTests
{
    private const string Lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";

    private static RlpItem Text(string text) => RlpItem.FromBytes(Encoding.ASCII.GetBytes(text));

    private static RlpItem List(params RlpItem[] items) => RlpItem.FromList(items);

    public static TheoryData<string, RlpItem, string> Examples => new()
    {
        { "the string dog", Text("dog"), "83646f67" },
        { "the list [cat, dog]", List(Text("cat"), Text("dog")), "c88363617483646f67" },
        { "the empty string", RlpItem.Empty, "80" },
        { "the empty list", RlpItem.EmptyList, "c0" },
        { "the integer 0", RlpItem.FromInteger(0), "80" },
        { "the byte 0x00", RlpItem.FromBytes([0x00]), "00" },
        { "the byte 0x0f", RlpItem.FromBytes([0x0f]), "0f" },
        { "the integer 15", RlpItem.FromInteger(15), "0f" },
        { "the integer 1024", RlpItem.FromInteger(1024), "820400" },
        { "the bytes 0x0400", RlpItem.FromBytes([0x04, 0x00]), "820400" },
        { "the set-theoretic three", List(RlpItem.EmptyList, List(RlpItem.EmptyList), List(RlpItem.EmptyList, List(RlpItem.EmptyList))), "c7c0c1c0c3c0c1c0" },
        { "a 56-byte string", Text(Lorem), "b838" + Convert.ToHexStringLower(Encoding.ASCII.GetBytes(Lorem)) },
        { "a list of a 56-byte string", List(Text(Lorem)), "f83ab838" + Convert.ToHexStringLower(Encoding.ASCII.GetBytes(Lorem)) },
        { "a 1024-byte string", RlpItem.FromBytes(new byte[1024]), "b90400" + new string('0', 2048) },
        { "a 55-byte string (the last short one)", RlpItem.FromBytes(new byte[55]), "b7" + new string('0', 110) },
        { "the byte 0x80", RlpItem.FromBytes([0x80]), "8180" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Encode_WikiExample_MatchesPublishedBytes(string name, RlpItem item, string expectedHex)
    {
        Assert.True(expectedHex == Convert.ToHexStringLower(Rlp.Encode(item)), name);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Decode_WikiExample_ReencodesToTheSameBytes(string name, RlpItem item, string expectedHex)
    {
        var decoded = Rlp.Decode(Convert.FromHexString(expectedHex));

        Assert.True(Rlp.Encode(decoded).AsSpan().SequenceEqual(Rlp.Encode(item)), name);
    }

    [Fact]
    public void Decode_Dog_IsTheByteString()
    {
        Assert.Equal("dog"u8.ToArray(), Rlp.Decode(Convert.FromHexString("83646f67")).ToArray());
    }

    [Theory]
    [InlineData("8100", "a single byte below 0x80 wrapped in a header")]
    [InlineData("b801ff", "the long form for a short string")]
    [InlineData("b90038" + "00", "a length with a leading zero")]
    [InlineData("83646f", "a string cut short")]
    [InlineData("c3646f", "a list cut short")]
    [InlineData("83646f6700", "a trailing byte")]
    [InlineData("", "nothing")]
    public void Decode_NonCanonicalOrTruncated_IsRefused(string hex, string why)
    {
        Assert.Throws<FormatException>(() => Rlp.Decode(Convert.FromHexString(hex)));
        Assert.NotEmpty(why);
    }

    [Fact]
    public void ToInteger_LeadingZero_IsRefused()
    {
        Assert.Throws<FormatException>(() => RlpItem.FromBytes([0x00, 0x01]).ToInteger());
    }

    [Fact]
    public void Integers_RoundTrip()
    {
        Gen.Select(Gen.ULong, Gen.ULong).Sample((high, low) =>
        {
            var value = (new BigInteger(high) << 64) | low;
            var decoded = Rlp.Decode(Rlp.Encode(RlpItem.FromInteger(value)));
            Assert.Equal(value, decoded.ToInteger());
        });
    }

    [Fact]
    public void NestedItems_RoundTrip()
    {
        var leaf = Gen.Byte.Array[0, 80].Select(bytes => RlpItem.FromBytes(bytes));
        var tree = Gen.Recursive<RlpItem>((depth, inner) =>
            depth >= 3 ? leaf : Gen.OneOf(leaf, inner.List[0, 5].Select(items => RlpItem.FromList(items))));
        tree.Sample(item =>
        {
            var encoded = Rlp.Encode(item);
            Assert.Equal(encoded, Rlp.Encode(Rlp.Decode(encoded)));
        });
    }
}
