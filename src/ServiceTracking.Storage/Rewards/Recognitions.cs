using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Core.Monitor;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Privacy;
using ServiceTracking.Storage.Trust;

namespace ServiceTracking.Storage.Rewards;

/// <summary>A contribution awaiting review, and why it went to the queue (SCORING §3).</summary>
public sealed record QueuedContribution(ContributionView Contribution, string Reason);

/// <summary>
/// Recognition and review (SCORING §2–§3, API "Recognition and review"): endorsements, blessings, features,
/// assessments, approvals and rejections. Each is checked, applied, rescored and audited in one writer command.
/// </summary>
public sealed class Recognitions(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, Catalog catalog)
{
    public const string EndorserActor = "ENDORSER";

    public Task<ContributionView> EndorseAsync(string recordId, EthAddress endorser, long issuedAt, string signature, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var row = Open(ctx, recordId, endorser, "endorse");
            var key = endorser.ToLowerHex();
            if (ctx.HasEndorsed(row.RecordId, key))
            {
                throw new RefusedException(StoreRefusalKind.Conflict, $"{endorser} has already endorsed {row.RecordId}; one endorsement per endorser.");
            }
            ctx.CheckEndorsement(row, endorser);
            var endorsement = EndorsementWeighing.Weighed(ctx, catalog.Trust, row,
                new EndorsementRow { RecordId = row.RecordId, Endorser = key, IssuedAt = issuedAt, Signature = signature, At = ctx.Now.ToUnixTimeSeconds() });
            ctx.AddEndorsement(endorsement);
            row.Endorsements++;
            row.WeightedEndorsements += endorsement.Weight;
            var secret = row.CommitmentSecret ?? [];
            return Rescore(ctx, row, AuditAction.CommunityEndorsed, EndorserActor, new Dictionary<string, object?>
            {
                ["endorserCommitment"] = Hex.Encode(Commitment.Of(Commitments.Salt(secret, "endorser:" + key), endorser.ToArray())),
                ["endorsements"] = row.Endorsements,
                ["weight"] = endorsement.Weight / (decimal)EndorsementWeighing.Full,
            });
        }, cancellationToken);

    public Task<ContributionView> BlessAsync(string recordId, EthAddress elder, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var row = Open(ctx, recordId, elder, "bless");
            if (row.Blessed)
            {
                throw new RefusedException(StoreRefusalKind.Conflict, $"{row.RecordId} has already been blessed; a contribution is blessed once.");
            }
            row.Blessed = true;
            Note(ctx, row, "blessing", elder, null, null);
            return Rescore(ctx, row, AuditAction.ElderBlessed, elder.ToChecksumString(), []);
        }, cancellationToken);

    public Task<ContributionView> FeatureAsync(string recordId, EthAddress curator, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var row = Open(ctx, recordId, curator, "feature");
            if (row.Featured)
            {
                throw new RefusedException(StoreRefusalKind.Conflict, $"{row.RecordId} is already featured; a contribution is featured once.");
            }
            row.Featured = true;
            Note(ctx, row, "feature", curator, null, null);
            return Rescore(ctx, row, AuditAction.Featured, curator.ToChecksumString(), []);
        }, cancellationToken);

    public Task<ContributionView> AssessAsync(string recordId, EthAddress reviewer, QualityTier quality, string reason, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var row = Open(ctx, recordId, reviewer, "assess");
            Note(ctx, row, "assessment", reviewer, quality, reason);
            return Rescore(ctx, row, AuditAction.QualityAssessed, reviewer.ToChecksumString(), Reasoned(ctx, row, reviewer, reason), quality);
        }, cancellationToken);

    /// <summary>Approves a claim under review (optionally setting its quality): it counts, and is paid, from now on.</summary>
    public Task<ContributionView> ApproveAsync(string recordId, EthAddress reviewer, string reason, QualityTier? quality, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var row = OpenUnderReview(ctx, recordId, reviewer, "approve");
            var approvals = ReviewGate.Check(ctx, catalog, row, reviewer, approving: true);
            Note(ctx, row, "approval", reviewer, quality, reason);
            if (quality is { } tier && tier != (QualityTier)row.Quality)
            {
                Rescore(ctx, row, AuditAction.QualityAssessed, reviewer.ToChecksumString(), Reasoned(ctx, row, reviewer, reason), tier);
            }
            if (approvals + 1 < ReviewGate.Needed(ctx, catalog, row))
            {
                // Recorded, audited, and still under review until an independent reviewer approves too.
                ctx.Audit(row.RecordId, AuditAction.ReviewApproved, reviewer.ToChecksumString(), ctx.Now.ToUnixTimeSeconds(), Reasoned(ctx, row, reviewer, reason, row));
                return ContributionView.From(row);
            }
            Verification.Verify(ctx, catalog, row, ctx.Now);
            ctx.Audit(row.RecordId, AuditAction.ReviewApproved, reviewer.ToChecksumString(), ctx.Now.ToUnixTimeSeconds(), Reasoned(ctx, row, reviewer, reason, row));
            return ContributionView.From(row);
        }, cancellationToken);

    /// <summary>Rejects a claim under review: it counts nowhere, and its day leaves the streak unless other service holds it.</summary>
    public Task<ContributionView> RejectAsync(string recordId, EthAddress reviewer, string reason, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var row = OpenUnderReview(ctx, recordId, reviewer, "reject");
            ReviewGate.Check(ctx, catalog, row, reviewer, approving: false);
            Note(ctx, row, "rejection", reviewer, null, reason);
            row.Status = (int)ContributionStatus.Rejected;
            ctx.RemoveAcceptedDay(EthAddress.Parse(row.Contributor), DateOnly.FromDayNumber(row.PerformedDay));
            ctx.Audit(row.RecordId, AuditAction.ReviewRejected, reviewer.ToChecksumString(), ctx.Now.ToUnixTimeSeconds(), Reasoned(ctx, row, reviewer, reason, row));
            ctx.EmitContribution(EventType.ContributionRejected, row);
            ctx.AddSignal(EthAddress.Parse(row.Contributor), SignalKind.ClaimRejected, ctx.Now.ToUnixTimeSeconds(),
                new Dictionary<string, object?> { ["recordId"] = row.RecordId });
            return ContributionView.From(row);
        }, cancellationToken);

    /// <summary>
    /// Suspends (or restores) a contributor's auto-verification: their new claims wait for review. Audited with the
    /// contributor's public name (<paramref name="subject"/>, their pseudonym when private), never their address.
    /// </summary>
    public Task<bool> SetAutoVerificationAsync(EthAddress contributor, bool suspended, EthAddress admin, string subject, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            if (!ctx.SetAutoVerificationSuspended(contributor, suspended))
            {
                return false;
            }
            ctx.Audit(null, suspended ? AuditAction.AutoVerificationSuspended : AuditAction.AutoVerificationRestored, admin.ToChecksumString(),
                ctx.Now.ToUnixTimeSeconds(), new Dictionary<string, object?> { ["subject"] = subject });
            return true;
        }, cancellationToken);

    /// <summary>Claims under review, oldest first, with why each is there.</summary>
    public async Task<(IReadOnlyList<QueuedContribution> Items, int Total)> QueueAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Contributions.AsNoTracking().Where(c => c.Status == (int)ContributionStatus.UnderReview);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(c => c.RecordedAt).ThenBy(c => c.RecordId).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        var suspended = (await db.Contributors.AsNoTracking().Where(c => c.AutoVerifySuspended).Select(c => c.Address).ToListAsync(cancellationToken)).ToHashSet();
        return (rows.Select(r => new QueuedContribution(ContributionView.From(r), QueueReason(r, suspended.Contains(r.Contributor)))).ToList(), total);
    }

    /// <summary>Review decisions, blessings, features and assessments of a contribution, oldest first.</summary>
    public async Task<IReadOnlyList<RecognitionEventRow>> HistoryAsync(string recordId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RecognitionEvents.AsNoTracking().Where(e => e.RecordId == recordId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
    }

    private string QueueReason(ContributionRow row, bool suspended)
    {
        if (catalog.TryGetSubtype(row.Type, row.Subtype, out _, out var subtype) && subtype.Review)
        {
            return "subtype";
        }
        var impact = Hundredths.ToScore(row.ImpactCents);
        return suspended ? "suspended" : impact >= catalog.HighImpactThreshold ? "high_impact" : impact >= catalog.Trust.NewcomerReviewImpact ? "newcomer" : "shared_content";
    }

    private static ContributionRow Open(WriteContext ctx, string recordId, EthAddress actor, string verb)
    {
        var row = ctx.Contribution(recordId)
            ?? throw new RefusedException(StoreRefusalKind.NotFound, $"No contribution has record id '{recordId}'.");
        if (row.Contributor == actor.ToLowerHex())
        {
            throw new RefusedException(StoreRefusalKind.Forbidden, $"Nobody may {verb} their own contribution.");
        }
        if (row.SealedDetails.Length == 0)
        {
            throw new RefusedException(StoreRefusalKind.Conflict, $"{recordId} belongs to an erased contributor; it stays in the totals and can no longer be recognised.");
        }
        if (row.Status == (int)ContributionStatus.Rejected)
        {
            throw new RefusedException(StoreRefusalKind.Conflict, $"{recordId} was rejected; a rejected contribution cannot be recognised.");
        }
        return row;
    }

    private static ContributionRow OpenUnderReview(WriteContext ctx, string recordId, EthAddress reviewer, string verb)
    {
        var row = Open(ctx, recordId, reviewer, verb);
        if (row.Status != (int)ContributionStatus.UnderReview)
        {
            throw new RefusedException(StoreRefusalKind.Conflict, $"{recordId} is {WireNames.Of((ContributionStatus)row.Status)}, not under review.");
        }
        return row;
    }

    private ContributionView Rescore(WriteContext ctx, ContributionRow row, AuditAction action, string actor, Dictionary<string, object?> fields, QualityTier? quality = null)
    {
        var breakdown = ImpactCalculator.Recompute(catalog, Verification.Breakdown(row), quality ?? (QualityTier)row.Quality, Verification.RecognitionOf(row));
        Verification.Rescore(ctx, catalog, row, breakdown);
        fields["quality"] = WireNames.Of(breakdown.Quality);
        fields["score"] = breakdown.QualityFactor;
        fields["impactScore"] = breakdown.Impact;
        fields["scoreBreakdown"] = breakdown;
        ctx.Audit(row.RecordId, action, actor, ctx.Now.ToUnixTimeSeconds(), fields);
        ctx.EmitContribution(EventType.ContributionRecognized, row, action switch
        {
            AuditAction.CommunityEndorsed => "endorsement",
            AuditAction.ElderBlessed => "blessing",
            AuditAction.Featured => "feature",
            _ => "assessment",
        });
        return ContributionView.From(row);
    }

    private static void Note(WriteContext ctx, ContributionRow row, string kind, EthAddress actor, QualityTier? quality, string? reason) =>
        ctx.AddRecognitionEvent(new RecognitionEventRow
        {
            RecordId = row.RecordId,
            Kind = kind,
            Actor = actor.ToLowerHex(),
            At = ctx.Now.ToUnixTimeSeconds(),
            Quality = (int?)quality,
            SealedReason = reason is null ? null : ctx.Seal(EthAddress.Parse(row.Contributor), PersonalData.ReasonLabel(row.RecordId), reason),
        });

    /// <summary>The ledger holds a commitment to a reviewer's free-text reason, never the text (it may name people).</summary>
    private static Dictionary<string, object?> Reasoned(WriteContext ctx, ContributionRow row, EthAddress reviewer, string reason, ContributionRow? state = null)
    {
        // One salt per (reviewer, second) from the contribution's secret: the commitment opens with the secret and the text.
        var label = $"reason:{reviewer.ToLowerHex()}:{ctx.Now.ToUnixTimeSeconds()}";
        var fields = new Dictionary<string, object?>
        {
            ["reasonCommitment"] = Hex.Encode(Commitment.Of(Commitments.Salt(row.CommitmentSecret ?? [], label), Encoding.UTF8.GetBytes(reason))),
        };
        if (state is not null)
        {
            fields["status"] = WireNames.Of((ContributionStatus)state.Status);
            fields["impactScore"] = Hundredths.ToScore(state.ImpactCents);
        }
        return fields;
    }

}
