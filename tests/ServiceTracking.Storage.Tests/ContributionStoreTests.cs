using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage.Tests;

/// <summary>One contract suite, run against every provider.</summary>
public sealed class ContributionStoreTests
{
    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Record_ThenFind_ReturnsTheSameContribution(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        var signed = fixture.Contribution(key, 1);

        var outcome = await stores.Contributions.RecordAsync(signed, default);
        var found = await stores.Contributions.FindAsync(signed.RecordId, default);

        Assert.True(outcome.Created);
        Assert.NotNull(found);
        Assert.Equal(key.Address, found.Contributor);
        Assert.Equal(60m, found.Impact);
        Assert.Equal(ContributionStatus.Verified, found.Status);
        Assert.Equal(signed.DetailsJson, await stores.Personal.DetailsAsync(found, default));
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Record_Replay_CreatesNothing_AndNonceReuseIsAConflict(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        await stores.Contributions.RecordAsync(fixture.Contribution(key, 1), default);
        var size = stores.LedgerReader.Latest!.Checkpoint.Size;

        var replay = await stores.Contributions.RecordAsync(fixture.Contribution(key, 1), default);
        var conflict = await Assert.ThrowsAsync<RefusedException>(() => stores.Contributions.RecordAsync(fixture.Contribution(key, 1, subtype: "video"), default));

        Assert.False(replay.Created);
        Assert.Equal(StoreRefusalKind.Conflict, conflict.Kind);
        await using var db = await fixture.DbFactory.CreateDbContextAsync();
        Assert.Equal(1, await db.Contributions.CountAsync());
        Assert.Equal(size, await db.AuditEvents.LongCountAsync());
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task ConcurrentRecords_KeepAuditSequenceContiguous_AndScoresEqualTheirSum(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var keys = Enumerable.Range(0, 20).Select(_ => EthPrivateKey.Generate()).ToList();
        var subtypes = new[] { "tutorial", "blog_post", "documentation", "video" };

        var tasks = Enumerable.Range(0, 200).Select(i =>
            stores.Contributions.RecordAsync(fixture.Contribution(keys[i % keys.Count], (ulong)(i / keys.Count), subtype: subtypes[i % subtypes.Length]), default));
        var outcomes = await Task.WhenAll(tasks);

        await using var db = await fixture.DbFactory.CreateDbContextAsync();
        var seqs = await db.AuditEvents.OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => (long)i), seqs);
        Assert.Equal(200, await db.AuditEvents.CountAsync(e => e.Action == "CONTRIBUTION_SUBMITTED"));
        foreach (var key in keys)
        {
            var expected = outcomes.Where(o => o.Contribution.Contributor == key.Address).Sum(o => o.Contribution.Impact);
            var (_, score) = await stores.Standings.RankAsync(new PeriodKey(PeriodKind.All, "all"), key.Address, default);
            Assert.Equal(expected, score);
        }
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Leaderboard_AfterRestart_EqualsTheOneBefore(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        var keys = Enumerable.Range(0, 6).Select(_ => EthPrivateKey.Generate()).ToList();
        var period = new PeriodKey(PeriodKind.Weekly, Periods.Label(PeriodKind.Weekly, new DateOnly(2025, 12, 14)));
        IReadOnlyList<LeaderboardRow> before;
        await using (var stores = await fixture.OpenAsync())
        {
            for (var i = 0; i < keys.Count; i++)
            {
                await stores.Standings.LeaderboardAsync(period, 0, 10, default); // loaded early: later writes must update it
                for (var n = 0; n <= i % 3; n++)
                {
                    await stores.Contributions.RecordAsync(fixture.Contribution(keys[i], (ulong)n, subtype: i % 2 == 0 ? "tutorial" : "video"), default);
                }
            }
            before = (await stores.Standings.LeaderboardAsync(period, 0, 10, default)).Rows;
        }
        await using (var reopened = await fixture.OpenAsync())
        {
            var after = (await reopened.Standings.LeaderboardAsync(period, 0, 10, default)).Rows;
            Assert.Equal(before, after);
        }
        Assert.Equal(before.OrderByDescending(r => r.Score).ThenBy(r => r.Address).Select(r => r.Address), before.Select(r => r.Address));
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Streak_IsCountedFromAcceptedDays(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        var now = fixture.Clock.GetUtcNow();
        ContributionView last = null!;
        for (var d = 7; d >= 0; d--)
        {
            if (d == 5)
            {
                continue; // a gap: the streak restarts after it
            }
            last = (await stores.Contributions.RecordAsync(fixture.Contribution(key, (ulong)d, performedAt: now.AddDays(-d)), default)).Contribution;
        }
        Assert.Equal(5, last.Breakdown.StreakDays);
        Assert.Equal(0.10m, last.Breakdown.Consistency);
        var stats = await stores.Standings.StatsAsync(key.Address, default);
        Assert.Equal(5, stats.CurrentStreak);
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Nonce_IsSingleUse_AndExpires(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        await stores.Access.IssueNonceAsync("aaaaaaaa1", TimeSpan.FromMinutes(10), default);
        await stores.Access.IssueNonceAsync("bbbbbbbb2", TimeSpan.FromMinutes(10), default);

        Assert.True(await stores.Access.ConsumeNonceAsync("aaaaaaaa1", default));
        Assert.False(await stores.Access.ConsumeNonceAsync("aaaaaaaa1", default));
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.False(await stores.Access.ConsumeNonceAsync("bbbbbbbb2", default));
        Assert.False(await stores.Access.ConsumeNonceAsync("never-issued", default));
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Roles_GrantAndRevoke_AreAuditedAndSurviveRestart(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        var admin = EthPrivateKey.Generate().Address;
        var member = EthPrivateKey.Generate().Address;
        await using (var stores = await fixture.OpenAsync())
        {
            Assert.True(await stores.Access.SetRoleAsync(member, "verifier", true, admin, default));
            Assert.False(await stores.Access.SetRoleAsync(member, "verifier", true, admin, default));
            Assert.True(await stores.Access.SetRoleAsync(member, "elder", true, admin, default));
            Assert.True(await stores.Access.SetRoleAsync(member, "elder", false, admin, default));
        }
        await using (var reopened = await fixture.OpenAsync())
        {
            await reopened.Access.LoadRolesAsync(default);
            Assert.Equal(["verifier"], reopened.Access.GrantedRoles(member));
        }
        await using var db = await fixture.DbFactory.CreateDbContextAsync();
        Assert.Equal(["ROLE_GRANTED", "ROLE_GRANTED", "ROLE_REVOKED"], await db.AuditEvents.OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Profiles_AreKeptAndReloaded(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        var who = EthPrivateKey.Generate().Address;
        await using (var stores = await fixture.OpenAsync())
        {
            Assert.Equal(Profile.Private, stores.Profiles.Get(who));
            await stores.Profiles.UpdateAsync(who, new Profile("LunaWeaver", true), default);
        }
        await using (var reopened = await fixture.OpenAsync())
        {
            await reopened.Profiles.LoadAsync(default);
            Assert.Equal(new Profile("LunaWeaver", true), reopened.Profiles.Get(who));
        }
    }
}

public sealed class HundredthsTests
{
    [Theory]
    [InlineData(6000L, "60.00")]
    [InlineData(146675L, "1466.75")]
    [InlineData(5L, "0.05")]
    [InlineData(0L, "0.00")]
    [InlineData(-250L, "-2.50")]
    [InlineData(long.MaxValue, "92233720368547758.07")]
    public void ToScore_AlwaysHasTwoDecimals(long hundredths, string expected)
    {
        Assert.Equal(expected, Hundredths.ToScore(hundredths).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(hundredths, Hundredths.From(Hundredths.ToScore(hundredths)));
    }
}
