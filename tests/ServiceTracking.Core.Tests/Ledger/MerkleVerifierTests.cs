using CsCheck;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

/// <summary>Malformed input is refused, never thrown on.</summary>
public sealed class MerkleVerifierTests
{
    private static readonly Gen<long> s_size = Gen.OneOf(
        Gen.OneOfConst(long.MinValue, -2L, -1L, 0L, 1L, 2L, 3L, 8L, long.MaxValue - 1, long.MaxValue),
        Gen.Long[0, 5000],
        Gen.Long);

    private static readonly Gen<byte[]?> s_hash = Gen.Frequency(
        (8, Gen.Byte.Array[MerkleHash.Size].Select(b => (byte[]?)b)),
        (1, Gen.OneOfConst(0, 1, 31, 33, 64).SelectMany(n => Gen.Byte.Array[n]).Select(b => (byte[]?)b)),
        (1, Gen.Const((byte[]?)null)));

    private static readonly Gen<List<byte[]>> s_proof = s_hash.List[0, 70].Select(list => list.Select(h => h!).ToList());

    [Fact]
    public void VerifyInclusion_ArbitraryInput_NeverThrows()
    {
        Gen.Select(s_size, s_size, s_hash, s_proof, s_hash).Sample((index, size, leaf, proof, root) =>
        {
            var verified = MerkleVerifier.VerifyInclusion(index, size, leaf, proof, root);
            var computed = MerkleVerifier.RootFromInclusion(index, size, leaf, proof);

            if (index < 0 || index >= size || leaf is not { Length: MerkleHash.Size })
            {
                Assert.False(verified);
                Assert.Null(computed);
            }
        }, iter: 5000);
    }

    [Fact]
    public void VerifyConsistency_ArbitraryInput_NeverThrows()
    {
        Gen.Select(s_size, s_size, s_proof, s_hash, s_hash).Sample((size1, size2, proof, root1, root2) =>
        {
            var verified = MerkleVerifier.VerifyConsistency(size1, size2, proof, root1, root2);

            if (size1 <= 0 || size2 < size1)
            {
                Assert.False(verified);
            }
        }, iter: 5000);
    }

    [Fact]
    public void Verify_NullProof_IsRefused()
    {
        var hash = new byte[MerkleHash.Size];

        Assert.False(MerkleVerifier.VerifyInclusion(0, 1, hash, null!, hash));
        Assert.Null(MerkleVerifier.RootFromInclusion(0, 1, hash, null!));
        Assert.False(MerkleVerifier.VerifyConsistency(1, 1, null!, hash, hash));
    }

    [Fact]
    public void VerifyInclusion_SingleLeafTree_RootIsTheLeaf()
    {
        var leaf = MerkleHash.Leaf("only"u8);

        Assert.True(MerkleVerifier.VerifyInclusion(0, 1, leaf, [], leaf));
        Assert.False(MerkleVerifier.VerifyInclusion(0, 1, leaf, [leaf], leaf));
    }

    [Fact]
    public void VerifyConsistency_EqualSizes_NeedsEqualRootsAndEmptyProof()
    {
        var root = MerkleHash.Leaf("a"u8);
        var other = MerkleHash.Leaf("b"u8);

        Assert.True(MerkleVerifier.VerifyConsistency(3, 3, [], root, root));
        Assert.False(MerkleVerifier.VerifyConsistency(3, 3, [], root, other));
        Assert.False(MerkleVerifier.VerifyConsistency(3, 3, [root], root, root));
    }

    [Fact]
    public void VerifyConsistency_FromEmptyTree_IsRefused()
    {
        var empty = MerkleHash.EmptyRoot;

        Assert.False(MerkleVerifier.VerifyConsistency(0, 0, [], empty, empty));
        Assert.False(MerkleVerifier.VerifyConsistency(0, 1, [], empty, MerkleHash.Leaf([])));
    }

    [Fact]
    public void VerifyConsistency_HugeSizes_RefusesAShortProofWithoutHashing()
    {
        var hash = new byte[MerkleHash.Size];

        Assert.False(MerkleVerifier.VerifyConsistency(long.MaxValue - 1, long.MaxValue, [hash], hash, hash));
        Assert.False(MerkleVerifier.VerifyInclusion(long.MaxValue - 1, long.MaxValue, hash, [hash], hash));
    }
}
