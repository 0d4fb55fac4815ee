using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Privacy;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Storage.Tests;

/// <summary>The reads behind a contributor's export (right of access), on every provider: every page once, opened, theirs only.</summary>
public sealed class ProfileExportStoreTests
{
    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Contributions_ComeOncePageByPageNewestFirst_WithDetailsAndReasonsOpened_AndNobodyElses(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var export = new ProfileExport(fixture.DbFactory, stores.Personal);
        var key = EthPrivateKey.Generate();
        var other = EthPrivateKey.Generate();
        // Recorded together (one group commit, one second): the pages' order rests on the record id alone.
        var recorded = await Task.WhenAll(Enumerable.Range(1, ProfileExport.PageSize + 1)
            .Select(n => stores.Contributions.RecordAsync(fixture.Contribution(key, (ulong)n, details: $$"""{"n": {{n}}}"""), default)));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var claim = (await stores.Contributions.RecordAsync(fixture.Contribution(key, 1000, "HEALING_SESSION", "group_healing", details: """{"notes":"x"}"""), default)).Contribution;
        await stores.Recognitions.RejectAsync(claim.RecordId, "Not a group session");
        var othersRecord = (await stores.Contributions.RecordAsync(fixture.Contribution(other, 1, details: """{"secret":"theirs"}"""), default)).Contribution;
        await stores.Recognitions.EndorseAsync(othersRecord.RecordId, key.Address, 1, "0x" + new string('1', 130), default);

        var pages = new List<IReadOnlyList<ExportedContribution>>();
        await foreach (var page in export.ContributionsAsync(key.Address, default))
        {
            pages.Add(page);
        }
        var all = pages.SelectMany(p => p).ToList();

        Assert.Equal([ProfileExport.PageSize, 2], pages.Select(p => p.Count));
        Assert.Equal(recorded.Length + 1, all.Select(c => c.Contribution.RecordId).Distinct().Count());
        Assert.Equal(claim.RecordId, all[0].Contribution.RecordId);
        var order = all.Select(c => (c.Contribution.RecordedAt, c.Contribution.RecordId)).ToList();
        Assert.Equal(order.OrderByDescending(o => o.RecordedAt).ThenByDescending(o => o.RecordId, StringComparer.Ordinal), order);
        Assert.All(all, c => Assert.Equal(key.Address, c.Contribution.Contributor));
        var byId = all.ToDictionary(c => c.Contribution.RecordId);
        Assert.All(recorded, r => Assert.Equal($$"""{"n": {{r.Contribution.Nonce}}}""", byId[r.Contribution.RecordId].Details));
        var rejection = Assert.Single(byId[claim.RecordId].Reviews);
        Assert.Equal(("rejection", "Not a group session"), (rejection.Kind, rejection.Reason));
        Assert.Equal(ContributionStatus.Rejected, byId[claim.RecordId].Contribution.Status);

        var ids = all.Select(c => c.Contribution.RecordId).ToList();
        Assert.Equal(ids.Count, (await stores.Contributions.AuditLogsAsync(ids, default)).Count);
        var receipts = await stores.LedgerReader.ReceiptsAsync(ids, default);
        Assert.Equal(ids.ToHashSet(), receipts.Select(r => r.RecordId).ToHashSet());
        Assert.Single(receipts.Select(r => r.Checkpoint).Distinct()); // all against one checkpoint
        Assert.Equal(othersRecord.RecordId, Assert.Single(await export.EndorsementsGivenAsync(key.Address, default)).RecordId);
        Assert.Empty(await export.EndorsementsGivenAsync(other.Address, default));
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task GrantsAndTheAccessLog_PageThroughEverything_InTheOrderTheApiShowsThem(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var export = new ProfileExport(fixture.DbFactory, stores.Personal);
        var key = await fixture.TrustedAsync(stores); // vouched: beyond the newcomer's daily limit its claims would wait for review, ungranted
        var recorded = new List<ContributionView>();
        for (var n = 1; n <= 12; n++)
        {
            recorded.Add((await stores.Contributions.RecordAsync(fixture.Contribution(key, (ulong)n), default)).Contribution);
            fixture.Clock.Advance(TimeSpan.FromSeconds(n % 3)); // some grants share a second
        }
        var reader = EthPrivateKey.Generate().Address.ToLowerHex();
        await stores.Personal.RecordAccessAsync(recorded.Select(c => new AccessLogRow
        {
            Contributor = key.Address.ToLowerHex(), Reader = reader, Role = "admin", RecordId = c.RecordId, What = "details", At = 1,
        }).ToList(), default);

        var paged = new List<GrantView>();
        GrantView? last = null;
        while (await stores.Grants.GrantsAsync(key.Address, 5, last, default) is { Count: > 0 } page)
        {
            paged.AddRange(page);
            last = page[^1];
        }
        var log = new List<AccessEntry>();
        await foreach (var page in export.AccessLogAsync(key.Address, default))
        {
            log.AddRange(page);
        }

        Assert.Equal((await stores.Grants.GrantsAsync(key.Address, 1000, default)).Select(g => g.Key), paged.Select(g => g.Key));
        Assert.Equal(13, paged.Count); // a real-time grant each, and the first-contribution badge
        Assert.Equal(recorded.Select(c => c.RecordId).Reverse(), log.Select(e => e.RecordId));
        Assert.Equal((await stores.Personal.AccessLogAsync(key.Address, 1000, default)).Select(e => e.RecordId), log.Select(e => e.RecordId));
    }
}
