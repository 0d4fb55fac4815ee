using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ipfs;

namespace ServiceTracking.Cli;

/// <summary>
/// A contribution to record, before it is signed. <see cref="DetailsJson"/> is the compact text that is both hashed and
/// sent, because the server's <c>detailsHash</c> is the keccak-256 of the details bytes exactly as they appear in the body.
/// </summary>
public sealed record Contribution(string Type, string Subtype, string DetailsJson, string? ContentCid, ulong PerformedAt, ulong Nonce)
{
    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The request body for <c>POST /record</c>, signed as EIP-712 <c>Contribution</c> by <paramref name="key"/>.</summary>
    public string SignedBody(EthPrivateKey key, Eip712Domain domain)
    {
        ArgumentNullException.ThrowIfNull(key);
        var message = new ContributionMessage(key.Address, Type, Subtype, Keccak256.Hash(Encoding.UTF8.GetBytes(DetailsJson)), ContentHash(), PerformedAt, Nonce);
        var signature = key.SignHash(ServiceTrackingTypedData.ContributionDigest(domain, message));

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
            writer.WriteString("signature", "0x" + Convert.ToHexStringLower(signature));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The sha2-256 digest inside the CID, or 32 zero bytes without one.</summary>
    public byte[] ContentHash()
    {
        if (ContentCid is null)
        {
            return new byte[32];
        }
        return ContentId.TryGetSha256Digest(ContentCid, out var digest, out var error)
            ? digest
            : throw new UsageException($"The content CID '{ContentCid}' is unusable: {error}");
    }

    /// <summary>Re-serializes a details object compactly, once; what comes out is what gets hashed and sent.</summary>
    public static string CompactDetails(string text, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"{source} must be a JSON object, e.g. {{\"title\":\"...\",\"url\":\"...\"}}.");
            }
            return Compact(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{source} is not valid JSON: {ex.Message}");
        }
    }

    public static string Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_compact))
        {
            element.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Unix seconds, or an ISO 8601 date-time (UTC unless it says otherwise).</summary>
    public static ulong ParseTime(string text, string source)
    {
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at.ToUnixTimeSeconds() >= 0)
        {
            return (ulong)at.ToUnixTimeSeconds();
        }
        throw new UsageException($"{source} '{text}' is neither unix seconds nor an ISO 8601 time (e.g. 2025-12-14T10:30:00Z).");
    }

    /// <summary>The default nonce: the current unix time in milliseconds, which never repeats for one person typing.</summary>
    public static ulong DefaultNonce(TimeProvider time) => (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
}
