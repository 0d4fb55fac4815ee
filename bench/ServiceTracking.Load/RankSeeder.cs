using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;

namespace ServiceTracking.Load;

/// <summary>
/// Fills a fresh store (schema made by TrackingDb.CreateOrCheckSchemaAsync) with N ranked contributors for the query
/// scenario: per contributor the seven rows the writer leaves after one small auto-verified contribution (the
/// contribution, the profile, the accepted day and four period scores, built by <see cref="RewardRows"/>, which
/// <see cref="RewardCheck.SeedMatchesStoreAsync"/> checks column by column against the real store). The contributions
/// are bulk-inserted; the first contributor's other six rows too, and every other contributor's are then made in SQL
/// from the contribution and those six (address, time, day and score from the contribution, every other column copied),
/// and a sample of them is compared, property by property, with what <see cref="RewardRows.Totals"/> builds. For speed,
/// and only while seeding: the four tables' secondary indexes are dropped and made again afterwards from the schema's
/// own statements (checked to come back identical), SQLite commits without fsync, PostgreSQL without waiting for its
/// WAL, and the rows of the next chunk are built on the other core meanwhile. What is measured is what the server does
/// with the store afterwards, not this.
/// </summary>
public sealed class RankSeeder(Catalog catalog)
{
    private const int ContributorsPerChunk = 5_000;
    private const int SampleEvery = 9_973;
    private static readonly string[] s_tables = ["contributions", "contributors", "contributor_days", "period_scores"];

    private sealed record Chunk(ContributionRow[] Contributions);

    /// <summary>What <see cref="RewardRows.Totals"/> makes of one contributor's row: the template, and the sample checked.</summary>
    private readonly ConcurrentDictionary<string, (ContributorRow Contributor, ContributorDayRow Day, PeriodScoreRow[] Scores)> _expected = new();

    /// <summary>
    /// Seeds up to <paramref name="contributors"/>; no chunk of contributions is started once <paramref name="limit"/>
    /// has passed (the other rows, the indexes and the analysis follow).
    /// </summary>
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
        string? first = null;
        await using (var contributions = new BulkInsert<ContributionRow>(db))
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await using var transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
                if (first is null)
                {
                    // The template: the first contributor's rows exactly as RewardRows.Totals builds them.
                    first = chunk.Contributions[0].Contributor;
                    var (profile, accepted, scores) = _expected[first];
                    await using var profiles = new BulkInsert<ContributorRow>(db);
                    await using var days = new BulkInsert<ContributorDayRow>(db);
                    await using var periods = new BulkInsert<PeriodScoreRow>(db);
                    await profiles.InsertAsync([profile]).ConfigureAwait(false);
                    await days.InsertAsync([accepted]).ConfigureAwait(false);
                    await periods.InsertAsync(scores).ConfigureAwait(false);
                }
                await contributions.InsertAsync(chunk.Contributions).ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
                rows += chunk.Contributions.Length;
                seeded += chunk.Contributions.Length;
            }
        }
        await producer.ConfigureAwait(false);
        if (first is not null)
        {
            var c = Columns<ContributionRow>(db);
            foreach (var sql in new[]
                     {
                         Derive<ContributorRow>(db, "Address", new() { ["Address"] = c["Contributor"], ["CreatedAt"] = c["RecordedAt"] }),
                         Derive<ContributorDayRow>(db, "Address", new() { ["Address"] = c["Contributor"], ["Day"] = c["PerformedDay"] }),
                         Derive<PeriodScoreRow>(db, "Address", new() { ["Address"] = c["Contributor"], ["ScoreCents"] = c["ImpactCents"] }),
                     })
            {
                await ExecuteAsync(db, sql, first).ConfigureAwait(false);
            }
            rows += seeded * 6L;
        }
        var insertSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        foreach (var (_, sql) in indexes)
        {
            await ExecuteAsync(db, sql).ConfigureAwait(false);
        }
        var after = await IndexesAsync(db, postgres).ConfigureAwait(false);
        var differences = await CheckSampleAsync(db).ConfigureAwait(false);
        if (differences.Count > 0)
        {
            throw new InvalidOperationException("The contributors' rows made in SQL differ from RewardRows.Totals: " + string.Join("; ", differences.Take(10)));
        }
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
            ["sampleChecked"] = _expected.Count,
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

    private static async Task ExecuteAsync(TrackingDb db, string sql, string? first = null)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
#pragma warning disable CA2100 // statements of the schema itself, or made here from the EF model
        command.CommandText = sql;
#pragma warning restore CA2100
        command.CommandTimeout = 0;
        if (first is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@first";
            parameter.Value = first;
            command.Parameters.Add(parameter);
        }
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// <c>INSERT INTO</c> T's table, for every contribution but the first contributor's, one row per template row (the
    /// first contributor's rows of T): the columns named in <paramref name="derived"/> from the contribution (c), every
    /// other column copied from the template (t).
    /// </summary>
    private static string Derive<T>(TrackingDb db, string addressProperty, Dictionary<string, string> derived) where T : class
    {
        var columns = Columns<T>(db);
        var table = db.Model.FindEntityType(typeof(T))!.GetTableName();
        var select = columns.Select(col => derived.TryGetValue(col.Key, out var expression) ? "c." + expression : "t." + col.Value);
        return $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Values)}) SELECT {string.Join(", ", select)} " +
               $"FROM \"contributions\" c CROSS JOIN \"{table}\" t WHERE t.{columns[addressProperty]} = @first AND c.{Columns<ContributionRow>(db)["Contributor"]} <> @first";
    }

    /// <summary>T's properties and their quoted column names, from the EF model.</summary>
    private static Dictionary<string, string> Columns<T>(TrackingDb db) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return entity.GetProperties().ToDictionary(p => p.Name, p => "\"" + p.GetColumnName(table) + "\"");
    }

    /// <summary>The sampled contributors' rows as stored, compared property by property with RewardRows.Totals.</summary>
    private async Task<List<string>> CheckSampleAsync(TrackingDb db)
    {
        var differences = new List<string>();
        var sample = _expected.Keys.ToList();
        var profiles = await db.Contributors.AsNoTracking().Where(r => sample.Contains(r.Address)).ToDictionaryAsync(r => r.Address).ConfigureAwait(false);
        var days = await db.ContributorDays.AsNoTracking().Where(r => sample.Contains(r.Address)).ToListAsync().ConfigureAwait(false);
        var scores = await db.PeriodScores.AsNoTracking().Where(r => sample.Contains(r.Address)).ToListAsync().ConfigureAwait(false);
        foreach (var (address, expected) in _expected)
        {
            differences.AddRange(profiles.TryGetValue(address, out var profile) ? Differences(db, expected.Contributor, profile) : [$"no contributors row for {address}"]);
            var day = days.Where(d => d.Address == address).ToList();
            differences.AddRange(day.Count == 1 ? Differences(db, expected.Day, day[0]) : [$"{day.Count} contributor_days rows for {address}"]);
            var mine = scores.Where(s => s.Address == address).OrderBy(s => s.Kind).ThenBy(s => s.Label, StringComparer.Ordinal).ToList();
            var wanted = expected.Scores.OrderBy(s => s.Kind).ThenBy(s => s.Label, StringComparer.Ordinal).ToList();
            differences.AddRange(mine.Count == wanted.Count
                ? wanted.Zip(mine).SelectMany(pair => Differences(db, pair.First, pair.Second))
                : [$"{mine.Count} period_scores rows for {address}, expected {wanted.Count}"]);
        }
        return differences;
    }

    private static IEnumerable<string> Differences<T>(TrackingDb db, T expected, T actual) where T : class =>
        db.Model.FindEntityType(typeof(T))!.GetProperties()
            .Select(p => (p.Name, Expected: p.GetGetter().GetClrValue(expected), Actual: p.GetGetter().GetClrValue(actual)))
            .Where(v => !(Equals(v.Expected, v.Actual) || (v.Expected is byte[] x && v.Actual is byte[] y && x.AsSpan().SequenceEqual(y))))
            .Select(v => $"{typeof(T).Name}.{v.Name}: expected {v.Expected}, seeded {v.Actual}");

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
            if (i == 0 || i % SampleEvery == SampleEvery / 2)
            {
                _expected[built[c].Contributor] = RewardRows.Totals([built[c]]);
            }
        });
        return new Chunk(built);
    }
}
