using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

public sealed class MerkleNodeCacheTests
{
    [Fact]
    public void NodeHash_UpperLevel_ReadOnceThenFromMemory()
    {
        var tree = MerkleReferenceTree.FromSeed(1000, 4);
        var cache = new MerkleNodeCache(tree.NodeHash, minLevel: 8);

        Assert.Equal(tree.Nodes[(9, 0)], cache.NodeHash(9, 0));
        Assert.Equal(tree.Nodes[(9, 0)], cache.NodeHash(9, 0));

        Assert.Equal(1, tree.Reads);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void NodeHash_BelowMinLevel_AlwaysReadThrough()
    {
        var tree = MerkleReferenceTree.FromSeed(1000, 4);
        var cache = new MerkleNodeCache(tree.NodeHash, minLevel: 8);

        cache.NodeHash(7, 3);
        cache.NodeHash(7, 3);

        Assert.Equal(2, tree.Reads);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void NodeHash_CapacityReached_StartsOverAndStaysCorrect()
    {
        var tree = MerkleReferenceTree.FromSeed(64, 4);
        var cache = new MerkleNodeCache(tree.NodeHash, minLevel: 0, capacity: 4);

        foreach (var ((level, index), hash) in tree.Nodes)
        {
            Assert.Equal(hash, cache.NodeHash(level, index));
            Assert.InRange(cache.Count, 1, 4);
        }
    }

    [Fact]
    public void Prover_OverCache_GivesTheSameProofs()
    {
        var tree = MerkleReferenceTree.FromSeed(3000, 8);
        var direct = new MerkleProver(tree.NodeHash);
        var cached = new MerkleProver(new MerkleNodeCache(tree.NodeHash, minLevel: 2).NodeHash);

        for (var size = 1000; size <= 3000; size += 250)
        {
            Assert.Equal(direct.Root(size), cached.Root(size));
            Assert.Equal(direct.InclusionProof(size / 3, size), cached.InclusionProof(size / 3, size));
            Assert.Equal(direct.ConsistencyProof(size / 7 + 1, size), cached.ConsistencyProof(size / 7 + 1, size));
        }
    }
}
