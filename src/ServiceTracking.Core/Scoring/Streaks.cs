namespace ServiceTracking.Core.Scoring;

/// <summary>
/// Streaks over UTC days (SCORING §2): a run of consecutive days each holding at least one accepted (not rejected) contribution.
/// </summary>
public static class Streaks
{
    /// <summary>
    /// The length of the run of consecutive days in <paramref name="days"/> ending on <paramref name="day"/>, counting that day;
    /// 0 when <paramref name="day"/> is not in the set (the caller includes the day being recorded).
    /// </summary>
    public static int EndingOn(IReadOnlySet<DateOnly> days, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(days);
        var count = 0;
        while (days.Contains(day))
        {
            count++;
            if (day == DateOnly.MinValue)
            {
                break;
            }
            day = day.AddDays(-1);
        }
        return count;
    }

    /// <summary>The "currentStreak": the run ending today, or ending yesterday when today has none yet; else 0.</summary>
    public static int Current(IReadOnlySet<DateOnly> days, DateOnly today)
    {
        var endingToday = EndingOn(days, today);
        if (endingToday > 0 || today == DateOnly.MinValue)
        {
            return endingToday;
        }
        return EndingOn(days, today.AddDays(-1));
    }
}
