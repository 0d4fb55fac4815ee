using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ipfs;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Core.Time;

namespace ServiceTracking.Server;

/// <summary>
/// The body of <c>POST /record</c>, read by hand because <c>detailsHash</c> is the keccak-256 of the exact bytes
/// of the <c>details</c> value as sent, which a model binder would throw away.
/// </summary>
public sealed record RecordRequest(
    string Type, SubtypeRule Subtype, string DetailsJson, byte[] DetailsHash, string? ContentCid, byte[] ContentHash,
    DateTimeOffset? PerformedAt, ulong Nonce, string SignatureHex, byte[] Signature)
{
    private static readonly HashSet<string> Known = ["type", "subtype", "details", "contentCid", "performedAt", "nonce", "signature"];

    /// <summary>Parses and validates; on failure returns the field errors (and whether the failure is a too-large details).</summary>
    public static RecordRequest? Parse(ReadOnlyMemory<byte> body, Catalog catalog, int maxDetailsBytes, out Dictionary<string, string[]> errors, out bool detailsTooLarge)
    {
        errors = [];
        detailsTooLarge = false;
        var document = JsonBodies.Parse(body, out var malformed);
        if (document is null)
        {
            errors[malformed!.Value.Key] = [malformed.Value.Value];
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors["body"] = ["The body must be a JSON object."];
                return null;
            }
            foreach (var property in root.EnumerateObject().Where(p => !Known.Contains(p.Name)))
            {
                errors[property.Name] = [$"Unknown field; expected only {string.Join(", ", Known)}."];
            }

            var type = RequiredString(root, "type", errors);
            var subtypeName = RequiredString(root, "subtype", errors);
            SubtypeRule? subtype = null;
            if (type is not null && subtypeName is not null && !catalog.TryGetSubtype(type, subtypeName, out _, out subtype))
            {
                errors["subtype"] = [$"Unknown type/subtype '{type}/{subtypeName}'. Valid pairs: {string.Join(", ", catalog.ValidPairs)}."];
            }

            string? detailsJson = null;
            byte[]? detailsHash = null;
            if (!root.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Object)
            {
                errors["details"] = ["'details' must be a JSON object."];
            }
            else
            {
                var raw = JsonMarshal.GetRawUtf8Value(details);
                if (raw.Length > maxDetailsBytes)
                {
                    detailsTooLarge = true;
                    errors["details"] = [$"'details' is {raw.Length} bytes; at most {maxDetailsBytes} are accepted."];
                }
                detailsJson = Encoding.UTF8.GetString(raw);
                detailsHash = Keccak256.Hash(raw);
            }

            string? cid = null;
            var contentHash = new byte[32];
            if (root.TryGetProperty("contentCid", out var cidElement) && cidElement.ValueKind != JsonValueKind.Null)
            {
                cid = cidElement.ValueKind == JsonValueKind.String ? cidElement.GetString() : null;
                if (!ContentId.TryGetSha256Digest(cid, out var digest, out var cidError))
                {
                    errors["contentCid"] = [cidError ?? "Not an IPFS CID."];
                }
                else
                {
                    contentHash = digest;
                }
            }

            DateTimeOffset? performedAt = null;
            if (root.TryGetProperty("performedAt", out var performed) && performed.ValueKind != JsonValueKind.Null)
            {
                if (performed.ValueKind == JsonValueKind.Number && performed.TryGetUInt64(out var seconds) && UnixTime.TryFromSeconds(seconds, out var time))
                {
                    performedAt = time;
                }
                else
                {
                    errors["performedAt"] = [$"'performedAt' must be unix seconds (an integer from 0 to {UnixTime.MaxSeconds})."];
                }
            }

            ulong nonce = 0;
            if (!root.TryGetProperty("nonce", out var nonceElement) || !TryUInt64(nonceElement, out nonce) || nonce > long.MaxValue)
            {
                errors["nonce"] = ["'nonce' is required: an integer from 0 to 9223372036854775807, the number you signed."];
            }

            var signatureHex = RequiredString(root, "signature", errors);
            byte[]? signature = null;
            if (signatureHex is not null && !EthSignature.TryParse(signatureHex, out signature))
            {
                errors["signature"] = ["'signature' must be a 65-byte 0x-hex signature (r, s, v)."];
            }

            if (errors.Count > 0)
            {
                return null;
            }
            return new RecordRequest(type!, subtype!, detailsJson!, detailsHash!, cid, contentHash, performedAt, nonce, signatureHex!.ToLowerInvariant(), signature!);
        }
    }

    public ContributionMessage Message(EthAddress contributor) =>
        new(contributor, Type, Subtype.Name, DetailsHash, ContentHash, (ulong)(PerformedAt?.ToUnixTimeSeconds() ?? 0), Nonce);

    private static string? RequiredString(JsonElement root, string name, Dictionary<string, string[]> errors)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }
        errors[name] = [$"'{name}' is required (a non-empty string)."];
        return null;
    }

    private static bool TryUInt64(JsonElement element, out ulong value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetUInt64(out value),
            JsonValueKind.String => ulong.TryParse(element.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }
}
