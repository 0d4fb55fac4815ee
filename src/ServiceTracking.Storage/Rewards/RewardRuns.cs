using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage.Rewards;

/// <summary>What a run of a scheduled distribution granted (this time; a re-run of a paid period grants nothing).</summary>
public sealed record RunSummary(string Schedule, string Period, int Grants, decimal ScrollCoin, decimal BlessingCoin, int Badges, bool Rerun);

/// <summary>
/// The scheduled distributions of SCORING §5. A run pays its recipients in address order, a few hundred per writer
/// command: each grant is committed together with the marks on what it paid, under a unique key, so a run cut short
/// (a crash) and run again pays the rest and nothing twice. A run stays open until its last command commits.
/// </summary>
public sealed class RewardRuns(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, Catalog catalog, TimeProvider time)
{
    private const int RecipientsPerCommand = 500;

    public async Task<RunSummary> RunAsync(RewardPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (period.End > time.GetUtcNow())
        {
            throw new RefusedException(StoreRefusalKind.Conflict, $"The {period} period has not ended (it ends {period.End:u}); only an ended period can run.");
        }
        var rerun = await writer.ExecuteAsync(ctx => Start(ctx, period), cancellationToken);
        // Totals only: a run's grant rows (each with its formula inputs) are not kept until it ends.
        var (grants, scroll, blessing, badges) = (0, 0L, 0L, 0);
        void Tally(List<GrantRow> rows)
        {
            grants += rows.Count;
            scroll += rows.Sum(g => g.ScrollMicros);
            blessing += rows.Sum(g => g.BlessingMicros);
            badges += rows.Count(g => g.Badge is not null);
        }
        if (period.Schedule == RewardSchedule.Monthly)
        {
            Tally(await writer.ExecuteAsync(ctx => AwardMonthly(ctx, period), cancellationToken));
        }
        foreach (var chunk in (await RecipientsAsync(period, cancellationToken)).Chunk(RecipientsPerCommand))
        {
            Tally(await writer.ExecuteAsync(ctx => period.Schedule == RewardSchedule.Daily
                ? PayDaily(ctx, period, chunk) : PayWeekly(ctx, period, chunk), cancellationToken));
        }
        var count = grants;
        await writer.ExecuteAsync(ctx => Complete(ctx, period, count), cancellationToken);
        return new RunSummary(period.ScheduleName, period.Label, grants, Micros.ToAmount(scroll), Micros.ToAmount(blessing), badges, rerun);
    }

    /// <summary>Ended periods that have not completed (never run, or cut short), oldest first: what the scheduler runs.</summary>
    public async Task<IReadOnlyList<RewardPeriod>> DueAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var firstDay = await db.Contributions.AsNoTracking().MinAsync(c => (int?)c.PerformedDay, cancellationToken);
        if (firstDay is null)
        {
            return [];
        }
        var completed = (await db.RewardRuns.AsNoTracking().Where(r => r.CompletedAt != null)
            .Select(r => new { r.Schedule, r.Period }).ToListAsync(cancellationToken)).Select(r => (r.Schedule, r.Period)).ToHashSet();
        return RewardSchedules.EndedSince(DateOnly.FromDayNumber(firstDay.Value), time.GetUtcNow())
            .Where(p => !completed.Contains((p.ScheduleName, p.Label))).ToList();
    }

    public async Task<IReadOnlyList<RewardRunRow>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RewardRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).ThenBy(r => r.Schedule).ThenByDescending(r => r.Period)
            .Take(limit).ToListAsync(cancellationToken);
    }

    private static bool Start(WriteContext ctx, RewardPeriod period)
    {
        var run = ctx.Db.RewardRuns.Find(period.ScheduleName, period.Label);
        if (run is null)
        {
            ctx.Db.RewardRuns.Add(new RewardRunRow { Schedule = period.ScheduleName, Period = period.Label, StartedAt = ctx.Now.ToUnixTimeSeconds() });
            return false;
        }
        run.StartedAt = ctx.Now.ToUnixTimeSeconds();
        run.CompletedAt = null;
        return true;
    }

    private static bool Complete(WriteContext ctx, RewardPeriod period, int grants)
    {
        var run = ctx.Db.RewardRuns.Find(period.ScheduleName, period.Label)!;
        run.CompletedAt = ctx.Now.ToUnixTimeSeconds();
        run.Grants += grants;
        return true;
    }

    /// <summary>Everyone the run may pay, in address order (read outside the writer; each command checks again inside it).</summary>
    private async Task<List<string>> RecipientsAsync(RewardPeriod period, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var last = period.Last.DayNumber;
        var end = period.End.ToUnixTimeSeconds();
        var verified = (int)ContributionStatus.Verified;
        if (period.Schedule == RewardSchedule.Monthly)
        {
            return []; // monthly badges come from the month's leaderboard
        }
        var query = period.Schedule == RewardSchedule.Daily
            ? db.Contributions.AsNoTracking()
                .Where(c => c.RewardDue && c.Status == verified && c.PerformedDay <= last && c.DueSince < end).Select(c => c.Contributor)
                .Union(db.ContributorDays.AsNoTracking().Where(d => d.Day == last && d.Accepted > 0).Select(d => d.Address))
            : db.Contributions.AsNoTracking()
                .Where(c => c.ConsistencyDue && c.Status == verified && c.PerformedDay <= last && c.VerifiedAt < end).Select(c => c.Contributor);
        var recipients = await query.Distinct().ToListAsync(cancellationToken);
        recipients.Sort(StringComparer.Ordinal);
        return recipients;
    }

    private List<GrantRow> PayDaily(WriteContext ctx, RewardPeriod period, string[] recipients)
    {
        // Earlier commands of this batch are written first, so that every row below is settled by the set-based UPDATEs.
        ctx.Db.SaveChanges();
        var last = period.Last.DayNumber;
        var end = period.End.ToUnixTimeSeconds();
        var verified = (int)ContributionStatus.Verified;
        var due = ctx.Db.Contributions
            .Where(c => recipients.Contains(c.Contributor) && c.RewardDue && c.Status == verified && c.PerformedDay <= last && c.DueSince < end)
            .AsEnumerable().GroupBy(c => c.Contributor).ToDictionary(g => g.Key, g => g.OrderBy(c => c.PerformedAt).ThenBy(c => c.RecordId).ToList());
        var addresses = recipients.Select(EthAddress.Parse).ToList();
        // One query each for the chunk, not one per recipient: which grants exist, and the days of every streak.
        ctx.LoadGrantKeys(addresses.Select(a => GrantKeys.Daily(a, period.Label))
            .Concat(addresses.SelectMany(a => Badges.StreakDays.Select(d => GrantKeys.Badge(Badges.Streak(d), a, Badges.Lifetime)))));
        ctx.LoadDays(addresses);
        var granted = new List<GrantRow>();
        var settled = new List<ContributionRow>();
        foreach (var address in addresses)
        {
            if (due.TryGetValue(address.ToLowerHex(), out var rows))
            {
                var key = GrantKeys.Daily(address, period.Label);
                if (!ctx.GrantExists(key))
                {
                    var items = rows.SelectMany(Verification.OwedDaily).ToList();
                    Add(granted, ctx.Grant(catalog, new GrantRequest(key, address, period.ScheduleName, period.Label, null, period.End, items)));
                    foreach (var row in rows)
                    {
                        // Settled in memory, so later commands see it paid; written by the set-based UPDATEs below, not by SaveChanges.
                        Verification.SettleDaily(row);
                        var entry = ctx.Db.Entry(row);
                        entry.OriginalValues.SetValues(entry.CurrentValues);
                        entry.State = EntityState.Unchanged;
                    }
                    settled.AddRange(rows);
                }
            }
            var streak = Streaks.EndingOn(ctx.DaysOf(address), period.Last);
            foreach (var days in Badges.StreakDays.Where(d => streak >= d))
            {
                var badge = Badges.Streak(days);
                Add(granted, ctx.Grant(catalog, new GrantRequest(GrantKeys.Badge(badge, address, Badges.Lifetime), address, "badge", Badges.Lifetime,
                    null, period.End, [], badge)));
            }
        }
        // Settled rows are written by one UPDATE per set of paid values, not one UPDATE a row.
        foreach (var group in settled.GroupBy(r => (r.RealTimePaid, r.BlessingPaid, r.ConsistencyPaid)))
        {
            var ids = group.Select(r => r.RecordId).ToArray();
            var (realTime, blessing, consistency) = group.Key;
            ctx.Db.Contributions.Where(c => EF.Parameter(ids).Contains(c.RecordId)).ExecuteUpdate(s => s
                .SetProperty(c => c.RealTimePaid, realTime).SetProperty(c => c.BlessingPaid, blessing).SetProperty(c => c.ConsistencyPaid, consistency)
                .SetProperty(c => c.RewardDue, false).SetProperty(c => c.DueSince, (long?)null));
        }
        return granted;
    }

    private List<GrantRow> PayWeekly(WriteContext ctx, RewardPeriod period, string[] recipients)
    {
        var last = period.Last.DayNumber;
        var end = period.End.ToUnixTimeSeconds();
        var verified = (int)ContributionStatus.Verified;
        var due = ctx.Db.Contributions
            .Where(c => recipients.Contains(c.Contributor) && c.ConsistencyDue && c.Status == verified && c.PerformedDay <= last && c.VerifiedAt < end)
            .AsEnumerable().GroupBy(c => c.Contributor);
        var granted = new List<GrantRow>();
        foreach (var rows in due.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var address = EthAddress.Parse(rows.Key);
            var key = GrantKeys.Weekly(address, period.Label);
            if (ctx.GrantExists(key))
            {
                continue;
            }
            var items = rows.OrderBy(c => c.PerformedAt).ThenBy(c => c.RecordId).Where(c => c.ConsistencyPoints > 0)
                .Select(c => new RewardItem(c.RecordId, RewardPart.Consistency, c.ConsistencyPoints, c.PerformedAt)).ToList();
            Add(granted, ctx.Grant(catalog, new GrantRequest(key, address, period.ScheduleName, period.Label, null, period.End, items)));
            foreach (var row in rows)
            {
                Verification.SettleWeekly(row);
            }
        }
        return granted;
    }

    private List<GrantRow> AwardMonthly(WriteContext ctx, RewardPeriod period)
    {
        var granted = new List<GrantRow>();
        foreach (var (rank, address, _) in ctx.TopRanks(new PeriodKey(PeriodKind.Monthly, period.Label), Badges.MonthlyTopRanks))
        {
            Add(granted, ctx.Grant(catalog, new GrantRequest(GrantKeys.Badge(Badges.MonthlyTop10, address, period.Label), address, "badge", period.Label,
                null, period.End, [], Badges.MonthlyTop10, rank)));
        }
        return granted;
    }

    private static void Add(List<GrantRow> granted, GrantRow? grant)
    {
        if (grant is not null)
        {
            granted.Add(grant);
        }
    }
}
