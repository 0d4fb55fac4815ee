using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Storage.Ledger;

/// <summary>What readers see of the ledger: the latest signed checkpoint and the right edge of the tiles it covers.</summary>
public sealed record LedgerSnapshot(Checkpoint Checkpoint, string Note, IReadOnlyDictionary<int, EdgeTile> EdgeTiles);

/// <summary>The rightmost (possibly partial) tile of one tile level.</summary>
public sealed record EdgeTile(long TileIndex, byte[] Hashes);

/// <summary>
/// The append side of the tamper-evident log, owned by the single writer: every audit event becomes the next leaf
/// in the same transaction, the tiles it completes are written with it, and the batch's new size is signed as a
/// checkpoint before the commit (kept in the database at most once a second).
/// </summary>
public sealed class LedgerAppender(NoteSigner signer, string origin, TimeProvider time)
{
    private MerkleFrontier _frontier = new();
    private Dictionary<int, EdgeTile> _edge = [];
    private long? _lastPersisted;
    private volatile LedgerSnapshot? _snapshot;
    private TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Origin => origin;
    public NoteSigner Signer => signer;

    /// <summary>Why writes are refused (the start-up integrity check failed), or null.</summary>
    public string? Refusal { get; private set; }

    public LedgerSnapshot? Snapshot => _snapshot;

    /// <summary>Completes at the next commit, after <see cref="Snapshot"/> has moved: take it, then read the snapshot.</summary>
    public Task NextCommit => Volatile.Read(ref _committed).Task;

    /// <summary>
    /// The start-up integrity check: recomputes the root from the stored leaf hashes, compares it with the last stored
    /// checkpoint (and the tiles with the leaves); on a mismatch writes are refused, with the reason, and reads go on.
    /// </summary>
    public async Task OpenAsync(TrackingDb db, CancellationToken cancellationToken)
    {
        var last = await db.Checkpoints.AsNoTracking().OrderByDescending(c => c.Size).FirstOrDefaultAsync(cancellationToken);
        var frontier = new MerkleFrontier();
        byte[]? rootAtLast = last is null || last.Size == 0 ? MerkleHash.EmptyRoot : null;
        await foreach (var leaf in db.AuditEvents.AsNoTracking().OrderBy(e => e.Seq).Select(e => new { e.Seq, e.LeafHash })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (leaf.Seq != frontier.Size)
            {
                Refuse($"entry {frontier.Size} is missing (the next stored entry is {leaf.Seq})");
                break;
            }
            frontier.Append(leaf.LeafHash);
            if (last is not null && frontier.Size == last.Size)
            {
                rootAtLast = frontier.Root();
            }
        }
        _frontier = frontier;
        _edge = await LoadEdgeAsync(db, cancellationToken);

        if (last is not null && Refusal is null)
        {
            if (rootAtLast is null)
            {
                Refuse($"the last checkpoint covers {last.Size} entries but only {frontier.Size} are stored");
            }
            else if (!rootAtLast.AsSpan().SequenceEqual(last.RootHash) || !SignedBy(last))
            {
                Refuse($"the stored entries do not hash to the root of the last checkpoint (size {last.Size})");
            }
        }
        if (Refusal is null && frontier.Size > 0)
        {
            var fromTiles = new MerkleProver(new TileSource((level, index) => TileSource.Read(db, level, index), _edge).NodeHash).Root(frontier.Size);
            if (!fromTiles.AsSpan().SequenceEqual(frontier.Root()))
            {
                Refuse("the stored tiles do not match the stored entries");
            }
        }
        if (Refusal is null)
        {
            var (checkpoint, note) = Sign(frontier.Size, frontier.Root());
            _snapshot = new LedgerSnapshot(checkpoint, note, _edge);
        }
        else if (last is not null)
        {
            // Reads go on from the last checkpoint this key signed, if it still verifies.
            _snapshot = Open(last.Note) is { } checkpoint ? new LedgerSnapshot(checkpoint, last.Note, _edge) : null;
        }
    }

    internal LedgerBatch Begin() => new(this, _frontier.Clone(), new Dictionary<int, EdgeTile>(_edge));

    internal (Checkpoint Checkpoint, string Note) Sign(long size, byte[] root)
    {
        var checkpoint = new Checkpoint(origin, size, root, []);
        return (checkpoint, signer.Sign(checkpoint.ToBody()));
    }

    /// <summary>Whether this batch's checkpoint should also be kept in the database (at most one a second).</summary>
    internal bool DuePersist(out long now)
    {
        now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return _lastPersisted is not { } last || now - last >= 1000;
    }

    internal void Commit(MerkleFrontier frontier, Dictionary<int, EdgeTile> edge, LedgerSnapshot snapshot, long? persistedAt)
    {
        _frontier = frontier;
        _edge = edge;
        _snapshot = snapshot;
        if (persistedAt is { } at)
        {
            _lastPersisted = at;
        }
        Interlocked.Exchange(ref _committed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private void Refuse(string why) => Refusal ??= "Ledger integrity check failed at start-up: " + why + ". Writes are refused until an operator investigates; reads go on.";

    private bool SignedBy(CheckpointRow row) =>
        Open(row.Note) is { } checkpoint && checkpoint.Size == row.Size && checkpoint.RootHash.AsSpan().SequenceEqual(row.RootHash);

    private Checkpoint? Open(string note) =>
        NoteVerifier.TryParse(signer.VerifierKey, out var verifier, out _) && verifier.TryOpen(note, out var text, out _)
        && Checkpoint.TryParse(text, out var checkpoint, out _) ? checkpoint : null;

    private static async Task<Dictionary<int, EdgeTile>> LoadEdgeAsync(TrackingDb db, CancellationToken cancellationToken)
    {
        var edge = new Dictionary<int, EdgeTile>();
        var levels = await db.LedgerTiles.AsNoTracking().GroupBy(t => t.Level)
            .Select(g => new { Level = g.Key, Index = g.Max(t => t.TileIndex) }).ToListAsync(cancellationToken);
        foreach (var level in levels)
        {
            var row = await db.LedgerTiles.AsNoTracking().SingleAsync(t => t.Level == level.Level && t.TileIndex == level.Index, cancellationToken);
            edge[level.Level] = new EdgeTile(row.TileIndex, row.Hashes);
        }
        return edge;
    }
}
