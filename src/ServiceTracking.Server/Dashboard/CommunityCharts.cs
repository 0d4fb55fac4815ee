using ServiceTracking.Storage;

namespace ServiceTracking.Server.Dashboard;

/// <summary>
/// The community page's daily activity (last 30 days), recomputed at most once a minute, in the background: a grouping
/// over a month of contributions is too slow to run on every page view at scale (half a second at 100,000 contributors),
/// and a chart a minute old is still true enough. Only the very first view waits for it; later views are given the last
/// chart while a newer one is computed.
/// </summary>
public sealed partial class CommunityCharts(ContributionStore store, TimeProvider time, ILogger<CommunityCharts> log)
{
    public const int Days = 30;
    private static readonly TimeSpan s_freshness = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private Task<Snapshot>? _refresh;

    public sealed record Snapshot(DateTimeOffset ComputedAt, DateOnly First, IReadOnlyList<DailyActivity> Activity);

    public async Task<Snapshot> DailyAsync(CancellationToken cancellationToken)
    {
        var last = Volatile.Read(ref _snapshot);
        if (last is not null && time.GetUtcNow() - last.ComputedAt < s_freshness)
        {
            return last;
        }
        Task<Snapshot> refresh;
        lock (_gate)
        {
            refresh = _refresh ??= Task.Run(RefreshAsync, CancellationToken.None);
        }
        return last ?? await refresh.WaitAsync(cancellationToken);
    }

    private async Task<Snapshot> RefreshAsync()
    {
        try
        {
            var now = time.GetUtcNow();
            var first = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - Days);
            var snapshot = new Snapshot(now, first, await store.DailyActivityAsync(first, CancellationToken.None));
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
        catch (Exception failure)
        {
            LogRefreshFailed(log, failure); // the last chart (if any) stays; the next view tries again
            throw;
        }
        finally
        {
            lock (_gate)
            {
                _refresh = null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The community chart could not be computed; the last one (if any) is shown.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception failure);
}
