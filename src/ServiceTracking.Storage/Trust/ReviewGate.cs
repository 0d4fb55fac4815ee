using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Storage.Trust;

/// <summary>
/// Review conflicts of interest and the approval quorum (docs/catalog.md "Trust"), checked in the writer before a
/// review decision changes anything: a conflicted reviewer is refused (403, with the reason), and an approval that
/// does not complete the quorum is recorded while the claim stays under review.
/// </summary>
internal static class ReviewGate
{
    public const string ApprovalKind = "approval";

    /// <summary>
    /// Refuses a reviewer who endorsed the contributor, was endorsed by them, or whose claims they approved within the
    /// window, and (approving) one not independent of an earlier approver. Returns the approvals the claim has so far.
    /// </summary>
    public static int Check(WriteContext ctx, Catalog catalog, ContributionRow row, EthAddress reviewer, bool approving)
    {
        var rules = catalog.Trust;
        var since = ctx.Now.ToUnixTimeSeconds() - (rules.WindowDays * 86_400L);
        var r = reviewer.ToLowerHex();
        var author = row.Contributor;
        var ties = new ReviewTies(EndorsementWeighing.Given(ctx, r, author, since) > 0, EndorsementWeighing.Given(ctx, author, r, since) > 0, Approved(ctx, author, r, since));
        if (ReviewConflicts.Conflict(ties, rules.WindowDays) is { } reason)
        {
            throw new RefusedException(StoreRefusalKind.Forbidden, $"Conflict of interest: {reason}; another reviewer must decide {row.RecordId}.");
        }
        var approvers = Approvers(ctx, row.RecordId);
        if (!approving)
        {
            return approvers.Count;
        }
        if (approvers.Contains(r))
        {
            throw new RefusedException(StoreRefusalKind.Conflict, $"{reviewer} has already approved {row.RecordId}; another, independent reviewer must approve it too.");
        }
        foreach (var earlier in approvers)
        {
            var endorsedEachOther = EndorsementWeighing.Given(ctx, earlier, r, since) > 0 || EndorsementWeighing.Given(ctx, r, earlier, since) > 0;
            if (!ReviewConflicts.Independent(earlier, r, endorsedEachOther))
            {
                throw new RefusedException(StoreRefusalKind.Forbidden,
                    $"Not independent: you and the earlier approver of {row.RecordId} endorsed each other within the last {rules.WindowDays} days; another reviewer must approve it.");
            }
        }
        return approvers.Count;
    }

    /// <summary>
    /// Approvals the claim needs at its current impact: the quorum at or above the high-impact threshold, and for an
    /// author below good standing (one reviewer cannot pass a second address of their own); else one.
    /// </summary>
    public static int Needed(WriteContext ctx, Catalog catalog, ContributionRow row)
    {
        var rules = catalog.Trust;
        var needed = ReviewConflicts.ApprovalsNeeded(Hundredths.ToScore(row.ImpactCents), ctx.HighImpactThreshold, rules);
        return EndorsementWeighing.StandingOf(ctx, rules, row.Contributor, out _) < rules.GoodStanding ? Math.Max(needed, rules.HighImpactApprovals) : needed;
    }

    /// <summary>Whether <paramref name="approver"/> approved a claim of <paramref name="author"/>'s since <paramref name="since"/>, this batch's included.</summary>
    private static bool Approved(WriteContext ctx, string approver, string author, long since)
    {
        var saved = false;
        ctx.Sql.Read("SELECT 1 FROM recognition_events e JOIN contributions c ON c.\"RecordId\" = e.\"RecordId\" " +
                     "WHERE e.\"Kind\" = @p0 AND e.\"Actor\" = @p1 AND e.\"At\" > @p2 AND c.\"Contributor\" = @p3 LIMIT 1",
            _ => saved = true, ApprovalKind, approver, since, author);
        return saved || Added(ctx).Any(e => e.Kind == ApprovalKind && e.Actor == approver && e.At > since && ctx.Contribution(e.RecordId)?.Contributor == author);
    }

    private static HashSet<string> Approvers(WriteContext ctx, string recordId)
    {
        var approvers = ctx.Db.RecognitionEvents.AsNoTracking().Where(e => e.RecordId == recordId && e.Kind == ApprovalKind).Select(e => e.Actor).ToHashSet();
        approvers.UnionWith(Added(ctx).Where(e => e.RecordId == recordId && e.Kind == ApprovalKind).Select(e => e.Actor));
        return approvers;
    }

    private static IEnumerable<RecognitionEventRow> Added(WriteContext ctx) =>
        ctx.Db.ChangeTracker.Entries<RecognitionEventRow>().Where(e => e.State == EntityState.Added).Select(e => e.Entity);
}
