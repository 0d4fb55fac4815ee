using ServiceTracking.Storage.Events;

namespace ServiceTracking.Server;

/// <summary>
/// Announces <c>leaderboard.changed</c> once a second at most per period (<see cref="LeaderboardWatch"/>): a tick of
/// the injected clock, and a look through the writer only when some score has changed since the last one.
/// </summary>
public sealed partial class LeaderboardAnnouncer(LeaderboardWatch watch, TimeProvider time, ILogger<LeaderboardAnnouncer> log) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>The boards as they stand at start are the baseline, taken before the service answers anyone.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await watch.StartAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await watch.AnnounceAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // a failed look is retried at the next tick; the announcer must not die with it
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Failed(log, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Announcing leaderboard changes failed; trying again at the next tick")]
    private static partial void Failed(ILogger logger, Exception ex);
}
