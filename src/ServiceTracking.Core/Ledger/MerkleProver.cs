using System.Numerics;

namespace ServiceTracking.Core.Ledger;

/// <summary>
/// Builds RFC 9162 proofs (§2.1.3.1 PATH, §2.1.4.1 PROOF) from hashes of COMPLETE subtrees only:
/// <c>nodeHash(level, index)</c> is the hash of the perfect subtree over leaves [index·2^level, (index+1)·2^level).
/// Never rehashes the log: O(log n) calls to nodeHash per root or proof. Hashes it returns are copies.
/// </summary>
public sealed class MerkleProver(Func<int, long, byte[]> nodeHash)
{
    private readonly Func<int, long, byte[]> _nodeHash = nodeHash ?? throw new ArgumentNullException(nameof(nodeHash));

    /// <summary>MTH of the first <paramref name="treeSize"/> leaves, folded from at most 63 complete subtrees.</summary>
    public byte[] Root(long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        return treeSize == 0 ? MerkleHash.EmptyRoot : RangeHash(0, treeSize);
    }

    /// <summary>PATH(index, D[0:treeSize]): sibling hashes from the leaf's level up, as <see cref="MerkleVerifier.VerifyInclusion"/> expects.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, treeSize);
        var (inner, border) = MerkleVerifier.Decompose(index, treeSize);
        var proof = new List<byte[]>(inner + border);
        // Below `inner` every sibling exists; only the highest of them may hang over the right edge (it is then
        // the MTH of the incomplete range, built from its complete subtrees).
        for (var level = 0; level < inner; level++)
        {
            var begin = ((index >> level) ^ 1) << level;
            proof.Add(RangeHash(begin, begin + Math.Min(1L << level, treeSize - begin)));
        }
        // Above it, the path runs along the right edge: only left siblings, all complete.
        for (var level = inner; (index >> level) != 0; level++)
        {
            if (((index >> level) & 1) == 1)
            {
                proof.Add(Copy(level, (index >> level) ^ 1));
            }
        }
        return proof;
    }

    /// <summary>PROOF(size1, D[0:size2]); empty when size1 is 0 or equals size2.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size1, size2);
        var proof = new List<byte[]>();
        if (size1 != 0 && size1 != size2)
        {
            SubProof(0, size1, size2, true, proof);
        }
        return proof;
    }

    // SUBPROOF(m, D[begin:begin+n], complete) of RFC 9162 §2.1.4.1. begin is always a multiple of a power of two ≥ n,
    // so every range below decomposes into complete subtrees from left to right by decreasing size.
    private void SubProof(long begin, long m, long n, bool complete, List<byte[]> proof)
    {
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(RangeHash(begin, begin + n));
            }
            return;
        }
        var k = MerkleHash.LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(begin, m, k, complete, proof);
            proof.Add(RangeHash(begin + k, begin + n));
        }
        else
        {
            SubProof(begin + k, m - k, n - k, false, proof);
            var level = BitOperations.TrailingZeroCount(k);
            proof.Add(Copy(level, begin >> level));
        }
    }

    /// <summary>MTH(D[begin:end]) for an aligned range: the right fold of its complete subtrees, largest first.</summary>
    private byte[] RangeHash(long begin, long end)
    {
        Span<int> levels = stackalloc int[64];
        Span<long> indices = stackalloc long[64];
        var count = 0;
        while (begin < end)
        {
            var level = Math.Min(begin == 0 ? 63 : BitOperations.TrailingZeroCount(begin), BitOperations.Log2((ulong)(end - begin)));
            levels[count] = level;
            indices[count] = begin >> level;
            count++;
            begin += 1L << level;
        }
        var hash = Copy(levels[count - 1], indices[count - 1]);
        for (var i = count - 2; i >= 0; i--)
        {
            MerkleHash.Node(Fetch(levels[i], indices[i]), hash, hash);
        }
        return hash;
    }

    private byte[] Copy(int level, long index) => (byte[])Fetch(level, index).Clone();

    private byte[] Fetch(int level, long index)
    {
        var hash = _nodeHash(level, index);
        return hash is { Length: MerkleHash.Size }
            ? hash
            : throw new InvalidOperationException($"The stored hash of node ({level}, {index}) is missing or not {MerkleHash.Size} bytes.");
    }
}
