using System.Collections.Concurrent;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Storage.Ledger;

/// <summary>
/// Hashes of complete subtrees, read from tiles: the edge tiles from memory, full tiles (immutable) from the
/// database through a shared cache. A proof reads O(log n) tiles and never rehashes the log.
/// </summary>
internal sealed class TileSource(TrackingDb db, IReadOnlyDictionary<int, EdgeTile> edge, ConcurrentDictionary<(int, long), byte[]>? fullTiles = null)
{
    private readonly Dictionary<(int, long), ReadOnlyMemory<byte>> _read = [];

    public byte[] NodeHash(int level, long index) => TileMath.NodeHash(level, index, Rows);

    private ReadOnlyMemory<byte> Rows(int tileLevel, long tileIndex)
    {
        if (edge.TryGetValue(tileLevel, out var tile) && tile.TileIndex == tileIndex)
        {
            return tile.Hashes;
        }
        if (_read.TryGetValue((tileLevel, tileIndex), out var cached))
        {
            return cached;
        }
        if (fullTiles is not null && fullTiles.TryGetValue((tileLevel, tileIndex), out var full))
        {
            return full;
        }
        var hashes = db.LedgerTiles.Where(t => t.Level == tileLevel && t.TileIndex == tileIndex).Select(t => t.Hashes).SingleOrDefault()
            ?? throw new InvalidOperationException($"Ledger tile {tileLevel}/{tileIndex} is missing.");
        if (fullTiles is not null && hashes.Length == TileMath.Width * MerkleHash.Size && fullTiles.Count < 4096)
        {
            fullTiles[(tileLevel, tileIndex)] = hashes;
        }
        _read[(tileLevel, tileIndex)] = hashes;
        return hashes;
    }
}
