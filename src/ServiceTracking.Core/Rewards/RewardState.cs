using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Rewards;

/// <summary>
/// A contribution's reward points per part as its score stands now, and what has been paid of each part so far
/// (SCORING §5). <see cref="ConsistencyPaid"/> is null until the weekly summary has paid that part.
/// </summary>
public readonly record struct RewardState(
    decimal RealTimePoints, decimal ConsistencyPoints, decimal BlessingPoints,
    decimal RealTimePaid, decimal BlessingPaid, decimal? ConsistencyPaid)
{
    /// <summary>A contribution's points before anything is paid.</summary>
    public static RewardState Unpaid(decimal realTime, decimal consistency, decimal blessing) => new(realTime, consistency, blessing, 0m, 0m, null);
}

/// <summary>Points owed per part (never negative): what the next grant for the contribution pays.</summary>
public readonly record struct OwedPoints(decimal RealTime, decimal Consistency, decimal Blessing)
{
    public bool IsEmpty => RealTime == 0 && Consistency == 0 && Blessing == 0;

    /// <summary>The owed parts as grant items (real-time, consistency, blessing; a part owing nothing is left out).</summary>
    public void AddItems(ICollection<RewardItem> items, string recordId, long performedAt)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (RealTime > 0)
        {
            items.Add(new RewardItem(recordId, RewardPart.RealTime, RealTime, performedAt));
        }
        if (Consistency > 0)
        {
            items.Add(new RewardItem(recordId, RewardPart.Consistency, Consistency, performedAt));
        }
        if (Blessing > 0)
        {
            items.Add(new RewardItem(recordId, RewardPart.Blessing, Blessing, performedAt));
        }
    }
}

/// <summary>What verification decides: the state after it, and the real-time points granted at once (0 when the part waits for the daily batch).</summary>
public readonly record struct VerifyDecision(RewardState State, decimal RealTimeGrant)
{
    public bool GrantsRealTime => RealTimeGrant > 0;
}

/// <summary>
/// The reward decisions about one contribution (SCORING §5, ADR 8): what it is owed, how a grant settles it, and what
/// verification grants. Pure functions over <see cref="RewardState"/>; the store keeps the state and persists the results.
/// </summary>
public static class ContributionRewards
{
    /// <summary>The points of each part for a score and its recognition, keeping what has been paid.</summary>
    public static RewardState Rescored(RewardRules rules, RewardState state, ScoreBreakdown breakdown, Recognition recognition) => state with
    {
        RealTimePoints = RewardMath.RealTimePart(breakdown),
        ConsistencyPoints = RewardMath.ConsistencyPart(breakdown),
        BlessingPoints = RewardMath.BlessingPoints(rules, recognition),
    };

    /// <summary>
    /// What the daily batch owes: each part's points not yet paid; the consistency part only once its weekly summary
    /// has paid it (the batch then pays what later recognition added).
    /// </summary>
    public static OwedPoints OwedDaily(RewardState s) => new(
        Positive(s.RealTimePoints - s.RealTimePaid),
        s.ConsistencyPaid is { } paid ? Positive(s.ConsistencyPoints - paid) : 0m,
        Positive(s.BlessingPoints - s.BlessingPaid));

    /// <summary>What the weekly summary owes: the consistency part not yet paid.</summary>
    public static decimal OwedWeekly(RewardState s) => Positive(s.ConsistencyPoints - (s.ConsistencyPaid ?? 0m));

    /// <summary>The state once the daily batch has paid <see cref="OwedDaily"/>: nothing is owed daily after it, and nothing paid is taken back.</summary>
    public static RewardState SettleDaily(RewardState s) => s with
    {
        RealTimePaid = Math.Max(s.RealTimePaid, s.RealTimePoints),
        BlessingPaid = Math.Max(s.BlessingPaid, s.BlessingPoints),
        ConsistencyPaid = s.ConsistencyPaid is { } paid ? Math.Max(paid, s.ConsistencyPoints) : null,
    };

    /// <summary>The state once the weekly summary has paid <see cref="OwedWeekly"/>.</summary>
    public static RewardState SettleWeekly(RewardState s) => s with { ConsistencyPaid = Math.Max(s.ConsistencyPaid ?? 0m, s.ConsistencyPoints) };

    /// <summary>
    /// Verification of a contribution with these points: its real-time part is granted at once when it reaches
    /// <see cref="RewardRules.SmallThreshold"/> (and counts as paid), otherwise it waits for the daily batch.
    /// </summary>
    public static VerifyDecision Verify(RewardRules rules, RewardState s)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (s.RealTimePoints < rules.SmallThreshold)
        {
            return new VerifyDecision(s, 0m);
        }
        var grant = Positive(s.RealTimePoints - s.RealTimePaid);
        return new VerifyDecision(s with { RealTimePaid = Math.Max(s.RealTimePaid, s.RealTimePoints) }, grant);
    }

    private static decimal Positive(decimal points) => points > 0 ? points : 0m;
}
