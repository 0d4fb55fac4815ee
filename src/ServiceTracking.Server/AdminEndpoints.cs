using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Privacy;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

/// <summary>Role administration: admins grant and revoke verifier, elder, curator and admin; every change is audited.</summary>
public static class AdminEndpoints
{
    public sealed record RolesDto(string Address, IReadOnlyList<string> Roles);
    public sealed record AutoVerificationDto(bool? Suspended);

    public static void MapAdmin(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/admin").WithTags("Administration").RequireAuthorization(Roles.Admin);
        group.MapGet("/roles/{address}", Get);
        group.MapPut("/roles/{address}/{role}", (string address, string role, ClaimsPrincipal user, Access access, AuthOptions auth, CancellationToken ct) =>
            Set(address, role, true, user, access, auth, ct));
        group.MapDelete("/roles/{address}/{role}", (string address, string role, ClaimsPrincipal user, Access access, AuthOptions auth, CancellationToken ct) =>
            Set(address, role, false, user, access, auth, ct));
        group.MapPut("/contributors/{address}/auto-verification", SetAutoVerification);
        group.MapPost("/privacy/rotate-key", RotateKey);
        group.MapPost("/contributors/{address}/erase", EraseContributor);
    }

    public sealed record AdminErasureRequest(string? Reason);
    public sealed record AdminErasureDto(bool Erased, long? LedgerIndex, string? ReasonCommitment, string? ReasonSalt);

    /// <summary>
    /// Erasure on a person's request made outside the service (audited under the admin's address; the reason is
    /// committed to in the log and its salt returned here, so the admin can prove it later without the log naming anyone).
    /// </summary>
    private static async Task<Results<Ok<AdminErasureDto>, ValidationProblem>> EraseContributor(
        string address, AdminErasureRequest body, ClaimsPrincipal user, Erasure erasure, CancellationToken cancellationToken)
    {
        if (!EthAddress.TryParse(address, out var who))
        {
            return Problems.Invalid("address", "Not an Ethereum address.");
        }
        var reason = body.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
        {
            return Problems.Invalid("reason", "'reason' is required: 1 to 500 characters saying on whose request and why.");
        }
        var (commitment, salt) = Erasure.CommitToReason(reason);
        var outcome = await erasure.EraseAsync(who, user.Address().ToChecksumString(), commitment, cancellationToken);
        return TypedResults.Ok(outcome.Erased ? new AdminErasureDto(true, outcome.LedgerIndex, commitment, salt) : new AdminErasureDto(false, null, null, null));
    }

    public sealed record RotationDto(string KeyId, int Rewrapped);

    /// <summary>Replaces the key-encryption key and re-wraps every data key with it (no data is re-encrypted; ADR 10).</summary>
    private static async Task<Results<Ok<RotationDto>, ProblemHttpResult>> RotateKey(PersonalData personal, KeyRing keys, CancellationToken cancellationToken)
    {
        if (!keys.CanRotate)
        {
            return Problems.Conflict("The key-encryption key is given in configuration (Privacy:Key): rotate it there, listing the old one in Privacy:PreviousKeys, and restart.");
        }
        var (id, rewrapped) = await personal.RotateAsync(cancellationToken);
        return TypedResults.Ok(new RotationDto(id, rewrapped));
    }

    /// <summary>Suspends or restores a contributor's auto-verification (anti-gaming, SCORING §3 c).</summary>
    private static async Task<Results<Ok<AutoVerificationDto>, ValidationProblem>> SetAutoVerification(
        string address, AutoVerificationDto body, ClaimsPrincipal user, Recognitions recognitions, Visibility visibility, CancellationToken cancellationToken)
    {
        if (!EthAddress.TryParse(address, out var who))
        {
            return Problems.Invalid("address", "Not an Ethereum address.");
        }
        if (body.Suspended is not { } suspended)
        {
            return Problems.Invalid("suspended", "'suspended' (true or false) is required.");
        }
        await recognitions.SetAutoVerificationAsync(who, suspended, user.Address(), visibility.Of(who, new ClaimsPrincipal()).DisplayName, cancellationToken);
        return TypedResults.Ok(new AutoVerificationDto(suspended));
    }

    private static Results<Ok<RolesDto>, ValidationProblem> Get(string address, Access access, AuthOptions auth) =>
        EthAddress.TryParse(address, out var who)
            ? TypedResults.Ok(new RolesDto(who.ToChecksumString(), RoleClaims.RolesOf(access, auth, who).ToList()))
            : Problems.Invalid("address", "Not an Ethereum address.");

    private static async Task<Results<Ok<RolesDto>, ValidationProblem>> Set(
        string address, string role, bool grant, ClaimsPrincipal user, Access access, AuthOptions auth, CancellationToken cancellationToken)
    {
        if (!EthAddress.TryParse(address, out var who))
        {
            return Problems.Invalid("address", "Not an Ethereum address.");
        }
        if (!Roles.Grantable.Contains(role))
        {
            return Problems.Invalid("role", $"'{role}' is not a grantable role; use one of {string.Join(", ", Roles.Grantable)}.");
        }
        await access.SetRoleAsync(who, role, grant, user.Address(), cancellationToken);
        return TypedResults.Ok(new RolesDto(who.ToChecksumString(), RoleClaims.RolesOf(access, auth, who).ToList()));
    }
}
