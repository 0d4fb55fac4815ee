using System.Data.Common;
using System.Globalization;
using System.Text;

namespace ServiceTracking.Storage.Rewards;

/// <summary>
/// INSERTs of many rows per statement: one prepared statement of <see cref="RowsPerStatement"/> rows reused for every
/// full group (parameters rebound, not rebuilt), and one statement for the rest.
/// </summary>
internal sealed class MultiRowInsert(RewardTables tables, string table, string[] columns, string suffix)
{
    /// <summary>Well under SQLite's 32,766 parameters and PostgreSQL's 65,535 at 13 columns.</summary>
    private const int RowsPerStatement = 200;

    public async Task RunAsync<T>(IEnumerable<T> rows, Func<T, object?[]> values)
    {
        var started = RewardMetrics.Start();
        DbCommand? full = null;
        var pending = new List<object?[]>(RowsPerStatement);
        try
        {
            foreach (var row in rows)
            {
                pending.Add(values(row));
                if (pending.Count == RowsPerStatement)
                {
                    full ??= Prepared(RowsPerStatement);
                    await ExecuteAsync(full, pending).ConfigureAwait(false);
                    pending.Clear();
                }
            }
            if (pending.Count > 0)
            {
                await using var rest = Prepared(pending.Count);
                await ExecuteAsync(rest, pending).ConfigureAwait(false);
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync().ConfigureAwait(false);
            }
            RewardMetrics.Stop("insert " + table, started);
        }
    }

    private DbCommand Prepared(int rows)
    {
        var sql = new StringBuilder($"INSERT INTO {table} (")
            .AppendJoin(", ", columns.Select(c => "\"" + c + "\"")).Append(") VALUES ");
        var command = tables.Command("");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{(r * columns.Length) + c}");
                sql.Append(c == 0 ? name : ", " + name);
                RewardTables.Add(command, name, null);
            }
            sql.Append(')');
        }
        command.CommandText = sql.Append(suffix).ToString();
        return command;
    }

    private static async Task ExecuteAsync(DbCommand command, List<object?[]> rows)
    {
        var i = 0;
        foreach (var row in rows)
        {
            foreach (var value in row)
            {
                command.Parameters[i++].Value = value ?? DBNull.Value;
            }
        }
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
