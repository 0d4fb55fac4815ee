namespace ServiceTracking.Core.Scoring;

/// <summary>The state a new contribution starts in (SCORING §3).</summary>
public static class ReviewPolicy
{
    /// <summary>
    /// Under review when (a) the subtype is marked for review, (b) the impact at submission reaches the
    /// high-impact threshold (inclusive), or (c) the contributor's auto-verification is suspended; otherwise verified.
    /// </summary>
    public static ContributionStatus InitialStatus(Catalog catalog, SubtypeRule subtype, decimal impactAtSubmission, bool autoVerificationSuspended)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(subtype);
        var needsReview = subtype.Review
            || impactAtSubmission >= catalog.HighImpactThreshold
            || autoVerificationSuspended;
        return needsReview ? ContributionStatus.UnderReview : ContributionStatus.Verified;
    }
}
