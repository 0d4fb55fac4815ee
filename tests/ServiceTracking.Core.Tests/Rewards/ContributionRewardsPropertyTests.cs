using CsCheck;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Rewards;

/// <summary>Owed, settle and verify against a simple model: a part is owed its points minus what was paid, never less than nothing.</summary>
public sealed class ContributionRewardsPropertyTests
{
    private static readonly RewardRules s_rules = Catalog.Default.Rewards;

    // Few distinct values, so that paid equal to, above and below the points all come up often.
    private static readonly Gen<decimal> s_points = Gen.Int[0, 12].Select(i => i * 12.5m);

    private static readonly Gen<RewardState> s_state = Gen.Select(s_points, s_points, s_points, s_points, s_points, s_points, Gen.Bool,
        (rt, c, b, rtPaid, bPaid, cPaid, weeklyPaid) => new RewardState(rt, c, b, rtPaid, bPaid, weeklyPaid ? cPaid : null));

    private static decimal Owed(decimal points, decimal paid) => points > paid ? points - paid : 0m;

    [Fact]
    public void OwedDaily_IsEachPartsPointsNotYetPaid_AndTheConsistencyPartOnlyOnceTheWeeklySummaryPaidIt()
    {
        s_state.Sample(s =>
        {
            var owed = ContributionRewards.OwedDaily(s);
            return owed.RealTime == Owed(s.RealTimePoints, s.RealTimePaid)
                && owed.Blessing == Owed(s.BlessingPoints, s.BlessingPaid)
                && owed.Consistency == (s.ConsistencyPaid is { } paid ? Owed(s.ConsistencyPoints, paid) : 0m)
                && owed.IsEmpty == (owed.RealTime + owed.Consistency + owed.Blessing == 0m);
        });
    }

    [Fact]
    public void SettleDaily_PaysExactlyWhatWasOwed_LeavesNothingOwed_AndTakesNothingBack()
    {
        s_state.Sample(s =>
        {
            var owed = ContributionRewards.OwedDaily(s);
            var settled = ContributionRewards.SettleDaily(s);
            return ContributionRewards.OwedDaily(settled).IsEmpty
                && settled.RealTimePaid == s.RealTimePaid + owed.RealTime
                && settled.BlessingPaid == s.BlessingPaid + owed.Blessing
                && settled.ConsistencyPaid == s.ConsistencyPaid + (s.ConsistencyPaid is null ? 0m : owed.Consistency)
                && (settled.RealTimePoints, settled.ConsistencyPoints, settled.BlessingPoints) == (s.RealTimePoints, s.ConsistencyPoints, s.BlessingPoints)
                && ContributionRewards.SettleDaily(settled) == settled;
        });
    }

    [Fact]
    public void SettleWeekly_PaysTheConsistencyPartOnce_AndLeavesTheDailyPartsAlone()
    {
        s_state.Sample(s =>
        {
            var owed = ContributionRewards.OwedWeekly(s);
            var settled = ContributionRewards.SettleWeekly(s);
            return owed == Owed(s.ConsistencyPoints, s.ConsistencyPaid ?? 0m)
                && settled.ConsistencyPaid == (s.ConsistencyPaid ?? 0m) + owed
                && ContributionRewards.OwedWeekly(settled) == 0m
                && settled with { ConsistencyPaid = s.ConsistencyPaid } == s
                && ContributionRewards.SettleWeekly(settled) == settled;
        });
    }

    [Fact]
    public void Verify_GrantsTheRealTimePartAtOnce_ExactlyWhenItReachesTheSmallThreshold()
    {
        Gen.Select(s_points, s_points, s_points).Sample((rt, c, b) =>
        {
            var unpaid = RewardState.Unpaid(rt, c, b);
            var decision = ContributionRewards.Verify(s_rules, unpaid);
            var large = rt >= s_rules.SmallThreshold;
            return decision.GrantsRealTime == (large && rt > 0)
                && decision.RealTimeGrant == (large ? rt : 0m)
                && decision.State.RealTimePaid == decision.RealTimeGrant
                // whatever verification did not grant is left to the daily batch
                && ContributionRewards.OwedDaily(decision.State).RealTime == rt - decision.RealTimeGrant;
        });
    }

    /// <summary>
    /// A contribution's life: its points change (recognition, reassessment) and runs pay it. The model: every part is paid,
    /// over all grants, the most its points ever were when a run settled it, so nothing is paid twice and no raise is lost.
    /// </summary>
    [Fact]
    public void OverALife_GrantsAddUpToTheHighestPointsEverSettled()
    {
        var step = Gen.Select(Gen.Int[0, 2], s_points, s_points, s_points);
        Gen.Select(s_points, s_points, s_points, step.Array[0, 30]).Sample((rt, c, b, steps) =>
        {
            var decision = ContributionRewards.Verify(s_rules, RewardState.Unpaid(rt, c, b));
            var s = decision.State;
            var paid = (RealTime: decision.RealTimeGrant, Consistency: 0m, Blessing: 0m);
            var model = (RealTime: decision.RealTimeGrant, Consistency: (decimal?)null, Blessing: 0m);
            foreach (var (kind, newRt, newC, newB) in steps.Append((1, 0m, 0m, 0m)).Append((0, 0m, 0m, 0m)))
            {
                switch (kind)
                {
                    case 0:
                        var owed = ContributionRewards.OwedDaily(s);
                        paid = (paid.RealTime + owed.RealTime, paid.Consistency + owed.Consistency, paid.Blessing + owed.Blessing);
                        model = (Math.Max(model.RealTime, s.RealTimePoints), model.Consistency is { } mc ? Math.Max(mc, s.ConsistencyPoints) : null,
                            Math.Max(model.Blessing, s.BlessingPoints));
                        s = ContributionRewards.SettleDaily(s);
                        break;
                    case 1:
                        paid.Consistency += ContributionRewards.OwedWeekly(s);
                        model.Consistency = Math.Max(model.Consistency ?? 0m, s.ConsistencyPoints);
                        s = ContributionRewards.SettleWeekly(s);
                        break;
                    default:
                        s = s with { RealTimePoints = newRt, ConsistencyPoints = newC, BlessingPoints = newB };
                        break;
                }
            }
            return paid.RealTime == model.RealTime && paid.Blessing == model.Blessing && paid.Consistency == model.Consistency
                && (paid.RealTime, paid.Consistency, paid.Blessing) == (s.RealTimePaid, s.ConsistencyPaid!.Value, s.BlessingPaid);
        });
    }
}
