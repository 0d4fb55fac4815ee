using System.Text;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;

namespace ServiceTracking.Load;

/// <summary>
/// One contribution signed by its contributor exactly as a wallet does it (tests/ServiceTracking.Server.Tests/Wallet.cs):
/// details as JSON.stringify'd text, EIP-712 over its keccak, recordId = the digest.
/// </summary>
public sealed record SignedContribution(
    int Wallet, EthAddress Contributor, string Type, SubtypeRule Subtype, string DetailsJson, byte[] DetailsHash,
    ulong PerformedAt, ulong Nonce, byte[] Digest, string SignatureHex)
{
    /// <summary>Verified (no review) subtypes with different base scores, so totals differ and tie.</summary>
    public static IReadOnlyList<(string Type, string Subtype)> VerifiedKinds { get; } =
    [
        ("CONTENT_CREATION", "tutorial"), ("CONTENT_CREATION", "blog_post"), ("GOVERNANCE_PARTICIPATION", "voting"),
        ("CONTENT_CREATION", "documentation"), ("TECHNICAL_CONTRIBUTION", "code_review"), ("COMMUNITY_MODERATION", "daily_moderation"),
        ("TECHNICAL_CONTRIBUTION", "code_change"), ("ECONOMIC_ACTIVITY", "staking"),
    ];

    private static readonly Eip712Domain s_domain = ServiceTrackingTypedData.Domain(1, null);

    public string RecordId => "0x" + Convert.ToHexStringLower(Digest);

    public static SignedContribution Sign(int wallet, EthPrivateKey key, int kind, ulong performedAt, ulong nonce)
    {
        var (type, subtypeName) = VerifiedKinds[kind % VerifiedKinds.Count];
        if (!Catalog.Default.TryGetSubtype(type, subtypeName, out _, out var subtype))
        {
            throw new InvalidOperationException($"The default catalog has no {type}/{subtypeName}.");
        }
        var details = $$"""{"title":"Load test {{nonce}}","url":"https://scrollverse.example/load/{{key.Address.ToLowerHex()}}/{{nonce}}"}""";
        var detailsHash = Keccak256.Hash(Encoding.UTF8.GetBytes(details));
        var message = new ContributionMessage(key.Address, type, subtypeName, detailsHash, new byte[32], performedAt, nonce);
        var digest = ServiceTrackingTypedData.ContributionDigest(s_domain, message);
        var signature = "0x" + Convert.ToHexStringLower(key.SignHash(digest));
        return new SignedContribution(wallet, key.Address, type, subtype, details, detailsHash, performedAt, nonce, digest, signature);
    }

    /// <summary>The exact request body of <c>POST /record</c>, as UTF-8.</summary>
    public byte[] Body() => Encoding.UTF8.GetBytes(
        $"{{\"type\":\"{Type}\",\"subtype\":\"{Subtype.Name}\",\"details\":{DetailsJson},\"performedAt\":{PerformedAt},\"nonce\":{Nonce},\"signature\":\"{SignatureHex}\"}}");

    /// <summary>What the server hands the store once it has checked the signature.</summary>
    public NewContribution ToNewContribution() => new(
        RecordId, Contributor, Nonce, Type, Subtype, DetailsJson, DetailsHash, null, new byte[32],
        DateTimeOffset.FromUnixTimeSeconds((long)PerformedAt), SignatureHex);
}
