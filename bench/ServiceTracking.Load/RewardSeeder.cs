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

/// <summary>What the reward scenario seeds: contributors in address order, each with a run of contributions on one day.</summary>
public sealed record RewardPlan(DateOnly Day, int Contributors, int Contributions, bool Sign)
{
    public DateTimeOffset DayStart => new(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>How many contributions contributor <paramref name="i"/> has, and the index of its first (all of a contributor's are consecutive).</summary>
    public (int First, int Count) Share(int i)
    {
        var each = Contributions / Contributors;
        var extra = Contributions % Contributors;
        return (i * each + Math.Min(i, extra), each + (i < extra ? 1 : 0));
    }

    /// <summary>Spread over the day in contributor order; recorded (and verified) a minute later, still before the day ends.</summary>
    public DateTimeOffset PerformedAt(int index) => DayStart.AddSeconds(index * 86_000L / Contributions);

    public static TimeSpan RecordDelay => TimeSpan.FromMinutes(1);
}

/// <summary>
/// Fills a fresh store (schema made by TrackingDb.CreateOrCheckSchemaAsync) with the plan's rows by bulk INSERTs in
/// chunks of contributors, one transaction a chunk; the next chunk's rows (keccak, EIP-712 digest, ECDSA signature,
/// score) are built on the other core meanwhile. Seeding is not what is measured: the daily batch over these rows is.
/// </summary>
public sealed class RewardSeeder(RewardPlan plan, Catalog catalog)
{
    private const int ContributorsPerChunk = 2_000;

    private sealed record Chunk(List<ContributionRow> Contributions, List<ContributorRow> Contributors, List<ContributorDayRow> Days, List<PeriodScoreRow> Scores);

    public async Task<JsonObject> SeedAsync(IDbContextFactory<TrackingDb> factory, bool postgres)
    {
        var clock = Stopwatch.StartNew();
        // Real keys only to sign with; the order the batch pays in (address), so that every index but the primary key is appended to.
        var keys = plan.Sign ? new EthPrivateKey[plan.Contributors] : null;
        var addresses = new EthAddress[plan.Contributors];
        Parallel.For(0, addresses.Length, i =>
        {
            if (keys is null)
            {
                addresses[i] = EthAddress.FromBytes(RandomNumberGenerator.GetBytes(EthAddress.Size));
            }
            else
            {
                keys[i] = EthPrivateKey.Generate();
                addresses[i] = keys[i].Address;
            }
        });
        if (keys is null)
        {
            Array.Sort(addresses);
        }
        else
        {
            Array.Sort(addresses, keys);
        }
        var keySeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var chunks = Channel.CreateBounded<Chunk>(2);
        var building = TimeSpan.Zero;
        var producer = Task.Run(async () =>
        {
            try
            {
                for (var start = 0; start < addresses.Length; start += ContributorsPerChunk)
                {
                    var started = Stopwatch.GetTimestamp();
                    var chunk = Build(addresses, keys, start, Math.Min(ContributorsPerChunk, addresses.Length - start));
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

        var rows = 0L;
        await using (var db = await factory.CreateDbContextAsync().ConfigureAwait(false))
        {
            await db.Database.OpenConnectionAsync().ConfigureAwait(false);
            if (!postgres)
            {
                // This connection only: a page cache big enough for the random-order primary key while seeding.
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -524288").ConfigureAwait(false);
            }
            await using var contributions = new BulkInsert<ContributionRow>(db);
            await using var contributors = new BulkInsert<ContributorRow>(db);
            await using var days = new BulkInsert<ContributorDayRow>(db);
            await using var scores = new BulkInsert<PeriodScoreRow>(db);
            await foreach (var chunk in chunks.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await using var transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
                await contributors.InsertAsync(chunk.Contributors).ConfigureAwait(false);
                await contributions.InsertAsync(chunk.Contributions).ConfigureAwait(false);
                await days.InsertAsync(chunk.Days).ConfigureAwait(false);
                await scores.InsertAsync(chunk.Scores).ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
                rows += chunk.Contributions.Count;
            }
            await producer.ConfigureAwait(false);
            var insertSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            if (postgres)
            {
                // What autovacuum does to a table this size soon after it is loaded; without it the planner guesses.
                await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE)").ConfigureAwait(false);
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)").ConfigureAwait(false);
            }
            return new JsonObject
            {
                ["day"] = plan.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["contributors"] = plan.Contributors,
                ["contributions"] = rows,
                ["signed"] = plan.Sign,
                ["keygenSeconds"] = Math.Round(keySeconds, 1),
                ["buildSeconds"] = Math.Round(building.TotalSeconds, 1),
                ["insertSeconds"] = Math.Round(insertSeconds, 1),
                ["insertRowsPerSecond"] = Math.Round(rows / insertSeconds, 0),
                ["settleSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                ["ledgerEntries"] = "none written for the seeded submissions (nor first-contribution badges); the run's grants start the log",
            };
        }
    }

    /// <summary>The rows of contributors <paramref name="start"/>.. in parallel: per contribution a keccak, a digest and (when signing) ECDSA.</summary>
    private Chunk Build(EthAddress[] addresses, EthPrivateKey[]? keys, int start, int count)
    {
        var rows = new ContributionRow[count][];
        var builder = new RewardRows(catalog);
        Parallel.For(0, count, c =>
        {
            var i = start + c;
            var (first, n) = plan.Share(i);
            rows[c] = new ContributionRow[n];
            for (var k = 0; k < n; k++)
            {
                var performedAt = plan.PerformedAt(first + k);
                var contribution = builder.Contribution(addresses[i], keys?[i], (ulong)k + 1, i + k, performedAt);
                // Every contribution of the day is the contributor's only day so far: a streak of 1.
                rows[c][k] = builder.Row(contribution, performedAt + RewardPlan.RecordDelay, streak: 1);
            }
        });
        var chunk = new Chunk([], [], [], []);
        foreach (var contributor in rows.Where(r => r.Length > 0))
        {
            chunk.Contributions.AddRange(contributor);
            var (profile, day, scores) = RewardRows.Totals(contributor);
            chunk.Contributors.Add(profile);
            chunk.Days.Add(day);
            chunk.Scores.AddRange(scores);
        }
        return chunk;
    }
}
