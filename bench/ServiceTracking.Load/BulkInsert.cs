using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ServiceTracking.Storage;

namespace ServiceTracking.Load;

/// <summary>
/// Prepared multi-row INSERTs of the store's own row classes, in the caller's transaction. Table, columns and
/// parameters come from the EF model: each parameter is made by the column's type mapping (as SaveChanges makes it)
/// and each value goes through the mapping's converter, so rows land exactly as the store writes them, only without
/// change tracking. The command and its parameters are made once and reused with new values.
/// </summary>
public sealed class BulkInsert<T> : IAsyncDisposable where T : class
{
    private readonly TrackingDb _db;
    private readonly IProperty[] _properties;
    private readonly RelationalTypeMapping[] _mappings;
    private readonly int _rowsPerStatement;
    private DbCommand? _full;

    public BulkInsert(TrackingDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        _db = db;
        _properties = db.Model.FindEntityType(typeof(T))!.GetProperties().ToArray();
        _mappings = _properties.Select(p => p.GetRelationalTypeMapping()).ToArray();
        // PostgreSQL: a round trip saved per row matters, up to ~16,000 parameters a statement. SQLite is in-process,
        // and Microsoft.Data.Sqlite (and SQLite) find each named parameter by a linear search, so long statements
        // cost quadratically there (16,000 parameters: 300 rows/s); one row a statement is fastest.
        _rowsPerStatement = db.Database.IsSqlite() ? 1 : Math.Max(1, 16_000 / _properties.Length);
    }

    public async Task InsertAsync(IReadOnlyList<T> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (var start = 0; start < rows.Count; start += _rowsPerStatement)
        {
            var count = Math.Min(_rowsPerStatement, rows.Count - start);
            var full = count == _rowsPerStatement;
            var command = full && _full is not null ? _full : Command(count, rows[start]);
            command.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
            for (var r = 0; r < count; r++)
            {
                for (var c = 0; c < _properties.Length; c++)
                {
                    command.Parameters[r * _properties.Length + c].Value = Value(c, rows[start + r]);
                }
            }
            if (full && _full is null)
            {
                await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                _full = command;
            }
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (command != _full)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private object Value(int column, T row)
    {
        var value = _properties[column].GetGetter().GetClrValue(row);
        return (value is null ? null : _mappings[column].Converter?.ConvertToProvider(value) ?? value) ?? DBNull.Value;
    }

    /// <summary>An INSERT of <paramref name="rows"/> rows whose parameters the type mappings configure (from a sample row).</summary>
    private DbCommand Command(int rows, T sample)
    {
        var entity = _db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var command = _db.Database.GetDbConnection().CreateCommand();
        var values = new List<string>(rows);
        for (var r = 0; r < rows; r++)
        {
            var names = new string[_properties.Length];
            for (var c = 0; c < _properties.Length; c++)
            {
                names[c] = "@p" + (r * _properties.Length + c).ToString(CultureInfo.InvariantCulture);
                command.Parameters.Add(_mappings[c].CreateParameter(command, names[c], _properties[c].GetGetter().GetClrValue(sample), _properties[c].IsNullable));
            }
            values.Add("(" + string.Join(", ", names) + ")");
        }
        var columns = string.Join(", ", _properties.Select(p => "\"" + p.GetColumnName(table) + "\""));
#pragma warning disable CA2100 // table and column names come from the EF model, values are parameters
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({columns}) VALUES {string.Join(", ", values)}";
#pragma warning restore CA2100
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_full is not null)
        {
            await _full.DisposeAsync().ConfigureAwait(false);
        }
    }
}
