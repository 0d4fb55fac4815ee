using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ServiceTracking.Core;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage;

namespace ServiceTracking.Server;

/// <summary>Issues the HS256 bearer tokens that sign-in hands out.</summary>
public sealed class TokenIssuer(DataKeys keys, AuthOptions auth, TimeProvider time)
{
    public const string Issuer = "scrollverse-service-tracking";

    public (string Token, DateTimeOffset ExpiresAt) Issue(EthAddress address, IEnumerable<string> roles)
    {
        var now = time.GetUtcNow();
        var expires = now.AddMinutes(auth.TokenLifetimeMinutes);
        var claims = new Dictionary<string, object>
        {
            ["sub"] = address.ToChecksumString(),
            ["roles"] = roles.ToArray(),
        };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(keys.JwtKey), SecurityAlgorithms.HmacSha256),
        });
        return (token, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    public static TokenValidationParameters ValidationParameters(DataKeys keys) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Issuer,
        IssuerSigningKey = new SymmetricSecurityKey(keys.JwtKey),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = "sub",
        // Roles come from the store on each request (RoleClaims), never from the token.
        RoleClaimType = ClaimTypes.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}

internal static class PrincipalExtensions
{
    public static EthAddress Address(this ClaimsPrincipal user) => EthAddress.Parse(user.FindFirstValue("sub")!);

    public static bool IsReviewer(this ClaimsPrincipal user) => user.IsInRole(Roles.Verifier) || user.IsInRole(Roles.Elder);
}
