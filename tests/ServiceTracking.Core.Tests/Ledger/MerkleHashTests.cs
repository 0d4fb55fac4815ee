using System.Security.Cryptography;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

public sealed class MerkleHashTests
{
    [Fact]
    public void EmptyRoot_IsSha256OfNothing()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleHash.EmptyRoot));
        Assert.Equal(MerkleHash.EmptyRoot, MerkleHash.RootOf([]));
    }

    [Fact]
    public void EmptyRoot_ChangingACopy_DoesNotChangeTheNext()
    {
        MerkleHash.EmptyRoot[0] ^= 1;

        Assert.Equal(0xe3, MerkleHash.EmptyRoot[0]);
    }

    [Fact]
    public void Leaf_EmptyEntry_IsTheRfcLeafZero()
    {
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Convert.ToHexStringLower(MerkleHash.Leaf([])));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(100_000)]
    public void Leaf_AnyLength_IsSha256OfZeroPrefixAndEntry(int length)
    {
        var entry = RandomNumberGenerator.GetBytes(length);

        Assert.Equal(SHA256.HashData([0x00, .. entry]), MerkleHash.Leaf(entry));
    }

    [Fact]
    public void Node_IsSha256OfOnePrefixLeftAndRight()
    {
        var left = MerkleHash.Leaf("l"u8);
        var right = MerkleHash.Leaf("r"u8);

        Assert.Equal(SHA256.HashData([0x01, .. left, .. right]), MerkleHash.Node(left, right));
    }

    [Fact]
    public void Node_DestinationOverlapsChild_StillCorrect()
    {
        var left = MerkleHash.Leaf("l"u8);
        var right = MerkleHash.Leaf("r"u8);
        var expected = MerkleHash.Node(left, right);

        MerkleHash.Node(left, right, right);

        Assert.Equal(expected, right);
    }

    [Fact]
    public void Node_ChildNot32Bytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => MerkleHash.Node(new byte[31], new byte[32]));
    }

    [Fact]
    public void RootOf_SingleLeaf_IsACopyOfTheLeaf()
    {
        var leaf = MerkleHash.Leaf("x"u8);

        var root = MerkleHash.RootOf([leaf]);

        Assert.Equal(leaf, root);
        Assert.NotSame(leaf, root);
    }
}
