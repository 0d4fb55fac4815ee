using System.Diagnostics.CodeAnalysis;
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
    public sealed record RunGrantDto(string Recipient, GrantView Grant);

    /// <summary>A page of a run's grants; <c>next</c> is the <c>after</c> of the next page (null on the last).</summary>
    public sealed record RunGrantsResponse(string Schedule, string Period, IReadOnlyList<RunGrantDto> Grants, string? Next);

    public static void MapRewards(this WebApplication app)
    {
        app.MapGet("/api/v1/rewards", Grants).WithTags("Rewards").RequireAuthorization();
        var admin = app.MapGroup("/api/v1/admin/rewards").WithTags("Rewards").RequireAuthorization(Roles.Admin);
        admin.MapPost("/run", Run);
        admin.MapGet("/runs", async (RewardRuns runs, CancellationToken ct, int? limit) =>
            TypedResults.Ok((await runs.RecentAsync(Math.Clamp(limit ?? 100, 1, 1000), ct))
                .Select(r => new RunDto(r.Schedule, r.Period, r.StartedAt, r.CompletedAt, r.Grants)).ToList()));
        admin.MapGet("/runs/{schedule}/{period}/grants", RunGrants);
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

    /// <summary>The grants a run made (badges included), in key order, a page at a time: what an operator pays out or checks.</summary>
    private static async Task<Results<Ok<RunGrantsResponse>, ValidationProblem, ProblemHttpResult>> RunGrants(
        string schedule, string period, RewardRuns runs, GrantBook book, CancellationToken cancellationToken, int? limit = null, string? after = null)
    {
        if (!TryParsePeriod(schedule, period, out var run, out var invalid))
        {
            return invalid;
        }
        if (limit is < 1 or > 1000)
        {
            return Problems.Invalid("limit", "'limit' is 1 to 1000 (default 1000).");
        }
        if (await runs.FindAsync(run, cancellationToken) is null)
        {
            return Problems.NotFound($"The {run} period has not been run.");
        }
        var size = limit ?? 1000;
        var page = await book.RunGrantsAsync(run, size, after, cancellationToken);
        return TypedResults.Ok(new RunGrantsResponse(run.ScheduleName, run.Label,
            page.Select(g => new RunGrantDto(g.Recipient.ToChecksumString(), g.Grant)).ToList(), page.Count == size ? page[^1].Grant.Key : null));
    }

    private static async Task<Results<Ok<RunSummary>, ValidationProblem, ProblemHttpResult>> Run(
        RunRequest body, RewardRuns runs, CancellationToken cancellationToken)
    {
        if (!TryParsePeriod(body.Schedule, body.Period, out var period, out var invalid))
        {
            return invalid;
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

    private static bool TryParsePeriod(string? schedule, string? label,
        [NotNullWhen(true)] out RewardPeriod? period, [NotNullWhen(false)] out ValidationProblem? invalid)
    {
        period = null;
        invalid = !RewardSchedules.TryParse(schedule, out var kind)
            ? Problems.Invalid("schedule", $"'schedule' must be one of {string.Join(", ", RewardSchedules.Names)}.")
            : !RewardSchedules.TryGetPeriod(kind, label, out period)
                ? Problems.Invalid("period", $"'{label}' is not a {schedule} period (e.g. 2025-12-14, 2025-W50, 2025-12).")
                : null;
        return invalid is null;
    }
}
