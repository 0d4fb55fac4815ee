using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ServiceTracking.Storage.Events;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Privacy;

namespace ServiceTracking.Storage;

/// <summary>
/// The one writer of the store. Every change that is audited goes through here: commands queue up and run in
/// batches, one database transaction (one fsync) per batch, so durable commits stay cheap under load, audit
/// sequence numbers stay contiguous, and the in-memory leaderboards follow the database exactly.
/// A command validates before it changes anything, so a refused command never disturbs its batch.
/// </summary>
public sealed class StoreWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly IDbContextFactory<TrackingDb> _dbFactory;
    private readonly Leaderboards _leaderboards;
    private readonly EventFeed _events;
    private readonly MonitorOptions _monitor;
    private readonly KeyRing _keys;
    private readonly ContributorSummaries _summaries;
    private readonly TimeProvider _time;
    private readonly ILogger<StoreWriter> _log;
    private readonly Channel<IPending> _queue = Channel.CreateUnbounded<IPending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly WriterCache _cache = new();
    private readonly LedgerAppender _ledger;

    public StoreWriter(IDbContextFactory<TrackingDb> dbFactory, Leaderboards leaderboards, EventFeed events, MonitorOptions monitor, KeyRing keys,
        ContributorSummaries summaries, LedgerAppender ledger, TimeProvider time, ILogger<StoreWriter> log)
    {
        _keys = keys;
        _events = events;
        _monitor = monitor;
        _dbFactory = dbFactory;
        _leaderboards = leaderboards;
        _summaries = summaries;
        _ledger = ledger;
        _time = time;
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Runs <paramref name="command"/> inside the next batch's transaction; completes after the commit.</summary>
    public Task<T> ExecuteAsync<T>(Func<WriteContext, T> command, CancellationToken cancellationToken = default) =>
        ExecuteAsync(command, null, cancellationToken);

    /// <summary>
    /// As <see cref="ExecuteAsync{T}(Func{WriteContext, T}, CancellationToken)"/>; <paramref name="announce"/> runs first for
    /// every command of the batch, so what they will ask (<see cref="WriteContext.Expect"/>) is read in one go.
    /// </summary>
    internal Task<T> ExecuteAsync<T>(Func<WriteContext, T> command, Action<WriteContext>? announce, CancellationToken cancellationToken)
    {
        var pending = new Pending<T>(command, announce);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<IPending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            await RunBatchAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task RunBatchAsync(List<IPending> batch)
    {
        WriteContext? context = null;
        try
        {
            if (_ledger.Refusal is { } refusal)
            {
                batch.ForEach(p => p.Fail(new RefusedException(StoreRefusalKind.Unavailable, refusal)));
                return;
            }
            await using var db = await _dbFactory.CreateDbContextAsync().ConfigureAwait(false);
            await using var transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
            context = new WriteContext(db, _cache, _leaderboards, _events, _monitor, _keys, _summaries, _ledger.Begin(), _time.GetUtcNow());
            using var sql = context.Sql;
            foreach (var pending in batch)
            {
                pending.Announce(context);
            }
            context.LoadExpected();
            foreach (var pending in batch)
            {
                pending.Run(context);
            }
            await context.FlushAsync().ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
            context.ApplyCommitted();
            foreach (var pending in batch)
            {
                pending.Complete();
            }
        }
#pragma warning disable CA1031 // the writer must survive any failure and report it to every waiting caller
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _log.LogError(ex, "A write batch of {Count} commands failed and was rolled back", batch.Count);
            _cache.Clear(); // the ledger batch is simply dropped: the appender still holds the last committed state
            // Summaries were never changed by the batch, only noted; dropping the noted ones covers a commit that
            // failed after it took effect (a lost connection during COMMIT), and costs a reload otherwise.
            context?.InvalidateTouched();
            foreach (var pending in batch)
            {
                pending.Fail(ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private interface IPending
    {
        void Announce(WriteContext context);
        void Run(WriteContext context);
        void Complete();
        void Fail(Exception ex);
    }

    private sealed class Pending<T>(Func<WriteContext, T> command, Action<WriteContext>? announce) : IPending
    {
        private T _result = default!;
        private Exception? _refusal;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Announce(WriteContext context) => announce?.Invoke(context);

        public void Run(WriteContext context)
        {
            try
            {
                _result = command(context);
            }
            catch (RefusedException refusal)
            {
                _refusal = refusal; // refused before changing anything: the batch goes on
            }
        }

        public void Complete()
        {
            if (_refusal is not null)
            {
                Completion.TrySetException(_refusal);
            }
            else
            {
                Completion.TrySetResult(_result);
            }
        }

        public void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}

/// <summary>A command refused (a conflict, or writes refused after a failed integrity check); nothing was changed.</summary>
public sealed class RefusedException(StoreRefusalKind kind, string message) : Exception(message)
{
    public StoreRefusalKind Kind { get; } = kind;
}

public enum StoreRefusalKind { Conflict, Unavailable, NotFound, Forbidden }
