using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Privacy;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Storage;

/// <summary>A contribution whose signature and fields the HTTP edge has already checked.</summary>
public sealed record NewContribution(
    string RecordId, EthAddress Contributor, ulong Nonce, string Type, SubtypeRule Subtype,
    string DetailsJson, byte[] DetailsHash, string? ContentCid, byte[] ContentHash,
    DateTimeOffset PerformedAt, string Signature, DateTimeOffset? RecordedAt = null);

/// <summary>A recorded contribution as the store holds it.</summary>
/// <summary>One day's verified contributions of one category, and their impact.</summary>
public sealed record DailyActivity(DateOnly Day, string Category, int Contributions, decimal Impact);

public sealed record ContributionView(
    string RecordId, EthAddress Contributor, ulong Nonce, string Type, string Subtype, string Category,
    ContributionStatus Status, ScoreBreakdown Breakdown, long PerformedAt, long RecordedAt,
    string? ContentCid, byte[] ContentHash, byte[] DetailsHash, byte[] SealedDetails, string Signature)
{
    public decimal Impact => Breakdown.Impact;

    internal static ContributionView From(ContributionRow row) => new(
        row.RecordId, EthAddress.Parse(row.Contributor), (ulong)row.Nonce, row.Type, row.Subtype, row.Category,
        (ContributionStatus)row.Status, JsonSerializer.Deserialize<ScoreBreakdown>(row.BreakdownJson, StoreJson.Options)!,
        row.PerformedAt, row.RecordedAt, row.ContentCid, row.ContentHash, row.DetailsHash, row.SealedDetails, row.Signature);
}

/// <summary>The result of recording; <see cref="LedgerIndex"/> and <see cref="LeafHash"/> name the new submission entry (null for a replay).</summary>
public sealed record RecordOutcome(bool Created, ContributionView Contribution, long? LedgerIndex = null, byte[]? LeafHash = null);

public sealed record AuditEntry(long Seq, long Timestamp, string Action, string Actor, IReadOnlyDictionary<string, JsonElement> Fields);

/// <summary>Records contributions (through the writer) and reads them back.</summary>
public sealed class ContributionStore(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, Catalog catalog)
{
    public const string AutomatedActor = "AUTOMATED_SYSTEM";

    /// <summary>Records a new contribution, or returns the existing one when the same signed contribution comes again.</summary>
    /// <exception cref="RefusedException">Conflict: the contributor's nonce was used for different content.</exception>
    public Task<RecordOutcome> RecordAsync(NewContribution c, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx => Record(ctx, c), ctx => Announce(ctx, c), cancellationToken);

    // What recording asks the store, looked up for the whole batch at once: the record id and nonce, and the grants a
    // verification may make (their keys taken makes Grant a no-op), so Verify asks no query of its own.
    private static void Announce(WriteContext ctx, NewContribution c)
    {
        ctx.Expect(c.RecordId, c.Contributor.ToLowerHex(), checked((long)c.Nonce));
        ctx.ExpectGrant(GrantKeys.RealTime(c.RecordId));
        ctx.ExpectGrant(GrantKeys.Badge(Badges.FirstContribution, c.Contributor, Badges.Lifetime));
        ctx.ExpectFingerprints(c.ContentHash, c.DetailsJson, c.DetailsHash);
    }

    private RecordOutcome Record(WriteContext ctx, NewContribution c)
    {
        var contributor = c.Contributor.ToLowerHex();
        var nonce = checked((long)c.Nonce);
        // Answered from the batch's one lookup of every announced record id and nonce.
        if (ctx.KnownRecord(c.RecordId, contributor, nonce) is { } known)
        {
            return known == c.RecordId
                ? new RecordOutcome(false, ContributionView.From(ctx.StoredContribution(known)))
                : throw new RefusedException(StoreRefusalKind.Conflict,
                    $"Nonce {c.Nonce} of {c.Contributor} was already used for record {known}; sign the new contribution with an unused nonce.");
        }

        var suspended = ctx.EnsureContributor(c.Contributor);
        var day = DateOnly.FromDateTime(c.PerformedAt.UtcDateTime);
        ctx.AddAcceptedDay(c.Contributor, day);
        var streak = Streaks.EndingOn(ctx.DaysOf(c.Contributor), day);
        var (quality, rule) = AutomatedQuality(c);
        var breakdown = ImpactCalculator.Compute(catalog, c.Subtype, quality, streak, Recognition.None);
        var recordedAt = c.RecordedAt ?? ctx.Now; // RecordedAt: only the demo importer backdates
        var now = recordedAt.ToUnixTimeSeconds();
        var reason = ReviewPolicy.InitialReason(catalog, c.Subtype, breakdown.Impact, suspended)
            ?? Trust.AutoVerificationLimits.WaitReason(ctx, catalog.Trust, contributor, c.ContentHash, breakdown.Impact, DateOnly.FromDateTime(recordedAt.UtcDateTime).DayNumber);
        var status = reason is null ? ContributionStatus.Verified : ContributionStatus.UnderReview;
        var secret = Commitments.NewSecret();
        var row = new ContributionRow
        {
            RecordId = c.RecordId,
            Contributor = contributor,
            Nonce = nonce,
            Type = c.Type,
            Subtype = c.Subtype.Name,
            Category = c.Subtype.Category,
            SealedDetails = ctx.Seal(c.Contributor, PersonalData.DetailsLabel(c.RecordId), c.DetailsJson),
            DetailsHash = c.DetailsHash,
            ContentCid = c.ContentCid,
            ContentHash = c.ContentHash,
            PerformedAt = c.PerformedAt.ToUnixTimeSeconds(),
            PerformedDay = day.DayNumber,
            RecordedAt = now,
            Signature = c.Signature,
            Status = (int)status,
            Quality = (int)quality,
            StreakDays = streak,
            ImpactCents = Hundredths.From(breakdown.Impact),
            BreakdownJson = JsonSerializer.Serialize(breakdown, StoreJson.Options),
            CommitmentSecret = secret,
            ReviewReason = reason,
        };

        // The entry names the contributor, their signature and the details only through commitments (LEDGER.md "Entries").
        var (index, leafHash) = ctx.Audit(c.RecordId, AuditAction.ContributionSubmitted, Commitments.ContributorActor, now, new Dictionary<string, object?>
        {
            ["contributorCommitment"] = Commitments.Contributor(secret, c.Contributor),
            ["signatureCommitment"] = Commitments.Signature(secret, c.Signature),
            ["detailsCommitment"] = Commitments.Details(secret, c.DetailsJson),
            ["type"] = c.Type,
            ["subtype"] = c.Subtype.Name,
            ["performedAt"] = row.PerformedAt,
            ["contentHash"] = Hex.Encode(c.ContentHash),
            ["impactScore"] = breakdown.Impact,
            ["scoreBreakdown"] = breakdown,
            ["status"] = WireNames.Of(status),
        });
        ctx.Audit(c.RecordId, AuditAction.QualityAssessed, AutomatedActor, now, new Dictionary<string, object?>
        {
            ["quality"] = WireNames.Of(breakdown.Quality),
            ["score"] = breakdown.QualityFactor,
            ["impactScore"] = breakdown.Impact,
            ["rule"] = rule,
        });
        ctx.EmitContribution(EventType.ContributionRecorded, row);
        if (status == ContributionStatus.Verified)
        {
            Verification.Verify(ctx, catalog, row, DateTimeOffset.FromUnixTimeSeconds(now));
        }
        ctx.InsertContribution(row); // after Verify, which completes the row's reward fields
        ctx.EmitIfHighImpact(row, 0);
        ctx.CheckRecord(row, c.DetailsJson);
        return new RecordOutcome(true, ContributionView.From(row), index, leafHash);
    }

    private (QualityTier Quality, string? Rule) AutomatedQuality(NewContribution c)
    {
        if (catalog.QualityRules.Count == 0)
        {
            return (QualityTier.Standard, null);
        }
        using var details = JsonDocument.Parse(c.DetailsJson);
        return QualityRule.Assess(catalog.QualityRules, c.Type, c.Subtype.Name, c.ContentCid is not null, details.RootElement);
    }

    public async Task<ContributionView?> FindAsync(string recordId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Contributions.AsNoTracking().FirstOrDefaultAsync(c => c.RecordId == recordId, cancellationToken);
        return row is null ? null : ContributionView.From(row);
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditLogAsync(string recordId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.AuditEvents.AsNoTracking().Where(e => e.RecordId == recordId).OrderBy(e => e.Seq).ToListAsync(cancellationToken);
        return rows.Select(Decode).ToList();
    }

    /// <summary>The audit logs of several contributions in one read, by record id (a record without entries is absent).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<AuditEntry>>> AuditLogsAsync(IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.AuditEvents.AsNoTracking().Where(e => e.RecordId != null && recordIds.Contains(e.RecordId)).OrderBy(e => e.Seq).ToListAsync(cancellationToken);
        return rows.GroupBy(e => e.RecordId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<AuditEntry>)g.Select(Decode).ToList(), StringComparer.Ordinal);
    }

    private static AuditEntry Decode(AuditEventRow e) => LedgerEntry.TryDecode(e.Entry, out var entry, out var error)
        ? new AuditEntry(e.Seq, entry.Timestamp, entry.Action, entry.Actor, entry.Fields)
        : throw new InvalidDataException($"Ledger entry {e.Seq} does not decode: {error}");

    /// <summary>Verified contributions per UTC day of service and category since <paramref name="first"/>, with their impact.</summary>
    public async Task<IReadOnlyList<DailyActivity>> DailyActivityAsync(DateOnly first, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Recorded no earlier than performed: the RecordedAt bound uses its index and keeps every row the day bound keeps.
        var since = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        var rows = await db.Contributions.AsNoTracking()
            .Where(c => c.Status == (int)ContributionStatus.Verified && c.RecordedAt >= since && c.PerformedDay >= first.DayNumber)
            .GroupBy(c => new { c.PerformedDay, c.Category })
            .Select(g => new { g.Key.PerformedDay, g.Key.Category, Count = g.Count(), Cents = g.Sum(c => c.ImpactCents) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new DailyActivity(DateOnly.FromDayNumber(r.PerformedDay), r.Category, r.Count, Hundredths.ToScore(r.Cents)))
            .OrderBy(r => r.Day).ThenBy(r => r.Category, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<ContributionView>> LatestAsync(EthAddress? contributor, int limit, CancellationToken cancellationToken, bool verifiedOnly = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Contributions.AsNoTracking();
        if (contributor is { } who)
        {
            var key = who.ToLowerHex();
            query = query.Where(c => c.Contributor == key);
        }
        if (verifiedOnly)
        {
            query = query.Where(c => c.Status == (int)ContributionStatus.Verified);
        }
        var rows = await query.OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.RecordId).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(ContributionView.From).ToList();
    }

}
