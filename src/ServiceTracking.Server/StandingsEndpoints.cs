using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

/// <summary>Standings: a contributor's stats, the leaderboards and the community's totals.</summary>
public static class StandingsEndpoints
{
    public static void MapStandings(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/service-tracking").WithTags("Standings");
        group.MapGet("/stats/{address}", Stats);
        group.MapGet("/leaderboard", Leaderboard);
        group.MapGet("/community", Community);
    }

    private static async Task<Results<Ok<StatsResponse>, ValidationProblem, ProblemHttpResult>> Stats(
        string address, ClaimsPrincipal user, Standings standings, Visibility visibility, Catalog catalog, DetailsAccess details, CancellationToken cancellationToken)
    {
        if (!EthAddress.TryParse(address, out var who))
        {
            return Problems.Invalid("address", "Not an Ethereum address (0x + 40 hex digits; mixed case must be a valid EIP-55 checksum).");
        }
        var stats = await standings.StatsAsync(who, cancellationToken);
        if (stats.Rank is null && stats.Latest.Count == 0)
        {
            // Nothing recorded, or erased (API "Profiles"): the service holds no standing for this address.
            return Problems.NotFound($"{who.ToChecksumString()} has no contributions here.");
        }
        var identity = visibility.Of(who, user);
        var breakdown = new Dictionary<string, int>();
        foreach (var category in catalog.Categories)
        {
            breakdown[category] = stats.CategoryCounts.GetValueOrDefault(category);
        }
        var balance = stats.Rewards;
        var opened = await details.ReadAsync(stats.Latest, user, cancellationToken);
        var rewards = new RewardsEarnedDto(balance.ScrollCoin, balance.BlessingCoin, balance.Badges.Count);
        var metrics = new StatsMetrics(stats.VerifiedContributions, stats.TotalImpact, stats.Rank, stats.CurrentStreak, rewards, breakdown);
        return TypedResults.Ok(new StatsResponse(identity.Address, identity.DisplayName, stats.TotalImpact, stats.Rank, metrics,
            stats.Latest.Select(c => ContributionDto.From(c, identity, opened.TryGetValue(c.RecordId, out var d) ? d : null)).ToList(), RewardsDto.From(balance)));
    }

    private static async Task<Results<Ok<LeaderboardResponse>, ValidationProblem>> Leaderboard(
        ClaimsPrincipal user, Standings standings, Visibility visibility, TimeProvider time, CancellationToken cancellationToken,
        string? period = null, string? at = null, int? limit = null, int? offset = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (!WireNames.TryParse(period ?? "all", out PeriodKind kind))
        {
            errors["period"] = ["'period' must be one of all, daily, weekly, monthly."];
        }
        var label = Periods.Label(kind, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (at is not null && !errors.ContainsKey("period"))
        {
            if (Periods.TryNormalizeLabel(kind, at, out var normalized))
            {
                label = normalized;
            }
            else
            {
                errors["at"] = [$"'{at}' is not a {WireNames.Of(kind)} period label (e.g. 2025-12-14, 2025-W50, 2025-12, all)."];
            }
        }
        if (limit is < 1 or > 1000)
        {
            errors["limit"] = ["'limit' must be between 1 and 1000."];
        }
        if (offset is < 0)
        {
            errors["offset"] = ["'offset' must be 0 or more."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var (rows, total) = await standings.LeaderboardAsync(new PeriodKey(kind, label), offset ?? 0, limit ?? 100, cancellationToken);
        return TypedResults.Ok(new LeaderboardResponse(label, WireNames.Of(kind), total, offset ?? 0, Entries(rows, user, visibility)));
    }

    internal static List<LeaderboardEntry> Entries(IEnumerable<LeaderboardRow> rows, ClaimsPrincipal user, Visibility visibility) =>
        rows.Select(r =>
        {
            var identity = visibility.Of(r.Address, user);
            return new LeaderboardEntry(r.Rank, identity.Address, identity.DisplayName, r.Score);
        }).ToList();

    private static async Task<Ok<CommunityResponse>> Community(
        ClaimsPrincipal user, Standings standings, ContributionStore store, GrantBook grants, Visibility visibility, CancellationToken cancellationToken)
    {
        var totals = await standings.TotalsAsync(cancellationToken);
        var (scroll, blessing) = await grants.SupplyAsync(cancellationToken);
        var (top, _) = await standings.LeaderboardAsync(new PeriodKey(PeriodKind.All, "all"), 0, 10, cancellationToken);
        var recent = await store.LatestAsync(null, 20, cancellationToken, verifiedOnly: true);
        return TypedResults.Ok(new CommunityResponse(
            new EcosystemDto(totals.Lightworkers, totals.Contributions, totals.Impact, new TokenAmounts(scroll, blessing)),
            Entries(top, user, visibility),
            recent.Select(c => new ActivityDto(c.RecordId, c.Type, c.Subtype, visibility.Of(c.Contributor, user).DisplayName, c.RecordedAt, c.Impact)).ToList()));
    }
}
