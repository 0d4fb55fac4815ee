using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Siwe;

/// <summary>Why a Sign-In with Ethereum message was refused.</summary>
public enum SiweFailure
{
    None,
    /// <summary>The text breaks the EIP-4361 grammar.</summary>
    Malformed,
    DomainMismatch,
    UriMismatch,
    ChainIdMismatch,
    NonceMismatch,
    NotYetValid,
    Expired,
    IssuedInFuture,
    /// <summary>The signature is not 65 bytes of hex, or no key recovers from it.</summary>
    BadSignature,
    /// <summary>The signature recovers to another address (a contract wallet's signature looks like this too).</summary>
    AddressMismatch,
    SchemeMismatch,
}

/// <summary>
/// What a server expects of a sign-in message. <paramref name="Domains"/> are compared case-insensitively with the
/// message's domain (host[:port]); a null <paramref name="ChainId"/> or <paramref name="Nonce"/> is not checked;
/// <paramref name="Scheme"/>, when set, must equal the message's scheme (https when the message has none);
/// <paramref name="UriPrefixes"/>, when non-empty, must contain a prefix of the URI that ends at a path boundary.
/// <paramref name="ClockSkew"/> widens the time window on both sides; <paramref name="CheckIssuedAt"/> refuses messages
/// issued after <paramref name="Now"/> (plus skew).
/// </summary>
public sealed record SiweExpectations(
    IReadOnlyCollection<string> Domains,
    ulong? ChainId,
    string? Nonce,
    DateTimeOffset Now,
    string? Scheme = null,
    IReadOnlyCollection<string>? UriPrefixes = null,
    TimeSpan ClockSkew = default,
    bool CheckIssuedAt = true);

/// <summary>
/// Whether the contract at <paramref name="account"/> accepts <paramref name="signature"/> over <paramref name="hash"/>
/// (EIP-1271 <c>isValidSignature</c>); for <see cref="SiweVerifier.VerifyAsync"/>, which has no I/O of its own.
/// </summary>
public delegate Task<bool> ContractSignatureCheck(EthAddress account, byte[] hash, byte[] signature, CancellationToken cancellationToken);

/// <summary>The outcome of <see cref="SiweVerifier.Verify"/>; <see cref="Message"/> is set whenever the text parsed.</summary>
public sealed record SiweVerification(SiweFailure Failure, string? Detail, SiweMessage? Message)
{
    public bool Ok => Failure == SiweFailure.None;
}
