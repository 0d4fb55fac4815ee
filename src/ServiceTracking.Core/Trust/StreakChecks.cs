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

    /// <summary>A streak with at least this many filler days (late days of trivial service only) is backdated.</summary>
    public const int MinFillerDays = 3;

    /// <summary>
    /// The streak ending on <paramref name="today"/> (or yesterday) is backdated when at least <see cref="MinFillerDays"/>
    /// of its days are filler: recorded late and holding only trivial service, days whose only worth is to join the
    /// streak. Days recorded late that hold more than trivial service are honest catch-up (a week logged on Sunday) and
    /// are not held against it. Otherwise it is farmed when at least 80% of its days hold only trivial service.
    /// </summary>
    public static FindingKind? Check(IReadOnlyList<StreakDay> days, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(days);
        var streak = Current(days, today);
        if (streak.Count < MinStreak)
        {
            return null;
        }
        if (streak.Count(IsFiller) >= MinFillerDays)
        {
            return FindingKind.Backdating;
        }
        return streak.Count(d => d.MaxBase <= TrivialBase) * 5 >= streak.Count * 4 ? FindingKind.StreakFarming : null;
    }

    /// <summary>A day first recorded <see cref="LateDays"/> or more days after it.</summary>
    public static bool IsLate(StreakDay day) => day.FirstRecorded.DayNumber - day.Day.DayNumber >= LateDays;

    /// <summary>A late day holding only trivial service: backfill that adds nothing but the streak.</summary>
    public static bool IsFiller(StreakDay day) => IsLate(day) && day.MaxBase <= TrivialBase;

    /// <summary>
    /// The streak while a streak finding is open: only days recorded on time and holding more than trivial service count
    /// (the response withholds the consistency bonus the farmed or backdated days would give).
    /// </summary>
    public static int Honest(IReadOnlyList<StreakDay> days, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(days);
        var kept = days.Where(d => d.MaxBase > TrivialBase && !IsLate(d)).Select(d => d.Day).ToHashSet();
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
