using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ipfs;

namespace ServiceTracking.Client;

/// <summary>
/// A contribution to record, before it is signed. <see cref="DetailsJson"/> is the compact text that is both hashed and
/// sent, because the server's <c>detailsHash</c> is the keccak-256 of the details bytes exactly as they appear in the body.
/// </summary>
public sealed record ContributionDraft(string Type, string Subtype, string DetailsJson, string? ContentCid, ulong PerformedAt, ulong Nonce)
{
    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A draft whose details are <paramref name="details"/> serialized once, compactly.</summary>
    public static ContributionDraft Create(string type, string subtype, object details, ulong performedAt, ulong nonce, string? contentCid = null) =>
        new(type, subtype, Compact(JsonSerializer.SerializeToElement(details, JsonSerializerOptions.Web)), contentCid, performedAt, nonce);

    /// <summary>The EIP-712 <c>Contribution</c> that <paramref name="contributor"/> signs.</summary>
    public ContributionMessage Message(EthAddress contributor) =>
        new(contributor, Type, Subtype, Keccak256.Hash(Encoding.UTF8.GetBytes(DetailsJson)), ContentHash(), PerformedAt, Nonce);

    /// <summary>The body of <c>POST /record</c> (or one batch item) carrying <paramref name="signature"/>; details as the exact text hashed.</summary>
    public string Body(byte[] signature)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_compact))
        {
            writer.WriteStartObject();
            writer.WriteString("type", Type);
            writer.WriteString("subtype", Subtype);
            writer.WritePropertyName("details");
            writer.WriteRawValue(DetailsJson);
            if (ContentCid is not null)
            {
                writer.WriteString("contentCid", ContentCid);
            }
            writer.WriteNumber("performedAt", PerformedAt);
            writer.WriteNumber("nonce", Nonce);
            writer.WriteString("signature", Hex.Encode(signature));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The sha2-256 digest inside the CID, or 32 zero bytes without one.</summary>
    /// <exception cref="FormatException">The CID is not an IPFS CID with a sha2-256 digest.</exception>
    public byte[] ContentHash()
    {
        if (ContentCid is null)
        {
            return new byte[32];
        }
        return ContentId.TryGetSha256Digest(ContentCid, out var digest, out var error)
            ? digest
            : throw new FormatException($"The content CID '{ContentCid}' is unusable: {error}");
    }

    /// <summary>A JSON value written compactly; what comes out is what gets hashed and sent.</summary>
    public static string Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_compact))
        {
            element.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
