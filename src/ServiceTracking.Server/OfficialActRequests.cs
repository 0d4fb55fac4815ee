using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

/// <summary>
/// The body of an official's act: the EIP-712 signature and the <c>issuedAt</c> it signed, and for an assessment or a
/// review decision the quality, the reason and the 32-byte salt of the reason's commitment the official signed.
/// </summary>
public sealed record OfficialActRequest(string? Signature, long? IssuedAt, string? Quality = null, string? Reason = null, string? ReasonSalt = null);

/// <summary>An act read from a request and checked: what the store applies.</summary>
public sealed record CheckedAct(SignedAct Act, OfficialReason? Reason);

/// <summary>
/// Reads an official's act from a request and checks it was signed, recently, by the signed-in address: by its key,
/// or with a chain configured by the address as a contract wallet (EIP-1271), as for sign-in.
/// </summary>
public sealed class OfficialActRequests(SigningDomain signing, LimitOptions limits, TimeProvider time, ChainConnection? connection = null)
{
    private const int MaxReasonLength = 1000;

    /// <summary>Validates the body (400) and the signature (403; 503 when a contract wallet cannot be asked).</summary>
    public async Task<(CheckedAct? Act, Results<ValidationProblem, ProblemHttpResult>? Problem)> CheckAsync(
        OfficialActType type, string decision, string recordId, OfficialActRequest? body, EthAddress official, CancellationToken cancellationToken)
    {
        body ??= new OfficialActRequest(null, null);
        var errors = new Dictionary<string, string[]>();
        var recordBytes = Hex.TryDecode(recordId, 32, out var bytes) ? bytes : null;
        var signature = Hex.TryDecode(body.Signature, 65, out var sig) ? sig : null;
        if (signature is null)
        {
            errors["signature"] = [$"'signature' is the 65-byte EIP-712 {OfficialActs.TypeName(type)} signature as 0x + 130 hex digits " +
                $"(see GET /api/v1/service-tracking/eip712?primaryType={OfficialActs.TypeName(type)})."];
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (body.IssuedAt is not { } issuedAt || issuedAt < 0)
        {
            errors["issuedAt"] = ["'issuedAt' (unix seconds, the value you signed) is required."];
        }
        else if (issuedAt > now + limits.MaxFutureSeconds || issuedAt < now - limits.ActMaxAgeSeconds)
        {
            errors["issuedAt"] = [$"The signature is stale or post-dated: 'issuedAt' must be within {limits.ActMaxAgeSeconds} s before and " +
                $"{limits.MaxFutureSeconds} s after the server's clock ({now}); sign the act again."];
        }
        var reasoned = type is OfficialActType.Assessment or OfficialActType.ReviewDecision;
        QualityTier? quality = null;
        byte[]? salt = null;
        if (reasoned)
        {
            quality = ReadQuality(type, decision, body.Quality, errors);
            salt = ReadReason(body, errors);
        }
        else if (body.Quality is not null || body.Reason is not null || body.ReasonSalt is not null)
        {
            errors["reason"] = [$"A {OfficialActs.TypeName(type)} carries no quality or reason."];
        }
        if (recordBytes is null)
        {
            return (null, Problems.NotFound($"No contribution has record id '{recordId}'."));
        }
        if (errors.Count > 0)
        {
            return (null, Problems.Invalid(errors));
        }
        var act = new OfficialAct(type, recordBytes, official, (ulong)body.IssuedAt!.Value, decision,
            quality is { } q ? WireNames.Of(q) : "", reasoned ? OfficialActs.ReasonCommitment(salt, body.Reason!) : null);
        var signed = new SignedAct(signing.Domain, act, signature!);
        if (await SignedByAsync(signed, official, cancellationToken) is { } refusal)
        {
            return (null, refusal);
        }
        return (new CheckedAct(signed, reasoned ? new OfficialReason(body.Reason!, salt!) : null), null);
    }

    private async Task<ProblemHttpResult?> SignedByAsync(SignedAct signed, EthAddress official, CancellationToken cancellationToken)
    {
        var digest = signed.Digest();
        var recovered = EthSignature.TryRecover(digest, signed.Signature, out var signer);
        if (recovered && signer == official)
        {
            return null;
        }
        if (connection is not null)
        {
            try
            {
                if (await connection.IsValidContractSignatureAsync(official, digest, signed.Signature, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
            }
            catch (Exception ex) when (ex is ChainUnavailableException or ChainConfigurationException)
            {
                return Problems.Of(503, "Cannot check a contract wallet now",
                    "The signature is not by the address's key, and the chain that would ask the address as a contract wallet (EIP-1271) " +
                    (ex is ChainUnavailableException ? "does not answer; try again later." : "is misconfigured: " + ex.Message), "act-chain-unavailable");
            }
        }
        var name = OfficialActs.TypeName(signed.Act.Type);
        return Problems.Forbidden((recovered ? $"The {name} signature recovers to {signer}, not to the signed-in address {official}" : $"The {name} signature is not a valid secp256k1 signature")
            + $": sign {OfficialActs.EncodeType(signed.Act.Type)} with your own address and exactly the fields you send " +
            $"(see GET /api/v1/service-tracking/eip712?primaryType={name}).");
    }

    private static QualityTier? ReadQuality(OfficialActType type, string decision, string? text, Dictionary<string, string[]> errors)
    {
        if (decision == OfficialAct.Reject)
        {
            if (text is not null)
            {
                errors["quality"] = ["A rejection sets no quality; leave 'quality' out."];
            }
            return null;
        }
        if (text is null && type == OfficialActType.ReviewDecision)
        {
            return null;
        }
        if (WireNames.TryParse(text, out QualityTier tier))
        {
            return tier;
        }
        errors["quality"] = [$"'quality' must be one of {string.Join(", ", WireNames.QualityTiers)}."];
        return null;
    }

    private static byte[]? ReadReason(OfficialActRequest body, Dictionary<string, string[]> errors)
    {
        var reason = body.Reason;
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            errors["reason"] = [$"'reason' is required: 1 to {MaxReasonLength} characters saying why (the exact text whose commitment you signed)."];
        }
        if (Hex.TryDecode(body.ReasonSalt, 32, out var salt))
        {
            return salt;
        }
        errors["reasonSalt"] = ["'reasonSalt' is the 32 random bytes (0x + 64 hex digits) of the reason's commitment you signed: " +
            "reasonCommitment = SHA-256(reasonSalt ‖ UTF-8 reason)."];
        return null;
    }
}
