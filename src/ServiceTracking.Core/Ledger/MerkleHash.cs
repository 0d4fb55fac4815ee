using System.Security.Cryptography;

namespace ServiceTracking.Core.Ledger;

/// <summary>The hashes of RFC 9162 §2.1.1: leaves and interior nodes with distinct prefixes, and the Merkle Tree Hash.</summary>
public static class MerkleHash
{
    public const int Size = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;
    private const int StackLeafLimit = 1024;

    private static readonly byte[] s_emptyRoot = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>MTH({}) = SHA-256 of the empty string; a fresh copy each time, so callers may keep it.</summary>
    public static byte[] EmptyRoot => (byte[])s_emptyRoot.Clone();

    /// <summary>SHA-256(0x00 ‖ entry).</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> entry)
    {
        var hash = new byte[Size];
        if (entry.Length < StackLeafLimit)
        {
            Span<byte> input = stackalloc byte[entry.Length + 1];
            input[0] = LeafPrefix;
            entry.CopyTo(input[1..]);
            SHA256.HashData(input, hash);
            return hash;
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([LeafPrefix]);
        sha.AppendData(entry);
        sha.GetHashAndReset(hash);
        return hash;
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right); both children are 32-byte hashes.</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[Size];
        Node(left, right, hash);
        return hash;
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right) into <paramref name="destination"/>, which may overlap either child.</summary>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != Size || right.Length != Size)
        {
            throw new ArgumentException($"Both children must be {Size}-byte hashes (got {left.Length} and {right.Length}).");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        Span<byte> input = stackalloc byte[1 + 2 * Size];
        input[0] = NodePrefix;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Size)..]);
        SHA256.HashData(input, destination);
    }

    /// <summary>
    /// The reference MTH of RFC 9162 §2.1.1 over leaf hashes: hashes every node once (O(n)).
    /// For tests, audits and start-up checks; serving paths use <see cref="MerkleProver"/> or <see cref="MerkleFrontier"/>.
    /// </summary>
    public static byte[] RootOf(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        if (leafHashes.Count == 0)
        {
            return EmptyRoot;
        }
        foreach (var leaf in leafHashes)
        {
            if (leaf is not { Length: Size })
            {
                throw new ArgumentException($"Every leaf hash must be {Size} bytes.", nameof(leafHashes));
            }
        }
        return leafHashes.Count == 1 ? (byte[])leafHashes[0].Clone() : Subtree(leafHashes, 0, leafHashes.Count);
    }

    // MTH(D[start:start+n]): split at the largest power of two below n, exactly as the RFC defines it.
    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, int start, int n)
    {
        if (n == 1)
        {
            return leaves[start];
        }
        var k = (int)LargestPowerOfTwoBelow(n);
        return Node(Subtree(leaves, start, k), Subtree(leaves, start + k, n - k));
    }

    /// <summary>The largest power of two strictly less than <paramref name="n"/> (n ≥ 2).</summary>
    internal static long LargestPowerOfTwoBelow(long n) => 1L << (63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(n - 1)));
}
