using CsCheck;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

public sealed class MerkleFrontierTests
{
    [Fact]
    public void Root_Empty_IsEmptyRoot()
    {
        var frontier = new MerkleFrontier();

        Assert.Equal(0, frontier.Size);
        Assert.Equal(MerkleHash.EmptyRoot, frontier.Root());
    }

    [Fact]
    public void Append_AnySize_ReportsEveryCompleteSubtreeExactlyOnce()
    {
        Gen.Select(Gen.Int[1, 3000], Gen.Int).Sample((size, seed) =>
        {
            var tree = MerkleReferenceTree.FromSeed(size, seed);
            var frontier = new MerkleFrontier();
            var reported = new Dictionary<(int, long), byte[]>();
            foreach (var leaf in tree.Leaves)
            {
                frontier.Append(leaf, (level, index, hash) => Assert.True(reported.TryAdd((level, index), hash)));
            }

            Assert.Equal(size, frontier.Size);
            Assert.Equal(tree.Nodes.Count, reported.Count);
            foreach (var (key, hash) in tree.Nodes)
            {
                Assert.Equal(hash, reported[key]);
            }
        }, iter: 40);
    }

    [Fact]
    public void Append_CompletingSeveralLevels_ReportsThemBottomUp()
    {
        var frontier = new MerkleFrontier();
        var tree = MerkleReferenceTree.FromSeed(8, 3);
        var reported = new List<(int Level, long Index)>();

        foreach (var leaf in tree.Leaves)
        {
            reported.Clear();
            frontier.Append(leaf, (level, index, _) => reported.Add((level, index)));
        }

        Assert.Equal([(0, 7), (1, 3), (2, 1), (3, 0)], reported);
    }

    [Fact]
    public void Restore_AnySize_SameRootAndAppendsIdentically()
    {
        Gen.Select(Gen.Int[0, 2000], Gen.Int[1, 600], Gen.Int).Sample((size, more, seed) =>
        {
            var tree = MerkleReferenceTree.FromSeed(size + more, seed);
            var original = new MerkleFrontier();
            foreach (var leaf in tree.Leaves.Take(size))
            {
                original.Append(leaf);
            }
            tree.Reads = 0;
            var restored = MerkleFrontier.Restore(size, tree.NodeHash);

            Assert.Equal(int.PopCount(size), tree.Reads);
            Assert.Equal(size, restored.Size);
            Assert.Equal(original.Root(), restored.Root());
            foreach (var leaf in tree.Leaves.Skip(size))
            {
                var fromOriginal = new List<(int, long, string)>();
                var fromRestored = new List<(int, long, string)>();
                original.Append(leaf, (l, i, h) => fromOriginal.Add((l, i, Convert.ToHexString(h))));
                restored.Append(leaf, (l, i, h) => fromRestored.Add((l, i, Convert.ToHexString(h))));
                Assert.Equal(fromOriginal, fromRestored);
                Assert.Equal(original.Root(), restored.Root());
            }
            Assert.Equal(MerkleHash.RootOf(tree.Leaves), restored.Root());
        }, iter: 40);
    }

    [Fact]
    public void Clone_ThenAppend_LeavesTheOriginalAlone()
    {
        var tree = MerkleReferenceTree.FromSeed(6, 5);
        var frontier = new MerkleFrontier();
        foreach (var leaf in tree.Leaves.Take(5))
        {
            frontier.Append(leaf);
        }

        var clone = frontier.Clone();
        clone.Append(tree.Leaves[5]);

        Assert.Equal(5, frontier.Size);
        Assert.Equal(tree.RootOfPrefix(5), frontier.Root());
        Assert.Equal(tree.RootOfPrefix(6), clone.Root());
    }

    [Fact]
    public void Append_CallbackMutatesItsHash_FrontierUnaffected()
    {
        var tree = MerkleReferenceTree.FromSeed(4, 9);
        var frontier = new MerkleFrontier();

        foreach (var leaf in tree.Leaves)
        {
            frontier.Append(leaf, (_, _, hash) => hash[0] ^= 0xff);
        }

        Assert.Equal(tree.RootOfPrefix(4), frontier.Root());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Append_LeafHashNot32Bytes_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => new MerkleFrontier().Append(new byte[length]));
    }
}
