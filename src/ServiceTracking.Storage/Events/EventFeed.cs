using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;

namespace ServiceTracking.Storage.Events;

/// <summary>A committed event of the outbox; <see cref="DataJson"/> holds its data without the subject (<see cref="EventRow"/>).</summary>
public sealed record StoredEvent(long Id, EventType Type, long Timestamp, EthAddress? Subject, string DataJson)
{
    internal static StoredEvent From(EventRow row)
    {
        if (!EventTypes.TryParse(row.Type, out var type))
        {
            throw new InvalidDataException($"Event {row.Id} has an unknown type '{row.Type}'.");
        }
        return new StoredEvent(row.Id, type, row.Timestamp, row.Subject is null ? null : EthAddress.Parse(row.Subject), row.DataJson);
    }
}

/// <summary>
/// The outbox as its readers see it: the newest committed events in memory (published by the writer after each
/// commit), older ones from the table, and one signal that wakes every waiting reader when something is committed,
/// so an idle subscriber costs a suspended task, not a poll.
/// </summary>
public sealed class EventFeed(IDbContextFactory<TrackingDb> dbFactory)
{
    private const int Kept = 4096;

    private readonly StoredEvent?[] _recent = new StoredEvent?[Kept];
    private readonly Lock _lock = new();
    private long _lastId;
    private long _firstPublished = long.MaxValue;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The id of the newest committed event (0 before the first).</summary>
    public long LastId
    {
        get
        {
            lock (_lock)
            {
                return _lastId;
            }
        }
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var last = await db.Events.AsNoTracking().MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        lock (_lock)
        {
            _lastId = Math.Max(_lastId, last);
        }
    }

    /// <summary>Completes when an event newer than <paramref name="afterId"/> is committed.</summary>
    public Task WaitAsync(long afterId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _lastId > afterId ? Task.CompletedTask : _next.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Up to <paramref name="max"/> events after <paramref name="afterId"/>, oldest first: from memory when recent, else from the table.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(long afterId, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (afterId >= _lastId)
            {
                return [];
            }
            if (afterId + 1 >= Math.Max(_firstPublished, _lastId - Kept + 1))
            {
                var count = (int)Math.Min(max, _lastId - afterId);
                var events = new StoredEvent[count];
                for (var i = 0; i < count; i++)
                {
                    events[i] = _recent[(afterId + 1 + i) % Kept]!;
                }
                return events;
            }
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Events.AsNoTracking().Where(e => e.Id > afterId).OrderBy(e => e.Id).Take(max).ToListAsync(cancellationToken);
        return rows.Select(StoredEvent.From).ToList();
    }

    /// <summary>The oldest event still kept (retention deletes older ones), or null when none is.</summary>
    public async Task<long?> OldestKeptAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Events.AsNoTracking().MinAsync(e => (long?)e.Id, cancellationToken);
    }

    /// <summary>Called by the writer after a commit, in id order.</summary>
    internal void Publish(IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        TaskCompletionSource woken;
        lock (_lock)
        {
            foreach (var e in events)
            {
                _recent[e.Id % Kept] = e;
            }
            _firstPublished = Math.Min(_firstPublished, events[0].Id);
            _lastId = events[^1].Id;
            woken = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.SetResult();
    }
}
