using CsCheck;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Tests.Trust;

public sealed class StreakChecksTests
{
    private static readonly DateOnly s_today = new(2026, 3, 31);

    private static List<StreakDay> Days(int count, Func<int, decimal> maxBase, Func<int, int>? lateBy = null) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var day = s_today.AddDays(-i);
            return new StreakDay(day, maxBase(i), day.AddDays(lateBy?.Invoke(i) ?? 0));
        }).ToList();

    [Fact]
    public void Check_WeekOfVotesOnly_IsStreakFarming() => Assert.Equal(FindingKind.StreakFarming, StreakChecks.Check(Days(7, _ => 10m), s_today));

    [Fact]
    public void Check_VotesAndRealServiceMixed_IsFine() => Assert.Null(StreakChecks.Check(Days(10, i => i % 2 == 0 ? 60m : 10m), s_today));

    [Fact]
    public void Check_ShortStreak_IsNotLookedAt() => Assert.Null(StreakChecks.Check(Days(6, _ => 5m), s_today));

    [Fact]
    public void Check_ThreeDaysOfVotesRecordedLate_IsBackdating() =>
        Assert.Equal(FindingKind.Backdating, StreakChecks.Check(Days(8, i => i is 2 or 4 or 6 ? 10m : 75m, i => i is 2 or 4 or 6 ? 2 : 0), s_today));

    [Fact]
    public void Check_ThreeDaysOfRealServiceRecordedLate_IsHonestCatchUp() =>
        Assert.Null(StreakChecks.Check(Days(8, _ => 75m, i => i is 2 or 4 or 6 ? 2 : 0), s_today));

    [Fact]
    public void Check_TwoWeeksEachLoggedOnItsSunday_IsHonestCatchUp()
    {
        // s_today is a Tuesday; the weeks before ended on Sunday 29 March and Sunday 22 March. This week's Monday and Tuesday
        // were logged on time, each earlier week in one sitting on its Sunday (its Monday six days late).
        var days = Days(16, i => i % 3 == 0 ? 25m : 60m, i =>
        {
            var day = s_today.AddDays(-i);
            return i < 2 ? 0 : (7 - (int)day.DayOfWeek) % 7;
        });
        Assert.Equal(10, days.Count(StreakChecks.IsLate)); // Monday to Friday of each week (Saturday, one day late, is not late)
        Assert.Null(StreakChecks.Check(days, s_today));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    public void Check_GapsFilledWithVotesRecordedWithTheNextEvent_IsBackdating(int gap)
    {
        // bench/attacks "backdating inside the window": an event every gap + 1 days, the days between filled with votes
        // recorded in the same sitting as the event.
        var days = Days(21, i => i % (gap + 1) == 0 ? 75m : 10m, i => i % (gap + 1));
        Assert.Equal(FindingKind.Backdating, StreakChecks.Check(days, s_today));
    }

    private static readonly Gen<decimal> s_realBase = Gen.OneOfConst(15m, 20m, 25m, 30m, 40m, 50m, 60m, 75m, 100m, 150m, 200m);
    private static readonly Gen<decimal> s_anyBase = Gen.OneOfConst(5m, 10m, 15m, 25m, 50m, 75m, 150m);

    /// <summary>A current streak of <c>count</c> days, each with a base and how many days late it was first recorded (0–7: inside Limits:MaxPastDays).</summary>
    private static Gen<List<StreakDay>> Streak(Gen<decimal> baseOf, int longest) =>
        Gen.Int[StreakChecks.MinStreak, longest].SelectMany(count => Gen.Select(baseOf, Gen.Int[0, 7]).List[count, count])
            .Select(d => d.Select((x, i) => new StreakDay(s_today.AddDays(-i), x.Item1, s_today.AddDays(-i).AddDays(Math.Min(x.Item2, i)))).ToList());

    [Fact]
    public void Property_StreakOfRealService_IsNeverFlagged_HoweverLateItsDaysWereLogged() =>
        Streak(s_realBase, 120).Sample(days => StreakChecks.Check(days, s_today) is null);

    [Fact]
    public void Property_ThreeFillerDays_AreBackdating_WhateverElseTheStreakHolds() =>
        Gen.Select(Streak(s_anyBase, 60), Gen.Int[0, 1_000_000], Gen.Int[StreakChecks.LateDays, 7]).Sample((days, pick, late) =>
        {
            // Three distinct days at least LateDays into the past become votes recorded late (a day cannot be recorded before today).
            var eligible = Enumerable.Range(StreakChecks.LateDays, days.Count - StreakChecks.LateDays).ToList();
            for (var k = 0; k < StreakChecks.MinFillerDays; k++)
            {
                var i = eligible[(pick + (k * 7919)) % eligible.Count];
                eligible.Remove(i);
                days[i] = days[i] with { MaxBase = 10m, FirstRecorded = days[i].Day.AddDays(Math.Min(late, i)) };
            }
            return StreakChecks.Check(days, s_today) == FindingKind.Backdating;
        });

    [Fact]
    public void Property_MakingALateDayRealService_NeverAddsABackdatingFinding() =>
        Gen.Select(Streak(s_anyBase, 60), Gen.Int[0, 1_000_000]).Sample((days, pick) =>
        {
            var before = StreakChecks.Check(days, s_today);
            var i = pick % days.Count;
            days[i] = days[i] with { MaxBase = Math.Max(days[i].MaxBase, 25m) };
            var after = StreakChecks.Check(days, s_today);
            return before == FindingKind.Backdating || after != FindingKind.Backdating;
        });

    [Fact]
    public void Check_RecordedTheNextMorning_IsNotLate() => Assert.Null(StreakChecks.Check(Days(8, _ => 75m, _ => 1), s_today));

    [Fact]
    public void Honest_CountsOnlyOnTimeDaysOfRealService()
    {
        var days = Days(10, i => i == 3 ? 10m : 75m, i => i == 5 ? 3 : 0);
        Assert.Equal(3, StreakChecks.Honest(days, s_today));
    }
}
