using System.Globalization;
using System.Text;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Siwe;

/// <summary>
/// An EIP-4361 (Sign-In with Ethereum) message. <see cref="Statement"/> null means no statement line;
/// <see cref="Scheme"/> null means no <c>scheme://</c> before the domain.
/// </summary>
public sealed record SiweMessage(
    string? Scheme,
    string Domain,
    EthAddress Address,
    string? Statement,
    string Uri,
    string Version,
    ulong ChainId,
    string Nonce,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ExpirationTime,
    DateTimeOffset? NotBefore,
    string? RequestId,
    IReadOnlyList<string> Resources)
{
    internal const string Preamble = " wants you to sign in with your Ethereum account:";

    /// <summary>
    /// The EIP-4361 text to sign; <see cref="SiweParser.TryParse"/> reads it back to an equal message. Times are written
    /// in UTC as <c>…T12:00:00.123Z</c> (no fraction when whole seconds) or with their offset.
    /// </summary>
    /// <exception cref="InvalidOperationException">A field breaks the EIP-4361 grammar (the text would not parse).</exception>
    public string ToMessageString()
    {
        var text = new StringBuilder();
        if (Scheme is not null)
        {
            text.Append(Scheme).Append("://");
        }
        text.Append(Domain).Append(Preamble).Append('\n')
            .Append(Address.ToChecksumString()).Append("\n\n");
        if (Statement is not null)
        {
            text.Append(Statement).Append('\n');
        }
        text.Append('\n')
            .Append("URI: ").Append(Uri).Append('\n')
            .Append("Version: ").Append(Version).Append('\n')
            .Append("Chain ID: ").Append(ChainId.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("Nonce: ").Append(Nonce).Append('\n')
            .Append("Issued At: ").Append(Rfc3339.Format(IssuedAt));
        if (ExpirationTime is { } expirationTime)
        {
            text.Append("\nExpiration Time: ").Append(Rfc3339.Format(expirationTime));
        }
        if (NotBefore is { } notBefore)
        {
            text.Append("\nNot Before: ").Append(Rfc3339.Format(notBefore));
        }
        if (RequestId is not null)
        {
            text.Append("\nRequest ID: ").Append(RequestId);
        }
        if (Resources is { Count: > 0 })
        {
            text.Append("\nResources:");
            foreach (var resource in Resources)
            {
                text.Append("\n- ").Append(resource);
            }
        }
        var result = text.ToString();
        return SiweParser.TryParse(result, out _, out var error)
            ? result
            : throw new InvalidOperationException($"This SIWE message cannot be written: {error}");
    }

    // Value equality that compares the resources element by element (a record would compare the list reference).
    public bool Equals(SiweMessage? other) =>
        other is not null
        && Scheme == other.Scheme
        && Domain == other.Domain
        && Address == other.Address
        && Statement == other.Statement
        && Uri == other.Uri
        && Version == other.Version
        && ChainId == other.ChainId
        && Nonce == other.Nonce
        && IssuedAt == other.IssuedAt
        && ExpirationTime == other.ExpirationTime
        && NotBefore == other.NotBefore
        && RequestId == other.RequestId
        && (Resources ?? []).SequenceEqual(other.Resources ?? []);

    public override int GetHashCode() => HashCode.Combine(Domain, Address, Uri, ChainId, Nonce, IssuedAt);
}
