namespace ServiceTracking.Chain.Rpc;

/// <summary>
/// How <see cref="JsonRpcClient"/> retries transport failures (connection refused or reset, an attempt timing out,
/// HTTP 429 or 5xx): up to <see cref="MaxAttempts"/> requests, waiting <see cref="InitialDelay"/> and doubling each time
/// up to <see cref="MaxDelay"/>. JSON-RPC errors (reverts, "nonce too low") are answers, never retried.
/// </summary>
public sealed record RpcRetryPolicy
{
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one request may take before it counts as a transport failure.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static RpcRetryPolicy Default { get; } = new();

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based), before jitter.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var shift = Math.Clamp(attempt - 1, 0, 30);
        return InitialDelay.Ticks > MaxDelay.Ticks >> shift ? MaxDelay : TimeSpan.FromTicks(InitialDelay.Ticks << shift);
    }
}
