using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Scoring;

public sealed class StreaksTests
{
    private static readonly DateOnly s_day = new(2025, 12, 14);

    private static HashSet<DateOnly> Days(params int[] offsets) => [.. offsets.Select(o => s_day.AddDays(o))];

    [Fact]
    public void EndingOn_SingleDay_IsOne()
    {
        Assert.Equal(1, Streaks.EndingOn(Days(0), s_day));
    }

    [Fact]
    public void EndingOn_DayNotInSet_IsZero()
    {
        Assert.Equal(0, Streaks.EndingOn(Days(-1, -2), s_day));
        Assert.Equal(0, Streaks.EndingOn(new HashSet<DateOnly>(), s_day));
    }

    [Fact]
    public void EndingOn_ConsecutiveDays_CountsTheRunIncludingTheDay()
    {
        Assert.Equal(7, Streaks.EndingOn(Days(0, -1, -2, -3, -4, -5, -6), s_day));
    }

    [Fact]
    public void EndingOn_Gap_StopsTheRun()
    {
        // -3 is missing: the run ending today is 0, -1, -2.
        Assert.Equal(3, Streaks.EndingOn(Days(0, -1, -2, -4, -5, -6, -7), s_day));
        Assert.Equal(4, Streaks.EndingOn(Days(0, -1, -2, -4, -5, -6, -7), s_day.AddDays(-4)));
    }

    [Fact]
    public void EndingOn_LaterDays_AreIgnored()
    {
        Assert.Equal(2, Streaks.EndingOn(Days(0, -1, 1, 2, 3), s_day));
    }

    [Fact]
    public void EndingOn_AcrossMonthAndYear_CountsCalendarDays()
    {
        var days = new HashSet<DateOnly> { new(2024, 12, 30), new(2024, 12, 31), new(2025, 1, 1), new(2025, 1, 2) };
        Assert.Equal(4, Streaks.EndingOn(days, new DateOnly(2025, 1, 2)));
        var leap = new HashSet<DateOnly> { new(2024, 2, 28), new(2024, 2, 29), new(2024, 3, 1) };
        Assert.Equal(3, Streaks.EndingOn(leap, new DateOnly(2024, 3, 1)));
    }

    [Fact]
    public void EndingOn_MinValue_DoesNotUnderflow()
    {
        var days = new HashSet<DateOnly> { DateOnly.MinValue, DateOnly.MinValue.AddDays(1) };
        Assert.Equal(2, Streaks.EndingOn(days, DateOnly.MinValue.AddDays(1)));
        Assert.Equal(1, Streaks.Current(days, DateOnly.MinValue));
    }

    [Fact]
    public void Current_TodayHasContribution_IsRunEndingToday()
    {
        Assert.Equal(3, Streaks.Current(Days(0, -1, -2), s_day));
    }

    [Fact]
    public void Current_TodayEmptyYesterdayHas_IsRunEndingYesterday()
    {
        Assert.Equal(2, Streaks.Current(Days(-1, -2, -4), s_day));
    }

    [Fact]
    public void Current_TodayAndYesterdayEmpty_IsZero()
    {
        Assert.Equal(0, Streaks.Current(Days(-2, -3, -4), s_day));
    }
}
