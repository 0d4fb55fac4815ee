namespace ServiceTracking.Core.Ledger;

/// <summary>
/// The right edge of the tree, for appending: one complete-subtree hash per set bit of <see cref="Size"/> (O(log n)).
/// Not thread-safe; the appender owns it.
/// </summary>
public sealed class MerkleFrontier
{
    private const int MaxLevels = 63;

    // _nodes[level] is the hash of the complete subtree of 2^level leaves on the right edge, present iff bit `level` of Size is set.
    private readonly byte[]?[] _nodes = new byte[]?[MaxLevels];

    /// <summary>An empty tree.</summary>
    public MerkleFrontier()
    {
    }

    private MerkleFrontier(long size, byte[]?[] nodes)
    {
        Size = size;
        nodes.CopyTo(_nodes, 0);
    }

    /// <summary>Number of leaves appended.</summary>
    public long Size { get; private set; }

    /// <summary>Rebuilds the frontier of a tree of <paramref name="size"/> leaves from its stored complete subtrees (one nodeHash call per set bit of size).</summary>
    public static MerkleFrontier Restore(long size, Func<int, long, byte[]> nodeHash)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(nodeHash);
        var nodes = new byte[]?[MaxLevels];
        var begin = 0L;
        for (var level = MaxLevels - 1; level >= 0; level--)
        {
            if (((size >> level) & 1) == 0)
            {
                continue;
            }
            var hash = nodeHash(level, begin >> level);
            if (hash is not { Length: MerkleHash.Size })
            {
                throw new InvalidOperationException($"The stored hash of node ({level}, {begin >> level}) is missing or not {MerkleHash.Size} bytes.");
            }
            nodes[level] = (byte[])hash.Clone();
            begin += 1L << level;
        }
        return new MerkleFrontier(size, nodes);
    }

    /// <summary>
    /// Appends one leaf hash. <paramref name="onComplete"/> receives (level, index, hash) for every complete subtree this
    /// append completes, bottom-up: level 0 is the leaf itself at index Size, then its parent if that is now complete, and so on.
    /// </summary>
    public void Append(ReadOnlySpan<byte> leafHash, Action<int, long, byte[]>? onComplete = null)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHash.Size} bytes (got {leafHash.Length}).", nameof(leafHash));
        }
        if (Size == long.MaxValue)
        {
            throw new InvalidOperationException("The tree is full.");
        }
        var hash = leafHash.ToArray();
        var index = Size;
        var level = 0;
        onComplete?.Invoke(level, index, (byte[])hash.Clone());
        // Each set low bit of Size is a complete left sibling waiting for this one: carry, as in binary addition.
        while (((Size >> level) & 1) == 1)
        {
            MerkleHash.Node(_nodes[level]!, hash, hash);
            _nodes[level] = null;
            level++;
            index >>= 1;
            onComplete?.Invoke(level, index, (byte[])hash.Clone());
        }
        _nodes[level] = hash;
        Size++;
    }

    /// <summary>MTH of all appended leaves: the right fold of the frontier's subtrees; <see cref="MerkleHash.EmptyRoot"/> when empty.</summary>
    public byte[] Root()
    {
        byte[]? root = null;
        foreach (var node in _nodes)
        {
            if (node is null)
            {
                continue;
            }
            if (root is null)
            {
                root = (byte[])node.Clone();
            }
            else
            {
                MerkleHash.Node(node, root, root);
            }
        }
        return root ?? MerkleHash.EmptyRoot;
    }

    /// <summary>An independent copy, e.g. to compute a root for entries not yet committed.</summary>
    public MerkleFrontier Clone() => new(Size, _nodes);
}
