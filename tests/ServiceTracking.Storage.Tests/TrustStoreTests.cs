using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage.Trust;

namespace ServiceTracking.Storage.Tests;

/// <summary>Trust-weighted endorsements, the reputation run and review conflicts on every provider (docs/antigaming.md).</summary>
public sealed class TrustStoreTests
{
    private const string Signature = "0x00";

    private static Task<ContributionView> Endorse(Stores stores, string recordId, EthPrivateKey endorser) =>
        stores.Recognitions.EndorseAsync(recordId, endorser.Address, 1, Signature, default);

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task ARing_IsFound_ItsEndorsementsVoidedAndRescored_AndADismissalRestoresThem(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var ring = Enumerable.Range(0, 4).Select(_ => EthPrivateKey.Generate()).ToList();
        var claims = new List<string>();
        foreach (var key in ring)
        {
            claims.Add((await stores.Contributions.RecordAsync(fixture.Contribution(key, 1), default)).Contribution.RecordId);
        }
        for (var i = 0; i < ring.Count; i++)
        {
            foreach (var j in Enumerable.Range(0, ring.Count).Where(j => j != i))
            {
                await Endorse(stores, claims[j], ring[i]);
            }
        }

        Dictionary<string, long> before;
        await using (var db = await fixture.DbFactory.CreateDbContextAsync())
        {
            before = await db.Contributions.ToDictionaryAsync(c => c.RecordId, c => c.ImpactCents);
        }
        Assert.Equal(6023L, before[claims[0]]); // 3 returned endorsements of new addresses: 3 × 0.05 × 0.5

        var run = await new Reputation(stores.Writer, fixture.DbFactory, fixture.Catalog, fixture.Clock).RunAsync(default);

        Assert.Equal((4, 12, 1, 12), (run.Contributors, run.Endorsements, run.Findings, run.Voided));
        await using (var db = await fixture.DbFactory.CreateDbContextAsync())
        {
            Assert.All(await db.Contributions.ToListAsync(), c => Assert.Equal((6000L, 0L), (c.ImpactCents, c.WeightedEndorsements)));
            Assert.All(await db.Reputations.ToListAsync(), r => Assert.True(r.Damped && r.Standing == 0));
            Assert.Equal(4, await db.SuspicionSignals.CountAsync(s => s.Kind == "endorsement_ring"));
        }
        var findings = new Findings(stores.Writer, fixture.DbFactory, fixture.Catalog);
        var (items, _) = await findings.ListAsync(openOnly: true, 0, 10, default);
        var finding = Assert.Single(items);
        Assert.Equal(ring.Select(k => k.Address).Order(), finding.Members.Order());

        var dismissed = await findings.DecideAsync(finding.Id, confirm: false, ring[0].Address, default);

        Assert.Equal("dismissed", dismissed!.Status);
        Assert.Null(await findings.DecideAsync(finding.Id, confirm: true, ring[0].Address, default));
        await using (var db = await fixture.DbFactory.CreateDbContextAsync())
        {
            Assert.Equal(before, await db.Contributions.ToDictionaryAsync(c => c.RecordId, c => c.ImpactCents));
            Assert.Equal(0, await db.Endorsements.CountAsync(e => e.Voided));
        }
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task AReviewerTiedToTheContributor_IsRefused_AndANewAddressNeedsTwoApprovals(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var (author, tied, first, second) = (EthPrivateKey.Generate(), EthPrivateKey.Generate(), EthPrivateKey.Generate(), EthPrivateKey.Generate());
        var tutorial = (await stores.Contributions.RecordAsync(fixture.Contribution(author, 1), default)).Contribution.RecordId;
        await Endorse(stores, tutorial, tied);
        var artwork = (await stores.Contributions.RecordAsync(fixture.Contribution(author, 2, "CONTENT_CREATION", "artwork"), default)).Contribution.RecordId;

        var refused = await Assert.ThrowsAsync<RefusedException>(() => stores.Recognitions.ApproveAsync(artwork, "nice", null, tied));
        Assert.Equal(StoreRefusalKind.Forbidden, refused.Kind);
        Assert.Contains("you endorsed this contributor's work", refused.Message, StringComparison.Ordinal);

        var once = await stores.Recognitions.ApproveAsync(artwork, "seen", null, first);
        Assert.Equal(Core.Scoring.ContributionStatus.UnderReview, once.Status);
        Assert.Equal(StoreRefusalKind.Conflict, (await Assert.ThrowsAsync<RefusedException>(() =>
            stores.Recognitions.ApproveAsync(artwork, "again", null, first))).Kind);
        var twice = await stores.Recognitions.ApproveAsync(artwork, "seen too", null, second);
        Assert.Equal(Core.Scoring.ContributionStatus.Verified, twice.Status);
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task ABackdatedStreak_IsFound_AndItsConsistencyBonusWithheld(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        for (var back = 6; back >= 1; back--)
        {
            await stores.Contributions.RecordAsync(fixture.Contribution(key, (ulong)back, "GOVERNANCE_PARTICIPATION", "voting", fixture.Clock.GetUtcNow().AddDays(-back)), default);
        }
        var today = (await stores.Contributions.RecordAsync(fixture.Contribution(key, 7, "GOVERNANCE_PARTICIPATION", "voting"), default)).Contribution;
        Assert.Equal(12.50m, today.Impact);

        var run = await new Reputation(stores.Writer, fixture.DbFactory, fixture.Catalog, fixture.Clock).RunAsync(default);

        Assert.Equal(1, run.Findings);
        await using var db = await fixture.DbFactory.CreateDbContextAsync();
        Assert.Equal("backdating", (await db.Findings.SingleAsync()).Kind);
        var row = await db.Contributions.SingleAsync(c => c.RecordId == today.RecordId);
        Assert.Equal((1000L, 1), (row.ImpactCents, row.StreakDays));
        Assert.Equal(6, await db.AuditEvents.CountAsync(e => e.Action == "CONSISTENCY_WITHHELD")); // every claim but the first day's
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task AWeekOfRealServiceLoggedLate_IsHonestCatchUp_AndKeepsItsConsistencyBonus(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        for (var back = 6; back >= 1; back--)
        {
            await stores.Contributions.RecordAsync(fixture.Contribution(key, (ulong)back, performedAt: fixture.Clock.GetUtcNow().AddDays(-back)), default);
        }
        var today = (await stores.Contributions.RecordAsync(fixture.Contribution(key, 7), default)).Contribution;
        Assert.Equal(75.00m, today.Impact); // a tutorial (60) × (1 + 0.25): a 7-day streak, six of its days recorded today

        var run = await new Reputation(stores.Writer, fixture.DbFactory, fixture.Catalog, fixture.Clock).RunAsync(default);

        Assert.Equal(0, run.Findings);
        await using var db = await fixture.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Findings.AnyAsync());
        var row = await db.Contributions.SingleAsync(c => c.RecordId == today.RecordId);
        Assert.Equal((7500L, 7), (row.ImpactCents, row.StreakDays));
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Action == "CONSISTENCY_WITHHELD"));
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task ANewAddress_GetsItsDailyLimitAutoVerified_CountedExactlyInConcurrentRecords_AndFromTheDatabaseByAFreshWriter(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        var limit = fixture.Catalog.Trust.NewcomerDailyAutoVerified;
        var (newcomer, vouched) = (EthPrivateKey.Generate(), EthPrivateKey.Generate());
        await using (var stores = await fixture.OpenAsync())
        {
            await fixture.TrustedAsync(stores, vouched);
            var outcomes = await Task.WhenAll(Enumerable.Range(1, limit + 5).SelectMany(n => new[] { newcomer, vouched }
                .Select(key => stores.Contributions.RecordAsync(fixture.Contribution(key, (ulong)n), default))));
            var verified = outcomes.Where(o => o.Contribution.Status == Core.Scoring.ContributionStatus.Verified).ToLookup(o => o.Contribution.Contributor);
            Assert.Equal((limit, limit + 5), (verified[newcomer.Address].Count(), verified[vouched.Address].Count()));
            var (queue, total) = await stores.Recognitions.QueueAsync(0, 100, default);
            Assert.Equal(5, total);
            Assert.All(queue, q => Assert.Equal(("daily_limit", newcomer.Address), (q.Reason, q.Contribution.Contributor)));
        }

        await using (var stores = await fixture.OpenAsync()) // a new writer: the day's count comes from the database
        {
            Assert.Equal(Core.Scoring.ContributionStatus.UnderReview, (await stores.Contributions.RecordAsync(fixture.Contribution(newcomer, 100), default)).Contribution.Status);
            fixture.Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(Core.Scoring.ContributionStatus.Verified, (await stores.Contributions.RecordAsync(fixture.Contribution(newcomer, 101), default)).Contribution.Status);
        }
        await using var db = await fixture.DbFactory.CreateDbContextAsync();
        Assert.Equal(6, await db.Contributions.CountAsync(c => c.ReviewReason == "daily_limit"));
    }
}
