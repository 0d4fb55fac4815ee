using CsCheck;
using ServiceTracking.Core.Rewards;

namespace ServiceTracking.Core.Tests.Rewards;

/// <summary>A contributor's scheduled payment against a model: every due contribution paid what it owes, once, in service order.</summary>
public sealed class ScheduledPaymentsPropertyTests
{
    private static readonly Gen<decimal> s_points = Gen.Int[0, 8].Select(i => i * 2.5m);

    // Few record ids and times, so that equal service times (ordered by record id) come up often.
    private static readonly Gen<DueContribution[]> s_due = Gen.Select(Gen.Int[0, 99], Gen.Long[0, 5], s_points, s_points, s_points, s_points, Gen.Bool,
            (id, at, rt, c, b, paid, weekly) => new DueContribution($"0x{id:x2}", at, new RewardState(rt, c, b, paid, paid, weekly ? paid : null)))
        .Array[0, 12].Select(a => a.DistinctBy(d => d.RecordId).ToArray());

    private static readonly Comparer<DueContribution> s_serviceOrder = Comparer<DueContribution>.Create((a, b) =>
        a.PerformedAt != b.PerformedAt ? a.PerformedAt.CompareTo(b.PerformedAt) : string.CompareOrdinal(a.RecordId, b.RecordId));

    [Fact]
    public void Daily_PaysEveryContributionWhatItOwes_OnceEach_InServiceOrder_AndSettlesEveryOne()
    {
        s_due.Sample(due =>
        {
            var payment = ScheduledPayments.Daily(due);
            var expected = due.Order(s_serviceOrder).SelectMany(d =>
            {
                var owed = ContributionRewards.OwedDaily(d.State);
                return new[] { (d.RecordId, RewardPart.RealTime, owed.RealTime), (d.RecordId, RewardPart.Consistency, owed.Consistency), (d.RecordId, RewardPart.Blessing, owed.Blessing) }
                    .Where(i => i.Item3 > 0);
            });
            return payment.Items.Select(i => (i.RecordId, i.Part, i.Points)).SequenceEqual(expected)
                && payment.Items.All(i => i.PerformedAt == due.Single(d => d.RecordId == i.RecordId).PerformedAt)
                && payment.Settled.Select(s => s.RecordId).Order(StringComparer.Ordinal).SequenceEqual(due.Select(d => d.RecordId).Order(StringComparer.Ordinal))
                && payment.Settled.All(s => s.State == ContributionRewards.SettleDaily(due.Single(d => d.RecordId == s.RecordId).State));
        });
    }

    [Fact]
    public void Weekly_PaysTheConsistencyPartOfEach_AndSettlesEveryOne()
    {
        s_due.Sample(due =>
        {
            var payment = ScheduledPayments.Weekly(due);
            return payment.Items.All(i => i.Part == RewardPart.Consistency && i.Points > 0)
                && payment.Items.Sum(i => i.Points) == due.Sum(d => ContributionRewards.OwedWeekly(d.State))
                && payment.Items.Select(i => i.RecordId).SequenceEqual(due.Order(s_serviceOrder).Where(d => ContributionRewards.OwedWeekly(d.State) > 0).Select(d => d.RecordId))
                && payment.Settled.Count == due.Length
                && payment.Settled.All(s => ContributionRewards.OwedWeekly(s.State) == 0m);
        });
    }

    private static readonly int[] s_streakDays = [7, 30, 100];

    [Fact]
    public void StreakBadges_AreTheStreakLengthsReached()
    {
        Gen.Int[0, 150].Sample(streak =>
            ScheduledPayments.StreakBadges(streak).SequenceEqual(s_streakDays.Where(d => streak >= d).Select(d => $"streak-{d}")));
    }
}
