using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage.Monitor;

namespace ServiceTracking.Server;

/// <summary>
/// <c>Limits:RecordsPerMinute</c> per contributor, counted in records whether they come one a request or in a batch,
/// so a batch is no way around the limit. A refusal is a suspicion signal (<c>rate_limited</c>, once a minute).
/// </summary>
public sealed class RecordQuota(LimitOptions limits, Suspicions suspicions) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.RecordsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        }));

    /// <summary>Takes <paramref name="records"/> from the contributor's quota, or says why not (and when to retry) as a 429 problem.</summary>
    public async Task<ProblemHttpResult?> RefusalAsync(HttpContext http, EthAddress contributor, int records, CancellationToken cancellationToken)
    {
        if (Refusal(http, contributor, records) is not { } refusal)
        {
            return null;
        }
        await suspicions.NoteRateLimitedAsync(contributor, limits.RecordsPerMinute, cancellationToken);
        return refusal;
    }

    private ProblemHttpResult? Refusal(HttpContext http, EthAddress contributor, int records)
    {
        if (records > limits.RecordsPerMinute)
        {
            return Problems.Of(429, "Too many requests",
                $"A batch of {records} is more than the {limits.RecordsPerMinute} records a minute this service accepts from one contributor; send smaller batches.");
        }
        using var lease = _limiter.AttemptAcquire(contributor.ToLowerHex(), records);
        if (lease.IsAcquired)
        {
            return null;
        }
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Problems.Of(429, "Too many requests",
            $"This contributor has recorded its {limits.RecordsPerMinute} records of this minute; wait and retry.");
    }

    public void Dispose() => _limiter.Dispose();
}
