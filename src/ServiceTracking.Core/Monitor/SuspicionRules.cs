namespace ServiceTracking.Core.Monitor;

/// <summary>When a signal fires, a contributor's score, and when the score makes them suspicious: decisions only, no state.</summary>
public static class SuspicionRules
{
    /// <summary>Shorter details (<c>{}</c>, <c>{"proposal":7}</c>) are too ordinary for two addresses sharing them to mean anything.</summary>
    public const int MinDistinctiveDetailsLength = 32;

    /// <summary>The score at <paramref name="now"/>: the weights of the signals within the window (newer than now − window), never negative.</summary>
    public static decimal Score(IEnumerable<(long At, decimal Weight)> signals, long now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var since = now - (long)window.TotalSeconds;
        return signals.Where(s => s.At > since && s.Weight > 0).Sum(s => s.Weight);
    }

    /// <summary>True when the score reaches the threshold from below: one <c>activity.suspicious</c> per crossing.</summary>
    public static bool Crosses(decimal before, decimal after, decimal threshold) => before < threshold && after >= threshold;

    /// <summary>Whether a content hash is one at all (32 zero bytes means the record has no content id).</summary>
    public static bool HasContent(ReadOnlySpan<byte> contentHash) => contentHash.ContainsAnyExcept((byte)0);

    /// <summary>Whether details are distinctive enough that another address recording the very same text is a signal.</summary>
    public static bool IsDistinctive(string detailsJson) => detailsJson?.Length >= MinDistinctiveDetailsLength;

    /// <summary>A shared hash fires for a record when another address recorded that hash first (never for the first recorder).</summary>
    public static bool SharesWithAnother(string? firstRecorder, string recorder) => firstRecorder is not null && firstRecorder != recorder;

    /// <summary>An endorsement is mutual when the endorsed contributor endorsed the endorser's work within the window before it.</summary>
    public static bool IsMutual(long? returnedAt, long now, TimeSpan window) => returnedAt is { } at && at > now - (long)window.TotalSeconds;

    /// <summary>
    /// Rate-limit hits are noted once per contributor and UTC minute: the minute (its first second) to note for a hit at
    /// <paramref name="now"/>, or null when <paramref name="lastNoted"/> already is that minute.
    /// </summary>
    public static long? RateLimitMinute(long? lastNoted, long now)
    {
        var minute = now - ((now % 60) + 60) % 60;
        return lastNoted == minute ? null : minute;
    }
}
