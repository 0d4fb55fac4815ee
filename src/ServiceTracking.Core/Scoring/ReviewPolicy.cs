namespace ServiceTracking.Core.Scoring;

/// <summary>The state a new contribution starts in (SCORING §3).</summary>
public static class ReviewPolicy
{
    /// <summary>
    /// Under review when (a) the subtype is marked for review, (b) the impact at submission reaches the
    /// high-impact threshold (inclusive), or (c) the contributor's auto-verification is suspended; otherwise verified.
    /// </summary>
    public static ContributionStatus InitialStatus(Catalog catalog, SubtypeRule subtype, decimal impactAtSubmission, bool autoVerificationSuspended) =>
        InitialReason(catalog, subtype, impactAtSubmission, autoVerificationSuspended) is null ? ContributionStatus.Verified : ContributionStatus.UnderReview;

    /// <summary>Why <see cref="InitialStatus"/> puts a contribution under review (a <see cref="QueueReasons"/> name), or null when it is verified.</summary>
    public static string? InitialReason(Catalog catalog, SubtypeRule subtype, decimal impactAtSubmission, bool autoVerificationSuspended)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(subtype);
        return subtype.Review ? QueueReasons.Subtype
            : autoVerificationSuspended ? QueueReasons.Suspended
            : impactAtSubmission >= catalog.HighImpactThreshold ? QueueReasons.HighImpact
            : null;
    }
}

/// <summary>Why a claim waits for review: the review queue's <c>queueReason</c>, decided when the claim is recorded.</summary>
public static class QueueReasons
{
    /// <summary>The subtype is always reviewed (SCORING §3 a).</summary>
    public const string Subtype = "subtype";

    /// <summary>The contributor's auto-verification is suspended (SCORING §3 c).</summary>
    public const string Suspended = "suspended";

    /// <summary>The impact reaches the high-impact threshold (SCORING §3 b).</summary>
    public const string HighImpact = "high_impact";

    /// <summary>A claim of an address below good standing at or above <c>newcomerReviewImpact</c>.</summary>
    public const string Newcomer = "newcomer";

    /// <summary>Content another address recorded first.</summary>
    public const string SharedContent = "shared_content";

    /// <summary>An address below good standing beyond its daily limit of auto-verified claims (<c>newcomerDailyAutoVerified</c>).</summary>
    public const string DailyLimit = "daily_limit";
}
