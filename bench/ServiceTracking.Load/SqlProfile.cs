using System.Data.Common;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceTracking.Load;

/// <summary>
/// Where a run's database time goes: every command EF sends, grouped by the head of its SQL, with counts and the time
/// of its execution plus, for a query, the reading and materializing of its rows; and the time in SaveChanges (change detection, SQL generation and its commands) and in commits.
/// Cheap enough to leave on (a timestamp and a dictionary update per command).
/// </summary>
public sealed partial class SqlProfile : DbCommandInterceptor, ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Count, TimeSpan Time)> _byStatement = [];
    private readonly Dictionary<DbContext, long> _saving = [];
    private bool _on;
    private (long Count, TimeSpan Time) _saveChanges;
    private (long Count, TimeSpan Time) _commits;

    public void Start()
    {
        lock (_lock)
        {
            _byStatement.Clear();
            _saveChanges = default;
            _commits = default;
            _on = true;
        }
    }

    /// <summary>Calls and seconds of SaveChanges and of transaction commits since <see cref="Start"/>.</summary>
    public JsonObject Phases() => new()
    {
        ["saveChanges"] = new JsonObject { ["count"] = _saveChanges.Count, ["seconds"] = Math.Round(_saveChanges.Time.TotalSeconds, 2) },
        ["commit"] = new JsonObject { ["count"] = _commits.Count, ["seconds"] = Math.Round(_commits.Time.TotalSeconds, 2) },
    };

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        lock (_lock)
        {
            _saving[eventData.Context!] = Stopwatch.GetTimestamp();
        }
        return ValueTask.FromResult(result);
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        lock (_lock)
        {
            if (_saving.Remove(eventData.Context!, out var started) && _on)
            {
                _saveChanges = (_saveChanges.Count + 1, _saveChanges.Time + Stopwatch.GetElapsedTime(started));
            }
        }
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        lock (_lock)
        {
            if (_on)
            {
                _commits = (_commits.Count + 1, _commits.Time + eventData.Duration);
            }
        }
        return Task.CompletedTask;
    }

    public void Stop()
    {
        lock (_lock)
        {
            _on = false;
        }
    }

    public TimeSpan Total
    {
        get
        {
            lock (_lock)
            {
                return _byStatement.Values.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Time);
            }
        }
    }

    /// <summary>The statements that took most time, with their share of <paramref name="wall"/>.</summary>
    public JsonArray Top(int count, TimeSpan wall)
    {
        lock (_lock)
        {
            return new JsonArray(_byStatement.OrderByDescending(s => s.Value.Time).Take(count).Select(s => (JsonNode)new JsonObject
            {
                ["sql"] = s.Key,
                ["count"] = s.Value.Count,
                ["seconds"] = Math.Round(s.Value.Time.TotalSeconds, 2),
                ["microsEach"] = Math.Round(s.Value.Time.TotalMicroseconds / s.Value.Count, 0),
                ["shareOfWall"] = Math.Round(s.Value.Time / wall, 3),
            }).ToArray());
        }
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Note(command, eventData.Duration, 1);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Note(command, eventData.Duration, 1);
        return ValueTask.FromResult(result);
    }

    /// <summary>The reading (and EF's materializing) after execution: its duration starts when the reader is handed over.</summary>
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Note(command, eventData.Duration, 0);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Note(command, eventData.Duration, 1);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Note(command, eventData.Duration, 1);
        return result;
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Note(command, eventData.Duration, 1);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Note(command, eventData.Duration, 1);
        return ValueTask.FromResult(result);
    }

    private void Note(DbCommand command, TimeSpan duration, int executions)
    {
        if (!_on)
        {
            return;
        }
        var key = Head(command.CommandText);
        lock (_lock)
        {
            var (count, time) = _byStatement.GetValueOrDefault(key);
            _byStatement[key] = (count + executions, time + duration);
        }
    }

    /// <summary>The statement up to its WHERE (or 90 characters), whitespace collapsed; a batch is named by its first statement and its size.</summary>
    private static string Head(string sql)
    {
        var statements = sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var first = Spaces().Replace(statements.FirstOrDefault() ?? "", " ");
        var where = first.IndexOf(" WHERE ", StringComparison.Ordinal);
        var head = first[..Math.Min(where < 0 ? first.Length : where, 90)];
        return statements.Length > 1 ? $"{head} … (batch)" : head;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
