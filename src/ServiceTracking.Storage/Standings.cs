using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Storage;

public sealed record ContributorStats(
    EthAddress Address, decimal TotalImpact, int? Rank, int VerifiedContributions, int CurrentStreak,
    IReadOnlyDictionary<string, int> CategoryCounts, IReadOnlyList<ContributionView> Latest, RewardBalance Rewards);

public sealed record LeaderboardRow(int Rank, EthAddress Address, decimal Score);

public sealed record EcosystemTotals(int Lightworkers, int Contributions, decimal Impact);

/// <summary>Scores, ranks and leaderboards, and contributors' stats: from the in-memory rank indexes and summaries, and the period rows.</summary>
public sealed class Standings(StoreWriter writer, Leaderboards leaderboards, ContributorSummaries summaries, TimeProvider time)
{
    public async Task<(int? Rank, decimal Score)> RankAsync(PeriodKey period, EthAddress address, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (leaderboards.TryRank(period, address, out var rank, out var score))
            {
                return (rank, score);
            }
            await LoadAsync(period, cancellationToken);
        }
    }

    public async Task<(IReadOnlyList<LeaderboardRow> Rows, int Total)> LeaderboardAsync(PeriodKey period, int offset, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (leaderboards.TryPage(period, offset, limit, out var page, out var total))
            {
                return (page.Select(p => new LeaderboardRow(p.Rank, p.Address, p.Score)).ToList(), total);
            }
            await LoadAsync(period, cancellationToken);
        }
    }

    /// <summary>A period's board is loaded by the writer, between commits, so no write can fall between the load and its updates.</summary>
    private Task<bool> LoadAsync(PeriodKey period, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx => { ctx.LoadLeaderboard(period); return true; }, cancellationToken);

    /// <summary>A contributor's stats: the all-time rank and score, and their summary (no SQL when it is kept); the streak as of today.</summary>
    public async Task<ContributorStats> StatsAsync(EthAddress address, CancellationToken cancellationToken)
    {
        var (rank, score) = await RankAsync(new PeriodKey(PeriodKind.All, Periods.AllLabel), address, cancellationToken);
        var summary = await summaries.GetAsync(address, cancellationToken);
        return new ContributorStats(address, rank is null ? Hundredths.ToScore(0) : score, rank, summary.CategoryCounts.Values.Sum(),
            Streaks.Current(summary.AcceptedDays, Today), summary.CategoryCounts, summary.Latest, summary.Rewards);
    }

    /// <summary>The community's totals, kept in memory beside the boards (loaded by the writer once, then added to at each commit).</summary>
    public async Task<EcosystemTotals> TotalsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (leaderboards.Totals is { } totals)
            {
                return totals;
            }
            await writer.ExecuteAsync(ctx => { ctx.LoadTotals(); return true; }, cancellationToken);
        }
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
