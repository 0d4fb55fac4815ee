using System.Diagnostics.CodeAnalysis;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Rewards;

/// <summary>The scheduled distributions of SCORING §5: each runs for a period once it has ended (00:00 UTC after its last day).</summary>
public enum RewardSchedule
{
    /// <summary>Small real-time parts, later-recognition differences, BlessingCoin and streak badges, for a UTC day.</summary>
    Daily,

    /// <summary>The consistency part, for an ISO week.</summary>
    Weekly,

    /// <summary>Monthly top-10 badges, for a calendar month.</summary>
    Monthly,
}

/// <summary>A schedule's period: its label (<c>2025-12-14</c>, <c>2025-W50</c>, <c>2025-12</c>), days and end.</summary>
public sealed record RewardPeriod(RewardSchedule Schedule, string Label, DateOnly First, DateOnly Last)
{
    /// <summary>When the period has ended and may run: 00:00 UTC after its last day.</summary>
    public DateTimeOffset End => new(Last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public string ScheduleName => RewardSchedules.Name(Schedule);

    /// <summary>The run of this period, as named on each grant it makes: <c>daily:2025-12-14</c>.</summary>
    public string Run => $"{ScheduleName}:{Label}";

    public override string ToString() => $"{ScheduleName} {Label}";
}

public static class RewardSchedules
{
    public static IReadOnlyList<string> Names { get; } = ["daily", "weekly", "monthly"];

    public static string Name(RewardSchedule schedule) => Names[(int)schedule];

    public static bool TryParse([NotNullWhen(true)] string? name, out RewardSchedule schedule)
    {
        var index = name is null ? -1 : Names.ToList().IndexOf(name);
        schedule = (RewardSchedule)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>The period of <paramref name="schedule"/> named by <paramref name="label"/>, in any form the leaderboard accepts.</summary>
    public static bool TryGetPeriod(RewardSchedule schedule, string? label, [NotNullWhen(true)] out RewardPeriod? period)
    {
        var kind = Kind(schedule);
        period = Periods.TryNormalizeLabel(kind, label, out var canonical) && Periods.TryGetRange(kind, canonical, out var first, out var last)
            ? new RewardPeriod(schedule, canonical, first, last)
            : null;
        return period is not null;
    }

    /// <summary>The period of <paramref name="schedule"/> that contains <paramref name="day"/>.</summary>
    public static RewardPeriod Containing(RewardSchedule schedule, DateOnly day)
    {
        _ = TryGetPeriod(schedule, Periods.Label(Kind(schedule), day), out var period);
        return period!;
    }

    /// <summary>
    /// Every period of every schedule that contains a day from <paramref name="firstDay"/> on and has ended by
    /// <paramref name="now"/>, oldest end first (at the same end: daily, weekly, monthly), the order a catch-up runs them.
    /// </summary>
    public static IEnumerable<RewardPeriod> EndedSince(DateOnly firstDay, DateTimeOffset now)
    {
        var periods = new List<RewardPeriod>();
        foreach (var schedule in Enum.GetValues<RewardSchedule>())
        {
            for (var period = Containing(schedule, firstDay); period.End <= now; period = Containing(schedule, period.Last.AddDays(1)))
            {
                periods.Add(period);
            }
        }
        return periods.OrderBy(p => p.End).ThenBy(p => p.Schedule);
    }

    /// <summary>The next 00:00 UTC strictly after <paramref name="now"/>: when the next period ends.</summary>
    public static DateTimeOffset NextEnd(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    private static PeriodKind Kind(RewardSchedule schedule) => schedule switch
    {
        RewardSchedule.Daily => PeriodKind.Daily,
        RewardSchedule.Weekly => PeriodKind.Weekly,
        _ => PeriodKind.Monthly,
    };
}
