using ServiceTracking.Core.Rewards;

namespace ServiceTracking.Core.Tests.Rewards;

public sealed class RewardScheduleTests
{
    private static DateTimeOffset At(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Periods_EndAtMidnightUtcAfterTheirLastDay()
    {
        Assert.True(RewardSchedules.TryGetPeriod(RewardSchedule.Daily, "2025-12-14", out var day));
        Assert.True(RewardSchedules.TryGetPeriod(RewardSchedule.Weekly, "2025-W50", out var week));
        Assert.True(RewardSchedules.TryGetPeriod(RewardSchedule.Monthly, "2025-12", out var month));
        Assert.Equal(At(2025, 12, 15), day.End);
        Assert.Equal(At(2025, 12, 15), week.End); // ISO week 50 of 2025: Monday 8 to Sunday 14 December
        Assert.Equal(At(2026, 1, 1), month.End);
        Assert.False(RewardSchedules.TryGetPeriod(RewardSchedule.Weekly, "2025-12-14", out _));
    }

    [Fact]
    public void EndedSince_ListsEveryEndedPeriod_OldestFirst_DailyBeforeWeeklyBeforeMonthlyAtTheSameEnd()
    {
        // From Friday 28 November 2025 to Tuesday 2 December 10:00: five days, the week ending Sunday 30 November, and November.
        var due = RewardSchedules.EndedSince(new DateOnly(2025, 11, 28), At(2025, 12, 2, 10)).Select(p => p.ToString()).ToList();

        Assert.Equal(
        [
            "daily 2025-11-28", "daily 2025-11-29", "daily 2025-11-30", "weekly 2025-W48", "monthly 2025-11", "daily 2025-12-01",
        ], due);
    }

    [Fact]
    public void EndedSince_ExcludesAPeriodThatHasNotEnded()
    {
        Assert.Empty(RewardSchedules.EndedSince(new DateOnly(2025, 12, 14), At(2025, 12, 14, 23)));
        Assert.Equal(["daily 2025-12-13"], RewardSchedules.EndedSince(new DateOnly(2025, 12, 13), At(2025, 12, 14, 23)).Select(p => p.ToString()));
    }

    [Fact]
    public void NextEnd_IsTheNextMidnight()
    {
        Assert.Equal(At(2025, 12, 15), RewardSchedules.NextEnd(At(2025, 12, 14, 13)));
        Assert.Equal(At(2025, 12, 16), RewardSchedules.NextEnd(At(2025, 12, 15)));
    }

    [Fact]
    public void GrantKeys_AreTheDocumentedShapes()
    {
        var address = Core.Ethereum.EthAddress.Parse("0x71C7656EC7ab88b098defB751B7401B5f6d8976F");
        Assert.Equal("realtime:0xab", GrantKeys.RealTime("0xab"));
        Assert.Equal("daily:0x71c7656ec7ab88b098defb751b7401b5f6d8976f:2025-12-14", GrantKeys.Daily(address, "2025-12-14"));
        Assert.Equal("weekly:0x71c7656ec7ab88b098defb751b7401b5f6d8976f:2025-W50", GrantKeys.Weekly(address, "2025-W50"));
        Assert.Equal("badge:streak-7:0x71c7656ec7ab88b098defb751b7401b5f6d8976f:all", GrantKeys.Badge(Badges.Streak(7), address, Badges.Lifetime));
    }
}
