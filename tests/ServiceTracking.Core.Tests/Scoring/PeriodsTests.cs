using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Scoring;

public sealed class PeriodsTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Label_EachKind_UsesItsFormat()
    {
        var day = new DateOnly(2025, 12, 14);
        Assert.Equal("all", Periods.Label(PeriodKind.All, day));
        Assert.Equal("2025-12-14", Periods.Label(PeriodKind.Daily, day));
        Assert.Equal("2025-W50", Periods.Label(PeriodKind.Weekly, day));
        Assert.Equal("2025-12", Periods.Label(PeriodKind.Monthly, day));
    }

    [Theory]
    [InlineData("2020-12-31", "2020-W53")]
    [InlineData("2021-01-03", "2020-W53")]
    [InlineData("2021-01-04", "2021-W01")]
    [InlineData("2024-12-29", "2024-W52")]
    [InlineData("2024-12-30", "2025-W01")]
    [InlineData("2025-01-05", "2025-W01")]
    [InlineData("2026-01-01", "2026-W01")]
    [InlineData("2027-01-01", "2026-W53")]
    [InlineData("2025-03-03", "2025-W10")]
    public void Label_Weekly_UsesIsoWeekYearAndTwoDigitWeek(string day, string expected)
    {
        Assert.Equal(expected, Periods.Label(PeriodKind.Weekly, D(day)));
    }

    [Fact]
    public void Label_Monthly_UsesCalendarYearNotWeekYear()
    {
        Assert.Equal("2024-12", Periods.Label(PeriodKind.Monthly, D("2024-12-30")));
        Assert.Equal("2021-01", Periods.Label(PeriodKind.Monthly, D("2021-01-03")));
    }

    [Fact]
    public void Containing_Day_ReturnsItsFourPeriods()
    {
        Assert.Equal(
            [(PeriodKind.All, "all"), (PeriodKind.Daily, "2021-01-03"), (PeriodKind.Weekly, "2020-W53"), (PeriodKind.Monthly, "2021-01")],
            Periods.Containing(D("2021-01-03")));
    }

    [Theory]
    [InlineData(PeriodKind.All, "all", "all")]
    [InlineData(PeriodKind.Daily, "2025-12-14", "2025-12-14")]
    [InlineData(PeriodKind.Daily, "2024-02-29", "2024-02-29")]
    [InlineData(PeriodKind.Weekly, "2025-W50", "2025-W50")]
    [InlineData(PeriodKind.Weekly, "2025-w50", "2025-W50")]
    [InlineData(PeriodKind.Weekly, "2025-W5", "2025-W05")]
    [InlineData(PeriodKind.Weekly, "2020-W53", "2020-W53")]
    [InlineData(PeriodKind.Monthly, "2025-12", "2025-12")]
    public void TryNormalizeLabel_ValidLabel_ReturnsCanonicalForm(PeriodKind kind, string label, string expected)
    {
        Assert.True(Periods.TryNormalizeLabel(kind, label, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(PeriodKind.All, null)]
    [InlineData(PeriodKind.All, "ALL")]
    [InlineData(PeriodKind.All, "2025")]
    [InlineData(PeriodKind.Daily, "2025-12-32")]
    [InlineData(PeriodKind.Daily, "2025-02-29")]
    [InlineData(PeriodKind.Daily, "2025-1-5")]
    [InlineData(PeriodKind.Daily, "2025-12")]
    [InlineData(PeriodKind.Daily, " 2025-12-14")]
    [InlineData(PeriodKind.Weekly, "2025-W53")]
    [InlineData(PeriodKind.Weekly, "2025-W00")]
    [InlineData(PeriodKind.Weekly, "2025-W100")]
    [InlineData(PeriodKind.Weekly, "2025W50")]
    [InlineData(PeriodKind.Weekly, "2025-12-14")]
    [InlineData(PeriodKind.Weekly, "0000-W01")]
    [InlineData(PeriodKind.Weekly, "2025-W+5")]
    [InlineData(PeriodKind.Monthly, "2025-13")]
    [InlineData(PeriodKind.Monthly, "2025-00")]
    [InlineData(PeriodKind.Monthly, "2025-12-14")]
    [InlineData(PeriodKind.Monthly, "")]
    public void TryNormalizeLabel_InvalidLabel_ReturnsFalse(PeriodKind kind, string? label)
    {
        Assert.False(Periods.TryNormalizeLabel(kind, label, out var normalized));
        Assert.Null(normalized);
    }

    [Theory]
    [InlineData(PeriodKind.Daily, "2025-12-14", "2025-12-14", "2025-12-14")]
    [InlineData(PeriodKind.Weekly, "2020-W53", "2020-12-28", "2021-01-03")]
    [InlineData(PeriodKind.Weekly, "2025-W01", "2024-12-30", "2025-01-05")]
    [InlineData(PeriodKind.Monthly, "2024-02", "2024-02-01", "2024-02-29")]
    [InlineData(PeriodKind.Monthly, "2025-12", "2025-12-01", "2025-12-31")]
    public void TryGetRange_Label_ReturnsFirstAndLastDay(PeriodKind kind, string label, string first, string last)
    {
        Assert.True(Periods.TryGetRange(kind, label, out var f, out var l));
        Assert.Equal(D(first), f);
        Assert.Equal(D(last), l);
    }

    [Fact]
    public void TryGetRange_All_SpansEveryDay()
    {
        Assert.True(Periods.TryGetRange(PeriodKind.All, "all", out var f, out var l));
        Assert.Equal((DateOnly.MinValue, DateOnly.MaxValue), (f, l));
    }

    [Fact]
    public void LabelAndRange_EveryDayOfSixYears_RoundTrip()
    {
        for (var day = D("2019-12-25"); day <= D("2026-01-10"); day = day.AddDays(1))
        {
            foreach (var (kind, label) in Periods.Containing(day))
            {
                Assert.True(Periods.TryNormalizeLabel(kind, label, out var normalized));
                Assert.Equal(label, normalized);
                Assert.True(Periods.TryGetRange(kind, label, out var first, out var last));
                Assert.InRange(day, first, last);
            }
        }
    }
}
