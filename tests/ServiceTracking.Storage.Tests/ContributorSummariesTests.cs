using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage.Tests;

/// <summary>
/// Stats read right after each kind of write, with the contributor's summary kept by an earlier read: they must equal
/// a read straight from the database (a summary cache of capacity 0) and show the write.
/// </summary>
public sealed class ContributorSummariesTests
{
    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task AnAutoVerifiedRecord_IsInTheNextStats(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        await stores.Contributions.RecordAsync(fixture.Contribution(key, 1, "GOVERNANCE_PARTICIPATION", "voting"), default);
        var before = await KeptStatsAsync(stores, key.Address);

        var recorded = await stores.Contributions.RecordAsync(fixture.Contribution(key, 2), default); // 60 points: a real-time grant

        var after = await AssertAsFromTheRowsAsync(fixture, stores, key.Address);
        Assert.Equal((1, 2), (before.VerifiedContributions, after.VerifiedContributions));
        Assert.Contains(after.Latest, c => c.RecordId == recorded.Contribution.RecordId);
        Assert.Equal(1, after.CategoryCounts["contentCreation"]);
        Assert.Equal(0m, before.Rewards.ScrollCoin);
        Assert.True(after.Rewards.ScrollCoin > 0m);
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task AClaimUnderReview_ThenApproved_CountsInTheNextStats(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        var claim = await stores.Contributions.RecordAsync(fixture.Contribution(key, 1, "HEALING_SESSION", "group_healing"), default);
        var pending = await KeptStatsAsync(stores, key.Address);

        await fixture.TrustedAsync(stores, key); // one approval passes it
        await stores.Recognitions.ApproveAsync(claim.Contribution.RecordId, "seen it", QualityTier.High);

        var approved = await AssertAsFromTheRowsAsync(fixture, stores, key.Address);
        Assert.Equal((0, 1), (pending.VerifiedContributions, approved.VerifiedContributions));
        Assert.Equal((ContributionStatus.UnderReview, ContributionStatus.Verified), (pending.Latest[0].Status, approved.Latest[0].Status));
        Assert.Equal(QualityTier.High, approved.Latest[0].Breakdown.Quality);
        Assert.Contains(approved.Rewards.Badges, b => b.Kind == Badges.FirstContribution);
        Assert.Empty(pending.Rewards.Badges);
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task AClaimUnderReview_ThenRejected_LeavesTheStreak(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        var claim = await stores.Contributions.RecordAsync(fixture.Contribution(key, 1, "HEALING_SESSION", "group_healing"), default);
        var pending = await KeptStatsAsync(stores, key.Address);

        await stores.Recognitions.RejectAsync(claim.Contribution.RecordId, "not service");

        var rejected = await AssertAsFromTheRowsAsync(fixture, stores, key.Address);
        Assert.Equal((1, 0), (pending.CurrentStreak, rejected.CurrentStreak)); // its day was the only one
        Assert.Equal(ContributionStatus.Rejected, rejected.Latest[0].Status);
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Recognition_RescoresTheLatestInTheNextStats(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        var recorded = await stores.Contributions.RecordAsync(fixture.Contribution(key, 1), default);
        var before = await KeptStatsAsync(stores, key.Address);

        await stores.Recognitions.EndorseAsync(recorded.Contribution.RecordId, (await fixture.TrustedAsync(stores)).Address, 1, "0x" + new string('1', 130), default);
        var endorsed = await AssertAsFromTheRowsAsync(fixture, stores, key.Address);
        await stores.Recognitions.BlessAsync(recorded.Contribution.RecordId);
        var blessed = await AssertAsFromTheRowsAsync(fixture, stores, key.Address);

        Assert.Equal([60m, 63m, 123m], [before.Latest[0].Impact, endorsed.Latest[0].Impact, blessed.Latest[0].Impact]);
        Assert.Equal([60m, 63m, 123m], [before.TotalImpact, endorsed.TotalImpact, blessed.TotalImpact]);
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task RecognitionOfAClaimUnderReview_RescoresItInTheNextStats(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        var claim = await stores.Contributions.RecordAsync(fixture.Contribution(key, 1, "HEALING_SESSION", "group_healing"), default);
        var before = await KeptStatsAsync(stores, key.Address);

        // Nothing counts yet, so no score moves: only the tracked row changes.
        await stores.Recognitions.AssessAsync(claim.Contribution.RecordId, QualityTier.Exceptional, "moving");

        var assessed = await AssertAsFromTheRowsAsync(fixture, stores, key.Address);
        Assert.Equal((QualityTier.Standard, QualityTier.Exceptional), (before.Latest[0].Breakdown.Quality, assessed.Latest[0].Breakdown.Quality));
        Assert.True(assessed.Latest[0].Impact > before.Latest[0].Impact);
        Assert.Equal(0m, assessed.TotalImpact);
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task ScheduledGrants_ChangeTheBalanceAndBadgesInTheNextStats(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        fixture.Clock.SetUtcNow(new DateTimeOffset(2030, 4, 1, 12, 0, 0, TimeSpan.Zero));
        var key = EthPrivateKey.Generate();
        await stores.Contributions.RecordAsync(fixture.Contribution(key, 1, "GOVERNANCE_PARTICIPATION", "voting"), default);
        fixture.Clock.SetUtcNow(new DateTimeOffset(2030, 5, 1, 1, 0, 0, TimeSpan.Zero));
        var before = await KeptStatsAsync(stores, key.Address);
        Assert.True(RewardSchedules.TryGetPeriod(RewardSchedule.Daily, "2030-04-01", out var day));
        Assert.True(RewardSchedules.TryGetPeriod(RewardSchedule.Monthly, "2030-04", out var month));

        await stores.Rewards.RunAsync(day, default);
        var paid = await AssertAsFromTheRowsAsync(fixture, stores, key.Address);
        await KeptStatsAsync(stores, key.Address);
        await stores.Rewards.RunAsync(month, default);
        var badged = await AssertAsFromTheRowsAsync(fixture, stores, key.Address);

        Assert.Equal(0m, before.Rewards.ScrollCoin);
        Assert.True(paid.Rewards.ScrollCoin > 0m);
        Assert.DoesNotContain(paid.Rewards.Badges, b => b.Kind == Badges.MonthlyTop10);
        Assert.Contains(badged.Rewards.Badges, b => b.Kind == Badges.MonthlyTop10);
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task AFailedBatch_LeavesTheKeptSummaryAsTheRowsAre(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        var first = await stores.Contributions.RecordAsync(fixture.Contribution(key, 1), default);
        await KeptStatsAsync(stores, key.Address);
        var stored = await stores.Writer.ExecuteAsync(ctx => ctx.StoredContribution(first.Contribution.RecordId));

        // A command that writes, then fails: the whole batch rolls back.
        await Assert.ThrowsAsync<InvalidOperationException>(() => stores.Writer.ExecuteAsync<bool>(ctx =>
        {
            ctx.AddAcceptedDay(key.Address, DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(-1));
            ctx.InsertContribution(Copy(stored, "0x" + new string('a', 64), nonce: 2));
            throw new InvalidOperationException("failed after writing");
        }));

        var after = await AssertAsFromTheRowsAsync(fixture, stores, key.Address);
        Assert.Equal((1, 1, 1), (after.VerifiedContributions, after.Latest.Count, after.CurrentStreak));
        await stores.Contributions.RecordAsync(fixture.Contribution(key, 2), default);
        Assert.Equal(2, (await AssertAsFromTheRowsAsync(fixture, stores, key.Address)).VerifiedContributions);
    }

    /// <summary>Reads the contributor's stats and checks their summary is kept now (so the next write must drop it).</summary>
    internal static async Task<ContributorStats> KeptStatsAsync(Stores stores, EthAddress address)
    {
        var stats = await stores.Standings.StatsAsync(address, default);
        Assert.True(stores.Summaries.Contains(address));
        return stats;
    }

    /// <summary>Reads the stats (kept summary or not) and checks their summary equals one read from the rows now.</summary>
    internal static async Task<ContributorStats> AssertAsFromTheRowsAsync(StoreFixture fixture, Stores stores, EthAddress address)
    {
        var stats = await stores.Standings.StatsAsync(address, default);
        var kept = await stores.Summaries.GetAsync(address, default);
        using var uncached = new ContributorSummaries(fixture.DbFactory, fixture.Options with { SummaryCapacity = 0 });
        var fromRows = await uncached.GetAsync(address, default);
        Assert.Equal(Describe(fromRows), Describe(kept));
        Assert.Equal(fromRows.CategoryCounts.Values.Sum(), stats.VerifiedContributions);
        return stats;
    }

    internal static string Describe(ContributorSummary summary) => JsonSerializer.Serialize(new
    {
        Categories = summary.CategoryCounts.OrderBy(c => c.Key, StringComparer.Ordinal).ToList(),
        Days = summary.AcceptedDays.Order().ToList(),
        summary.Latest,
        summary.Rewards,
    });

    private static ContributionRow Copy(ContributionRow row, string recordId, long nonce) => new()
    {
        RecordId = recordId, Contributor = row.Contributor, Nonce = nonce, Type = row.Type, Subtype = row.Subtype, Category = row.Category,
        SealedDetails = row.SealedDetails, DetailsHash = row.DetailsHash, ContentHash = row.ContentHash, PerformedAt = row.PerformedAt,
        PerformedDay = row.PerformedDay, RecordedAt = row.RecordedAt + 1, Signature = row.Signature, Status = row.Status,
        BreakdownJson = row.BreakdownJson, ImpactCents = row.ImpactCents,
    };
}
