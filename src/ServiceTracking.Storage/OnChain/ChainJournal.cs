using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage.OnChain;

/// <summary>Something per-record mode may publish, found at ledger entry <see cref="Index"/>; <see cref="Key"/> names it once per registry.</summary>
public abstract record ChainCandidate(long Index, string Key, EthAddress Lightworker);

/// <summary>A verified contribution: <c>recordService</c>.</summary>
public sealed record RecordCandidate(long Index, string RecordId, EthAddress Contributor, string Type, long ImpactCents)
    : ChainCandidate(Index, ChainJournal.RecordKey(RecordId), Contributor);

/// <summary>A grant with ScrollCoin in it: <c>distributeReward</c>. <see cref="RecordId"/> is null for a daily or weekly grant.</summary>
public sealed record GrantCandidate(long Index, string GrantKey, EthAddress Recipient, string? RecordId, long ScrollMicros)
    : ChainCandidate(Index, ChainJournal.GrantKey(GrantKey), Recipient);

/// <summary>
/// What this service wrote to a registry contract, per registry address: anchored checkpoints, and in per-record mode
/// the records and grants published and a cursor over the ledger. The ledger is the outbox: its entries are in commit
/// order and never change, so a cursor over their indices misses nothing, and a publication row written in the same
/// transaction as the cursor's move means nothing is published twice.
/// </summary>
public sealed class ChainJournal(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory)
{
    public static string RecordKey(string recordId) => "record:" + recordId;

    public static string GrantKey(string grantKey) => "grant:" + grantKey;

    public async Task<ChainAnchorRow?> LastAnchorAsync(EthAddress registry, CancellationToken cancellationToken)
    {
        var key = registry.ToLowerHex();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ChainAnchors.AsNoTracking().Where(a => a.Registry == key).OrderByDescending(a => a.TreeSize).FirstOrDefaultAsync(cancellationToken);
    }

    public Task AddAnchorAsync(ChainAnchorRow anchor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        return writer.ExecuteAsync(ctx =>
        {
            ctx.AddAnchor(anchor);
            return true;
        }, cancellationToken);
    }

    /// <summary>The next ledger index to look at for <paramref name="registry"/> (0 at first).</summary>
    public async Task<long> CursorAsync(EthAddress registry, CancellationToken cancellationToken)
    {
        var key = registry.ToLowerHex();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ChainCursors.AsNoTracking().Where(c => c.Registry == key).Select(c => c.NextIndex).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The candidates among ledger entries [<paramref name="from"/>, <paramref name="to"/>), in ledger order, without
    /// those already published: a contribution at the first of its submission, approval or grant entries that finds
    /// it verified (a grant is written before the approval that causes it), and a grant that pays ScrollCoin at its
    /// REWARD_DISTRIBUTED entry, after its contribution. Whether a profile is public is for the caller to check when
    /// it sends.
    /// </summary>
    public async Task<IReadOnlyList<ChainCandidate>> ScanAsync(EthAddress registry, long from, long to, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (submitted, approved, rewarded) = (AuditAction.ContributionSubmitted.WireName(), AuditAction.ReviewApproved.WireName(), AuditAction.RewardDistributed.WireName());
        var entries = await db.AuditEvents.AsNoTracking()
            .Where(e => e.Seq >= from && e.Seq < to
                && (e.Action == submitted || e.Action == approved || e.Action == rewarded))
            .OrderBy(e => e.Seq).Select(e => new { e.Seq, e.Action, e.RecordId }).ToListAsync(cancellationToken);
        var recordIds = entries.Where(e => e.RecordId != null).Select(e => e.RecordId!).Distinct().ToList();
        var grantIndices = entries.Where(e => e.Action == rewarded).Select(e => e.Seq).ToList();
        var verified = (int)ContributionStatus.Verified;
        var records = await db.Contributions.AsNoTracking().Where(c => recordIds.Contains(c.RecordId) && c.Status == verified)
            .ToDictionaryAsync(c => c.RecordId, cancellationToken);
        var grants = await db.Grants.AsNoTracking().Where(g => grantIndices.Contains(g.LedgerIndex) && g.ScrollMicros > 0)
            .ToDictionaryAsync(g => g.LedgerIndex, cancellationToken);

        var candidates = new List<ChainCandidate>();
        foreach (var entry in entries)
        {
            if (entry.RecordId is { } id && records.TryGetValue(id, out var c))
            {
                candidates.Add(new RecordCandidate(entry.Seq, c.RecordId, EthAddress.Parse(c.Contributor), c.Type, c.ImpactCents));
            }
            if (entry.Action == rewarded && grants.TryGetValue(entry.Seq, out var g))
            {
                candidates.Add(new GrantCandidate(entry.Seq, g.Key, EthAddress.Parse(g.Recipient), g.RecordId, g.ScrollMicros));
            }
        }
        var registryKey = registry.ToLowerHex();
        var keys = candidates.Select(c => c.Key).Distinct().ToList();
        var published = (await db.ChainPublications.AsNoTracking().Where(p => p.Registry == registryKey && keys.Contains(p.Key))
            .Select(p => p.Key).ToListAsync(cancellationToken)).ToHashSet();
        return candidates.Where(c => !published.Contains(c.Key)).DistinctBy(c => c.Key).ToList();
    }

    /// <summary>A published contribution's index in its lightworker's history on the registry, or null.</summary>
    public async Task<long?> RecordIndexAsync(EthAddress registry, string recordId, CancellationToken cancellationToken)
    {
        var (registryKey, key) = (registry.ToLowerHex(), RecordKey(recordId));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ChainPublications.AsNoTracking().Where(p => p.Registry == registryKey && p.Key == key)
            .Select(p => (long?)p.ChainIndex).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The index of the lightworker's latest published contribution on the registry, or null when none is.</summary>
    public async Task<long?> LatestRecordIndexAsync(EthAddress registry, EthAddress lightworker, CancellationToken cancellationToken)
    {
        var (registryKey, address) = (registry.ToLowerHex(), lightworker.ToLowerHex());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ChainPublications.AsNoTracking()
            .Where(p => p.Registry == registryKey && p.Lightworker == address && p.Key.StartsWith("record:"))
            .MaxAsync(p => (long?)p.ChainIndex, cancellationToken);
    }

    /// <summary>The ScrollCoin micro-units this service has booked for the lightworker on the registry.</summary>
    public async Task<long> PublishedRewardsAsync(EthAddress registry, EthAddress lightworker, CancellationToken cancellationToken)
    {
        var (registryKey, address) = (registry.ToLowerHex(), lightworker.ToLowerHex());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ChainPublications.AsNoTracking().Where(p => p.Registry == registryKey && p.Lightworker == address)
            .SumAsync(p => p.AmountMicros, cancellationToken);
    }

    /// <summary>
    /// Records a publication (when given) and moves the cursor to <paramref name="nextIndex"/>, in one transaction.
    /// The cursor may stay on an entry that has more candidates: those already published are not scanned again.
    /// </summary>
    public Task AdvanceAsync(EthAddress registry, long nextIndex, ChainPublicationRow? publication, CancellationToken cancellationToken)
    {
        var key = registry.ToLowerHex();
        return writer.ExecuteAsync(ctx =>
        {
            ctx.AdvanceChainCursor(key, nextIndex, publication);
            return true;
        }, cancellationToken);
    }
}
