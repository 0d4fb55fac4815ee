using System.Data.Common;
using System.Text.Json;
using Npgsql;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage.Rewards;

/// <summary>A contribution a run may pay, read with its contributor.</summary>
internal readonly record struct DueRow(string Contributor, DueContribution Contribution);

/// <summary>
/// The reward tables in plain SQL on the writer's connection and transaction (no change tracking): the rows a run may
/// pay, read by a forward-only reader; settled states written by one UPDATE per set of paid values; grants, postings and
/// balances by prepared multi-row INSERTs. The SQL is the one SQLite and PostgreSQL share, but for how a list is passed.
/// </summary>
internal sealed class RewardTables(DbConnection connection, DbTransaction transaction, bool postgres)
{
    // SQLite's rowid beside each due row: settling by rowid, in rowid order, skips the record id index and walks the table in order.
    private readonly Dictionary<string, long> _rowIds = new(StringComparer.Ordinal);

    private const string DueColumns = "\"Contributor\", \"RecordId\", \"PerformedAt\", \"RealTimePoints\", \"ConsistencyPoints\", " +
                                      "\"BlessingPoints\", \"RealTimePaid\", \"BlessingPaid\", \"ConsistencyPaid\"";

    /// <summary>Contributions of <paramref name="contributors"/> the daily batch for a period may pay: owed before it ended, performed on or before its last day.</summary>
    public List<DueRow> DueDaily(IReadOnlyCollection<string> contributors, int lastDay, long end) => Due(
        $"SELECT {DueColumns}{RowId} FROM contributions WHERE \"RewardDue\" = TRUE AND \"Contributor\" {In("@who")} AND \"Status\" = @verified " +
        "AND \"PerformedDay\" <= @lastDay AND \"DueSince\" < @end", contributors, lastDay, end);

    /// <summary>Contributions of <paramref name="contributors"/> whose consistency part the weekly summary for a period may pay.</summary>
    public List<DueRow> DueWeekly(IReadOnlyCollection<string> contributors, int lastDay, long end) => Due(
        $"SELECT {DueColumns}{RowId} FROM contributions WHERE \"ConsistencyDue\" = TRUE AND \"Contributor\" {In("@who")} AND \"Status\" = @verified " +
        "AND \"PerformedDay\" <= @lastDay AND \"VerifiedAt\" < @end", contributors, lastDay, end);

    /// <summary>Writes settled states: one UPDATE per distinct set of paid values; the daily batch also clears the due mark, the weekly summary its own.</summary>
    public int Settle(IEnumerable<DueContribution> settled, bool daily)
    {
        var started = RewardMetrics.Start();
        var written = 0;
        var marks = daily ? "\"RewardDue\" = FALSE, \"DueSince\" = NULL" : "\"ConsistencyDue\" = FALSE";
        using var command = Command("UPDATE contributions SET \"RealTimePaid\" = @realTime, \"BlessingPaid\" = @blessing, " +
                                    $"\"ConsistencyPaid\" = @consistency, {marks} WHERE {(postgres ? "\"RecordId\"" : "rowid")} {In("@ids")}");
        foreach (var group in settled.GroupBy(c => (c.State.RealTimePaid, c.State.BlessingPaid, c.State.ConsistencyPaid)))
        {
            command.Parameters.Clear();
            Add(command, "@realTime", group.Key.RealTimePaid);
            Add(command, "@blessing", group.Key.BlessingPaid);
            Add(command, "@consistency", group.Key.ConsistencyPaid);
            if (postgres)
            {
                AddList(command, "@ids", group.Select(c => c.RecordId).ToArray());
            }
            else
            {
                var rowIds = group.Select(c => _rowIds[c.RecordId]).ToArray();
                Array.Sort(rowIds);
                Add(command, "@ids", JsonSerializer.Serialize(rowIds));
            }
            written += command.ExecuteNonQuery();
        }
        RewardMetrics.Stop("settle", started);
        return written;
    }

    /// <summary>Which of these grant keys are taken.</summary>
    public HashSet<string> TakenKeys(IReadOnlyCollection<string> keys)
    {
        var started = RewardMetrics.Start();
        using var command = Command($"SELECT \"Key\" FROM grants WHERE \"Key\" {In("@keys")}");
        AddList(command, "@keys", keys);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            taken.Add(reader.GetString(0));
        }
        RewardMetrics.Stop("grant keys", started);
        return taken;
    }

    /// <summary>The accepted days of these contributors.</summary>
    public ILookup<string, DateOnly> AcceptedDays(IReadOnlyCollection<string> contributors)
    {
        var started = RewardMetrics.Start();
        using var command = Command($"SELECT \"Address\", \"Day\" FROM contributor_days WHERE \"Address\" {In("@who")} AND \"Accepted\" > 0");
        AddList(command, "@who", contributors);
        var days = new List<(string Address, DateOnly Day)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            days.Add((reader.GetString(0), DateOnly.FromDayNumber(reader.GetInt32(1))));
        }
        RewardMetrics.Stop("accepted days", started);
        return days.ToLookup(d => d.Address, d => d.Day, StringComparer.Ordinal);
    }

    public async Task InsertAsync(IReadOnlyList<GrantRow> grants, IReadOnlyList<PostingRow> postings, IReadOnlyCollection<KeyValuePair<(string Account, string Token), long>> balances)
    {
        if (connection is NpgsqlConnection npgsql)
        {
            await PostgresCopy.GrantsAsync(npgsql, grants).ConfigureAwait(false);
            await PostgresCopy.PostingsAsync(npgsql, postings).ConfigureAwait(false);
        }
        else
        {
            await new MultiRowInsert(this, "grants", ["Key", "Recipient", "Schedule", "Period", "RecordId", "GrantedAt", "EffectiveAt", "ScrollMicros",
                "BlessingMicros", "Badge", "BadgeRank", "InputsJson", "LedgerIndex", "Run"], "").RunAsync(grants, static g =>
                [g.Key, g.Recipient, g.Schedule, g.Period, g.RecordId, g.GrantedAt, g.EffectiveAt, g.ScrollMicros, g.BlessingMicros, g.Badge, g.BadgeRank,
                    g.InputsJson, g.LedgerIndex, g.Run]).ConfigureAwait(false);
            await new MultiRowInsert(this, "postings", ["GrantKey", "Account", "Token", "AmountMicros"], "")
                .RunAsync(postings, static p => [p.GrantKey, p.Account, p.Token, p.AmountMicros]).ConfigureAwait(false);
        }
        await new MultiRowInsert(this, "account_balances", ["Account", "Token", "BalanceMicros"],
                " ON CONFLICT (\"Account\", \"Token\") DO UPDATE SET \"BalanceMicros\" = account_balances.\"BalanceMicros\" + excluded.\"BalanceMicros\"")
            .RunAsync(balances, static b => [b.Key.Account, b.Key.Token, b.Value]).ConfigureAwait(false);
    }

    internal DbCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    internal static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private List<DueRow> Due(string sql, IReadOnlyCollection<string> contributors, int lastDay, long end)
    {
        var started = RewardMetrics.Start();
        using var command = Command(sql);
        AddList(command, "@who", contributors);
        Add(command, "@verified", (int)ContributionStatus.Verified);
        Add(command, "@lastDay", lastDay);
        Add(command, "@end", end);
        var rows = new List<DueRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var state = new RewardState(reader.GetDecimal(3), reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDecimal(6), reader.GetDecimal(7),
                reader.IsDBNull(8) ? null : reader.GetDecimal(8));
            var recordId = reader.GetString(1);
            rows.Add(new DueRow(reader.GetString(0), new DueContribution(recordId, reader.GetInt64(2), state)));
            if (!postgres)
            {
                _rowIds[recordId] = reader.GetInt64(9);
            }
        }
        RewardMetrics.Stop("read due", started);
        return rows;
    }

    private string RowId => postgres ? "" : ", rowid";

    /// <summary>A list parameter: an array on PostgreSQL, a JSON array read by json_each on SQLite.</summary>
    private string In(string name) => postgres ? $"= ANY({name})" : $"IN (SELECT value FROM json_each({name}))";

    private void AddList(DbCommand command, string name, IReadOnlyCollection<string> values) =>
        Add(command, name, postgres ? values.ToArray() : JsonSerializer.Serialize(values));
}
