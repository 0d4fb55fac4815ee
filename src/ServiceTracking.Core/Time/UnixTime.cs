namespace ServiceTracking.Core.Time;

/// <summary>How a number on the wire becomes a time: unix seconds within what <see cref="DateTimeOffset"/> holds.</summary>
public static class UnixTime
{
    /// <summary>9999-12-31T23:59:59Z, the last second a <see cref="DateTimeOffset"/> holds.</summary>
    public const long MaxSeconds = 253_402_300_799;

    /// <summary>The time <paramref name="seconds"/> after the epoch, or false when no calendar date is that far.</summary>
    public static bool TryFromSeconds(ulong seconds, out DateTimeOffset time)
    {
        time = default;
        if (seconds > MaxSeconds)
        {
            return false;
        }
        time = DateTimeOffset.FromUnixTimeSeconds((long)seconds);
        return true;
    }
}
