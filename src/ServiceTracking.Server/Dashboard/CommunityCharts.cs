using ServiceTracking.Storage;

namespace ServiceTracking.Server.Dashboard;

/// <summary>
/// The community page's daily activity (last 30 days), recomputed at most once a minute: a grouping over a month of
/// contributions is too slow to run on every page view at scale, and a chart a minute old is still true enough.
/// </summary>
public sealed class CommunityCharts(ContributionStore store, TimeProvider time) : IDisposable
{
    public const int Days = 30;
    private static readonly TimeSpan s_freshness = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _snapshot;

    public sealed record Snapshot(DateTimeOffset ComputedAt, DateOnly First, IReadOnlyList<DailyActivity> Activity);

    public void Dispose() => _gate.Dispose();

    public async Task<Snapshot> DailyAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_snapshot is { } fresh && now - fresh.ComputedAt < s_freshness)
        {
            return fresh;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } other && now - other.ComputedAt < s_freshness)
            {
                return other;
            }
            var first = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - Days);
            return _snapshot = new Snapshot(now, first, await store.DailyActivityAsync(first, cancellationToken));
        }
        finally
        {
            _gate.Release();
        }
    }
}
