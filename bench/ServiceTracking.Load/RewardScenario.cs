using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Load;

/// <summary>
/// Scenario 3 (<c>--only rewards</c>): the daily reward batch, RewardRuns.RunAsync, for a day on which
/// <c>--reward-contributors</c> contributors made <c>--reward-contributions</c> small verified contributions (all owed
/// to the batch), through the real StoreWriter and ledger, on a store seeded by bulk INSERTs. Measures the run alone
/// (time, CPU, memory, GC, and where the database time goes), checks that it paid exactly what was owed, then runs the
/// same period again (nothing to pay) for the cost of a re-run.
/// </summary>
public sealed class RewardScenario(Settings settings, Report report)
{
    /// <summary>The day paid: a fixed date, so labels and amounts are the same in every run.</summary>
    public static DateOnly Day { get; } = new(2025, 12, 14);

    private readonly Catalog _catalog = Catalog.Default;

    public async Task RunAsync()
    {
        var plan = new RewardPlan(Day, settings.RewardContributors, settings.RewardContributions, settings.RewardSign);
        await RunOnAsync(new SqliteTarget(settings.WorkDirectory), plan).ConfigureAwait(false);
        if (settings.Postgres is { } postgres)
        {
            await RunOnAsync(new PostgresTarget(settings.WorkDirectory, postgres), plan).ConfigureAwait(false);
        }
    }

    private async Task RunOnAsync(IStoreTarget target, RewardPlan plan)
    {
        var name = $"{target.Name}.rewards";
        await using (target)
        {
            // Seeding and the run at this size on SQLite, measured on the 2-core machine (~0.1 ms and ~0.3 ms a contribution):
            // a store that cannot finish within the budget is not started (--budget-seconds gives more).
            var needed = TimeSpan.FromSeconds(30 + plan.Contributions * 0.0004);
            if (settings.Remaining < needed)
            {
                report.Fact($"{name}.skipped", $"out of the time budget ({settings.Remaining.TotalSeconds:F0} s left, about {needed.TotalSeconds:F0} s needed)");
                return;
            }
            var differences = await RewardCheck.SeedMatchesStoreAsync(target, _catalog).ConfigureAwait(false);
            report.Fact($"{name}.seedMatchesStore", differences.Count == 0 ? true : new JsonArray(differences.Select(d => (JsonNode?)d).ToArray()));
            if (differences.Count > 0)
            {
                report.Fail("the seeded rows differ from what the store writes");
                return;
            }

            var fresh = await target.FreshAsync("rewards").ConfigureAwait(false);
            var period = RewardSchedules.Containing(RewardSchedule.Daily, plan.Day);
            var clock = new RunningClock(period.End.AddHours(1)); // the scheduler's run, an hour after the day ended
            var profile = new SqlProfile();
            await using var store = await InProcessStore.OpenAsync(fresh.Options, clock, settings.RewardProfile ? new IInterceptor[] { profile } : []).ConfigureAwait(false);
            var seed = await new RewardSeeder(plan, _catalog).SeedAsync(store.Factory, fresh.Options.IsPostgres).ConfigureAwait(false);
            report.Fact($"{name}.seed", seed);
            if (fresh.Options.IsPostgres)
            {
                NpgsqlConnection.ClearAllPools();
            }
            else
            {
                SqliteConnection.ClearAllPools(); // the run opens its own connections, with the store's default page cache
            }

            var runs = new RewardRuns(store.Writer, store.Factory, _catalog, clock);
            var figures = await MeasureAsync(profile, () => runs.RunAsync(period, CancellationToken.None), plan.Contributions).ConfigureAwait(false);
            var summary = figures.Summary;
            figures.Facts["grants"] = summary.Grants;
            figures.Facts["contributionsSettled"] = plan.Contributions;
            report.Fact($"{name}.run", figures.Facts);

            var (outcome, failures) = await RewardCheck.OutcomeAsync(store, plan, period, summary, _catalog).ConfigureAwait(false);
            report.Fact($"{name}.check", outcome);
            foreach (var failure in failures)
            {
                report.Fail($"{name}: expected {failure}");
            }

            var again = await MeasureAsync(profile, () => runs.RunAsync(period, CancellationToken.None), plan.Contributions).ConfigureAwait(false);
            again.Facts["grants"] = again.Summary.Grants;
            again.Facts["rerun"] = again.Summary.Rerun;
            report.Fact($"{name}.rerun", again.Facts);
            if (again.Summary.Grants != 0 || !again.Summary.Rerun)
            {
                report.Fail($"{name}: a re-run of a paid day granted {again.Summary.Grants}");
            }
            report.Fact($"{name}.dbMB", Math.Round(await DatabaseBytesAsync(store, fresh).ConfigureAwait(false) / 1048576.0, 1));
        }
    }

    private static async Task<(RunSummary Summary, JsonObject Facts)> MeasureAsync(SqlProfile profile, Func<Task<RunSummary>> run, long contributions)
    {
        await using var meter = new RunMeter();
        using var steps = new RewardSteps();
        profile.Start();
        meter.Start();
        var summary = await run().ConfigureAwait(false);
        var facts = await meter.StopAsync(("grants", summary.Grants), ("contributions", summary.Grants == 0 ? 0 : contributions)).ConfigureAwait(false);
        profile.Stop();
        facts["rewardSteps"] = steps.Facts();
        if (profile.Total > TimeSpan.Zero)
        {
            facts["sqlSeconds"] = Math.Round(profile.Total.TotalSeconds, 2);
            facts["phases"] = profile.Phases();
            facts["topSql"] = profile.Top(8, meter.Elapsed);
        }
        return (summary, facts);
    }

    private static async Task<long> DatabaseBytesAsync(InProcessStore store, FreshStore fresh)
    {
        if (!fresh.Options.IsPostgres)
        {
            return new DirectoryInfo(fresh.DataDirectory).EnumerateFiles().Sum(f => f.Length);
        }
        await using var db = await store.Factory.CreateDbContextAsync().ConfigureAwait(false);
        return await db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync().ConfigureAwait(false);
    }

    /// <summary>A clock that starts at a given time and runs at the system's pace (the ledger keeps a checkpoint a second, as in the server).</summary>
    private sealed class RunningClock(DateTimeOffset start) : TimeProvider
    {
        private readonly long _origin = Stopwatch.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => start + Stopwatch.GetElapsedTime(_origin);
    }
}
