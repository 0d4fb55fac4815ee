using System.Data;
using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Storage;

/// <summary>
/// Reads one contributor's summary from the committed rows: five statements in one command (one round trip on
/// PostgreSQL), in one read-only snapshot, so the parts always agree with each other. Plain ADO, no EF query pipeline.
/// </summary>
internal sealed class SummaryReader(IDbContextFactory<TrackingDb> dbFactory)
{
    private static readonly string Sql = string.Join(";\n",
        "SELECT \"Category\", COUNT(*) FROM contributions WHERE \"Contributor\" = @who AND \"Status\" = @verified GROUP BY \"Category\"",
        "SELECT \"Day\" FROM contributor_days WHERE \"Address\" = @who AND \"Accepted\" > 0",
        "SELECT \"RecordId\", \"Nonce\", \"Type\", \"Subtype\", \"Category\", \"Status\", \"BreakdownJson\", \"PerformedAt\", \"RecordedAt\", " +
        "\"ContentCid\", \"ContentHash\", \"DetailsHash\", \"DetailsJson\", \"Signature\" FROM contributions WHERE \"Contributor\" = @who " +
        "ORDER BY \"RecordedAt\" DESC, \"RecordId\" DESC LIMIT " + ContributorSummaries.LatestCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "SELECT \"Token\", \"BalanceMicros\" FROM account_balances WHERE \"Account\" = @account",
        "SELECT \"Badge\", \"Period\", \"BadgeRank\", \"GrantedAt\" FROM grants WHERE \"Recipient\" = @who AND \"Badge\" IS NOT NULL ORDER BY \"GrantedAt\", \"Key\"");

    public async Task<ContributorSummary> ReadAsync(EthAddress contributor, CancellationToken cancellationToken)
    {
        var key = contributor.ToLowerHex();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false); // EF's interceptors see the open
        var connection = db.Database.GetDbConnection();
        // SQLite: a deferred BEGIN is a read snapshot without the write lock (a plain BEGIN there is IMMEDIATE).
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql;
        Add(command, "@who", key);
        Add(command, "@account", WriteContext.AccountOf(contributor));
        Add(command, "@verified", (int)ContributionStatus.Verified);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            categories[reader.GetString(0)] = checked((int)reader.GetInt64(1));
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var days = new HashSet<DateOnly>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            days.Add(DateOnly.FromDayNumber(reader.GetInt32(0)));
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var latest = new List<ContributionView>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            latest.Add(new ContributionView(reader.GetString(0), contributor, (ulong)reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), (ContributionStatus)reader.GetInt32(5),
                JsonSerializer.Deserialize<ScoreBreakdown>(reader.GetString(6), StoreJson.Options)!, reader.GetInt64(7), reader.GetInt64(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetFieldValue<byte[]>(10), reader.GetFieldValue<byte[]>(11),
                reader.GetString(12), reader.GetString(13)));
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        long scroll = 0, blessing = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (reader.GetString(0))
            {
                case WriteContext.ScrollCoin:
                    scroll = reader.GetInt64(1);
                    break;
                case WriteContext.BlessingCoin:
                    blessing = reader.GetInt64(1);
                    break;
            }
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var badges = new List<BadgeView>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            badges.Add(new BadgeView(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetInt64(3)));
        }
        await reader.DisposeAsync().ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        return new ContributorSummary(categories, days, latest, new RewardBalance(Micros.ToAmount(scroll), Micros.ToAmount(blessing), badges));
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
