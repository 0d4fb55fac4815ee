using System.Collections.Concurrent;

namespace ServiceTracking.Core.Ledger;

/// <summary>
/// Keeps full tiles in memory: a tile of 256 hashes never changes once written, so it is safe to keep. Partial tiles on
/// the right edge grow with the log and are always read through. Thread-safe; when full it simply starts over.
/// </summary>
public sealed class TileRowCache(Func<int, long, ReadOnlyMemory<byte>> rows, int capacity = 1024)
{
    private readonly Func<int, long, ReadOnlyMemory<byte>> _rows = rows ?? throw new ArgumentNullException(nameof(rows));
    private readonly int _capacity = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));
    private readonly ConcurrentDictionary<(int Level, long Index), byte[]> _tiles = new();

    /// <summary>Full tiles held now.</summary>
    public int Count => _tiles.Count;

    /// <summary>The tile's hashes, from memory when it is a full tile seen before.</summary>
    public ReadOnlyMemory<byte> Read(int tileLevel, long tileIndex)
    {
        if (_tiles.TryGetValue((tileLevel, tileIndex), out var cached))
        {
            return cached;
        }
        var row = _rows(tileLevel, tileIndex);
        if (row.Length == TileMath.FullTileBytes)
        {
            if (_tiles.Count >= _capacity)
            {
                _tiles.Clear();
            }
            // A copy: the reader may reuse its buffer.
            _tiles[(tileLevel, tileIndex)] = row.ToArray();
        }
        return row;
    }

    /// <summary>A nodeHash for <see cref="MerkleProver"/> and <see cref="MerkleFrontier.Restore"/> backed by this cache.</summary>
    public byte[] NodeHash(int level, long index) => TileMath.NodeHash(level, index, Read);
}
