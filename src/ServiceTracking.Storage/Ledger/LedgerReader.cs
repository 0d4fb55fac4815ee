using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Storage.Ledger;

public sealed record StoredEntry(long Index, byte[] Entry, byte[] LeafHash);

public sealed record InclusionProof(long Index, long TreeSize, byte[] RootHash, IReadOnlyList<byte[]> Proof);

/// <summary>Everything needed to check offline that an entry is in the log: the entry's leaf, a signed checkpoint and the path to its root.</summary>
public sealed record Receipt(string RecordId, long Index, byte[] LeafHash, string Checkpoint, IReadOnlyList<byte[]> InclusionProof);

/// <summary>Reads the log: entries, signed checkpoints and proofs built from stored tiles in O(log n) reads.</summary>
public sealed class LedgerReader(IDbContextFactory<TrackingDb> dbFactory, LedgerAppender appender)
{
    public const int MaxRange = 1000;

    private const int MaxCachedNodes = 1 << 18;

    // Complete subtrees never change, so their hashes are shared by every proof: a new entry's receipt then costs a
    // handful of hashes instead of the few hundred it takes to rebuild its tile's inner nodes.
    private readonly ConcurrentDictionary<(int, long), byte[]> _nodes = new();
    private readonly ConcurrentDictionary<(int, long), byte[]> _fullTiles = new();

    public LedgerSnapshot? Latest => appender.Snapshot;

    public string VerifierKey => appender.Signer.VerifierKey;

    public async Task<IReadOnlyList<StoredEntry>> EntriesAsync(long start, long end, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEvents.AsNoTracking().Where(e => e.Seq >= start && e.Seq < end).OrderBy(e => e.Seq)
            .Select(e => new StoredEntry(e.Seq, e.Entry, e.LeafHash)).ToListAsync(cancellationToken);
    }

    /// <summary>An inclusion proof of <paramref name="index"/> in the tree of <paramref name="treeSize"/> entries (at most the latest checkpoint's).</summary>
    public async Task<InclusionProof> InclusionAsync(long index, long treeSize, CancellationToken cancellationToken)
    {
        var snapshot = Covering(treeSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prover = Prover(db, snapshot);
        return new InclusionProof(index, treeSize, prover.Root(treeSize), prover.InclusionProof(index, treeSize));
    }

    /// <summary>The root of the first <paramref name="treeSize"/> entries (at most the latest checkpoint's).</summary>
    public async Task<byte[]> RootAsync(long treeSize, CancellationToken cancellationToken)
    {
        var snapshot = Covering(treeSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return Prover(db, snapshot).Root(treeSize);
    }

    public async Task<IReadOnlyList<byte[]>> ConsistencyAsync(long from, long to, CancellationToken cancellationToken)
    {
        var snapshot = Covering(to);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return Prover(db, snapshot).ConsistencyProof(from, to);
    }

    /// <summary>The receipt of a contribution: its CONTRIBUTION_SUBMITTED entry proved against the latest checkpoint.</summary>
    public async Task<Receipt?> ReceiptAsync(string recordId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.AuditEvents.AsNoTracking().Where(e => e.RecordId == recordId && e.Action == "CONTRIBUTION_SUBMITTED")
            .Select(e => new { e.Seq, e.LeafHash }).FirstOrDefaultAsync(cancellationToken);
        return entry is null ? null : Receipt(db, recordId, entry.Seq, entry.LeafHash);
    }

    /// <summary>The receipt of an entry the caller already knows (a record just written).</summary>
    public async Task<Receipt?> ReceiptAsync(string recordId, long index, byte[] leafHash, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return Receipt(db, recordId, index, leafHash);
    }

    private Receipt? Receipt(TrackingDb db, string recordId, long index, byte[] leafHash)
    {
        var snapshot = appender.Snapshot;
        return snapshot is null || index >= snapshot.Checkpoint.Size
            ? null
            : new Receipt(recordId, index, leafHash, snapshot.Note, Prover(db, snapshot).InclusionProof(index, snapshot.Checkpoint.Size));
    }

    private MerkleProver Prover(TrackingDb db, LedgerSnapshot snapshot)
    {
        var tiles = new TileSource(db, snapshot.EdgeTiles, _fullTiles);
        return new MerkleProver((level, index) =>
        {
            if (level == 0)
            {
                return tiles.NodeHash(0, index);
            }
            if (_nodes.TryGetValue((level, index), out var cached))
            {
                return cached;
            }
            if (_nodes.Count >= MaxCachedNodes)
            {
                _nodes.Clear();
            }
            return _nodes[(level, index)] = tiles.NodeHash(level, index);
        });
    }

    private LedgerSnapshot Covering(long treeSize) =>
        appender.Snapshot is { } snapshot && treeSize <= snapshot.Checkpoint.Size
            ? snapshot
            : throw new ArgumentOutOfRangeException(nameof(treeSize), $"The log has no checkpoint of {treeSize} entries yet.");
}
