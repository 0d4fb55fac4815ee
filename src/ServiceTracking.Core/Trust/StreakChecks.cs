namespace ServiceTracking.Core.Trust;

/// <summary>A day of a contributor's streak as detection reads it: the largest base score of its service, and when its first claim was recorded.</summary>
public readonly record struct StreakDay(DateOnly Day, decimal MaxBase, DateOnly FirstRecorded);

/// <summary>Streak farming and backdating (docs/antigaming.md): findings over the days of a contributor's current streak.</summary>
public static class StreakChecks
{
    /// <summary>Service with a base at or below this is trivial (a vote, a transaction).</summary>
    public const decimal TrivialBase = 10m;

    /// <summary>A streak at least this long is looked at.</summary>
    public const int MinStreak = 7;

    /// <summary>Days recorded this many days or more after the day itself are late.</summary>
    public const int LateDays = 2;

    /// <summary>
    /// The streak ending on <paramref name="today"/> (or yesterday) is farmed when at least 80% of its days hold only
    /// trivial service, or backdated when at least three of its days were recorded late.
    /// </summary>
    public static FindingKind? Check(IReadOnlyList<StreakDay> days, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(days);
        var streak = Current(days, today);
        if (streak.Count < MinStreak)
        {
            return null;
        }
        if (streak.Count(d => d.FirstRecorded.DayNumber - d.Day.DayNumber >= LateDays) >= 3)
        {
            return FindingKind.Backdating;
        }
        return streak.Count(d => d.MaxBase <= TrivialBase) * 5 >= streak.Count * 4 ? FindingKind.StreakFarming : null;
    }

    /// <summary>
    /// The streak while a streak finding is open: only days recorded on time and holding more than trivial service count
    /// (the response withholds the consistency bonus the farmed or backdated days would give).
    /// </summary>
    public static int Honest(IReadOnlyList<StreakDay> days, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(days);
        var kept = days.Where(d => d.MaxBase > TrivialBase && d.FirstRecorded.DayNumber - d.Day.DayNumber < LateDays).Select(d => d.Day).ToHashSet();
        kept.Add(day);
        return Scoring.Streaks.EndingOn(kept, day);
    }

    private static List<StreakDay> Current(IReadOnlyList<StreakDay> days, DateOnly today)
    {
        var byDay = days.ToDictionary(d => d.Day);
        var end = byDay.ContainsKey(today) || today == DateOnly.MinValue ? today : today.AddDays(-1);
        var run = new List<StreakDay>();
        while (byDay.TryGetValue(end, out var d))
        {
            run.Add(d);
            if (end == DateOnly.MinValue)
            {
                break;
            }
            end = end.AddDays(-1);
        }
        return run;
    }
}
