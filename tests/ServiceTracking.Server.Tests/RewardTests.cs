using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Server.Tests;

/// <summary>Grants (SCORING §5): real-time, the daily batch, the weekly summary, later recognition, BlessingCoin, badges.</summary>
public sealed class RewardTests : IAsyncLifetime
{
    private static readonly decimal s_rate = Catalog.Default.Rewards.DecayRatePerDay;
    private Community _community = null!;

    public async Task InitializeAsync() => _community = await Community.StartAsync();

    public async Task DisposeAsync() => await _community.DisposeAsync();

    private DateTimeOffset Now => _community.Host.Clock.GetUtcNow();

    private string Today => Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Moves the clock to 01:00 UTC of the day after today, so that today has ended.</summary>
    private void NextDay() => _community.Host.Clock.SetUtcNow(new DateTimeOffset(Now.UtcDateTime.Date.AddDays(1).AddHours(1), TimeSpan.Zero));

    private static DateTimeOffset EndOf(string day) => DateTimeOffset.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddDays(1);

    private static decimal Decay(long from, DateTimeOffset to) => RewardMath.DecayFactor(s_rate, (to.ToUnixTimeSeconds() - from) / 86_400m);

    private static decimal Floor6(decimal value) => Math.Round(value, 6, MidpointRounding.ToZero);

    [Fact]
    public async Task RealTimeGrant_IsPaidAtVerification_WithScarcityFromTheSupplyBefore()
    {
        var first = await _community.MemberAsync();
        var second = await _community.MemberAsync();
        await first.RecordAsync(); // tutorial: 60 points, at once
        await second.RecordAsync();

        var mine = await Community.RewardsAsync(first);
        Assert.Equal(60.000000m, mine["rewards"]!["scrollCoin"]!.GetValue<decimal>());
        var grant = mine["grants"]!.AsArray().Single(g => g!["schedule"]!.GetValue<string>() == "realtime")!;
        Assert.Equal(60m, grant["inputs"]!["items"]![0]!["points"]!.GetValue<decimal>());
        Assert.Equal(0m, grant["inputs"]!["scrollCoin"]!["supplyBefore"]!.GetValue<decimal>());
        // 60 × (1 − 60 / 1,000,000,000) = 59.9999964, rounded down to 6 decimals.
        Assert.Equal(59.999996m, (await Community.RewardsAsync(second))["rewards"]!["scrollCoin"]!.GetValue<decimal>());

        var stats = await Wallet.JsonAsync(await first.Http.GetAsync($"/api/v1/service-tracking/stats/{first.Address}"));
        Assert.Equal(60m, stats["metrics"]!["rewardsEarned"]!["scrollCoin"]!.GetValue<decimal>());
        Assert.Equal(1, stats["metrics"]!["rewardsEarned"]!["nftBadges"]!.GetValue<int>());
        Assert.Equal("first-contribution", stats["rewards"]!["badges"]![0]!["kind"]!.GetValue<string>());
        var community = await Wallet.JsonAsync(await first.Http.GetAsync("/api/v1/service-tracking/community"));
        Assert.Equal(119.999996m, community["ecosystem"]!["totalRewardsDistributed"]!["scrollCoin"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task SmallContribution_IsPaidInTheDailyBatch_OnceTheDayHasEnded_AndARerunPaysNothing()
    {
        var member = await _community.MemberAsync();
        var performedAt = Now.ToUnixTimeSeconds();
        await member.RecordAsync("GOVERNANCE_PARTICIPATION", "voting"); // 10 points: waits for the batch
        var day = Today;
        Assert.Equal(0m, (await Community.RewardsAsync(member))["rewards"]!["scrollCoin"]!.GetValue<decimal>());

        await SignInTests.AssertProblem(await _community.Admin.PostAsync("/api/v1/admin/rewards/run", new { schedule = "daily", period = day }), HttpStatusCode.Conflict);
        NextDay();
        var run = await _community.RunAsync("daily", day);
        var rerun = await _community.RunAsync("daily", day);

        Assert.Equal(1, run["grants"]!.GetValue<int>());
        Assert.Equal(0, rerun["grants"]!.GetValue<int>());
        Assert.True(rerun["rerun"]!.GetValue<bool>());
        var expected = Floor6(10m * Decay(performedAt, EndOf(day)));
        var rewards = await Community.RewardsAsync(member);
        Assert.Equal(expected, rewards["rewards"]!["scrollCoin"]!.GetValue<decimal>());
        var grant = rewards["grants"]!.AsArray().Single(g => g!["schedule"]!.GetValue<string>() == "daily")!;
        Assert.Equal(day, grant["period"]!.GetValue<string>());
        Assert.Equal(EndOf(day).ToUnixTimeSeconds(), grant["effectiveAt"]!.GetValue<long>());
    }

    [Fact]
    public async Task WeeklySummary_PaysTheConsistencyPart()
    {
        var member = await _community.MemberAsync();
        await member.RecordAsync("GOVERNANCE_PARTICIPATION", "voting", (ulong)Now.AddDays(-1).ToUnixTimeSeconds());
        var performedAt = Now.ToUnixTimeSeconds();
        var today = await member.RecordAsync("GOVERNANCE_PARTICIPATION", "voting"); // a 2-day streak: consistency 0.10
        Assert.Equal(0.10m, today["scoreBreakdown"]!["consistency"]!.GetValue<decimal>());
        var week = Periods.Label(PeriodKind.Weekly, DateOnly.FromDateTime(Now.UtcDateTime));
        Assert.True(Periods.TryGetRange(PeriodKind.Weekly, week, out _, out var last));

        _community.Host.Clock.SetUtcNow(new DateTimeOffset(last.AddDays(1).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero));
        var run = await _community.RunAsync("weekly", week);

        Assert.Equal(1, run["grants"]!.GetValue<int>());
        var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var grant = (await Community.RewardsAsync(member))["grants"]!.AsArray().Single(g => g!["schedule"]!.GetValue<string>() == "weekly")!;
        Assert.Equal(Floor6(1.0m * Decay(performedAt, end)), grant["scrollCoin"]!.GetValue<decimal>()); // 10 × 1.0 × 0.10
        Assert.Equal(0, (await _community.RunAsync("weekly", week))["grants"]!.GetValue<int>());
    }

    [Fact]
    public async Task LaterRecognition_PaysTheDifference_AndBlessingCoin_InTheDailyBatch_DoubleEntry()
    {
        var member = await _community.MemberAsync();
        var performedAt = Now.ToUnixTimeSeconds();
        var recordId = (await member.RecordAsync())["recordId"]!.GetValue<string>(); // 60, paid at once
        Assert.Equal(HttpStatusCode.OK, (await (await _community.TrustedMemberAsync()).EndorseAsync(recordId)).StatusCode); // now 63 (an endorser of good standing)
        Assert.Equal(HttpStatusCode.OK, (await _community.Elder.BlessAsync(recordId)).StatusCode); // 60 × 2.05 = 123
        var day = Today;

        NextDay();
        await _community.RunAsync("daily", day);

        var rewards = await Community.RewardsAsync(member);
        var daily = rewards["grants"]!.AsArray().Single(g => g!["schedule"]!.GetValue<string>() == "daily")!;
        var decay = Decay(performedAt, EndOf(day));
        Assert.Equal(Floor6(63m * decay * (1m - (60m / 1_000_000_000m))), daily["scrollCoin"]!.GetValue<decimal>()); // 123 − 60 paid
        Assert.Equal(Floor6(11m * decay), daily["blessingCoin"]!.GetValue<decimal>()); // 10 per blessing + 1 per endorsement
        Assert.Equal(60m + daily["scrollCoin"]!.GetValue<decimal>(), rewards["rewards"]!["scrollCoin"]!.GetValue<decimal>());

        SqliteConnection.ClearAllPools();
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_community.Host.DataDirectory, "service-tracking.db")};Mode=ReadOnly");
        await db.OpenAsync();
        Assert.Equal(0L, await ScalarAsync(db, "SELECT COALESCE(SUM(AmountMicros), 0) FROM postings"));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM account_balances b WHERE BalanceMicros <> (SELECT COALESCE(SUM(AmountMicros), 0) FROM postings p WHERE p.Account = b.Account AND p.Token = b.Token)"));
        Assert.Equal(await ScalarAsync(db, "SELECT COUNT(*) FROM grants"), await ScalarAsync(db, "SELECT COUNT(*) FROM audit_events WHERE Action = 'REWARD_DISTRIBUTED'"));
    }

    [Fact]
    public async Task SevenDayStreak_EarnsItsBadge_Once()
    {
        var member = await _community.MemberAsync();
        for (var back = 6; back >= 0; back--)
        {
            await member.RecordAsync("GOVERNANCE_PARTICIPATION", "voting", (ulong)Now.AddDays(-back).ToUnixTimeSeconds());
        }
        var day = Today;
        NextDay();
        await _community.RunAsync("daily", day);
        await _community.RunAsync("daily", day);

        var badges = (await Community.RewardsAsync(member))["rewards"]!["badges"]!.AsArray().Select(b => b!["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(["first-contribution", "streak-7"], badges);
    }

    [Fact]
    public async Task MonthlyTop10_AreBadgedWithTheirRanks()
    {
        var members = new List<Wallet>();
        for (var i = 0; i < 11; i++)
        {
            var member = await _community.MemberAsync();
            for (var n = 0; n <= i; n++)
            {
                await member.RecordAsync("GOVERNANCE_PARTICIPATION", "voting");
            }
            members.Add(member);
        }
        var month = Now.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await SignInTests.AssertProblem(await _community.Admin.PostAsync("/api/v1/admin/rewards/run", new { schedule = "monthly", period = month }), HttpStatusCode.Conflict);
        _community.Host.Clock.SetUtcNow(new DateTimeOffset(Now.UtcDateTime.Date.AddDays(1 - Now.Day).AddMonths(1).AddHours(1), TimeSpan.Zero));

        var run = await _community.RunAsync("monthly", month);

        Assert.Equal(10, run["badges"]!.GetValue<int>());
        Assert.DoesNotContain((await Community.RewardsAsync(members[0]))["rewards"]!["badges"]!.AsArray(), b => b!["kind"]!.GetValue<string>() == "monthly-top-10");
        var top = (await Community.RewardsAsync(members[10]))["rewards"]!["badges"]!.AsArray().Single(b => b!["kind"]!.GetValue<string>() == "monthly-top-10")!;
        Assert.Equal(1, top["rank"]!.GetValue<int>());
        Assert.Equal(month, top["period"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARunsGrants_AreListedPageByPage_WithRecipientsAndBadges_AndNothingElse()
    {
        var streaker = await _community.MemberAsync();
        for (var back = 6; back >= 0; back--)
        {
            await streaker.RecordAsync("GOVERNANCE_PARTICIPATION", "voting", (ulong)Now.AddDays(-back).ToUnixTimeSeconds());
        }
        var others = new List<Wallet>();
        for (var i = 0; i < 3; i++)
        {
            others.Add(await _community.MemberAsync());
            await others[^1].RecordAsync("GOVERNANCE_PARTICIPATION", "voting");
        }
        var day = Today;
        NextDay();
        var run = await _community.RunAsync("daily", day);

        var listed = new List<System.Text.Json.Nodes.JsonNode>();
        string? after = null;
        do
        {
            var page = await Wallet.JsonAsync(await _community.Admin.Http.GetAsync(
                $"/api/v1/admin/rewards/runs/daily/{day}/grants?limit=2" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}")));
            Assert.Equal((day, "daily"), (page["period"]!.GetValue<string>(), page["schedule"]!.GetValue<string>()));
            listed.AddRange(page["grants"]!.AsArray().Select(g => g!));
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);

        Assert.Equal(run["grants"]!.GetValue<int>(), listed.Count); // 4 daily grants and the streak badge; no real-time grant, no first-contribution badge
        Assert.Equal(5, listed.Count);
        var keys = listed.Select(g => g["grant"]!["key"]!.GetValue<string>()).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(others.Append(streaker).Select(w => w.Address.ToChecksumString()).Order(),
            listed.Where(g => g["grant"]!["schedule"]!.GetValue<string>() == "daily").Select(g => g["recipient"]!.GetValue<string>()).Order());
        var badge = Assert.Single(listed, g => g["grant"]!["badge"] is not null);
        Assert.Equal(("streak-7", streaker.Address.ToChecksumString()), (badge["grant"]!["badge"]!.GetValue<string>(), badge["recipient"]!.GetValue<string>()));
        Assert.All(listed.Where(g => g["grant"]!["badge"] is null), g => Assert.True(g["grant"]!["scrollCoin"]!.GetValue<decimal>() > 0m));

        var member = others[0];
        await SignInTests.AssertProblem(await member.Http.GetAsync($"/api/v1/admin/rewards/runs/daily/{day}/grants"), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await _community.Admin.Http.GetAsync($"/api/v1/admin/rewards/runs/hourly/{day}/grants"), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await _community.Admin.Http.GetAsync($"/api/v1/admin/rewards/runs/daily/{day}/grants?limit=0"), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await _community.Admin.Http.GetAsync($"/api/v1/admin/rewards/runs/weekly/2020-W01/grants"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AdminRun_RefusesBadInput_AndNonAdmins()
    {
        var member = await _community.MemberAsync();
        await SignInTests.AssertProblem(await member.PostAsync("/api/v1/admin/rewards/run", new { schedule = "daily", period = "2025-12-14" }), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await _community.Admin.PostAsync("/api/v1/admin/rewards/run", new { schedule = "hourly", period = "2025-12-14" }), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await _community.Admin.PostAsync("/api/v1/admin/rewards/run", new { schedule = "weekly", period = "2025-12-14" }), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await _community.Admin.PostAsync("/api/v1/admin/rewards/run", new { schedule = "daily", period = Now.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }), HttpStatusCode.Conflict);
        await SignInTests.AssertProblem(await member.Http.GetAsync($"/api/v1/rewards?address={_community.Admin.Address}"), HttpStatusCode.Forbidden);
    }

    private static async Task<long> ScalarAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
