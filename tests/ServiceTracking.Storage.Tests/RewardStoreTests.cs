using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Storage.Tests;

/// <summary>Recognition and every reward schedule on each database: the same grants, the same books.</summary>
public sealed class RewardStoreTests
{
    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task EverySchedule_PaysOnce_AndTheBooksBalance(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        // Start on a Monday at noon so that the week and the day both end within the test.
        fixture.Clock.SetUtcNow(new DateTimeOffset(2030, 4, 1, 12, 0, 0, TimeSpan.Zero));
        var keys = Enumerable.Range(0, 12).Select(_ => EthPrivateKey.Generate()).ToList();
        var endorser = EthPrivateKey.Generate();
        for (var i = 0; i < keys.Count; i++)
        {
            await fixture.TrustedAsync(stores, keys[i]); // vouched: the newcomer's daily limit would hold the busiest members' claims for review
            await stores.Contributions.RecordAsync(fixture.Contribution(keys[i], 1, "GOVERNANCE_PARTICIPATION", "voting", fixture.Clock.GetUtcNow().AddDays(-1)), default);
            for (var n = 0; n <= i; n++)
            {
                await stores.Contributions.RecordAsync(fixture.Contribution(keys[i], (ulong)(2 + n), "GOVERNANCE_PARTICIPATION", "voting"), default);
            }
        }
        var tutorial = await stores.Contributions.RecordAsync(fixture.Contribution(keys[0], 100), default);
        await fixture.TrustedAsync(stores, endorser); // an endorser of good standing: a full endorsement
        var endorsed = await stores.Recognitions.EndorseAsync(tutorial.Contribution.RecordId, endorser.Address, 1, "0x" + new string('1', 130), default);
        Assert.Equal(69.00m, endorsed.Impact); // 60 × (1 + 0.10 streak + 0.05)

        fixture.Clock.SetUtcNow(new DateTimeOffset(2030, 5, 1, 1, 0, 0, TimeSpan.Zero)); // the day, its week and its month have ended
        Assert.True(RewardSchedules.TryGetPeriod(RewardSchedule.Daily, "2030-04-01", out var day));
        Assert.True(RewardSchedules.TryGetPeriod(RewardSchedule.Weekly, "2030-W14", out var week));
        Assert.True(RewardSchedules.TryGetPeriod(RewardSchedule.Monthly, "2030-04", out var month));
        Assert.True(RewardSchedules.TryGetPeriod(RewardSchedule.Daily, "2030-03-31", out var dayBefore));
        Assert.True(RewardSchedules.TryGetPeriod(RewardSchedule.Weekly, "2030-W13", out var weekBefore));
        Assert.Equal(0, (await stores.Rewards.RunAsync(dayBefore, default)).Grants); // what was recorded on the 1st was not yet due on the 31st
        Assert.Equal(0, (await stores.Rewards.RunAsync(weekBefore, default)).Grants); // a streak of one day has no consistency part
        var daily = await stores.Rewards.RunAsync(day, default);
        var weekly = await stores.Rewards.RunAsync(week, default);
        var monthly = await stores.Rewards.RunAsync(month, default);
        var again = new[] { await stores.Rewards.RunAsync(day, default), await stores.Rewards.RunAsync(week, default), await stores.Rewards.RunAsync(month, default) };

        Assert.Equal(12, daily.Grants); // every voter's small parts (and keys[0]'s difference and BlessingCoin)
        Assert.Equal(12, weekly.Grants); // every voter had a 2-day streak on the 1st: consistency 0.10
        Assert.Equal(10, monthly.Badges);
        Assert.All(again, r => Assert.Equal(0, r.Grants));
        // Each run's own grants, listed a page at a time: what it counted, the monthly badges with their ranks.
        foreach (var (period, summary) in new[] { (day, daily), (week, weekly), (month, monthly) })
        {
            var listed = await AllGrantsAsync(stores.Grants, period!);
            Assert.Equal(summary.Grants, listed.Count);
            Assert.Equal(summary.ScrollCoin, listed.Sum(g => g.Grant.ScrollCoin));
        }
        Assert.Equal(Enumerable.Range(1, 10), (await AllGrantsAsync(stores.Grants, month!)).Select(g => g.Grant.BadgeRank!.Value).Order());
        Assert.Equal(DueNone, await DueAsync(fixture));

        var first = await stores.Grants.BalanceAsync(keys[0].Address, default);
        Assert.True(first.BlessingCoin > 0m);
        Assert.Contains(first.Badges, b => b.Kind == Badges.FirstContribution);
        var (scroll, blessing) = await stores.Grants.SupplyAsync(default);
        var balances = await Task.WhenAll(keys.Select(k => stores.Grants.BalanceAsync(k.Address, default)));
        Assert.Equal(scroll, balances.Sum(b => b.ScrollCoin));
        Assert.Equal(blessing, balances.Sum(b => b.BlessingCoin));
        await using var db = await fixture.DbFactory.CreateDbContextAsync();
        Assert.Equal(0L, await db.Postings.SumAsync(p => p.AmountMicros));
        Assert.Equal(await db.Grants.CountAsync(), await db.AuditEvents.CountAsync(e => e.Action == "REWARD_DISTRIBUTED"));
    }

    private const int DueNone = 0;

    private static async Task<List<RunGrant>> AllGrantsAsync(Rewards.GrantBook book, RewardPeriod period)
    {
        var all = new List<RunGrant>();
        for (var page = await book.RunGrantsAsync(period, 5, null, default); page.Count > 0; page = await book.RunGrantsAsync(period, 5, page[^1].Grant.Key, default))
        {
            all.AddRange(page);
        }
        return all;
    }

    private static async Task<int> DueAsync(StoreFixture fixture)
    {
        await using var db = await fixture.DbFactory.CreateDbContextAsync();
        return await db.Contributions.CountAsync(c => c.RewardDue || c.ConsistencyDue);
    }
}
