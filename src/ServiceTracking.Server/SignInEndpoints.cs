using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceTracking.Chain;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Core.Siwe;
using ServiceTracking.Storage;

namespace ServiceTracking.Server;

/// <summary>Sign-In with Ethereum (EIP-4361): a single-use nonce, then a signed message for a bearer token.</summary>
public static class SignInEndpoints
{
    public sealed record NonceResponse(string Nonce);
    public sealed record LoginRequest(string? Message, string? Signature);
    public sealed record LoginResponse(string Token, string Address, IReadOnlyList<string> Roles, long ExpiresAt);

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static void MapSignIn(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Sign-in").RequireRateLimiting(ServiceSetup.SignInLimit);
        group.MapGet("/nonce", IssueNonce);
        group.MapPost("/login", Login);
    }

    private static async Task<Ok<NonceResponse>> IssueNonce(Access access, AuthOptions auth, CancellationToken cancellationToken)
    {
        var nonce = RandomNumberGenerator.GetString(Alphabet, 17);
        await access.IssueNonceAsync(nonce, TimeSpan.FromMinutes(auth.NonceLifetimeMinutes), cancellationToken);
        return TypedResults.Ok(new NonceResponse(nonce));
    }

    private static async Task<Results<Ok<LoginResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext http, Access access, AuthOptions auth, ChainSettings chain, [FromServices] ChainConnection? connection,
        TokenIssuer tokens, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Message) || string.IsNullOrEmpty(request.Signature))
        {
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                ["message"] = string.IsNullOrEmpty(request.Message) ? ["The EIP-4361 message is required."] : [],
                ["signature"] = string.IsNullOrEmpty(request.Signature) ? ["The 0x-hex signature of the message is required."] : [],
            }.Where(e => e.Value.Length > 0).ToDictionary());
        }
        var domains = auth.AllowedDomains.Append(http.Request.Host.Value ?? "").Where(d => d.Length > 0).ToList();
        var expectations = new SiweExpectations(domains, (ulong)chain.ChainId, Nonce: null, Now: time.GetUtcNow(), ClockSkew: TimeSpan.FromMinutes(1));
        SiweVerification verification;
        try
        {
            // With a chain, a contract wallet (EIP-1271) may sign in: its own code judges the signature.
            verification = await SiweVerifier.VerifyAsync(request.Message, request.Signature, expectations,
                connection is null ? null : connection.IsValidContractSignatureAsync, cancellationToken);
        }
        catch (Exception ex) when (ex is ChainUnavailableException or ChainConfigurationException)
        {
            return Problems.Of(503, "Cannot check a contract wallet now",
                "The signature is not by the address's key, and the chain that would ask the address as a contract wallet (EIP-1271) " +
                (ex is ChainUnavailableException ? "does not answer; try again later." : "is misconfigured: " + ex.Message), "sign-in-chain-unavailable");
        }
        if (!verification.Ok)
        {
            return SignInRefused(verification.Failure, verification.Detail);
        }
        var message = verification.Message!;
        if (!Uri.TryCreate(message.Uri, UriKind.Absolute, out var uri) || !domains.Contains(uri.Authority, StringComparer.OrdinalIgnoreCase))
        {
            return SignInRefused(SiweFailure.DomainMismatch, $"The message's URI '{message.Uri}' is not on an allowed domain ({string.Join(", ", domains)}).");
        }
        if (!await access.ConsumeNonceAsync(message.Nonce, cancellationToken))
        {
            return Problems.Of(401, "Sign-in refused", "The nonce was not issued by this service, was already used, or has expired; ask for a new one.", "sign-in-nonce");
        }
        var roles = RoleClaims.RolesOf(access, auth, message.Address).ToList();
        var (token, expiresAt) = tokens.Issue(message.Address, roles);
        return TypedResults.Ok(new LoginResponse(token, message.Address.ToChecksumString(), roles, expiresAt.ToUnixTimeSeconds()));
    }

    private static ProblemHttpResult SignInRefused(SiweFailure failure, string? detail) => failure switch
    {
        SiweFailure.Malformed => Problems.Of(400, "Malformed sign-in message", detail ?? "The message is not a valid EIP-4361 message.", "sign-in-malformed"),
        _ => Problems.Of(401, "Sign-in refused", detail ?? failure.ToString(), "sign-in-" + failure.ToString().ToLowerInvariant()),
    };
}
