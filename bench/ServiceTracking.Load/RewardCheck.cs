using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Load;

/// <summary>The reward scenario's checks: the seeded rows are the store's own, and the measured run paid exactly what it owed.</summary>
public static class RewardCheck
{
    private static readonly string[] s_tables = ["contributions", "contributors", "contributor_days", "period_scores"];

    /// <summary>
    /// Records a few small contributions through ContributionStore (the real writer) into one fresh store, bulk-inserts
    /// <see cref="RewardRows"/>' rows for the same contributions into another, and compares every column as stored
    /// (type and value; the random commitment secret by length). Returns the differences, none when the seed is faithful.
    /// </summary>
    public static async Task<List<string>> SeedMatchesStoreAsync(IStoreTarget target, Catalog catalog)
    {
        var performedAt = new DateTimeOffset(2025, 12, 14, 9, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(performedAt + RewardPlan.RecordDelay);
        var builder = new RewardRows(catalog);
        var keys = new[] { EthPrivateKey.Generate(), EthPrivateKey.Generate() };
        var contributions = keys.SelectMany((key, i) => Enumerable.Range(0, 3)
            .Select(k => builder.Contribution(key.Address, key, (ulong)k + 1, i + k, performedAt.AddSeconds(k)))).ToList();

        await using var recorded = await InProcessStore.OpenAsync((await target.FreshAsync("reward-check-store").ConfigureAwait(false)).Options, clock).ConfigureAwait(false);
        foreach (var c in contributions)
        {
            await recorded.Contributions.RecordAsync(c, CancellationToken.None).ConfigureAwait(false);
        }
        await using var seeded = await InProcessStore.OpenAsync((await target.FreshAsync("reward-check-seed").ConfigureAwait(false)).Options, clock).ConfigureAwait(false);
        await using (var db = await seeded.Factory.CreateDbContextAsync().ConfigureAwait(false))
        {
            await db.Database.OpenConnectionAsync().ConfigureAwait(false);
            await using var transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
            foreach (var group in contributions.GroupBy(c => c.Contributor))
            {
                var rows = group.Select(c => builder.Row(c, clock.GetUtcNow(), streak: 1)).ToList();
                var (contributor, day, scores) = RewardRows.Totals(rows);
                await using var contributors = new BulkInsert<ContributorRow>(db);
                await using var inserted = new BulkInsert<ContributionRow>(db);
                await using var days = new BulkInsert<ContributorDayRow>(db);
                await using var periods = new BulkInsert<PeriodScoreRow>(db);
                await contributors.InsertAsync([contributor]).ConfigureAwait(false);
                await inserted.InsertAsync(rows).ConfigureAwait(false);
                await days.InsertAsync([day]).ConfigureAwait(false);
                await periods.InsertAsync(scores).ConfigureAwait(false);
            }
            await transaction.CommitAsync().ConfigureAwait(false);
        }

        var differences = new List<string>();
        foreach (var table in s_tables)
        {
            var expected = await DumpAsync(recorded, table).ConfigureAwait(false);
            var actual = await DumpAsync(seeded, table).ConfigureAwait(false);
            if (expected.Count != actual.Count)
            {
                differences.Add($"{table}: {expected.Count} rows stored by the writer, {actual.Count} seeded");
            }
            differences.AddRange(expected.Zip(actual).SelectMany(pair => pair.First.Where(cell => pair.Second.GetValueOrDefault(cell.Key) != cell.Value)
                .Select(cell => $"{table}.{cell.Key}: writer {cell.Value}, seed {pair.Second.GetValueOrDefault(cell.Key)}")));
        }
        return differences;
    }

    /// <summary>Every row of a table in key order, each column as "type:value" (blobs as their length when random).</summary>
    private static async Task<List<Dictionary<string, string>>> DumpAsync(InProcessStore store, string table)
    {
        await using var db = await store.Factory.CreateDbContextAsync().ConfigureAwait(false);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // fixed table names
        command.CommandText = $"SELECT * FROM \"{table}\"";
#pragma warning restore CA2100
        var rows = new List<Dictionary<string, string>>();
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => Cell(reader, i)));
            }
        }
        return rows.OrderBy(r => string.Join("|", r.Where(c => c.Key is "RecordId" or "Address" or "Kind" or "Label").Select(c => c.Value)), StringComparer.Ordinal).ToList();
    }

    private static string Cell(DbDataReader reader, int i)
    {
        var value = reader.GetValue(i);
        return value switch
        {
            DBNull => "null",
            byte[] bytes when reader.GetName(i) is "CommitmentSecret" or "SealedDetails" => $"blob[{bytes.Length}]", // random by design
            byte[] bytes => "blob:" + Convert.ToHexStringLower(bytes),
            IFormattable f => value.GetType().Name + ":" + f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.GetType().Name + ":" + value,
        };
    }

    /// <summary>What the run left: one daily grant per contributor, everything settled, the books balanced, the ledger whole.</summary>
    public static async Task<(JsonObject Facts, List<string> Failures)> OutcomeAsync(InProcessStore store, RewardPlan plan, RewardPeriod period, RunSummary summary, Catalog catalog)
    {
        await using var db = await store.Factory.CreateDbContextAsync().ConfigureAwait(false);
        var failures = new List<string>();
        void Expect(bool holds, string what)
        {
            if (!holds)
            {
                failures.Add(what);
            }
        }

        var grants = await db.Grants.CountAsync().ConfigureAwait(false);
        var daily = await db.Grants.CountAsync(g => g.Schedule == period.ScheduleName && g.Period == period.Label && g.Badge == null && g.ScrollMicros > 0).ConfigureAwait(false);
        var due = await db.Contributions.CountAsync(c => c.RewardDue || c.DueSince != null).ConfigureAwait(false);
        var unpaid = await db.Contributions.CountAsync(c => c.RealTimePaid != c.RealTimePoints).ConfigureAwait(false);
        var postings = await db.Postings.GroupBy(p => p.Token).Select(g => new { Token = g.Key, Sum = g.Sum(p => p.AmountMicros), Count = g.Count() })
            .ToListAsync().ConfigureAwait(false);
        var granted = await db.Grants.SumAsync(g => g.ScrollMicros).ConfigureAwait(false);
        var blessing = await db.Grants.SumAsync(g => g.BlessingMicros).ConfigureAwait(false);
        var issued = -await db.AccountBalances.Where(a => a.Account == WriteContext.IssuanceAccount && a.Token == WriteContext.ScrollCoin)
            .Select(a => a.BalanceMicros).SingleAsync().ConfigureAwait(false);
        var held = await db.AccountBalances.Where(a => a.Account != WriteContext.IssuanceAccount && a.Token == WriteContext.ScrollCoin)
            .SumAsync(a => a.BalanceMicros).ConfigureAwait(false);
        var run = await db.RewardRuns.AsNoTracking().SingleAsync(r => r.Schedule == period.ScheduleName && r.Period == period.Label).ConfigureAwait(false);
        var entries = await db.AuditEvents.CountAsync(e => e.Action == "REWARD_DISTRIBUTED").ConfigureAwait(false);

        Expect(summary.Grants == plan.Contributors && grants == plan.Contributors && daily == plan.Contributors,
            $"{plan.Contributors} daily grants with ScrollCoin (the run said {summary.Grants}; stored {grants}, {daily} of them daily)");
        Expect(due == 0 && unpaid == 0, $"every contribution settled ({due} still due, {unpaid} with real-time points unpaid)");
        Expect(postings.All(p => p.Sum == 0) && postings.Sum(p => p.Count) == 2 * grants, "postings sum to zero per token, two per grant");
        Expect(blessing == 0 && issued == granted && held == granted && Micros.ToAmount(granted) == summary.ScrollCoin,
            $"supply = sum of grants = sum of balances ({issued}, {granted}, {held} micros; run said {summary.ScrollCoin})");
        Expect(run.CompletedAt is not null && run.Grants == grants, "the run is recorded as completed with its grant count");
        Expect(entries == grants, $"one REWARD_DISTRIBUTED ledger entry per grant ({entries})");

        // The ledger a restarted server would check: recomputed from the stored leaves, against the last checkpoint and the tiles.
        var keys = DataKeys.Open(store.Options.DataDirectory, configuredJwtKey: null);
        var reopened = new LedgerAppender(keys.LogKey, keys.LogKey.Name, TimeProvider.System);
        await reopened.OpenAsync(db, CancellationToken.None).ConfigureAwait(false);
        Expect(reopened.Refusal is null && reopened.Snapshot?.Checkpoint.Size == entries, $"the ledger reopens whole ({reopened.Refusal ?? "size " + reopened.Snapshot?.Checkpoint.Size})");

        // The first and last grants by address, recomputed from their contributions with the formula (the first at supply 0).
        var ordered = db.Grants.AsNoTracking().OrderBy(g => g.Recipient);
        foreach (var (grant, supplyBefore) in new[]
                 {
                     (await ordered.FirstAsync().ConfigureAwait(false), 0L),
                     (await ordered.LastAsync().ConfigureAwait(false), -1L),
                 })
        {
            var items = await db.Contributions.AsNoTracking().Where(c => c.Contributor == grant.Recipient).OrderBy(c => c.PerformedAt).ThenBy(c => c.RecordId)
                .Select(c => new RewardItem(c.RecordId, RewardPart.RealTime, c.RealTimePoints, c.PerformedAt)).ToListAsync().ConfigureAwait(false);
            var supply = Micros.ToAmount(supplyBefore >= 0 ? supplyBefore : granted - grant.ScrollMicros);
            var expected = GrantCalculator.Compute(catalog.Rewards, items, period.End, supply, 0m).ScrollCoin.Amount;
            Expect(Micros.From(expected) == grant.ScrollMicros, $"grant {grant.Key} is {grant.ScrollMicros} micros, the formula gives {expected}");
        }

        var facts = new JsonObject
        {
            ["ok"] = failures.Count == 0,
            ["grants"] = grants,
            ["scrollCoin"] = Micros.ToAmount(granted),
            ["postings"] = postings.Sum(p => p.Count),
            ["ledgerEntries"] = entries,
            ["contributionsStillDue"] = due,
        };
        return (facts, failures);
    }
}
