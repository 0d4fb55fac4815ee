using CsCheck;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

public sealed class TileMathTests
{
    [Theory]
    [InlineData(0, 0, 0, 0, 0)]
    [InlineData(0, 255, 0, 0, 255)]
    [InlineData(0, 256, 0, 1, 0)]
    [InlineData(8, 1234067, 1, 4820, 147)]
    [InlineData(16, 5, 2, 0, 5)]
    public void Locate_LevelMultipleOfEight_GivesTileAndOffset(int level, long index, int tileLevel, long tileIndex, int offset)
    {
        Assert.Equal((tileLevel, tileIndex, offset), TileMath.Locate(level, index));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(-8, 0)]
    [InlineData(0, -1)]
    public void Locate_NotAStoredNode_Throws(int level, long index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TileMath.Locate(level, index));
    }

    [Fact]
    public void NodeHash_AnySize_EqualsReferenceForEveryCompleteSubtree()
    {
        Gen.Select(Gen.Int[1, 3000], Gen.Int).Sample((size, seed) =>
        {
            var tree = MerkleReferenceTree.FromSeed(size, seed);
            var tiles = TilesFromAppends(tree.Leaves);

            foreach (var ((level, index), hash) in tree.Nodes)
            {
                Assert.Equal(hash, TileMath.NodeHash(level, index, tiles.Row));
            }
        }, iter: 30);
    }

    [Fact]
    public void NodeHash_ThreeTileLevelsWithPartialRightEdges_EqualsReference()
    {
        // 65,536 + 300 leaves: tile level 2 exists, and each level's last tile is partial.
        var tree = MerkleReferenceTree.FromSeed(65_836, 11);
        var tiles = TilesFromAppends(tree.Leaves);

        Assert.Equal(TileMath.FullTileBytes, tiles.Row(0, 256).Length);
        Assert.Equal(44 * MerkleHash.Size, tiles.Row(0, 257).Length);
        Assert.Equal(1 * MerkleHash.Size, tiles.Row(1, 1).Length);
        Assert.Equal(1 * MerkleHash.Size, tiles.Row(2, 0).Length);
        foreach (var ((level, index), hash) in tree.Nodes.Where(n => n.Key.Level >= 6 || n.Key.Index >= 65_000 >> n.Key.Level))
        {
            Assert.Equal(hash, TileMath.NodeHash(level, index, tiles.Row));
        }
        var fromTiles = new MerkleProver((level, index) => TileMath.NodeHash(level, index, tiles.Row));
        var fromNodes = new MerkleProver(tree.NodeHash);
        Assert.Equal(MerkleHash.RootOf(tree.Leaves), fromTiles.Root(tree.Size));
        Assert.Equal(fromNodes.InclusionProof(65_835, tree.Size), fromTiles.InclusionProof(65_835, tree.Size));
        Assert.Equal(fromNodes.ConsistencyProof(300, tree.Size), fromTiles.ConsistencyProof(300, tree.Size));
    }

    [Fact]
    public void NodeHash_IncompleteSubtree_Throws()
    {
        var tiles = TilesFromAppends(MerkleReferenceTree.FromSeed(5, 1).Leaves);

        Assert.Throws<InvalidOperationException>(() => TileMath.NodeHash(2, 1, tiles.Row));
        Assert.Throws<InvalidOperationException>(() => TileMath.NodeHash(0, 5, tiles.Row));
    }

    [Fact]
    public void TileRowCache_FullTiles_ReadOnceAndPartialTilesReadThrough()
    {
        var tree = MerkleReferenceTree.FromSeed(300, 2);
        var tiles = TilesFromAppends(tree.Leaves);
        var reads = new List<(int, long)>();
        var cache = new TileRowCache((level, index) =>
        {
            reads.Add((level, index));
            return tiles.Row(level, index);
        });

        Assert.Equal(tree.Nodes[(7, 0)], cache.NodeHash(7, 0));
        Assert.Equal(tree.Nodes[(6, 1)], cache.NodeHash(6, 1));
        Assert.Equal(tree.Nodes[(3, 33)], cache.NodeHash(3, 33));
        Assert.Equal(tree.Nodes[(2, 66)], cache.NodeHash(2, 66));

        Assert.Equal([(0, 0), (0, 1), (0, 1)], reads);
        Assert.Equal(1, cache.Count);
    }

    /// <summary>Tiles as a store fills them: every completed node at a level multiple of 8 goes to its tile slot.</summary>
    internal static TileSet TilesFromAppends(IEnumerable<byte[]> leaves)
    {
        var tiles = new TileSet();
        var frontier = new MerkleFrontier();
        foreach (var leaf in leaves)
        {
            frontier.Append(leaf, tiles.Store);
        }
        return tiles;
    }

    internal sealed class TileSet
    {
        private readonly Dictionary<(int Level, long Index), List<byte>> _rows = [];

        public void Store(int level, long index, byte[] hash)
        {
            if (level % TileMath.Height != 0)
            {
                return;
            }
            var (tileLevel, tileIndex, offset) = TileMath.Locate(level, index);
            if (!_rows.TryGetValue((tileLevel, tileIndex), out var row))
            {
                _rows[(tileLevel, tileIndex)] = row = [];
            }
            Assert.Equal(offset * MerkleHash.Size, row.Count); // appends arrive in order
            row.AddRange(hash);
        }

        public ReadOnlyMemory<byte> Row(int tileLevel, long tileIndex) =>
            _rows.TryGetValue((tileLevel, tileIndex), out var row) ? row.ToArray() : ReadOnlyMemory<byte>.Empty;
    }
}
