using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage.Rewards;

/// <summary>What a run of a scheduled distribution granted (this time; a re-run of a paid period grants nothing).</summary>
public sealed record RunSummary(string Schedule, string Period, int Grants, decimal ScrollCoin, decimal BlessingCoin, int Badges, bool Rerun);

/// <summary>
/// The scheduled distributions of SCORING §5. A run pays its recipients in address order, a few thousand per writer
/// command: each grant is committed together with the marks on what it paid, under a unique key, so a run cut short
/// (a crash) and run again pays the rest and nothing twice. A run stays open until its last command commits.
/// What is owed and how it is settled are decided in Core (<see cref="ScheduledPayments"/>); this class reads the
/// due rows as plain values and has the writer persist the decisions.
/// </summary>
public sealed class RewardRuns(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, Catalog catalog, TimeProvider time)
{
    // A run's first command is small, so that its first grants commit (and show) quickly; later ones grow to spread
    // the cost of a commit over more recipients while a chunk's rows stay a few megabytes.
    private const int FirstRecipientsPerCommand = 500;
    private const int MaxRecipientsPerCommand = 4_000;

    public async Task<RunSummary> RunAsync(RewardPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (period.End > time.GetUtcNow())
        {
            throw new RefusedException(StoreRefusalKind.Conflict, $"The {period} period has not ended (it ends {period.End:u}); only an ended period can run.");
        }
        var rerun = await writer.ExecuteAsync(ctx => ctx.StartRun(period), cancellationToken);
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
        foreach (var chunk in Chunks(await RecipientsAsync(period, cancellationToken)))
        {
            Tally(await writer.ExecuteAsync(ctx =>
            {
                var started = RewardMetrics.Start();
                var granted = period.Schedule == RewardSchedule.Daily ? PayDaily(ctx, period, chunk) : PayWeekly(ctx, period, chunk);
                RewardMetrics.Stop("command", started); // everything a command does before the batch is flushed
                return granted;
            }, cancellationToken));
        }
        var count = grants;
        await writer.ExecuteAsync(ctx => { ctx.CompleteRun(period, count); return true; }, cancellationToken);
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

    /// <summary>The period's run, or null when it has never started.</summary>
    public async Task<RewardRunRow?> FindAsync(RewardPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RewardRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Schedule == period.ScheduleName && r.Period == period.Label, cancellationToken);
    }

    public async Task<IReadOnlyList<RewardRunRow>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RewardRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).ThenBy(r => r.Schedule).ThenByDescending(r => r.Period)
            .Take(limit).ToListAsync(cancellationToken);
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
        var due = ByContributor(ctx.DueDaily(period, recipients));
        var addresses = recipients.Select(EthAddress.Parse).ToList();
        ctx.LoadDays(addresses);
        var streaks = addresses.Select(a => (Address: a, Badges: ScheduledPayments.StreakBadges(Streaks.EndingOn(ctx.DaysOf(a), period.Last)).ToList())).ToList();
        // One query for the chunk, not one per recipient: which of the grants it may write exist.
        ctx.LoadGrantKeys(streaks.SelectMany(s => s.Badges.Select(b => GrantKeys.Badge(b, s.Address, Badges.Lifetime))
            .Prepend(GrantKeys.Daily(s.Address, period.Label))));
        var granted = new List<GrantRow>();
        var settled = new List<DueContribution>();
        foreach (var (address, badges) in streaks)
        {
            var key = GrantKeys.Daily(address, period.Label);
            if (due.TryGetValue(address.ToLowerHex(), out var rows) && !ctx.GrantExists(key))
            {
                var payment = ScheduledPayments.Daily(rows);
                Add(granted, ctx.Grant(catalog, new GrantRequest(key, address, period.ScheduleName, period.Label, null, period.End, payment.Items, Run: period.Run)));
                settled.AddRange(payment.Settled);
            }
            foreach (var badge in badges)
            {
                Add(granted, ctx.Grant(catalog, new GrantRequest(GrantKeys.Badge(badge, address, Badges.Lifetime), address, "badge", Badges.Lifetime,
                    null, period.End, [], badge, Run: period.Run)));
            }
        }
        ctx.Settle(settled, daily: true);
        return granted;
    }

    private List<GrantRow> PayWeekly(WriteContext ctx, RewardPeriod period, string[] recipients)
    {
        var due = ByContributor(ctx.DueWeekly(period, recipients));
        var addresses = due.Keys.Order(StringComparer.Ordinal).Select(EthAddress.Parse).ToList();
        ctx.LoadGrantKeys(addresses.Select(a => GrantKeys.Weekly(a, period.Label)));
        var granted = new List<GrantRow>();
        var settled = new List<DueContribution>();
        foreach (var address in addresses)
        {
            var key = GrantKeys.Weekly(address, period.Label);
            if (ctx.GrantExists(key))
            {
                continue;
            }
            var payment = ScheduledPayments.Weekly(due[address.ToLowerHex()]);
            Add(granted, ctx.Grant(catalog, new GrantRequest(key, address, period.ScheduleName, period.Label, null, period.End, payment.Items, Run: period.Run)));
            settled.AddRange(payment.Settled);
        }
        ctx.Settle(settled, daily: false);
        return granted;
    }

    private static Dictionary<string, List<DueContribution>> ByContributor(List<DueRow> rows)
    {
        var byContributor = new Dictionary<string, List<DueContribution>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!byContributor.TryGetValue(row.Contributor, out var list))
            {
                byContributor[row.Contributor] = list = [];
            }
            list.Add(row.Contribution);
        }
        return byContributor;
    }

    private List<GrantRow> AwardMonthly(WriteContext ctx, RewardPeriod period)
    {
        var granted = new List<GrantRow>();
        foreach (var (rank, address, _) in ctx.TopRanks(new PeriodKey(PeriodKind.Monthly, period.Label), Badges.MonthlyTopRanks))
        {
            Add(granted, ctx.Grant(catalog, new GrantRequest(GrantKeys.Badge(Badges.MonthlyTop10, address, period.Label), address, "badge", period.Label,
                null, period.End, [], Badges.MonthlyTop10, rank, period.Run)));
        }
        return granted;
    }

    /// <summary>The recipients in address order, a command's worth at a time: the first <see cref="FirstRecipientsPerCommand"/>, then twice as many each time up to the maximum.</summary>
    private static IEnumerable<string[]> Chunks(List<string> recipients)
    {
        var size = FirstRecipientsPerCommand;
        for (var start = 0; start < recipients.Count; start += size, size = Math.Min(size * 2, MaxRecipientsPerCommand))
        {
            yield return recipients.GetRange(start, Math.Min(size, recipients.Count - start)).ToArray();
        }
    }

    private static void Add(List<GrantRow> granted, GrantRow? grant)
    {
        if (grant is not null)
        {
            granted.Add(grant);
        }
    }
}
