using BenchmarkDotNet.Attributes;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Bench;

/// <summary>
/// Proofs over a 1,000,000-leaf log whose hashes are held as C2SP tiles (one byte array per tile, partial tiles at their
/// width), as storage holds them: every complete node is read from one tile through TileMath.NodeHash
/// (a node at level 8L+j costs 2^j − 1 hashes), with and without a MerkleNodeCache over the upper levels.
/// </summary>
[MemoryDiagnoser]
public class MerkleProofBenchmarks
{
    private const long TreeSize = 1_000_000;
    private const int Batch = 1024;

    private readonly Dictionary<(int Level, long Index), byte[]> _tiles = [];
    private MerkleProver _prover = null!;
    private MerkleProver _cachedProver = null!;
    private byte[][] _leaves = [];
    private long[] _indices = [];
    private long[] _sizes1 = [];
    private IReadOnlyList<byte[]>[] _inclusionProofs = [];
    private IReadOnlyList<byte[]>[] _consistencyProofs = [];
    private byte[][] _roots1 = [];
    private byte[] _root = [];
    private uint _next;

    [GlobalSetup]
    public void Setup()
    {
        var frontier = new MerkleFrontier();
        var widths = new Dictionary<(int, long), int>();
        _leaves = new byte[TreeSize][];
        for (var i = 0L; i < TreeSize; i++)
        {
            _leaves[i] = MerkleHash.Leaf(BitConverter.GetBytes(i));
            frontier.Append(_leaves[i], (level, index, hash) =>
            {
                if (level % TileMath.Height != 0)
                {
                    return;
                }
                var (tileLevel, tileIndex, offset) = TileMath.Locate(level, index);
                if (!_tiles.TryGetValue((tileLevel, tileIndex), out var tile))
                {
                    _tiles[(tileLevel, tileIndex)] = tile = new byte[TileMath.FullTileBytes];
                }
                hash.CopyTo(tile, offset * MerkleHash.Size);
                widths[(tileLevel, tileIndex)] = offset + 1;
            });
        }
        // Right-edge tiles are stored at their width, as partial tiles.
        foreach (var (key, width) in widths.Where(w => w.Value < TileMath.Width))
        {
            _tiles[key] = _tiles[key][..(width * MerkleHash.Size)];
        }

        _prover = new MerkleProver((level, index) => TileMath.NodeHash(level, index, Row));
        _cachedProver = new MerkleProver(new MerkleNodeCache((level, index) => TileMath.NodeHash(level, index, Row)).NodeHash);
        _root = frontier.Root();
        if (!_root.AsSpan().SequenceEqual(_prover.Root(TreeSize)))
        {
            throw new InvalidOperationException("The tiles do not give the frontier's root.");
        }

        var random = new Random(42);
        _indices = [.. Enumerable.Range(0, Batch).Select(_ => random.NextInt64(TreeSize))];
        _sizes1 = [.. Enumerable.Range(0, Batch).Select(_ => random.NextInt64(1, TreeSize))];
        _inclusionProofs = [.. _indices.Select(i => _prover.InclusionProof(i, TreeSize))];
        _consistencyProofs = [.. _sizes1.Select(s => _prover.ConsistencyProof(s, TreeSize))];
        _roots1 = [.. _sizes1.Select(_prover.Root)];
        for (var i = 0; i < Batch; i++)
        {
            if (!MerkleVerifier.VerifyInclusion(_indices[i], TreeSize, _leaves[_indices[i]], _inclusionProofs[i], _root)
                || !MerkleVerifier.VerifyConsistency(_sizes1[i], TreeSize, _consistencyProofs[i], _roots1[i], _root))
            {
                throw new InvalidOperationException("A generated proof does not verify.");
            }
        }
    }

    private ReadOnlyMemory<byte> Row(int tileLevel, long tileIndex) => _tiles[(tileLevel, tileIndex)];

    [Benchmark]
    public int InclusionProof() => _prover.InclusionProof(_indices[_next++ % Batch], TreeSize).Count;

    [Benchmark]
    public int ConsistencyProof() => _prover.ConsistencyProof(_sizes1[_next++ % Batch], TreeSize).Count;

    // Upper complete subtrees (level ≥ 8) remembered across proofs, as a server would keep them.
    [Benchmark]
    public int InclusionProof_NodeCache() => _cachedProver.InclusionProof(_indices[_next++ % Batch], TreeSize).Count;

    [Benchmark]
    public int ConsistencyProof_NodeCache() => _cachedProver.ConsistencyProof(_sizes1[_next++ % Batch], TreeSize).Count;

    [Benchmark]
    public byte[] Root() => _prover.Root(TreeSize);

    [Benchmark]
    public bool VerifyInclusion()
    {
        var i = _next++ % Batch;
        return MerkleVerifier.VerifyInclusion(_indices[i], TreeSize, _leaves[_indices[i]], _inclusionProofs[i], _root);
    }

    [Benchmark]
    public bool VerifyConsistency()
    {
        var i = _next++ % Batch;
        return MerkleVerifier.VerifyConsistency(_sizes1[i], TreeSize, _consistencyProofs[i], _roots1[i], _root);
    }
}
