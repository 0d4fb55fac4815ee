using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ServiceTracking.Core.Events;

namespace ServiceTracking.Storage;

/// <summary>
/// The writer's hot-path statements on the batch's connection and transaction, without EF change tracking: each one
/// prepared once per batch and reused for every row (SQL the same on SQLite and PostgreSQL).
/// </summary>
internal sealed class WriteSql(TrackingDb db) : IDisposable
{
    private static readonly string[] ContributionColumns =
    [
        "RecordId", "Contributor", "Nonce", "Type", "Subtype", "Category", "SealedDetails", "DetailsHash", "ContentCid",
        "ContentHash", "PerformedAt", "PerformedDay", "RecordedAt", "Signature", "Status", "Quality", "StreakDays",
        "Endorsements", "WeightedEndorsements", "Blessed", "Featured", "ImpactCents", "BreakdownJson", "CommitmentSecret", "VerifiedAt", "ReviewReason",
        "RealTimePoints", "ConsistencyPoints", "BlessingPoints", "RealTimePaid", "BlessingPaid", "ConsistencyPaid",
        "RewardDue", "DueSince", "ConsistencyDue",
    ];

    private static readonly string InsertContributionSql = Insert("contributions", ContributionColumns);
    private static readonly string InsertAuditSql = Insert("audit_events", ["Seq", "RecordId", "Action", "Timestamp", "Entry", "LeafHash"]);
    private static readonly string InsertAuditPositionalSql = Insert("audit_events", ["Seq", "RecordId", "Action", "Timestamp", "Entry", "LeafHash"], positional: true);
    private static readonly string InsertEventSql = Insert("events", ["Id", "Type", "Timestamp", "Subject", "DataJson"]);
    private static readonly string InsertContributorSql = Insert("contributors", ["Address", "SealedDisplayName", "IsPublic", "CreatedAt", "AutoVerifySuspended"]);

    private readonly Dictionary<string, DbCommand> _prepared = [];
    private readonly bool _isSqlite = db.Database.IsSqlite();
    private readonly Dictionary<string, string> _upserts = [];

    public bool IsSqlite => _isSqlite;

    public void InsertContribution(ContributionRow r) => Run(InsertContributionSql,
        r.RecordId, r.Contributor, r.Nonce, r.Type, r.Subtype, r.Category, r.SealedDetails, r.DetailsHash, r.ContentCid,
        r.ContentHash, r.PerformedAt, r.PerformedDay, r.RecordedAt, r.Signature, r.Status, r.Quality, r.StreakDays,
        r.Endorsements, r.WeightedEndorsements, r.Blessed, r.Featured, r.ImpactCents, r.BreakdownJson, r.CommitmentSecret, r.VerifiedAt, r.ReviewReason,
        r.RealTimePoints, r.ConsistencyPoints, r.BlessingPoints, r.RealTimePaid, r.BlessingPaid, r.ConsistencyPaid,
        r.RewardDue, r.DueSince, r.ConsistencyDue);

    public void InsertAudit(AuditEventRow e) => Run(InsertAuditSql, e.Seq, e.RecordId, e.Action, e.Timestamp, e.Entry, e.LeafHash);

    /// <summary>Inserts the row, or adds its <paramref name="added"/> columns to the existing row's (one prepared statement per table).</summary>
    public void Upsert(string table, string[] columns, string[] keys, string[] added, object[] row)
    {
        if (!_upserts.TryGetValue(table, out var sql))
        {
            sql = Insert(table, columns) + $" ON CONFLICT ({string.Join(", ", keys.Select(k => "\"" + k + "\""))}) DO UPDATE SET " +
                  string.Join(", ", added.Select(c => $"\"{c}\" = {table}.\"{c}\" + excluded.\"{c}\""));
            _upserts[table] = sql;
        }
        Run(sql, row);
    }

    /// <summary>Writes the batch's audit events: one NpgsqlBatch on PostgreSQL, the prepared statement per row on SQLite.</summary>
    public void InsertAudits(IReadOnlyList<AuditEventRow> rows)
    {
        var connection = db.Database.GetDbConnection();
        if (_isSqlite || !connection.CanCreateBatch)
        {
            foreach (var e in rows)
            {
                InsertAudit(e);
            }
            return;
        }
        foreach (var chunk in rows.Chunk(1000))
        {
            using var batch = connection.CreateBatch();
            batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var e in chunk)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = InsertAuditPositionalSql;
                foreach (var value in new object?[] { e.Seq, e.RecordId, e.Action, e.Timestamp, e.Entry, e.LeafHash })
                {
                    var parameter = command.CreateParameter();
                    parameter.Value = value ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }
                batch.BatchCommands.Add(command);
            }
            batch.ExecuteNonQuery();
        }
    }

    public void InsertEvents(IReadOnlyList<Events.StoredEvent> events)
    {
        foreach (var e in events)
        {
            Run(InsertEventSql, e.Id, e.Type.WireName(), e.Timestamp, e.Subject?.ToLowerHex(), e.DataJson);
        }
    }

    public void InsertContributor(ContributorRow c) => Run(InsertContributorSql, c.Address, c.SealedDisplayName, c.IsPublic, c.CreatedAt, c.AutoVerifySuspended);

    /// <summary>Runs a query whose parameters are @p0, @p1, … and hands each row to <paramref name="read"/>.</summary>
    public void Read(string sql, Action<DbDataReader> read, params object[] values)
    {
        using var command = NewCommand();
        foreach (var value in values)
        {
            AddParameter(command, value);
        }
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            read(reader);
        }
    }

    /// <summary>Runs a query over a list of keys (an IN list, one statement a batch) and hands each row to <paramref name="read"/>.</summary>
    public void ReadIn(string sqlBeforeList, IReadOnlyCollection<object> keys, string sqlAfterList, Action<DbDataReader> read, IReadOnlyCollection<object>? more = null)
    {
        if (keys.Count == 0)
        {
            return;
        }
        using var command = NewCommand();
        var names = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            names.Add(AddParameter(command, key));
        }
        foreach (var value in more ?? [])
        {
            AddParameter(command, value); // named in the caller's SQL after the list's own
        }
        command.CommandText = sqlBeforeList + "(" + string.Join(", ", names) + ")" + sqlAfterList;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            read(reader);
        }
    }

    /// <summary>Runs a statement whose parameters are @p0, @p1, …; returns the rows it changed.</summary>
    public int Execute(string sql, params object[] values)
    {
        using var command = NewCommand();
        foreach (var value in values)
        {
            AddParameter(command, value);
        }
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a one-row statement, preparing it on first use in this batch and rebinding its parameters after.</summary>
    private void Run(string sql, params object?[] values)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = NewCommand();
            command.CommandText = sql;
            foreach (var value in values)
            {
                AddParameter(command, value);
            }
            if (_isSqlite)
            {
                command.Prepare(); // Npgsql would fix the types of parameters first bound to null
            }
            _prepared[sql] = command;
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }
        command.ExecuteNonQuery();
    }

    private DbCommand NewCommand()
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static string AddParameter(DbCommand command, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@p" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter.ParameterName;
    }

    // NpgsqlBatch commands take positional parameters ($1, …); everything else names them @p0, ….
    private static string Insert(string table, string[] columns, bool positional = false) =>
        $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => "\"" + c + "\""))}) VALUES " +
        $"({string.Join(", ", columns.Select((_, i) => positional ? "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";

    public void Dispose()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }
        _prepared.Clear();
    }
}
