using System.Collections.Concurrent;

namespace ServiceTracking.Core.Ledger;

/// <summary>
/// Remembers the hashes of complete subtrees at or above <c>minLevel</c>. A complete subtree never changes, and the
/// upper ones are shared by every proof, so with tiles a proof then mostly costs the hashing inside its own level-0 tile.
/// Thread-safe; when full it simply starts over. Hashes it returns are shared: read them, do not modify them
/// (<see cref="MerkleProver"/> and <see cref="MerkleFrontier.Restore"/> copy what they keep).
/// </summary>
public sealed class MerkleNodeCache(Func<int, long, byte[]> nodeHash, int minLevel = TileMath.Height, int capacity = 1 << 16)
{
    private readonly Func<int, long, byte[]> _nodeHash = nodeHash ?? throw new ArgumentNullException(nameof(nodeHash));
    private readonly int _minLevel = minLevel >= 0 ? minLevel : throw new ArgumentOutOfRangeException(nameof(minLevel));
    private readonly int _capacity = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));
    private readonly ConcurrentDictionary<(int Level, long Index), byte[]> _nodes = new();
    private int _count;

    /// <summary>Hashes held now.</summary>
    public int Count => _nodes.Count;

    /// <summary>The complete subtree's hash, from memory when its level is cached and it was asked for before.</summary>
    public byte[] NodeHash(int level, long index)
    {
        if (level < _minLevel)
        {
            return _nodeHash(level, index);
        }
        if (_nodes.TryGetValue((level, index), out var cached))
        {
            return cached;
        }
        var hash = _nodeHash(level, index);
        if (hash is { Length: MerkleHash.Size })
        {
            if (Interlocked.Increment(ref _count) > _capacity)
            {
                _nodes.Clear();
                Interlocked.Exchange(ref _count, 1);
            }
            _nodes.TryAdd((level, index), (byte[])hash.Clone());
        }
        return hash;
    }
}
