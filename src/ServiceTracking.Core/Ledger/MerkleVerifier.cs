using System.Numerics;
using System.Security.Cryptography;

namespace ServiceTracking.Core.Ledger;

/// <summary>
/// Verifies RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs. Never throws: any malformed input
/// (negative or out-of-range sizes, hashes that are not 32 bytes, a proof of the wrong length) is simply refused.
/// </summary>
public static class MerkleVerifier
{
    private const int Size = MerkleHash.Size;

    /// <summary>True when <paramref name="proof"/> shows the leaf at <paramref name="index"/> is in the tree of <paramref name="treeSize"/> leaves with <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        Span<byte> computed = stackalloc byte[Size];
        return TryRootFromInclusion(index, treeSize, leafHash, proof, computed) && Same(computed, root);
    }

    /// <summary>The root an inclusion proof leads to, or null when the proof is malformed for this index and size.</summary>
    public static byte[]? RootFromInclusion(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof)
    {
        var root = new byte[Size];
        return TryRootFromInclusion(index, treeSize, leafHash, proof, root) ? root : null;
    }

    /// <summary>
    /// True when <paramref name="proof"/> shows the tree (size2, root2) extends the tree (size1, root1).
    /// Requires 1 ≤ size1 ≤ size2; equal sizes need an empty proof and equal roots. A proof from the empty tree proves
    /// nothing and is refused, as the transparency-dev vectors expect.
    /// </summary>
    public static bool VerifyConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        if (proof is null || size1 <= 0 || size2 < size1)
        {
            return false;
        }
        if (size1 == size2)
        {
            return proof.Count == 0 && Same(root1, root2);
        }
        if (root1.Length != Size || root2.Length != Size)
        {
            return false;
        }

        // The proof is the tail of the inclusion proof of leaf size1-1 in the tree of size2, from level `shift` up:
        // below that level, the subtree of 2^shift leaves ending at size1 is complete in both trees.
        var (inner, border) = Decompose(size1 - 1, size2);
        var shift = BitOperations.TrailingZeroCount(size1);
        inner -= shift;
        // When size1 is itself 2^shift, that subtree is the whole first tree and its hash is root1, so the proof omits it.
        var start = size1 == 1L << shift ? 0 : 1;
        if (proof.Count != start + inner + border || !WellFormed(proof))
        {
            return false;
        }

        Span<byte> hash1 = stackalloc byte[Size];
        Span<byte> hash2 = stackalloc byte[Size];
        var seed = start == 0 ? root1 : proof[0];
        seed.CopyTo(hash1);
        seed.CopyTo(hash2);
        var mask = (size1 - 1) >> shift;

        // The first tree only has the left siblings on the path; the second tree has all of them.
        ChainInnerRight(hash1, proof, start, inner, mask);
        ChainBorderRight(hash1, proof, start + inner);
        if (!Same(hash1, root1))
        {
            return false;
        }
        ChainInner(hash2, proof, start, inner, mask);
        ChainBorderRight(hash2, proof, start + inner);
        return Same(hash2, root2);
    }

    private static bool TryRootFromInclusion(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, Span<byte> root)
    {
        if (proof is null || index < 0 || index >= treeSize || leafHash.Length != Size)
        {
            return false;
        }
        var (inner, border) = Decompose(index, treeSize);
        if (proof.Count != inner + border || !WellFormed(proof))
        {
            return false;
        }
        leafHash.CopyTo(root);
        ChainInner(root, proof, 0, inner, index);
        ChainBorderRight(root, proof, inner);
        return true;
    }

    /// <summary>
    /// Splits the inclusion proof of <paramref name="index"/> in a tree of <paramref name="size"/> leaves: the first
    /// <c>inner</c> hashes are siblings below the level where the paths to index and to size-1 part; the next
    /// <c>border</c> hashes are the left siblings above it (on the right edge, a node without a right sibling is promoted).
    /// </summary>
    internal static (int Inner, int Border) Decompose(long index, long size)
    {
        var inner = 64 - BitOperations.LeadingZeroCount((ulong)(index ^ (size - 1)));
        var border = BitOperations.PopCount((ulong)index >> inner);
        return (inner, border);
    }

    private static void ChainInner(Span<byte> seed, IReadOnlyList<byte[]> proof, int start, int count, long index)
    {
        for (var i = 0; i < count; i++)
        {
            var sibling = proof[start + i];
            if (((index >> i) & 1) == 0)
            {
                MerkleHash.Node(seed, sibling, seed);
            }
            else
            {
                MerkleHash.Node(sibling, seed, seed);
            }
        }
    }

    private static void ChainInnerRight(Span<byte> seed, IReadOnlyList<byte[]> proof, int start, int count, long index)
    {
        for (var i = 0; i < count; i++)
        {
            if (((index >> i) & 1) == 1)
            {
                MerkleHash.Node(proof[start + i], seed, seed);
            }
        }
    }

    private static void ChainBorderRight(Span<byte> seed, IReadOnlyList<byte[]> proof, int start)
    {
        for (var i = start; i < proof.Count; i++)
        {
            MerkleHash.Node(proof[i], seed, seed);
        }
    }

    private static bool WellFormed(IReadOnlyList<byte[]> proof)
    {
        for (var i = 0; i < proof.Count; i++)
        {
            if (proof[i] is not { Length: Size })
            {
                return false;
            }
        }
        return true;
    }

    private static bool Same(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => CryptographicOperations.FixedTimeEquals(a, b);
}
