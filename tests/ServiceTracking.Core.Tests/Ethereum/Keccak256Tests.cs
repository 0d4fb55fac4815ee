using CsCheck;
using Org.BouncyCastle.Crypto.Digests;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Tests.Ethereum;

public sealed class Keccak256Tests
{
    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    public void Hash_KnownInput_MatchesPublishedDigest(string input, string expectedHex)
    {
        var hash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(input));

        Assert.Equal(expectedHex, Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void Hash_SpanOverload_MatchesArrayOverload()
    {
        Span<byte> output = stackalloc byte[Keccak256.Size];

        Keccak256.Hash("abc"u8, output);

        Assert.Equal(Keccak256.Hash("abc"u8), output.ToArray());
    }

    [Fact]
    public void Hash_AnyLength_MatchesBouncyCastleKeccak()
    {
        // Lengths cluster around multiples of the 136-byte rate, where padding spills into a new block.
        var length = Gen.Frequency(
            (1, Gen.Int[0, 1000]),
            (2, Gen.Select(Gen.Int[0, 3], Gen.Int[-2, 2], (blocks, offset) => Math.Max(0, 136 * blocks + offset))));
        length.SelectMany(n => Gen.Byte.Array[n]).Sample(data =>
        {
            var reference = new KeccakDigest(256);
            reference.BlockUpdate(data, 0, data.Length);
            var expected = new byte[32];
            reference.DoFinal(expected, 0);

            Assert.Equal(expected, Keccak256.Hash(data));
        }, iter: 2000);
    }

    [Fact]
    public void Hash_OutputTooShort_Throws()
    {
        Assert.Throws<ArgumentException>(() => Keccak256.Hash("abc"u8, new byte[31]));
    }
}
