using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ServiceTracking.Core.Scoring;

/// <summary>
/// Leaderboard periods over UTC days (SCORING §4) and their labels:
/// <c>all</c>, <c>2025-12-14</c>, <c>2025-W50</c> (ISO 8601 week-year and week), <c>2025-12</c>.
/// </summary>
public static class Periods
{
    public const string AllLabel = "all";

    public static string Label(PeriodKind kind, DateOnly day) => kind switch
    {
        PeriodKind.All => AllLabel,
        PeriodKind.Daily => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PeriodKind.Weekly => WeekLabel(ISOWeek.GetYear(ToDateTime(day)), ISOWeek.GetWeekOfYear(ToDateTime(day))),
        PeriodKind.Monthly => day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown period kind."),
    };

    /// <summary>
    /// Validates a client's label for <paramref name="kind"/> and returns it in canonical form.
    /// Accepted: <c>all</c>; <c>yyyy-MM-dd</c>; <c>yyyy-Www</c> (a lower-case <c>w</c> and a one-digit week are
    /// accepted, the week must exist in that ISO year); <c>yyyy-MM</c>. Years run 0001–9999.
    /// </summary>
    public static bool TryNormalizeLabel(PeriodKind kind, string? label, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (label is null)
        {
            return false;
        }
        switch (kind)
        {
            case PeriodKind.All when label == AllLabel:
                normalized = AllLabel;
                return true;
            case PeriodKind.Daily when DateOnly.TryParseExact(label, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day):
                normalized = Label(PeriodKind.Daily, day);
                return true;
            case PeriodKind.Weekly when TryParseWeek(label, out var year, out var week):
                normalized = WeekLabel(year, week);
                return true;
            case PeriodKind.Monthly when DateOnly.TryParseExact(label, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month):
                normalized = Label(PeriodKind.Monthly, month);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The four periods a day belongs to: all, its day, its ISO week and its month.</summary>
    public static IEnumerable<(PeriodKind Kind, string Label)> Containing(DateOnly day) =>
    [
        (PeriodKind.All, AllLabel),
        (PeriodKind.Daily, Label(PeriodKind.Daily, day)),
        (PeriodKind.Weekly, Label(PeriodKind.Weekly, day)),
        (PeriodKind.Monthly, Label(PeriodKind.Monthly, day)),
    ];

    /// <summary>
    /// The first and last UTC day of a period, from a label in any form <see cref="TryNormalizeLabel"/> accepts.
    /// <c>all</c> spans <see cref="DateOnly.MinValue"/> to <see cref="DateOnly.MaxValue"/>.
    /// </summary>
    public static bool TryGetRange(PeriodKind kind, string? label, out DateOnly first, out DateOnly last)
    {
        (first, last) = (default, default);
        if (!TryNormalizeLabel(kind, label, out var canonical))
        {
            return false;
        }
        switch (kind)
        {
            case PeriodKind.All:
                (first, last) = (DateOnly.MinValue, DateOnly.MaxValue);
                break;
            case PeriodKind.Daily:
                first = last = DateOnly.ParseExact(canonical, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                break;
            case PeriodKind.Weekly:
                _ = TryParseWeek(canonical, out var year, out var week);
                first = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
                // The last ISO week of 9999 ends after DateOnly.MaxValue.
                last = first.DayNumber + 6 > DateOnly.MaxValue.DayNumber ? DateOnly.MaxValue : first.AddDays(6);
                break;
            default:
                first = DateOnly.ParseExact(canonical, "yyyy-MM", CultureInfo.InvariantCulture);
                last = first.AddMonths(1).AddDays(-1);
                break;
        }
        return true;
    }

    private static bool TryParseWeek(string label, out int year, out int week)
    {
        (year, week) = (0, 0);
        // yyyy-Www or yyyy-Ww
        if (label.Length is < 7 or > 8 || label[4] != '-' || label[5] is not ('W' or 'w'))
        {
            return false;
        }
        if (!TryDigits(label.AsSpan(0, 4), out year) || !TryDigits(label.AsSpan(6), out week))
        {
            return false;
        }
        return year is >= 1 and <= 9999 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year);
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        return text.Length > 0;
    }

    private static string WeekLabel(int year, int week) =>
        string.Create(CultureInfo.InvariantCulture, $"{year:D4}-W{week:D2}");

    private static DateTime ToDateTime(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
