namespace ServiceTracking.Core.Scoring;

/// <summary>Quality tier of a contribution (SCORING §2). Wire names: standard, good, high, exceptional.</summary>
public enum QualityTier
{
    Standard,
    Good,
    High,
    Exceptional,
}

/// <summary>Review state of a contribution (SCORING §3). Wire names: under_review, verified, rejected.</summary>
public enum ContributionStatus
{
    UnderReview,
    Verified,
    Rejected,
}

/// <summary>A leaderboard period (SCORING §4). Wire names: all, daily, weekly, monthly.</summary>
public enum PeriodKind
{
    All,
    Daily,
    Weekly,
    Monthly,
}
