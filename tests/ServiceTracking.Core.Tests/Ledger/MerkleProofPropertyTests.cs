using CsCheck;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

/// <summary>Roots and proofs built from complete subtrees agree with the reference MTH; every corrupted proof fails.</summary>
public sealed class MerkleProofPropertyTests
{
    private static readonly Gen<int> s_seed = Gen.Int;

    private static readonly Gen<(int Size, int Seed)> s_tree = Gen.Select(Gen.Int[1, 3000], s_seed);

    private static readonly Gen<(int Size, int Seed, long Index)> s_inclusion =
        s_tree.SelectMany(t => Gen.Long[0, t.Size - 1].Select(index => (t.Size, t.Seed, index)));

    private static readonly Gen<(int Size1, int Size2, int Seed)> s_consistency =
        Gen.Select(Gen.Int[1, 3000], Gen.Int[1, 3000], s_seed, (a, b, seed) => (Math.Min(a, b), Math.Max(a, b), seed));

    [Fact]
    public void Root_AnySize_FrontierAndProverEqualReferenceMth()
    {
        s_tree.Sample((size, seed) =>
        {
            var tree = MerkleReferenceTree.FromSeed(size, seed);
            var frontier = new MerkleFrontier();
            foreach (var leaf in tree.Leaves)
            {
                frontier.Append(leaf);
            }
            var expected = MerkleHash.RootOf(tree.Leaves);

            Assert.Equal(expected, frontier.Root());
            Assert.Equal(expected, new MerkleProver(tree.NodeHash).Root(size));
        }, iter: 40);
    }

    [Fact]
    public void InclusionProof_AnyLeaf_VerifiesWithLogarithmicReads()
    {
        s_inclusion.Sample((size, seed, index) =>
        {
            var tree = MerkleReferenceTree.FromSeed(size, seed);
            var prover = new MerkleProver(tree.NodeHash);
            var root = tree.RootOfPrefix(size);

            tree.Reads = 0;
            var proof = prover.InclusionProof(index, size);

            Assert.True(tree.Reads <= 2 * (Math.Log2(size) + 1));
            Assert.True(MerkleVerifier.VerifyInclusion(index, size, tree.Leaves[(int)index], proof, root));
            Assert.Equal(root, MerkleVerifier.RootFromInclusion(index, size, tree.Leaves[(int)index], proof));
        }, iter: 100);
    }

    [Fact]
    public void InclusionProof_AnyCorruption_FailsVerification()
    {
        s_inclusion.Sample((size, seed, index) =>
        {
            var tree = MerkleReferenceTree.FromSeed(size + 1, seed);
            var proof = new MerkleProver(tree.NodeHash).InclusionProof(index, size);
            var root = tree.RootOfPrefix(size);
            var leaf = tree.Leaves[(int)index];

            foreach (var corrupted in BitFlips(proof))
            {
                Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, corrupted, root));
            }
            foreach (var flipped in BitFlips([leaf]))
            {
                Assert.False(MerkleVerifier.VerifyInclusion(index, size, flipped[0], proof, root));
            }
            foreach (var flipped in BitFlips([root]))
            {
                Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, proof, flipped[0]));
            }
            Assert.False(MerkleVerifier.VerifyInclusion(index - 1, size, leaf, proof, root));
            Assert.False(MerkleVerifier.VerifyInclusion(index + 1, size, leaf, proof, root));
            // The proof does not carry over to the tree head of a neighbouring size (see OtherSizeOfTheSameShape below).
            Assert.False(MerkleVerifier.VerifyInclusion(index, size - 1, leaf, proof, tree.RootOfPrefix(size - 1)));
            Assert.False(MerkleVerifier.VerifyInclusion(index, size + 1, leaf, proof, tree.RootOfPrefix(size + 1)));
            Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, [.. proof, root], root));
            Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, [root, .. proof], root));
            if (proof.Count > 0)
            {
                Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, [.. proof.Skip(1)], root));
                Assert.False(MerkleVerifier.VerifyInclusion(index, size, leaf, [.. proof.SkipLast(1)], root));
            }
        }, iter: 40);
    }

    [Fact]
    public void ConsistencyProof_AnySizes_VerifiesWithLogarithmicReads()
    {
        s_consistency.Sample((size1, size2, seed) =>
        {
            var tree = MerkleReferenceTree.FromSeed(size2, seed);
            var prover = new MerkleProver(tree.NodeHash);

            tree.Reads = 0;
            var proof = prover.ConsistencyProof(size1, size2);

            Assert.True(tree.Reads <= 2 * (Math.Log2(size2) + 2));
            Assert.True(MerkleVerifier.VerifyConsistency(size1, size2, proof, tree.RootOfPrefix(size1), tree.RootOfPrefix(size2)));
        }, iter: 100);
    }

    [Fact]
    public void ConsistencyProof_AnyCorruption_FailsVerification()
    {
        s_consistency.Sample((size1, size2, seed) =>
        {
            var tree = MerkleReferenceTree.FromSeed(size2 + 1, seed);
            var proof = new MerkleProver(tree.NodeHash).ConsistencyProof(size1, size2);
            var root1 = tree.RootOfPrefix(size1);
            var root2 = tree.RootOfPrefix(size2);

            foreach (var corrupted in BitFlips(proof))
            {
                Assert.False(MerkleVerifier.VerifyConsistency(size1, size2, corrupted, root1, root2));
            }
            foreach (var flipped in BitFlips([root1]))
            {
                Assert.False(MerkleVerifier.VerifyConsistency(size1, size2, proof, flipped[0], root2));
            }
            foreach (var flipped in BitFlips([root2]))
            {
                Assert.False(MerkleVerifier.VerifyConsistency(size1, size2, proof, root1, flipped[0]));
            }
            Assert.False(MerkleVerifier.VerifyConsistency(size1 - 1, size2, proof, tree.RootOfPrefix(size1 - 1), root2));
            Assert.False(MerkleVerifier.VerifyConsistency(size1 + 1, size2, proof, tree.RootOfPrefix(size1 + 1), root2));
            Assert.False(MerkleVerifier.VerifyConsistency(size1, size2 - 1, proof, root1, tree.RootOfPrefix(size2 - 1)));
            Assert.False(MerkleVerifier.VerifyConsistency(size1, size2 + 1, proof, root1, tree.RootOfPrefix(size2 + 1)));
            if (size1 != size2)
            {
                Assert.False(MerkleVerifier.VerifyConsistency(size1, size2, proof, root2, root1));
                Assert.False(MerkleVerifier.VerifyConsistency(size1, size2, [.. proof, root1], root1, root2));
                Assert.False(MerkleVerifier.VerifyConsistency(size1, size2, [root1, .. proof], root1, root2));
                Assert.False(MerkleVerifier.VerifyConsistency(size1, size2, [.. proof.SkipLast(1)], root1, root2));
            }
        }, iter: 40);
    }

    [Fact]
    public void VerifyInclusion_OtherSizeOfTheSameShape_VerifiesAgainstTheSameRoot()
    {
        // RFC 9162 proofs bind the index but not the exact size: leaf 806 sits left of the split at 1024 in trees of
        // 1655 and 1656 leaves alike, and the right part is one opaque hash. The signed checkpoint binds size to root.
        var tree = MerkleReferenceTree.FromSeed(1656, 0);
        var proof = new MerkleProver(tree.NodeHash).InclusionProof(806, 1656);
        var root = tree.RootOfPrefix(1656);

        Assert.True(MerkleVerifier.VerifyInclusion(806, 1655, tree.Leaves[806], proof, root));
        Assert.False(MerkleVerifier.VerifyInclusion(806, 1655, tree.Leaves[806], proof, tree.RootOfPrefix(1655)));
    }

    [Fact]
    public void Proofs_EverySmallTree_VerifyForEveryLeafAndEveryPrefix()
    {
        var tree = MerkleReferenceTree.FromSeed(70, 7);
        var prover = new MerkleProver(tree.NodeHash);
        var roots = Enumerable.Range(0, 71).Select(n => tree.RootOfPrefix(n)).ToArray();

        for (var size = 1; size <= 70; size++)
        {
            Assert.Equal(roots[size], prover.Root(size));
            for (var index = 0; index < size; index++)
            {
                Assert.True(MerkleVerifier.VerifyInclusion(index, size, tree.Leaves[index], prover.InclusionProof(index, size), roots[size]));
            }
            for (var size1 = 1; size1 <= size; size1++)
            {
                Assert.True(MerkleVerifier.VerifyConsistency(size1, size, prover.ConsistencyProof(size1, size), roots[size1], roots[size]));
            }
        }
    }

    [Fact]
    public void Root_EmptyTree_IsEmptyRoot()
    {
        Assert.Equal(MerkleHash.EmptyRoot, new MerkleProver((_, _) => throw new InvalidOperationException()).Root(0));
    }

    [Fact]
    public void ConsistencyProof_FromEmptyOrToSameSize_IsEmpty()
    {
        var prover = new MerkleProver(MerkleReferenceTree.FromSeed(5, 1).NodeHash);

        Assert.Empty(prover.ConsistencyProof(0, 5));
        Assert.Empty(prover.ConsistencyProof(5, 5));
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(5, 5)]
    [InlineData(0, 0)]
    public void InclusionProof_IndexOutsideTree_Throws(long index, long size)
    {
        var prover = new MerkleProver(MerkleReferenceTree.FromSeed(5, 1).NodeHash);

        Assert.Throws<ArgumentOutOfRangeException>(() => prover.InclusionProof(index, size));
    }

    [Fact]
    public void Prover_StoreReturnsWrongLengthHash_Throws()
    {
        var prover = new MerkleProver((_, _) => new byte[31]);

        Assert.Throws<InvalidOperationException>(() => prover.Root(3));
    }

    // Every proof with exactly one bit of one element flipped (copies: the originals are left alone).
    private static IEnumerable<List<byte[]>> BitFlips(IReadOnlyList<byte[]> proof)
    {
        for (var element = 0; element < proof.Count; element++)
        {
            for (var bit = 0; bit < proof[element].Length * 8; bit++)
            {
                var copy = proof.Select(h => (byte[])h.Clone()).ToList();
                copy[element][bit / 8] ^= (byte)(1 << (bit % 8));
                yield return copy;
            }
        }
    }
}
