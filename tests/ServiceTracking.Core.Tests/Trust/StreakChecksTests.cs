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
    public void Check_ThreeDaysRecordedLate_IsBackdating() =>
        Assert.Equal(FindingKind.Backdating, StreakChecks.Check(Days(8, _ => 75m, i => i is 2 or 4 or 6 ? 2 : 0), s_today));

    [Fact]
    public void Check_RecordedTheNextMorning_IsNotLate() => Assert.Null(StreakChecks.Check(Days(8, _ => 75m, _ => 1), s_today));

    [Fact]
    public void Honest_CountsOnlyOnTimeDaysOfRealService()
    {
        var days = Days(10, i => i == 3 ? 10m : 75m, i => i == 5 ? 3 : 0);
        Assert.Equal(3, StreakChecks.Honest(days, s_today));
    }
}
