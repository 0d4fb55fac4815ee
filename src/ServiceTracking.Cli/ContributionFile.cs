using System.Globalization;
using System.Text.Json;
using ServiceTracking.Client;

namespace ServiceTracking.Cli;

/// <summary>
/// <c>svtrack record --from FILE.json</c>: the body of <c>POST /record</c> without its signature
/// (<c>type</c>, <c>subtype</c>, <c>details</c>, and optionally <c>contentCid</c>, <c>performedAt</c>, <c>nonce</c>).
/// </summary>
public static class ContributionFile
{
    private static readonly string[] s_fields = ["type", "subtype", "details", "contentCid", "performedAt", "nonce"];

    public static ContributionDraft Read(string path, TimeProvider time)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read {path}: {ex.Message}");
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return Parse(document.RootElement, path, time);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{path} is not valid JSON: {ex.Message}");
        }
    }

    private static ContributionDraft Parse(JsonElement root, string path, TimeProvider time)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException($"{path} must hold a JSON object with {string.Join(", ", s_fields)}.");
        }
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "signature")
            {
                throw new UsageException($"{path} has a 'signature'; leave it out, svtrack signs the contribution with your key.");
            }
            if (!s_fields.Contains(property.Name))
            {
                throw new UsageException($"{path}: unknown field '{property.Name}'; expected {string.Join(", ", s_fields)}.");
            }
        }
        if (!root.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException($"{path}: 'details' must be a JSON object.");
        }
        return new ContributionDraft(
            RequiredString(root, "type", path),
            RequiredString(root, "subtype", path),
            ContributionDraft.Compact(details),
            OptionalString(root, "contentCid", path),
            OptionalNumber(root, "performedAt", path, text => ContributionInput.ParseTime(text, $"{path}: 'performedAt'"))
                ?? (ulong)time.GetUtcNow().ToUnixTimeSeconds(),
            OptionalNumber(root, "nonce", path, text => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw new UsageException($"{path}: 'nonce' must be a non-negative integer."))
                ?? ContributionInput.DefaultNonce(time));
    }

    private static string RequiredString(JsonElement root, string name, string path) =>
        OptionalString(root, name, path) ?? throw new UsageException($"{path}: '{name}' is required (a non-empty string).");

    private static string? OptionalString(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new UsageException($"{path}: '{name}' must be a non-empty string.");
    }

    private static ulong? OptionalNumber(JsonElement root, string name, string path, Func<string, ulong> parseText)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetUInt64(out var number) => number,
            JsonValueKind.String => parseText(value.GetString()!),
            _ => throw new UsageException($"{path}: '{name}' must be a non-negative integer (or, for performedAt, an ISO 8601 string)."),
        };
    }
}
