namespace ServiceTracking.Core.Webhooks;

/// <summary>When a failed delivery is tried again: the Standard Webhooks schedule, with jitter, honouring <c>Retry-After</c>.</summary>
public static class WebhookRetry
{
    /// <summary>Delays before attempt 2, 3, …, 10 (the first is immediate): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.</summary>
    public static IReadOnlyList<TimeSpan> Schedule { get; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    public static int MaxAttempts => Schedule.Count + 1;

    /// <summary>The largest <c>Retry-After</c> honoured; a receiver asking for more waits this long.</summary>
    public static TimeSpan MaxRetryAfter { get; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The delay before the next attempt after <paramref name="attemptsMade"/> failed ones, or null when they are exhausted.
    /// <paramref name="jitter"/> in [0, 1) spreads it by up to ±10 %; a receiver's <paramref name="retryAfter"/> is a lower bound.
    /// </summary>
    public static TimeSpan? Next(int attemptsMade, TimeSpan? retryAfter, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, 1);
        if (attemptsMade >= MaxAttempts)
        {
            return null;
        }
        var scheduled = Schedule[attemptsMade - 1] * (0.9 + 0.2 * Math.Clamp(jitter, 0, 1));
        if (retryAfter is { } asked && asked > scheduled)
        {
            return asked < MaxRetryAfter ? asked : MaxRetryAfter;
        }
        return scheduled;
    }

    /// <summary>
    /// What follows an attempt that answered <paramref name="status"/> (null: no answer, a timeout or a refused connection),
    /// <paramref name="attemptsMade"/> attempts in, this one included: a 2xx is delivered; a 410 gives up and disables the endpoint;
    /// anything else is retried on the schedule until the attempts are exhausted.
    /// </summary>
    public static (DeliveryState State, TimeSpan? RetryIn, bool DisableEndpoint) Decide(int? status, int attemptsMade, TimeSpan? retryAfter, double jitter)
    {
        if (status is >= 200 and < 300)
        {
            return (DeliveryState.Delivered, null, false);
        }
        if (status == 410)
        {
            return (DeliveryState.Failed, null, true);
        }
        return Next(attemptsMade, retryAfter, jitter) is { } delay ? (DeliveryState.Pending, delay, false) : (DeliveryState.Failed, null, false);
    }
}
