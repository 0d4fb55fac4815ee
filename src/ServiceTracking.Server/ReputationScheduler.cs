using ServiceTracking.Storage.Trust;

namespace ServiceTracking.Server;

/// <summary>
/// Runs the reputation computation every <c>Reputation:IntervalMinutes</c> (60 by default; 0 turns it off), the first
/// run one interval after start: standings, collusion findings and their responses (docs/antigaming.md). An admin
/// can run it at once with <c>POST /api/v1/admin/reputation/run</c>.
/// </summary>
internal sealed partial class ReputationScheduler(Reputation reputation, IConfiguration config, TimeProvider time, ILogger<ReputationScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Reputation:IntervalMinutes", 60)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                var run = await reputation.RunAsync(stoppingToken);
                Ran(log, run.Contributors, run.Endorsements, run.GoodStanding, run.Findings, run.Voided, run.Raised, run.Milliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed run is tried again at the next interval; the scheduler must not die with it
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Failed(log, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reputation run: {Contributors} contributors, {Endorsements} endorsements, {Good} in good standing, {Findings} new findings, {Voided} endorsements voided, {Raised} raised, {Ms} ms")]
    private static partial void Ran(ILogger logger, int contributors, int endorsements, int good, int findings, int voided, int raised, long ms);

    [LoggerMessage(Level = LogLevel.Error, Message = "A reputation run failed; trying again at the next interval")]
    private static partial void Failed(ILogger logger, Exception ex);
}
