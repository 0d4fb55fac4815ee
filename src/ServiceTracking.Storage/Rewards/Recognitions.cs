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

/// <summary>An official's free-text reason and the salt of the commitment to it they signed.</summary>
public sealed record OfficialReason(string Text, byte[] Salt);

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

    /// <summary>An elder's signed blessing (checked by the caller): once per contribution.</summary>
    public Task<ContributionView> BlessAsync(SignedAct blessing, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var row = Open(ctx, blessing, "bless");
            if (row.Blessed)
            {
                throw new RefusedException(StoreRefusalKind.Conflict, $"{row.RecordId} has already been blessed; a contribution is blessed once.");
            }
            row.Blessed = true;
            Note(ctx, row, "blessing", blessing, null);
            return Rescore(ctx, row, AuditAction.ElderBlessed, blessing, []);
        }, cancellationToken);

    /// <summary>A curator's signed feature (checked by the caller): once per contribution.</summary>
    public Task<ContributionView> FeatureAsync(SignedAct feature, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var row = Open(ctx, feature, "feature");
            if (row.Featured)
            {
                throw new RefusedException(StoreRefusalKind.Conflict, $"{row.RecordId} is already featured; a contribution is featured once.");
            }
            row.Featured = true;
            Note(ctx, row, "feature", feature, null);
            return Rescore(ctx, row, AuditAction.Featured, feature, []);
        }, cancellationToken);

    /// <summary>A reviewer's signed assessment (checked by the caller, its reason commitment included).</summary>
    public Task<ContributionView> AssessAsync(SignedAct assessment, OfficialReason reason, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var row = Open(ctx, assessment, "assess");
            Note(ctx, row, "assessment", assessment, reason);
            return Rescore(ctx, row, AuditAction.QualityAssessed, assessment, Reasoned(assessment), Quality(assessment));
        }, cancellationToken);

    /// <summary>
    /// A reviewer's signed decision (checked by the caller) on a claim under review. Approved, it counts and is paid from
    /// now on (at the signed quality, if any); rejected, it counts nowhere and its day leaves the streak unless other
    /// service holds it.
    /// </summary>
    public Task<ContributionView> DecideAsync(SignedAct decision, OfficialReason reason, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var approve = decision.Act.Decision == OfficialAct.Approve;
            var row = Open(ctx, decision, approve ? "approve" : "reject");
            if (row.Status != (int)ContributionStatus.UnderReview)
            {
                throw new RefusedException(StoreRefusalKind.Conflict, $"{row.RecordId} is {WireNames.Of((ContributionStatus)row.Status)}, not under review.");
            }
            var approvals = ReviewGate.Check(ctx, catalog, row, decision.Act.Official, approving: approve);
            Note(ctx, row, approve ? "approval" : "rejection", decision, reason);
            if (!approve)
            {
                row.Status = (int)ContributionStatus.Rejected;
                ctx.RemoveAcceptedDay(EthAddress.Parse(row.Contributor), DateOnly.FromDayNumber(row.PerformedDay));
                Audit(ctx, row, AuditAction.ReviewRejected, decision);
                ctx.EmitContribution(EventType.ContributionRejected, row);
                ctx.AddSignal(EthAddress.Parse(row.Contributor), SignalKind.ClaimRejected, ctx.Now.ToUnixTimeSeconds(),
                    new Dictionary<string, object?> { ["recordId"] = row.RecordId });
                return ContributionView.From(row);
            }
            if (Quality(decision) is { } tier && tier != (QualityTier)row.Quality)
            {
                Rescore(ctx, row, AuditAction.QualityAssessed, decision, Reasoned(decision), tier);
            }
            if (approvals + 1 < ReviewGate.Needed(ctx, catalog, row))
            {
                // Recorded, audited, and still under review until an independent reviewer approves too.
                Audit(ctx, row, AuditAction.ReviewApproved, decision);
                return ContributionView.From(row);
            }
            Verification.Verify(ctx, catalog, row, ctx.Now);
            Audit(ctx, row, AuditAction.ReviewApproved, decision);
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
        // The reason was decided when the claim was recorded (ReviewPolicy, AutoVerificationLimits); every claim recorded under review has one.
        return (rows.Select(r => new QueuedContribution(ContributionView.From(r), r.ReviewReason!)).ToList(), total);
    }

    /// <summary>Review decisions, blessings, features and assessments of a contribution, oldest first.</summary>
    public async Task<IReadOnlyList<RecognitionEventRow>> HistoryAsync(string recordId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RecognitionEvents.AsNoTracking().Where(e => e.RecordId == recordId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
    }

    private static ContributionRow Open(WriteContext ctx, SignedAct signed, string verb)
    {
        var row = Open(ctx, Hex.Encode(signed.Act.RecordId), signed.Act.Official, verb);
        if (ctx.ActApplied(Hex.Encode(signed.Digest())))
        {
            throw new RefusedException(StoreRefusalKind.Conflict, $"This signed {OfficialActs.TypeName(signed.Act.Type)} was already applied; a signature is used once (sign the act again).");
        }
        return row;
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

    private ContributionView Rescore(WriteContext ctx, ContributionRow row, AuditAction action, SignedAct signed, Dictionary<string, object?> fields, QualityTier? quality = null) =>
        Rescore(ctx, row, action, signed.Act.Official.ToChecksumString(), Signed(fields, signed), quality);

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

    private static void Note(WriteContext ctx, ContributionRow row, string kind, SignedAct signed, OfficialReason? reason)
    {
        var contributor = EthAddress.Parse(row.Contributor);
        ctx.AddRecognitionEvent(new RecognitionEventRow
        {
            RecordId = row.RecordId,
            Kind = kind,
            Actor = signed.Act.Official.ToLowerHex(),
            At = ctx.Now.ToUnixTimeSeconds(),
            Quality = (int?)Quality(signed),
            SealedReason = reason is null ? null : ctx.Seal(contributor, PersonalData.ReasonLabel(row.RecordId), reason.Text),
            SealedReasonSalt = reason is null ? null : ctx.Seal(contributor, PersonalData.ReasonSaltLabel(row.RecordId), Hex.Encode(reason.Salt)),
            ActDigest = Hex.Encode(signed.Digest()),
        });
    }

    private static QualityTier? Quality(SignedAct signed) => WireNames.TryParse(signed.Act.Quality, out QualityTier tier) ? tier : null;

    /// <summary>The ledger holds the commitment to a reviewer's free-text reason the reviewer signed, never the text (it may name people).</summary>
    private static Dictionary<string, object?> Reasoned(SignedAct signed) =>
        new() { ["reasonCommitment"] = Hex.Encode(signed.Act.ReasonCommitment!) };

    /// <summary>The entry carries the official's signed act, so that anyone can check offline that they did it.</summary>
    private static Dictionary<string, object?> Signed(Dictionary<string, object?> fields, SignedAct signed)
    {
        fields["signed"] = OfficialActs.LogField(signed);
        return fields;
    }

    private static void Audit(WriteContext ctx, ContributionRow row, AuditAction action, SignedAct decision)
    {
        var fields = Signed(Reasoned(decision), decision);
        fields["status"] = WireNames.Of((ContributionStatus)row.Status);
        fields["impactScore"] = Hundredths.ToScore(row.ImpactCents);
        ctx.Audit(row.RecordId, action, decision.Act.Official.ToChecksumString(), ctx.Now.ToUnixTimeSeconds(), fields);
    }
}
