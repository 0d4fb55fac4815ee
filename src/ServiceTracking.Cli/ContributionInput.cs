using System.Globalization;
using System.Text.Json;
using ServiceTracking.Client;

namespace ServiceTracking.Cli;

/// <summary>Reading a contribution from the command line or a file into a <see cref="ContributionDraft"/>; usage mistakes say what to type.</summary>
public static class ContributionInput
{
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
            return ContributionDraft.Compact(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{source} is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Refuses a content CID without a sha2-256 digest before anything is signed or sent.</summary>
    public static void CheckContent(ContributionDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        try
        {
            draft.ContentHash();
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
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
