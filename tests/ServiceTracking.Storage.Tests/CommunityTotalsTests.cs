using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Ledger;

namespace ServiceTracking.Storage.Tests;

/// <summary>
/// The community's totals are loaded once and then kept in memory by adding each commit: after every kind of write
/// they must equal the totals a fresh process loads from the rows, and what the contributions themselves add up to.
/// </summary>
public sealed class CommunityTotalsTests
{
    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task TheKeptTotals_EqualTheRows_AfterRecordsReviewsRecognitionAndErasure(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        var stores = await fixture.OpenAsync();
        Assert.Equal(new EcosystemTotals(0, 0, 0m), await stores.Standings.TotalsAsync(default)); // loaded now, kept from here on
        var crowd = Enumerable.Range(0, 12).Select(_ => EthPrivateKey.Generate()).ToList();
        // Many first contributions in one batch, some contributors twice in it: each counts once as a lightworker.
        await Task.WhenAll(crowd.SelectMany(k => Enumerable.Range(1, 2).Select(n => stores.Contributions.RecordAsync(
            fixture.Contribution(k, (ulong)n, details: $"{{\"title\":\"{k.Address}-{n}\"}}"), default))));
        var claimant = await fixture.TrustedAsync(stores);
        var claim = await stores.Contributions.RecordAsync(fixture.Contribution(claimant, 1, "HEALING_SESSION", "group_healing"), default);
        var pending = await stores.Standings.TotalsAsync(default);

        await stores.Recognitions.ApproveAsync(claim.Contribution.RecordId, "seen it", QualityTier.High);
        var endorsed = (await stores.Contributions.LatestAsync(crowd[1].Address, 1, default))[0];
        await stores.Recognitions.EndorseAsync(endorsed.RecordId, crowd[0].Address, 1, "0x" + new string('1', 130), default);
        var beforeErasure = await stores.Standings.TotalsAsync(default);
        await new Privacy.Erasure(stores.Writer, stores.Profiles, fixture.DbFactory).EraseAsync(crowd[2].Address, Commitments.ContributorActor, null, default);
        var kept = await stores.Standings.TotalsAsync(default);
        await stores.DisposeAsync();

        Assert.Equal((12, 24), (pending.Lightworkers, pending.Contributions)); // the claim under review is not counted yet
        Assert.Equal((13, 25), (kept.Lightworkers, kept.Contributions));
        Assert.True(beforeErasure.Impact > pending.Impact);
        Assert.Equal(beforeErasure, kept); // an erased contributor's service still counts, anonymously
        await using (var db = await fixture.DbFactory.CreateDbContextAsync())
        {
            var verified = db.Contributions.Where(c => c.Status == (int)ContributionStatus.Verified);
            Assert.Equal(kept.Contributions, await verified.CountAsync());
            Assert.Equal(kept.Impact, Hundredths.ToScore(await verified.SumAsync(c => c.ImpactCents)));
        }
        await using var restarted = await fixture.OpenAsync();
        Assert.Equal(kept, await restarted.Standings.TotalsAsync(default));
    }
}
