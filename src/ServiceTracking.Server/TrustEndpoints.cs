using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Trust;
using ServiceTracking.Storage.Trust;

namespace ServiceTracking.Server;

/// <summary>
/// Standing and anti-gaming (docs/antigaming.md): a contributor's standing with its reasons, vouching for a new address
/// (elder or verifier), the moderators' findings with confirm and dismiss, and an admin's reputation run on demand.
/// </summary>
public static class TrustEndpoints
{
    public sealed record StandingDto(decimal Standing, bool Good, decimal EndorsementWeight, bool Vouched, IReadOnlyList<StandingReason> Reasons, long? ComputedAt);
    public sealed record VouchDto(string Subject, bool Vouched);
    public sealed record MemberDto(string? Address, string DisplayName);
    public sealed record FindingDto(long Id, string Kind, IReadOnlyList<MemberDto> Members, JsonElement Evidence, int Voided, string Status, long FoundAt, long? DecidedAt);
    public sealed record FindingsResponse(int Total, int Offset, IReadOnlyList<FindingDto> Items);

    public static void MapTrust(this WebApplication app)
    {
        app.MapGet("/api/v1/profile/standing", Standing).WithTags("Profile").RequireAuthorization()
            .WithSummary("Your standing (0–1), whether your endorsements count in full, and why.");
        app.MapPost("/api/v1/contributors/{address}/vouch", Vouch).WithTags("Recognition and review").RequireAuthorization(Roles.Reviewer)
            .WithSummary("Vouch for a new address (elder or verifier, audited): it gets the vouched standing at once.");
        var moderators = app.MapGroup("/api/v1/admin").WithTags("Administration")
            .RequireAuthorization(p => p.RequireRole(Roles.Verifier, Roles.Elder, Roles.Admin));
        moderators.MapGet("/findings", List);
        moderators.MapPost("/findings/{id:long}/confirm", (long id, ClaimsPrincipal user, Findings f, Visibility v, CancellationToken ct) => Decide(id, true, user, f, v, ct));
        moderators.MapPost("/findings/{id:long}/dismiss", (long id, ClaimsPrincipal user, Findings f, Visibility v, CancellationToken ct) => Decide(id, false, user, f, v, ct));
        app.MapPost("/api/v1/admin/reputation/run", async (Reputation reputation, CancellationToken ct) => TypedResults.Ok(await reputation.RunAsync(ct)))
            .WithTags("Administration").RequireAuthorization(Roles.Admin);
    }

    private static async Task<Ok<StandingDto>> Standing(ClaimsPrincipal user, Vouches vouches, CancellationToken cancellationToken)
    {
        var seed = user.IsInRole(Roles.Verifier) || user.IsInRole(Roles.Elder);
        var s = await vouches.StandingAsync(user.Address(), seed, cancellationToken);
        return TypedResults.Ok(new StandingDto(s.Standing, s.Good, s.EndorsementWeight, s.Vouched, s.Reasons, s.ComputedAt));
    }

    private static async Task<Results<Ok<VouchDto>, ValidationProblem, ProblemHttpResult>> Vouch(
        string address, ClaimsPrincipal user, Vouches vouches, Visibility visibility, CancellationToken cancellationToken)
    {
        if (!EthAddress.TryParse(address, out var who))
        {
            return Problems.Invalid("address", "Not an Ethereum address.");
        }
        if (who == user.Address())
        {
            return Problems.Forbidden("Nobody may vouch for their own address.");
        }
        var subject = visibility.Of(who, new ClaimsPrincipal()).DisplayName;
        return await vouches.VouchAsync(who, user.Address(), subject, cancellationToken)
            ? TypedResults.Ok(new VouchDto(visibility.Of(who, user).DisplayName, true))
            : Problems.Conflict($"Someone has already vouched for {who}; one vouch per address.");
    }

    private static async Task<Results<Ok<FindingsResponse>, ValidationProblem>> List(
        ClaimsPrincipal user, Findings findings, Visibility visibility, CancellationToken cancellationToken, string? status = null, int? limit = null, int? offset = null)
    {
        if (limit is < 1 or > 500 || offset is < 0 || status is not (null or "open" or "all"))
        {
            return Problems.Invalid(status is not (null or "open" or "all") ? "status" : limit is < 1 or > 500 ? "limit" : "offset",
                "'status' is open (default) or all; 'limit' is 1 to 500 (default 100); 'offset' is 0 or more.");
        }
        var (items, total) = await findings.ListAsync(status != "all", offset ?? 0, limit ?? 100, cancellationToken);
        return TypedResults.Ok(new FindingsResponse(total, offset ?? 0, items.Select(f => ToDto(f, user, visibility)).ToList()));
    }

    private static async Task<Results<Ok<FindingDto>, ProblemHttpResult>> Decide(
        long id, bool confirm, ClaimsPrincipal user, Findings findings, Visibility visibility, CancellationToken cancellationToken) =>
        await findings.DecideAsync(id, confirm, user.Address(), cancellationToken) is { } decided
            ? TypedResults.Ok(ToDto(decided, user, visibility))
            : Problems.NotFound($"No open finding has id {id}.");

    private static FindingDto ToDto(FindingView f, ClaimsPrincipal user, Visibility visibility) => new(f.Id, f.Kind,
        f.Members.Select(m => visibility.Of(m, user)).Select(i => new MemberDto(i.Address, i.DisplayName)).ToList(), f.Evidence, f.Voided, f.Status, f.FoundAt, f.DecidedAt);
}
