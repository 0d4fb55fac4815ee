namespace ServiceTracking.Core.Rewards;

/// <summary>A contribution a scheduled run may pay: its id, when the service was performed, and its reward state.</summary>
public readonly record struct DueContribution(string RecordId, long PerformedAt, RewardState State);

/// <summary>A contributor's payment in a scheduled run: the grant's items, and each contribution's state once paid.</summary>
public sealed record ScheduledPayment(IReadOnlyList<RewardItem> Items, IReadOnlyList<DueContribution> Settled);

/// <summary>
/// What a scheduled run pays one contributor (SCORING §5): one grant for all their due contributions, items in the
/// order the service was performed (then by record id), and every one of those contributions settled by it.
/// </summary>
public static class ScheduledPayments
{
    /// <summary>The daily batch: what <see cref="ContributionRewards.OwedDaily"/> says of each, settled by <see cref="ContributionRewards.SettleDaily"/>.</summary>
    public static ScheduledPayment Daily(IEnumerable<DueContribution> due) => Pay(due, static (s, items, c) =>
    {
        ContributionRewards.OwedDaily(s).AddItems(items, c.RecordId, c.PerformedAt);
        return ContributionRewards.SettleDaily(s);
    });

    /// <summary>The weekly summary: the consistency part of each, settled by <see cref="ContributionRewards.SettleWeekly"/>.</summary>
    public static ScheduledPayment Weekly(IEnumerable<DueContribution> due) => Pay(due, static (s, items, c) =>
    {
        new OwedPoints(0m, ContributionRewards.OwedWeekly(s), 0m).AddItems(items, c.RecordId, c.PerformedAt);
        return ContributionRewards.SettleWeekly(s);
    });

    /// <summary>The streak badges a streak of <paramref name="streakDays"/> days has earned (each is granted once per key).</summary>
    public static IEnumerable<string> StreakBadges(int streakDays) => Badges.StreakDays.Where(d => streakDays >= d).Select(Badges.Streak);

    private static ScheduledPayment Pay(IEnumerable<DueContribution> due, Func<RewardState, List<RewardItem>, DueContribution, RewardState> settle)
    {
        ArgumentNullException.ThrowIfNull(due);
        var ordered = due.ToList();
        ordered.Sort(static (a, b) => a.PerformedAt != b.PerformedAt
            ? a.PerformedAt.CompareTo(b.PerformedAt)
            : string.CompareOrdinal(a.RecordId, b.RecordId));
        var items = new List<RewardItem>(ordered.Count);
        var settled = new DueContribution[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            var c = ordered[i];
            settled[i] = c with { State = settle(c.State, items, c) };
        }
        return new ScheduledPayment(items, settled);
    }
}
