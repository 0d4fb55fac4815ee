namespace ServiceTracking.Core.Trust;

/// <summary>
/// The catalog's <c>trust</c> section (docs/catalog.md "Trust"): how standing is earned, how much an endorsement from
/// each standing counts, and the review rules that depend on standing. <see cref="Default"/> is the shipped catalog's.
/// </summary>
public sealed record TrustRules
{
    /// <summary>The standing (0–1) from which an endorsement counts in full (SCORING's +5% per endorsement).</summary>
    public decimal GoodStanding { get; init; } = 0.5m;

    /// <summary>What an endorsement from an address with no standing counts (a fraction of a full endorsement).</summary>
    public decimal NewcomerWeight { get; init; } = 0.05m;

    /// <summary>Endorsements by the same endorser of the same contributor within the window that count in full.</summary>
    public int RepeatsInFull { get; init; } = 3;

    /// <summary>Each further endorsement of the same contributor within the window multiplies the next by this.</summary>
    public decimal RepeatDecay { get; init; } = 0.5m;

    /// <summary>The window, in days, of the repeat, reciprocity and conflict-of-interest rules.</summary>
    public int WindowDays { get; init; } = 30;

    /// <summary>An endorser below good standing who endorses someone who endorsed them counts this fraction of their weight.</summary>
    public decimal ReciprocalFactor { get; init; } = 0.5m;

    /// <summary>The probability that trust returns to the seeds at each step (higher breaks tight loops sooner).</summary>
    public decimal Teleport { get; init; } = 0.25m;

    /// <summary>At most this many propagation steps (fewer when log₂ of the graph's size is smaller: early stopping).</summary>
    public int MaxIterations { get; init; } = 20;

    /// <summary>Distinct UTC days with verified service at which the activity part of standing is full.</summary>
    public int FullActiveDays { get; init; } = 10;

    /// <summary>Days since the first contribution at which the age part of standing is full.</summary>
    public int FullAgeDays { get; init; } = 30;

    /// <summary>Trust relative to the median member's at which the trust part of standing is full.</summary>
    public decimal FullTrust { get; init; } = 0.5m;

    /// <summary>The standing an elder's or verifier's vouch gives at least.</summary>
    public decimal VouchedStanding { get; init; } = 0.5m;

    /// <summary>Claims of an address below good standing with an impact at or above this go to review.</summary>
    public decimal NewcomerReviewImpact { get; init; } = 100m;

    /// <summary>Claims a day an address below good standing gets verified without review; the rest of its day goes to review.</summary>
    public int NewcomerDailyAutoVerified { get; init; } = 10;

    /// <summary>Approvals by distinct reviewers that a claim at or above the high-impact threshold needs.</summary>
    public int HighImpactApprovals { get; init; } = 2;

    public static TrustRules Default { get; } = new();
}
