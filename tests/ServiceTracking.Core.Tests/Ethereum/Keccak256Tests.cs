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
}
