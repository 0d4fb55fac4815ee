using ServiceTracking.Core.Rewards;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

/// <summary>
/// Runs every scheduled distribution once its period has ended (00:00 UTC), and on start catches up on whatever
/// was missed or cut short while the service was down, oldest first (SCORING §5). Off with <c>Rewards:Scheduler=false</c>.
/// </summary>
internal sealed partial class RewardScheduler(RewardRuns runs, TimeProvider time, ILogger<RewardScheduler> log) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = RetryDelay;
            try
            {
                foreach (var period in await runs.DueAsync(stoppingToken))
                {
                    var summary = await runs.RunAsync(period, stoppingToken);
                    Ran(log, summary.Schedule, summary.Period, summary.Grants, summary.ScrollCoin, summary.BlessingCoin, summary.Badges);
                }
                var now = time.GetUtcNow();
                wait = RewardSchedules.NextEnd(now) - now;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed run is retried; the scheduler must not die with it
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Failed(log, ex, RetryDelay);
            }
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reward run {Schedule} {Period}: {Grants} grants, {Scroll} ScrollCoin, {Blessing} BlessingCoin, {Badges} badges")]
    private static partial void Ran(ILogger logger, string schedule, string period, int grants, decimal scroll, decimal blessing, int badges);

    [LoggerMessage(Level = LogLevel.Error, Message = "A reward run failed; retrying in {Delay}")]
    private static partial void Failed(ILogger logger, Exception ex, TimeSpan delay);
}
