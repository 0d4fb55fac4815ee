using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;

namespace ServiceTracking.Load;

/// <summary>
/// Fills a fresh store (schema made by TrackingDb.CreateOrCheckSchemaAsync) with N ranked contributors for the query
/// scenario: per contributor the seven rows the writer leaves after one small auto-verified contribution (the
/// contribution, the profile, the accepted day and four period scores, built by <see cref="RewardRows"/>, which
/// <see cref="RewardCheck.SeedMatchesStoreAsync"/> checks column by column against the real store). For speed, and
/// only while seeding: the four tables' secondary indexes are dropped and made again afterwards from the schema's own
/// statements (checked to come back identical), SQLite commits without fsync, PostgreSQL without waiting for its WAL,
/// and the rows of the next chunk are built on the other core meanwhile. What is measured is what the server does
/// with the store afterwards, not this.
/// </summary>
public sealed class RankSeeder(Catalog catalog)
{
    private const int ContributorsPerChunk = 5_000;
    private static readonly string[] s_tables = ["contributions", "contributors", "contributor_days", "period_scores"];

    private sealed record Chunk(List<ContributionRow> Contributions, List<ContributorRow> Contributors, List<ContributorDayRow> Days, List<PeriodScoreRow> Scores);

    /// <summary>Seeds up to <paramref name="contributors"/>; no chunk is started once <paramref name="limit"/> has passed.</summary>
    public async Task<JsonObject> SeedAsync(IDbContextFactory<TrackingDb> factory, bool postgres, int contributors, DateOnly day, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var planned = contributors;
        var addresses = new EthAddress[contributors];
        Parallel.For(0, contributors, i => addresses[i] = EthAddress.FromBytes(RandomNumberGenerator.GetBytes(EthAddress.Size)));
        // In address order, so every primary key but the contribution's (a digest) is appended to.
        Array.Sort(addresses);
        var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        var chunks = Channel.CreateBounded<Chunk>(2);
        var building = TimeSpan.Zero;
        var producer = Task.Run(async () =>
        {
            try
            {
                for (var start = 0; start < contributors && clock.Elapsed < limit; start += ContributorsPerChunk)
                {
                    var started = Stopwatch.GetTimestamp();
                    var chunk = Build(addresses, start, Math.Min(ContributorsPerChunk, contributors - start), dayStart);
                    building += Stopwatch.GetElapsedTime(started);
                    await chunks.Writer.WriteAsync(chunk).ConfigureAwait(false);
                }
                chunks.Writer.Complete();
            }
#pragma warning disable CA1031 // handed to the reader, which rethrows it
            catch (Exception ex)
#pragma warning restore CA1031
            {
                chunks.Writer.Complete(ex);
            }
        });

        await using var db = await factory.CreateDbContextAsync().ConfigureAwait(false);
        await db.Database.OpenConnectionAsync().ConfigureAwait(false);
        await ExecuteAsync(db, postgres ? "SET synchronous_commit = off" : "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576").ConfigureAwait(false);
        var indexes = await IndexesAsync(db, postgres).ConfigureAwait(false);
        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(db, $"DROP INDEX \"{name}\"").ConfigureAwait(false);
        }

        var rows = 0L;
        var seeded = 0;
        await using (var contributions = new BulkInsert<ContributionRow>(db))
        await using (var profiles = new BulkInsert<ContributorRow>(db))
        await using (var days = new BulkInsert<ContributorDayRow>(db))
        await using (var scores = new BulkInsert<PeriodScoreRow>(db))
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await using var transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
                await profiles.InsertAsync(chunk.Contributors).ConfigureAwait(false);
                await contributions.InsertAsync(chunk.Contributions).ConfigureAwait(false);
                await days.InsertAsync(chunk.Days).ConfigureAwait(false);
                await scores.InsertAsync(chunk.Scores).ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
                rows += chunk.Contributions.Count + chunk.Contributors.Count + chunk.Days.Count + chunk.Scores.Count;
                seeded += chunk.Contributors.Count;
            }
        }
        await producer.ConfigureAwait(false);
        var insertSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        foreach (var (_, sql) in indexes)
        {
            await ExecuteAsync(db, sql).ConfigureAwait(false);
        }
        var after = await IndexesAsync(db, postgres).ConfigureAwait(false);
        if (!after.Order().SequenceEqual(indexes.Order()))
        {
            throw new InvalidOperationException("The indexes made again after seeding differ from the schema's: " +
                string.Join("; ", after.Except(indexes).Concat(indexes.Except(after)).Select(i => i.Sql)));
        }
        var indexSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        // What a store written row by row would have had time to do: PostgreSQL's autovacuum analyses the tables,
        // SQLite's WAL is checkpointed into the database file.
        await ExecuteAsync(db, postgres ? "VACUUM (ANALYZE)" : "PRAGMA wal_checkpoint(TRUNCATE)").ConfigureAwait(false);
        return new JsonObject
        {
            ["day"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["contributors"] = seeded,
            ["planned"] = planned,
            ["complete"] = seeded == planned,
            ["rows"] = rows,
            ["buildSeconds"] = Math.Round(building.TotalSeconds, 1),
            ["insertSeconds"] = Math.Round(insertSeconds, 1),
            ["insertRowsPerSecond"] = Math.Round(rows / insertSeconds, 0),
            ["indexesRemade"] = indexes.Count,
            ["indexSeconds"] = Math.Round(indexSeconds, 1),
            ["settleSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            ["ledgerEntries"] = "none written for the seeded submissions (nor first-contribution badges)",
        };
    }

    /// <summary>The secondary indexes of the seeded tables with the statements that make them (not the primary keys).</summary>
    private static async Task<List<(string Name, string Sql)>> IndexesAsync(TrackingDb db, bool postgres)
    {
        var tables = string.Join(", ", s_tables.Select(t => $"'{t}'"));
        var sql = postgres
            ? $"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ({tables}) " +
              "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            : $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({tables})";
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // fixed table names
        command.CommandText = sql;
#pragma warning restore CA2100
        var found = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            found.Add((reader.GetString(0), reader.GetString(1)));
        }
        return found;
    }

    private static async Task ExecuteAsync(TrackingDb db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
#pragma warning disable CA2100 // statements of the schema itself, or fixed
        command.CommandText = sql;
#pragma warning restore CA2100
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Contributors <paramref name="start"/>.., built in parallel: one small contribution each, spread over the day.</summary>
    private Chunk Build(EthAddress[] addresses, int start, int count, DateTimeOffset dayStart)
    {
        var built = new ContributionRow[count];
        var builder = new RewardRows(catalog);
        Parallel.For(0, count, c =>
        {
            var i = start + c;
            var performedAt = dayStart.AddSeconds(i * 86_000L / addresses.Length);
            var contribution = builder.Contribution(addresses[i], null, 1, i, performedAt);
            built[c] = builder.Row(contribution, performedAt + RewardPlan.RecordDelay, streak: 1);
        });
        var chunk = new Chunk(new List<ContributionRow>(count), new List<ContributorRow>(count), new List<ContributorDayRow>(count), new List<PeriodScoreRow>(4 * count));
        foreach (var row in built)
        {
            chunk.Contributions.Add(row);
            var (profile, accepted, scores) = RewardRows.Totals([row]);
            chunk.Contributors.Add(profile);
            chunk.Days.Add(accepted);
            chunk.Scores.AddRange(scores);
        }
        return chunk;
    }
}
