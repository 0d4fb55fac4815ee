using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage;

namespace ServiceTracking.Server;

/// <summary>Role administration: admins grant and revoke verifier, elder, curator and admin; every change is audited.</summary>
public static class AdminEndpoints
{
    public sealed record RolesDto(string Address, IReadOnlyList<string> Roles);

    public static void MapAdmin(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/admin").WithTags("Administration").RequireAuthorization(Roles.Admin);
        group.MapGet("/roles/{address}", Get);
        group.MapPut("/roles/{address}/{role}", (string address, string role, ClaimsPrincipal user, Access access, AuthOptions auth, CancellationToken ct) =>
            Set(address, role, true, user, access, auth, ct));
        group.MapDelete("/roles/{address}/{role}", (string address, string role, ClaimsPrincipal user, Access access, AuthOptions auth, CancellationToken ct) =>
            Set(address, role, false, user, access, auth, ct));
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
