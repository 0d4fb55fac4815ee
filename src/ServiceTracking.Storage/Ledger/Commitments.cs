using System.Security.Cryptography;
using System.Text;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Storage.Ledger;

/// <summary>
/// The ledger's commitments to a contribution's personal data (contributor address, signature, details):
/// <c>SHA-256(salt ‖ data)</c> with one salt per field, <c>salt = HMAC-SHA256(secret, field name)</c>, and one random
/// secret per contribution kept outside the log. Deleting the secret (erasure) leaves commitments that link to nothing.
/// </summary>
public static class Commitments
{
    public const string ContributorActor = "CONTRIBUTOR";

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(32);

    public static byte[] Salt(byte[] secret, string field) => HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(field));

    public static string Contributor(byte[] secret, EthAddress address) => Hex.Encode(Commitment.Of(Salt(secret, "contributor"), address.ToArray()));

    public static string Signature(byte[] secret, string signatureHex) => Hex.Encode(Commitment.Of(Salt(secret, "signature"), Convert.FromHexString(signatureHex[2..])));

    public static string Details(byte[] secret, string detailsJson) => Hex.Encode(Commitment.Of(Salt(secret, "details"), Encoding.UTF8.GetBytes(detailsJson)));

}
