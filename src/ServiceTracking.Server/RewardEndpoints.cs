using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

/// <summary>Rewards: a contributor's grants with their formula inputs, and the admin's runs of scheduled distributions.</summary>
public static class RewardEndpoints
{
    public sealed record RunRequest(string? Schedule, string? Period);
    public sealed record RunDto(string Schedule, string Period, long StartedAt, long? CompletedAt, int Grants);
    public sealed record GrantsResponse(string Address, RewardsDto Rewards, IReadOnlyList<GrantView> Grants);

    public static void MapRewards(this WebApplication app)
    {
        app.MapGet("/api/v1/rewards", Grants).WithTags("Rewards").RequireAuthorization();
        var admin = app.MapGroup("/api/v1/admin/rewards").WithTags("Rewards").RequireAuthorization(Roles.Admin);
        admin.MapPost("/run", Run);
        admin.MapGet("/runs", async (RewardRuns runs, CancellationToken ct, int? limit) =>
            TypedResults.Ok((await runs.RecentAsync(Math.Clamp(limit ?? 100, 1, 1000), ct))
                .Select(r => new RunDto(r.Schedule, r.Period, r.StartedAt, r.CompletedAt, r.Grants)).ToList()));
    }

    /// <summary>The caller's grants, newest first (an admin may name any address).</summary>
    private static async Task<Results<Ok<GrantsResponse>, ValidationProblem, ProblemHttpResult>> Grants(
        ClaimsPrincipal user, GrantBook book, CancellationToken cancellationToken, string? address = null, int? limit = null)
    {
        var who = user.Address();
        if (address is not null)
        {
            if (!EthAddress.TryParse(address, out who))
            {
                return Problems.Invalid("address", "Not an Ethereum address.");
            }
            if (who != user.Address() && !user.IsInRole(Roles.Admin))
            {
                return Problems.Forbidden("Only admins may read another contributor's grants.");
            }
        }
        if (limit is < 1 or > 1000)
        {
            return Problems.Invalid("limit", "'limit' is 1 to 1000 (default 100).");
        }
        var balance = await book.BalanceAsync(who, cancellationToken);
        var grants = await book.GrantsAsync(who, limit ?? 100, cancellationToken);
        return TypedResults.Ok(new GrantsResponse(who.ToChecksumString(), RewardsDto.From(balance), grants));
    }

    private static async Task<Results<Ok<RunSummary>, ValidationProblem, ProblemHttpResult>> Run(
        RunRequest body, RewardRuns runs, CancellationToken cancellationToken)
    {
        if (!RewardSchedules.TryParse(body.Schedule, out var schedule))
        {
            return Problems.Invalid("schedule", $"'schedule' must be one of {string.Join(", ", RewardSchedules.Names)}.");
        }
        if (!RewardSchedules.TryGetPeriod(schedule, body.Period, out var period))
        {
            return Problems.Invalid("period", $"'{body.Period}' is not a {body.Schedule} period (e.g. 2025-12-14, 2025-W50, 2025-12).");
        }
        try
        {
            return TypedResults.Ok(await runs.RunAsync(period, cancellationToken));
        }
        catch (RefusedException refusal)
        {
            return Problems.Refused(refusal);
        }
    }
}
