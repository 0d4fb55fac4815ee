using System.Text;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Siwe;

/// <summary>Checks a signed EIP-4361 message: grammar, the server's expectations, then the EIP-191 signature.</summary>
public static class SiweVerifier
{
    /// <summary>
    /// Parses <paramref name="messageText"/>, checks it against <paramref name="expectations"/>, and checks that the
    /// personal_sign signature over the exact text recovers to the message's address. Never throws on bad input.
    /// </summary>
    public static SiweVerification Verify(string messageText, string signatureHex, SiweExpectations expectations)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        if (!SiweParser.TryParse(messageText, out var message, out var error))
        {
            return new SiweVerification(SiweFailure.Malformed, error, null);
        }
        var (failure, detail) = CheckExpectations(message, expectations);
        if (failure == SiweFailure.None)
        {
            (failure, detail) = CheckSignature(messageText, signatureHex, message.Address);
        }
        return new SiweVerification(failure, detail, message);
    }

    /// <summary>
    /// <see cref="Verify"/>, and when the signature is not by the message's address as a key (it recovers to another
    /// address, or to none, or is not 65 bytes), asks <paramref name="contractWallets"/> whether the address is a
    /// contract wallet that accepts it over the message's EIP-191 hash (EIP-1271). Without a check, the refusal stands.
    /// </summary>
    public static async Task<SiweVerification> VerifyAsync(
        string messageText, string signatureHex, SiweExpectations expectations, ContractSignatureCheck? contractWallets, CancellationToken cancellationToken)
    {
        var verification = Verify(messageText, signatureHex, expectations);
        if (contractWallets is null || verification.Failure is not (SiweFailure.AddressMismatch or SiweFailure.BadSignature)
            || signatureHex is not { Length: >= 4 } || !Hex.TryDecode(signatureHex, null, out var signature))
        {
            return verification;
        }
        var hash = Eip191.HashPersonalMessage(Encoding.UTF8.GetBytes(messageText));
        return await contractWallets(verification.Message!.Address, hash, signature, cancellationToken).ConfigureAwait(false)
            ? verification with { Failure = SiweFailure.None, Detail = null }
            : verification with { Detail = verification.Detail + ", and the address does not accept it as a contract wallet (EIP-1271)" };
    }

    private static (SiweFailure, string?) CheckExpectations(SiweMessage message, SiweExpectations expected)
    {
        if (expected.Scheme is { } scheme && !string.Equals(message.Scheme ?? "https", scheme, StringComparison.OrdinalIgnoreCase))
        {
            return (SiweFailure.SchemeMismatch, $"scheme '{message.Scheme ?? "https"}' is not '{scheme}'");
        }
        if (expected.Domains is null || !expected.Domains.Contains(message.Domain, StringComparer.OrdinalIgnoreCase))
        {
            return (SiweFailure.DomainMismatch, $"domain '{message.Domain}' is not one this server accepts");
        }
        if (expected.UriPrefixes is { Count: > 0 } prefixes && !prefixes.Any(p => IsUnder(message.Uri, p)))
        {
            return (SiweFailure.UriMismatch, $"URI '{message.Uri}' is not under an accepted prefix");
        }
        if (expected.ChainId is { } chainId && message.ChainId != chainId)
        {
            return (SiweFailure.ChainIdMismatch, $"chain id {message.ChainId} is not {chainId}");
        }
        if (expected.Nonce is { } nonce && !string.Equals(message.Nonce, nonce, StringComparison.Ordinal))
        {
            return (SiweFailure.NonceMismatch, "the nonce is not the one issued");
        }
        // now ± skew, clamped so that no date near year 1 or 9999 overflows.
        var skewTicks = expected.ClockSkew == TimeSpan.MinValue ? TimeSpan.MaxValue.Ticks : expected.ClockSkew.Duration().Ticks;
        skewTicks = Math.Min(skewTicks, DateTimeOffset.MaxValue.UtcTicks);
        var earliest = new DateTimeOffset(Math.Max(expected.Now.UtcTicks - skewTicks, 0), TimeSpan.Zero);
        var latest = new DateTimeOffset(Math.Min(expected.Now.UtcTicks, DateTimeOffset.MaxValue.UtcTicks - skewTicks) + skewTicks, TimeSpan.Zero);
        if (message.ExpirationTime is { } expirationTime && earliest >= expirationTime)
        {
            return (SiweFailure.Expired, $"the message expired at {expirationTime:O}");
        }
        if (message.NotBefore is { } notBefore && latest < notBefore)
        {
            return (SiweFailure.NotYetValid, $"the message is not valid before {notBefore:O}");
        }
        if (expected.CheckIssuedAt && latest < message.IssuedAt)
        {
            return (SiweFailure.IssuedInFuture, $"the message claims to be issued at {message.IssuedAt:O}, in the future");
        }
        return (SiweFailure.None, null);
    }

    private static (SiweFailure, string?) CheckSignature(string messageText, string? signatureHex, EthAddress address)
    {
        if (!EthSignature.TryParse(signatureHex, out var signature))
        {
            return (SiweFailure.BadSignature, "the signature must be 0x and 130 hex digits");
        }
        var signer = EthSignature.RecoverPersonalSign(Encoding.UTF8.GetBytes(messageText), signature);
        if (signer is null)
        {
            return (SiweFailure.BadSignature, "no signer recovers from the signature");
        }
        return signer == address
            ? (SiweFailure.None, null)
            : (SiweFailure.AddressMismatch, $"the signature is by {signer}, not {address}");
    }

    // "https://a.example/app" accepts itself and ".../app/x", "...app?x", "...app#x", but not "https://a.example/apple".
    private static bool IsUnder(string uri, string prefix) =>
        uri.StartsWith(prefix, StringComparison.Ordinal)
        && (uri.Length == prefix.Length || prefix.EndsWith('/') || uri[prefix.Length] is '/' or '?' or '#');
}
