using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Storage.Ledger;

public sealed record StoredEntry(long Index, byte[] Entry, byte[] LeafHash);

public sealed record InclusionProof(long Index, long TreeSize, byte[] RootHash, IReadOnlyList<byte[]> Proof);

/// <summary>Everything needed to check offline that an entry is in the log: the entry's leaf, a signed checkpoint and the path to its root.</summary>
public sealed record Receipt(string RecordId, long Index, byte[] LeafHash, string Checkpoint, IReadOnlyList<byte[]> InclusionProof);

/// <summary>Reads the log: entries, signed checkpoints and proofs built from stored tiles in O(log n) reads.</summary>
public sealed class LedgerReader
{
    public const int MaxRange = 1000;

    private readonly IDbContextFactory<TrackingDb> _dbFactory;
    private readonly LedgerAppender _appender;

    // Full tiles and complete subtrees never change, so every proof shares them: a new entry's receipt then costs a
    // handful of lookups (its edge tile is in memory) rather than a database read and a few hundred hashes.
    private readonly TileRowCache _tiles;
    private readonly MerkleProver _prover;

    public LedgerReader(IDbContextFactory<TrackingDb> dbFactory, LedgerAppender appender)
    {
        _dbFactory = dbFactory;
        _appender = appender;
        _tiles = new TileRowCache(ReadStored, capacity: 4096);
        // A complete node is the same in every snapshot that covers it: in the latest one's edge tile, or stored.
        var nodes = new MerkleNodeCache(
            (level, index) => new TileSource(_tiles.Read, _appender.Snapshot?.EdgeTiles ?? new Dictionary<int, EdgeTile>()).NodeHash(level, index),
            minLevel: 1, capacity: 1 << 18);
        _prover = new MerkleProver(nodes.NodeHash);
    }

    public LedgerSnapshot? Latest => _appender.Snapshot;

    public string VerifierKey => _appender.Signer.VerifierKey;

    public async Task<IReadOnlyList<StoredEntry>> EntriesAsync(long start, long end, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEvents.AsNoTracking().Where(e => e.Seq >= start && e.Seq < end).OrderBy(e => e.Seq)
            .Select(e => new StoredEntry(e.Seq, e.Entry, e.LeafHash)).ToListAsync(cancellationToken);
    }

    /// <summary>An inclusion proof of <paramref name="index"/> in the tree of <paramref name="treeSize"/> entries (at most the latest checkpoint's).</summary>
    public Task<InclusionProof> InclusionAsync(long index, long treeSize, CancellationToken cancellationToken)
    {
        Covering(treeSize);
        return Task.FromResult(new InclusionProof(index, treeSize, _prover.Root(treeSize), _prover.InclusionProof(index, treeSize)));
    }

    /// <summary>The root of the first <paramref name="treeSize"/> entries (at most the latest checkpoint's).</summary>
    public Task<byte[]> RootAsync(long treeSize, CancellationToken cancellationToken)
    {
        Covering(treeSize);
        return Task.FromResult(_prover.Root(treeSize));
    }

    public Task<IReadOnlyList<byte[]>> ConsistencyAsync(long from, long to, CancellationToken cancellationToken)
    {
        Covering(to);
        return Task.FromResult(_prover.ConsistencyProof(from, to));
    }

    /// <summary>The receipt of a contribution: its CONTRIBUTION_SUBMITTED entry proved against the latest checkpoint.</summary>
    public async Task<Receipt?> ReceiptAsync(string recordId, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var submitted = AuditAction.ContributionSubmitted.WireName();
        var entry = await db.AuditEvents.AsNoTracking().Where(e => e.RecordId == recordId && e.Action == submitted)
            .Select(e => new { e.Seq, e.LeafHash }).FirstOrDefaultAsync(cancellationToken);
        return entry is null ? null : Receipt(_appender.Snapshot, recordId, entry.Seq, entry.LeafHash);
    }

    /// <summary>
    /// The receipts of several contributions in one read, all proved against the same (latest) checkpoint; a record
    /// not yet covered by a checkpoint has none.
    /// </summary>
    public async Task<IReadOnlyList<Receipt>> ReceiptsAsync(IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var submitted = AuditAction.ContributionSubmitted.WireName();
        var entries = await db.AuditEvents.AsNoTracking().Where(e => e.RecordId != null && recordIds.Contains(e.RecordId) && e.Action == submitted)
            .OrderBy(e => e.Seq).Select(e => new { e.RecordId, e.Seq, e.LeafHash }).ToListAsync(cancellationToken);
        var snapshot = _appender.Snapshot;
        return entries.Select(e => Receipt(snapshot, e.RecordId!, e.Seq, e.LeafHash)).OfType<Receipt>().ToList();
    }

    /// <summary>The receipt of an entry the caller already knows (a record just written): no database read.</summary>
    public Task<Receipt?> ReceiptAsync(string recordId, long index, byte[] leafHash, CancellationToken cancellationToken) =>
        Task.FromResult(Receipt(_appender.Snapshot, recordId, index, leafHash));

    private Receipt? Receipt(LedgerSnapshot? snapshot, string recordId, long index, byte[] leafHash)
    {
        return snapshot is null || index >= snapshot.Checkpoint.Size
            ? null
            : new Receipt(recordId, index, leafHash, snapshot.Note, _prover.InclusionProof(index, snapshot.Checkpoint.Size));
    }

    private ReadOnlyMemory<byte> ReadStored(int tileLevel, long tileIndex)
    {
        using var db = _dbFactory.CreateDbContext();
        return TileSource.Read(db, tileLevel, tileIndex);
    }

    private void Covering(long treeSize)
    {
        if (_appender.Snapshot is not { } snapshot || treeSize > snapshot.Checkpoint.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(treeSize), $"The log has no checkpoint of {treeSize} entries yet.");
        }
    }
}
