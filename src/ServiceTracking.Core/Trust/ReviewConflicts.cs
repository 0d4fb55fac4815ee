namespace ServiceTracking.Core.Trust;

/// <summary>What has passed between a reviewer and a contributor within the trust window, as the conflict rule reads it.</summary>
/// <param name="ReviewerEndorsedContributor">The reviewer endorsed the contributor's work.</param>
/// <param name="ContributorEndorsedReviewer">The contributor endorsed the reviewer's work.</param>
/// <param name="ContributorApprovedReviewer">The contributor, as a reviewer, approved a claim of the reviewer's.</param>
public sealed record ReviewTies(bool ReviewerEndorsedContributor, bool ContributorEndorsedReviewer, bool ContributorApprovedReviewer);

/// <summary>
/// Review conflicts of interest and the high-impact quorum (docs/catalog.md "Trust"): nobody reviews someone they
/// recently endorsed, were endorsed by, or who approved their own claims (reciprocal approval), and a claim at or above
/// the high-impact threshold needs approvals from several independent reviewers.
/// </summary>
public static class ReviewConflicts
{
    /// <summary>Why the reviewer may not review this contributor now, or null when nothing stands in the way.</summary>
    public static string? Conflict(ReviewTies ties, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(ties);
        if (ties.ReviewerEndorsedContributor)
        {
            return $"you endorsed this contributor's work within the last {windowDays} days";
        }
        if (ties.ContributorEndorsedReviewer)
        {
            return $"this contributor endorsed your work within the last {windowDays} days";
        }
        if (ties.ContributorApprovedReviewer)
        {
            return $"this contributor approved a claim of yours in review within the last {windowDays} days (reciprocal approval)";
        }
        return null;
    }

    /// <summary>How many independent approvals a claim of <paramref name="impact"/> needs: the quorum at or above the threshold, else 1.</summary>
    public static int ApprovalsNeeded(decimal impact, decimal highImpactThreshold, TrustRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return impact >= highImpactThreshold ? Math.Max(1, rules.HighImpactApprovals) : 1;
    }

    /// <summary>
    /// Whether a second reviewer is independent of an earlier approver: not the same address, and no endorsement
    /// between the two within the window (two reviewers who endorse each other are one voice).
    /// </summary>
    public static bool Independent(string earlierApprover, string reviewer, bool endorsedEachOther) =>
        !string.Equals(earlierApprover, reviewer, StringComparison.OrdinalIgnoreCase) && !endorsedEachOther;
}
