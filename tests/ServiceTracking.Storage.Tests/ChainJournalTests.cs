using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage.OnChain;

namespace ServiceTracking.Storage.Tests;

/// <summary>What was written to a registry, over every provider: anchors, and per-record mode's candidates, publications and cursor.</summary>
public sealed class ChainJournalTests
{
    private static readonly EthAddress s_registry = EthPrivateKey.Generate().Address;

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Anchors_AreKeptPerRegistry_OnceASize(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var journal = new ChainJournal(stores.Writer, fixture.DbFactory);
        var other = EthPrivateKey.Generate().Address;

        foreach (var (registry, size) in new[] { (s_registry, 4L), (s_registry, 9L), (s_registry, 9L), (other, 2L) })
        {
            await journal.AddAnchorAsync(Anchor(registry, size), default);
        }

        Assert.Equal(9, (await journal.LastAnchorAsync(s_registry, default))!.TreeSize);
        Assert.Equal(2, (await journal.LastAnchorAsync(other, default))!.TreeSize);
        Assert.Null(await journal.LastAnchorAsync(EthPrivateKey.Generate().Address, default));
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Scan_FindsVerifiedContributions_AndScrollCoinGrants_InLedgerOrder_LessWhatWasPublished(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var journal = new ChainJournal(stores.Writer, fixture.DbFactory);
        var key = EthPrivateKey.Generate();
        var tutorial = await stores.Contributions.RecordAsync(fixture.Contribution(key, 1), default); // verified, 60 ScrollCoin at once, a badge
        var voting = await stores.Contributions.RecordAsync(fixture.Contribution(key, 2, "GOVERNANCE_PARTICIPATION", "voting"), default);
        var review = await stores.Contributions.RecordAsync(fixture.Contribution(key, 3, "CONTENT_CREATION", "artwork"), default); // under review
        var size = stores.Ledger.Snapshot!.Checkpoint.Size;
        var (tutorialId, votingId) = (tutorial.Contribution.RecordId, voting.Contribution.RecordId);

        var candidates = await journal.ScanAsync(s_registry, 0, size, default);

        Assert.Equal(["record:" + tutorialId, "grant:realtime:" + tutorialId, "record:" + votingId], candidates.Select(c => c.Key));
        Assert.Equal(tutorial.LedgerIndex, candidates[0].Index);
        Assert.Equal(voting.LedgerIndex, candidates[2].Index);
        var grant = Assert.IsType<GrantCandidate>(candidates[1]);
        Assert.Equal((tutorialId, 60_000_000L, key.Address), (grant.RecordId, grant.ScrollMicros, grant.Recipient));
        Assert.DoesNotContain(candidates, c => c.Key.Contains(review.Contribution.RecordId, StringComparison.Ordinal));

        await journal.AdvanceAsync(s_registry, candidates[0].Index, Publication("record:" + tutorialId, key.Address, 0, 0), default);
        await journal.AdvanceAsync(s_registry, candidates[1].Index, Publication("grant:realtime:" + tutorialId, key.Address, 0, 60_000_000), default);
        await journal.AdvanceAsync(s_registry, candidates[2].Index, Publication("record:" + votingId, key.Address, 1, 0), default);

        Assert.Empty(await journal.ScanAsync(s_registry, 0, size, default));
        Assert.Equal(3, (await journal.ScanAsync(EthPrivateKey.Generate().Address, 0, size, default)).Count);
        Assert.Equal(candidates[2].Index, await journal.CursorAsync(s_registry, default));
        Assert.Equal(0, await journal.RecordIndexAsync(s_registry, tutorialId, default));
        Assert.Equal(1, await journal.LatestRecordIndexAsync(s_registry, key.Address, default));
        Assert.Null(await journal.LatestRecordIndexAsync(s_registry, EthPrivateKey.Generate().Address, default));
        Assert.Equal(60_000_000, await journal.PublishedRewardsAsync(s_registry, key.Address, default));
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Cursor_OnlyMovesForward(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var journal = new ChainJournal(stores.Writer, fixture.DbFactory);

        await journal.AdvanceAsync(s_registry, 7, null, default);
        await journal.AdvanceAsync(s_registry, 3, null, default);

        Assert.Equal(7, await journal.CursorAsync(s_registry, default));
        Assert.Equal(0, await journal.CursorAsync(EthPrivateKey.Generate().Address, default));
    }

    private static ChainAnchorRow Anchor(EthAddress registry, long size) => new()
    {
        Registry = registry.ToLowerHex(), TreeSize = size, RootHash = new byte[32], TxHash = "0x01", BlockNumber = size, AnchoredAt = size,
    };

    private static ChainPublicationRow Publication(string key, EthAddress lightworker, long index, long micros) => new()
    {
        Registry = s_registry.ToLowerHex(), Key = key, Lightworker = lightworker.ToLowerHex(), ChainIndex = index, AmountMicros = micros, PublishedAt = 1,
    };
}
