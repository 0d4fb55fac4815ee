using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;

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
        string address, ClaimsPrincipal user, ServiceViews views, CancellationToken cancellationToken)
    {
        if (!EthAddress.TryParse(address, out var who))
        {
            return Problems.Invalid("address", "Not an Ethereum address (0x + 40 hex digits; mixed case must be a valid EIP-55 checksum).");
        }
        // Nothing recorded, or erased (API "Profiles"): the service holds no standing for this address.
        return await views.StatsAsync(user, who, cancellationToken) is { } stats
            ? TypedResults.Ok(stats)
            : Problems.NotFound($"{who.ToChecksumString()} has no contributions here.");
    }

    private static async Task<Results<Ok<LeaderboardResponse>, ValidationProblem>> Leaderboard(
        ClaimsPrincipal user, ServiceViews views, TimeProvider time, CancellationToken cancellationToken,
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
        return TypedResults.Ok(await views.LeaderboardAsync(user, new PeriodKey(kind, label), offset ?? 0, limit ?? 100, cancellationToken));
    }

    private static async Task<Ok<CommunityResponse>> Community(ClaimsPrincipal user, ServiceViews views, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.CommunityAsync(user, cancellationToken));
}
