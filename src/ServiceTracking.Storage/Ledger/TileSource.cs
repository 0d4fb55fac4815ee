using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Storage.Ledger;

/// <summary>
/// Hashes of complete subtrees, read from tiles: the edge tiles from memory, the others from <paramref name="stored"/>
/// (the database, usually through a <see cref="TileRowCache"/>). A proof reads O(log n) tiles and never rehashes the log.
/// </summary>
internal sealed class TileSource(Func<int, long, ReadOnlyMemory<byte>> stored, IReadOnlyDictionary<int, EdgeTile> edge)
{
    public byte[] NodeHash(int level, long index) => TileMath.NodeHash(level, index, Rows);

    private ReadOnlyMemory<byte> Rows(int tileLevel, long tileIndex) =>
        edge.TryGetValue(tileLevel, out var tile) && tile.TileIndex == tileIndex ? tile.Hashes : stored(tileLevel, tileIndex);

    /// <summary>Reads one stored tile (a full one never changes; the edge comes from memory).</summary>
    public static ReadOnlyMemory<byte> Read(TrackingDb db, int tileLevel, long tileIndex) =>
        db.LedgerTiles.Where(t => t.Level == tileLevel && t.TileIndex == tileIndex).Select(t => t.Hashes).SingleOrDefault()
        ?? throw new InvalidOperationException($"Ledger tile {tileLevel}/{tileIndex} is missing.");
}
