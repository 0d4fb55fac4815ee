using ServiceTracking.Storage;

namespace ServiceTracking.Server;

/// <summary>
/// Deletes events older than <c>Events:RetentionDays</c>, and suspicion signals older than that or the suspicion window
/// (whichever is longer): once at start (before the service answers), then hourly.
/// </summary>
public sealed partial class EventRetention(StoreWriter writer, EventOptions options, MonitorOptions monitor, TimeProvider time, ILogger<EventRetention> log) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await PruneAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromHours(1), time, stoppingToken);
            await PruneAsync(stoppingToken);
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow().AddDays(-options.RetentionDays).ToUnixTimeSeconds();
        var signalsBefore = time.GetUtcNow().AddHours(-Math.Max(options.RetentionDays * 24, monitor.SuspicionWindowHours)).ToUnixTimeSeconds();
        var deleted = await writer.ExecuteAsync(ctx =>
        {
            ctx.PruneSignals(signalsBefore);
            return ctx.PruneEvents(before);
        }, cancellationToken);
        if (deleted > 0)
        {
            Pruned(log, deleted, options.RetentionDays);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} events older than {Days} days")]
    private static partial void Pruned(ILogger logger, int count, int days);
}
