using Npgsql;
using NpgsqlTypes;

namespace ServiceTracking.Storage.Rewards;

/// <summary>Grants and postings on PostgreSQL by binary COPY, in the batch's transaction: one stream a table, no statement per row.</summary>
internal static class PostgresCopy
{
    public static async Task GrantsAsync(NpgsqlConnection connection, IReadOnlyList<GrantRow> grants)
    {
        var started = RewardMetrics.Start();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY grants (\"Key\", \"Recipient\", \"Schedule\", \"Period\", \"RecordId\", \"GrantedAt\", \"EffectiveAt\", \"ScrollMicros\", " +
            "\"BlessingMicros\", \"Badge\", \"BadgeRank\", \"InputsJson\", \"LedgerIndex\", \"Run\") FROM STDIN (FORMAT BINARY)").ConfigureAwait(false))
        {
            foreach (var g in grants)
            {
                await copy.StartRowAsync().ConfigureAwait(false);
                await copy.WriteAsync(g.Key, NpgsqlDbType.Text).ConfigureAwait(false);
                await copy.WriteAsync(g.Recipient, NpgsqlDbType.Text).ConfigureAwait(false);
                await copy.WriteAsync(g.Schedule, NpgsqlDbType.Text).ConfigureAwait(false);
                await copy.WriteAsync(g.Period, NpgsqlDbType.Text).ConfigureAwait(false);
                await WriteNullableAsync(copy, g.RecordId, NpgsqlDbType.Text).ConfigureAwait(false);
                await copy.WriteAsync(g.GrantedAt, NpgsqlDbType.Bigint).ConfigureAwait(false);
                await copy.WriteAsync(g.EffectiveAt, NpgsqlDbType.Bigint).ConfigureAwait(false);
                await copy.WriteAsync(g.ScrollMicros, NpgsqlDbType.Bigint).ConfigureAwait(false);
                await copy.WriteAsync(g.BlessingMicros, NpgsqlDbType.Bigint).ConfigureAwait(false);
                await WriteNullableAsync(copy, g.Badge, NpgsqlDbType.Text).ConfigureAwait(false);
                await WriteNullableAsync(copy, g.BadgeRank, NpgsqlDbType.Integer).ConfigureAwait(false);
                await copy.WriteAsync(g.InputsJson, NpgsqlDbType.Text).ConfigureAwait(false);
                await copy.WriteAsync(g.LedgerIndex, NpgsqlDbType.Bigint).ConfigureAwait(false);
                await WriteNullableAsync(copy, g.Run, NpgsqlDbType.Text).ConfigureAwait(false);
            }
            await copy.CompleteAsync().ConfigureAwait(false);
        }
        RewardMetrics.Stop("insert grants", started);
    }

    public static async Task PostingsAsync(NpgsqlConnection connection, IReadOnlyList<PostingRow> postings)
    {
        var started = RewardMetrics.Start();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY postings (\"GrantKey\", \"Account\", \"Token\", \"AmountMicros\") FROM STDIN (FORMAT BINARY)").ConfigureAwait(false))
        {
            foreach (var p in postings)
            {
                await copy.StartRowAsync().ConfigureAwait(false);
                await copy.WriteAsync(p.GrantKey, NpgsqlDbType.Text).ConfigureAwait(false);
                await copy.WriteAsync(p.Account, NpgsqlDbType.Text).ConfigureAwait(false);
                await copy.WriteAsync(p.Token, NpgsqlDbType.Text).ConfigureAwait(false);
                await copy.WriteAsync(p.AmountMicros, NpgsqlDbType.Bigint).ConfigureAwait(false);
            }
            await copy.CompleteAsync().ConfigureAwait(false);
        }
        RewardMetrics.Stop("insert postings", started);
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) => value is null
        ? copy.WriteNullAsync()
        : copy.WriteAsync(value, type);
}
