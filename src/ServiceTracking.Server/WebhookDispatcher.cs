using System.Globalization;
using ServiceTracking.Core.Webhooks;
using ServiceTracking.Storage.Events;

namespace ServiceTracking.Server;

/// <summary>
/// Delivers the outbox to webhook endpoints: one worker per enabled endpoint queues every later event it wants (the
/// cursor and the deliveries move in one transaction), then sends its oldest waiting delivery, one at a time so each
/// endpoint receives events in order, retrying on the Standard Webhooks schedule. Everything it knows is in the store,
/// so a restart (or a kill) resumes where the last recorded attempt left off: at least once, never invented.
/// </summary>
public sealed partial class WebhookDispatcher(Webhooks webhooks, EventFeed feed, EventEnvelopes envelopes, WebhookSender sender, TimeProvider time,
    ILogger<WebhookDispatcher> log) : BackgroundService
{
    private const int QueueBatch = 500;
    private readonly Dictionary<string, Task> _workers = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Says that endpoints or deliveries changed (created, edited, asked again): every worker looks again.</summary>
    public void Wake() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = Volatile.Read(ref _changed).Task; // taken before looking, so a change while looking is not missed
            try
            {
                foreach (var endpoint in await webhooks.ListAsync(stoppingToken))
                {
                    if (endpoint.Enabled && (!_workers.TryGetValue(endpoint.Id, out var worker) || worker.IsCompleted))
                    {
                        _workers[endpoint.Id] = RunEndpointAsync(endpoint.Id, stoppingToken);
                    }
                }
                await changed.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
        await Task.WhenAll(_workers.Values);
    }

    private async Task RunEndpointAsync(string id, CancellationToken stop)
    {
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            var changed = Volatile.Read(ref _changed).Task;
            try
            {
                if (await webhooks.FindAsync(id, stop) is not { Enabled: true } endpoint)
                {
                    return; // deleted or disabled: a later Wake starts a worker again if it is enabled
                }
                var cursor = endpoint.Cursor;
                var events = await feed.ReadAsync(cursor, QueueBatch, stop);
                if (events.Count > 0)
                {
                    await webhooks.EnqueueAsync(id, events.Where(e => endpoint.Wants(e.Type)).ToList(), events[^1].Id, stop);
                    cursor = events[^1].Id;
                }
                // Queueing and sending take turns, so a steady stream of new events never starves the deliveries.
                var (sentAll, nextDue) = await DeliverDueAsync(endpoint, stop);
                if (sentAll || events.Count == QueueBatch)
                {
                    continue; // there may be more waiting
                }
                var waits = new List<Task> { feed.WaitAsync(cursor, stop), changed };
                if (nextDue is { } due)
                {
                    waits.Add(Task.Delay(TimeSpan.FromSeconds(Math.Max(0, due - time.GetUtcNow().ToUnixTimeSeconds())), time, stop));
                }
                await Task.WhenAny(waits);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a worker outlives a failed step (the store busy, a bug in one event): it logs and tries again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                StepFailed(log, ex, id);
                await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(5), time, stop));
            }
        }
    }

    /// <summary>
    /// Sends the endpoint's waiting deliveries in order while they are due and received, each after the one before it
    /// answered 2xx; the outcomes are recorded in the writer's group commits meanwhile, and all before this returns (a
    /// kill before that resends them: at least once). Returns whether a full batch went out, and when the head is due otherwise.
    /// </summary>
    private async Task<(bool SentAll, long? NextDue)> DeliverDueAsync(WebhookEndpoint endpoint, CancellationToken stop)
    {
        var waiting = await webhooks.WaitingAsync(endpoint.Id, QueueBatch, stop);
        var recording = new List<Task>();
        try
        {
            foreach (var delivery in waiting)
            {
                var now = time.GetUtcNow().ToUnixTimeSeconds();
                if (delivery.NextAttemptAt > now)
                {
                    return (false, delivery.NextAttemptAt);
                }
                var (outcome, received) = await AttemptAsync(endpoint, delivery, now, stop);
                recording.Add(webhooks.RecordAttemptAsync(delivery.Id, outcome, stop));
                if (outcome.Disable is not null)
                {
                    Disabled(log, endpoint.Id);
                }
                if (!received)
                {
                    return (false, outcome.RetryAt); // the next waits behind it: in order
                }
            }
            return (waiting.Count == QueueBatch, null);
        }
        finally
        {
            await Task.WhenAll(recording);
        }
    }

    private async Task<(AttemptOutcome Outcome, bool Received)> AttemptAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, long now, CancellationToken stop)
    {
        var stored = await feed.ReadAsync(delivery.EventId - 1, 1, stop);
        if (stored.Count == 0 || stored[0].Id != delivery.EventId)
        {
            return (new AttemptOutcome(null, 0, "the event is no longer kept (Events:RetentionDays)", DeliveryState.Failed, null), true);
        }
        var body = envelopes.Render(stored[0], EventEnvelopes.Public);
        var result = await sender.SendAsync(endpoint.Url, endpoint.SecretsAt(now), delivery.EventId.ToString(CultureInfo.InvariantCulture), body, stop);
        var (state, retryIn, disable) = WebhookRetry.Decide(result.Status, delivery.Attempts + 1, result.RetryAfter, Random.Shared.NextDouble());
        var retryAt = retryIn is { } delay ? time.GetUtcNow().Add(delay).ToUnixTimeSeconds() : (long?)null;
        var error = result.Error ?? (state == DeliveryState.Delivered ? null : $"answered {result.Status}");
        var outcome = new AttemptOutcome(result.Status, result.DurationMs, error, state, retryAt, disable ? "the receiver answered 410 Gone" : null);
        return (outcome, state != DeliveryState.Pending && !disable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Endpoint}: a delivery step failed; trying again")]
    private static partial void StepFailed(ILogger logger, Exception ex, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Endpoint} answered 410 Gone and was disabled")]
    private static partial void Disabled(ILogger logger, string endpoint);
}
