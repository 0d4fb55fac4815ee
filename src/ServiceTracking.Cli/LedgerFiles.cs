using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Cli;

/// <summary>Reading the ledger's wire formats: receipts (JSON), verifier keys and hex hashes.</summary>
internal static class LedgerFiles
{
    public static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read {path}: {ex.Message}");
        }
    }

    /// <summary>A verifier key given inline or as a file.</summary>
    public static NoteVerifier Verifier(string keyOrPath)
    {
        var text = File.Exists(keyOrPath) ? File.ReadAllText(keyOrPath).Trim() : keyOrPath.Trim();
        return NoteVerifier.TryParse(text, out var verifier, out var error)
            ? verifier
            : throw new UsageException($"Not a log verifier key ('name+id+key'): {error}");
    }

    /// <summary>A receipt as served at .../receipt, or the "receipt" member of a record response.</summary>
    public static LedgerReceipt Receipt(string json)
    {
        try
        {
            var node = JsonNode.Parse(json) as JsonObject ?? throw new UsageException("The receipt file is not a JSON object.");
            if (node["receipt"] is JsonObject inner)
            {
                node = inner;
            }
            return new LedgerReceipt(
                node["recordId"]?.GetValue<string>() ?? "",
                node["index"]!.GetValue<long>(),
                Hash(node["leafHash"]!.GetValue<string>()),
                node["checkpoint"]!.GetValue<string>(),
                node["inclusionProof"]!.AsArray().Select(h => Hash(h!.GetValue<string>())).ToList());
        }
        catch (Exception ex) when (ex is JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"Not a receipt (recordId, index, leafHash, checkpoint, inclusionProof): {ex.Message}");
        }
    }

    public static byte[] Hash(string hex) =>
        hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && hex.Length == 66
            ? Convert.FromHexString(hex.AsSpan(2))
            : throw new FormatException($"'{hex}' is not a 0x-prefixed 32-byte hash.");
}
