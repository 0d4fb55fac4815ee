using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core;
using ServiceTracking.Core.Monitor;
using ServiceTracking.Storage.Monitor;

namespace ServiceTracking.Server;

/// <summary>
/// <c>GET /api/v1/admin/suspicious</c>: contributors' current suspicion scores with their signals (README "Suspicious
/// activity"), for moderators (verifier, elder, admin). Contributors appear as the API shows them to the caller.
/// </summary>
public static class SuspicionEndpoints
{
    public sealed record SignalDto(string Kind, decimal Weight, JsonElement Evidence);
    public sealed record SuspectDto(string? Subject, string DisplayName, decimal Score, bool Suspicious, IReadOnlyList<SignalDto> Signals);
    public sealed record SuspiciousResponse(decimal Threshold, int WindowHours, int Total, int Offset, IReadOnlyList<SuspectDto> Items);

    public static void MapSuspicion(this WebApplication app)
    {
        app.MapGet("/api/v1/admin/suspicious", List).WithTags("Administration")
            .WithSummary("Suspicion scores within the window, highest first, each with its signals (verifier, elder, admin).")
            .RequireAuthorization(p => p.RequireRole(Roles.Verifier, Roles.Elder, Roles.Admin));
    }

    private static async Task<Results<Ok<SuspiciousResponse>, ValidationProblem>> List(
        ClaimsPrincipal user, Suspicions suspicions, Visibility visibility, CancellationToken cancellationToken, int? limit = null, int? offset = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > 500)
        {
            errors["limit"] = ["'limit' must be between 1 and 500 (default 100)."];
        }
        if (offset is < 0)
        {
            errors["offset"] = ["'offset' must be 0 or more."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var policy = suspicions.Policy;
        var (items, total) = await suspicions.CurrentAsync(offset ?? 0, limit ?? 100, cancellationToken);
        return TypedResults.Ok(new SuspiciousResponse(policy.Threshold, (int)policy.Window.TotalHours, total, offset ?? 0, items.Select(s =>
        {
            var identity = visibility.Of(s.Subject, user);
            return new SuspectDto(identity.Address, identity.DisplayName, s.Score, s.Score >= policy.Threshold,
                s.Signals.Select(g => new SignalDto(g.Kind.WireName(), g.Weight, g.Evidence)).ToList());
        }).ToList()));
    }
}
