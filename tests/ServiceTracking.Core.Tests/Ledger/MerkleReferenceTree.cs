using System.Security.Cryptography;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

/// <summary>
/// A tree held entirely in memory, built without the code under test beyond the two hash functions: every complete
/// subtree hash by level and index, and the C2SP tiles a store would hold for it.
/// </summary>
internal sealed class MerkleReferenceTree
{
    private readonly Dictionary<(int Level, long Index), byte[]> _nodes = [];

    public MerkleReferenceTree(IReadOnlyList<byte[]> leafHashes)
    {
        Leaves = leafHashes;
        var level = leafHashes.ToList();
        for (var height = 0; level.Count > 0; height++)
        {
            for (var i = 0; i < level.Count; i++)
            {
                _nodes[(height, i)] = level[i];
            }
            level = [.. Enumerable.Range(0, level.Count / 2).Select(i => MerkleHash.Node(level[2 * i], level[2 * i + 1]))];
        }
    }

    public IReadOnlyList<byte[]> Leaves { get; }

    public long Size => Leaves.Count;

    public IReadOnlyDictionary<(int Level, long Index), byte[]> Nodes => _nodes;

    /// <summary>Calls made to <see cref="NodeHash"/> so far.</summary>
    public int Reads { get; set; }

    /// <summary>Leaves derived from a seed, so that a failing case shrinks to a size and a seed.</summary>
    public static MerkleReferenceTree FromSeed(int size, int seed) =>
        new([.. Enumerable.Range(0, size).Select(i => Leaf(seed, i))]);

    public static byte[] Leaf(int seed, int i) => MerkleHash.Leaf(SHA256.HashData(BitConverter.GetBytes(((long)seed << 32) | (uint)i)));

    /// <summary>The stored hash of a complete subtree; asking for any other node is a bug in the caller.</summary>
    public byte[] NodeHash(int level, long index)
    {
        Reads++;
        return _nodes.TryGetValue((level, index), out var hash)
            ? hash
            : throw new InvalidOperationException($"({level}, {index}) is not a complete subtree of a tree of {Size} leaves.");
    }

    public byte[] RootOfPrefix(long size) => MerkleHash.RootOf([.. Leaves.Take((int)size)]);
}
