namespace ServiceTracking.Core.Ledger;

/// <summary>
/// C2SP tlog-tiles addressing with tile height 8: tile (L, N) holds the hashes of the level-8L nodes N·256 … N·256+255,
/// 32 bytes each in order; the right-edge tile of a level may be partial (fewer than 256 hashes).
/// Storage fills tiles from <see cref="MerkleFrontier.Append"/>'s callback: every completed node whose level is a
/// multiple of 8 goes to <see cref="Locate"/>(level, index). Any other complete node is recomputed from one tile.
/// </summary>
public static class TileMath
{
    public const int Height = 8, Width = 256;

    /// <summary>Bytes in a full tile.</summary>
    public const int FullTileBytes = Width * MerkleHash.Size;

    // Node indices are longs: a level-62 node is the highest whose first leaf index still fits.
    private const int MaxLevel = 62;

    /// <summary>The tile and the position in it that store the node (level, index); level must be a multiple of 8.</summary>
    public static (int TileLevel, long TileIndex, int Offset) Locate(int level, long index)
    {
        if (level < 0 || level > MaxLevel || level % Height != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Tiles store only levels that are multiples of 8.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return (level / Height, index >> Height, (int)(index & (Width - 1)));
    }

    /// <summary>
    /// The hash of the complete subtree (level, index), read from the tile that holds its level-8L descendants:
    /// a node at level 8L+j hashes the 2^j hashes under it (2^j − 1 hash operations, at most 127).
    /// <paramref name="rows"/>(tileLevel, tileIndex) returns that tile's hashes, possibly partial.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tile does not (yet) hold every hash under the node.</exception>
    public static byte[] NodeHash(int level, long index, Func<int, long, ReadOnlyMemory<byte>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, long.MaxValue >> level);

        var rise = level % Height;
        var (tileLevel, tileIndex, offset) = Locate(level - rise, index << rise);
        var count = 1 << rise;
        var row = rows(tileLevel, tileIndex).Span;
        if (row.Length % MerkleHash.Size != 0 || row.Length < (offset + count) * MerkleHash.Size)
        {
            throw new InvalidOperationException(
                $"Tile ({tileLevel}, {tileIndex}) holds {row.Length} bytes: too few for node ({level}, {index}), or not whole hashes.");
        }
        var hashes = row.Slice(offset * MerkleHash.Size, count * MerkleHash.Size);
        if (count == 1)
        {
            return hashes.ToArray();
        }

        // Pair up level by level; the first pass reads the tile, the later ones work in place.
        Span<byte> work = stackalloc byte[count / 2 * MerkleHash.Size];
        for (var i = 0; i < count / 2; i++)
        {
            MerkleHash.Node(Hash(hashes, 2 * i), Hash(hashes, 2 * i + 1), work.Slice(i * MerkleHash.Size, MerkleHash.Size));
        }
        for (var n = count / 2; n > 1; n /= 2)
        {
            for (var i = 0; i < n / 2; i++)
            {
                MerkleHash.Node(Hash(work, 2 * i), Hash(work, 2 * i + 1), work.Slice(i * MerkleHash.Size, MerkleHash.Size));
            }
        }
        return work[..MerkleHash.Size].ToArray();
    }

    private static ReadOnlySpan<byte> Hash(ReadOnlySpan<byte> hashes, int i) => hashes.Slice(i * MerkleHash.Size, MerkleHash.Size);
}
