using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;
using ServiceTracking.Core.Monitor;
using ServiceTracking.Storage.Events;

namespace ServiceTracking.Storage.Tests;

/// <summary>The monitor's storage on every provider: signals commit with their action, scores survive a restart, leaderboard changes are found.</summary>
public sealed class MonitorStoreTests
{
    private static readonly MonitorOptions s_monitor = new()
    {
        Signals = new Dictionary<string, SignalOverride> { ["shared_content_hash"] = new() { Weight = 60 } },
    };

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task ASharedContentHash_IsASignalAgainstTheLaterAddress_AndItsScoreSurvivesARestart(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        var (first, copier) = (EthPrivateKey.Generate(), EthPrivateKey.Generate());
        var content = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        string original;
        await using (var stores = await fixture.OpenAsync(s_monitor))
        {
            original = (await stores.Contributions.RecordAsync(fixture.Contribution(first, 1) with { ContentHash = content }, default)).Contribution.RecordId;
            await stores.Contributions.RecordAsync(fixture.Contribution(copier, 1) with { ContentHash = content }, default);
            var rolledBack = stores.Writer.ExecuteAsync<bool>(ctx =>
            {
                ctx.AddSignal(copier.Address, SignalKind.ClaimRejected, ctx.Now.ToUnixTimeSeconds(), new Dictionary<string, object?>());
                throw new InvalidOperationException("the action fails after its signal");
            });
            await Assert.ThrowsAsync<InvalidOperationException>(() => rolledBack);
        }

        await using (var db = await fixture.DbFactory.CreateDbContextAsync())
        {
            var signal = Assert.Single(await db.SuspicionSignals.ToListAsync());
            Assert.Equal((copier.Address.ToLowerHex(), "shared_content_hash", 6000L), (signal.Subject, signal.Kind, signal.WeightCents));
            Assert.Equal(original, JsonDocument.Parse(signal.EvidenceJson).RootElement.GetProperty("firstRecordId").GetString());
            Assert.DoesNotContain(first.Address.ToLowerHex()[2..], signal.EvidenceJson, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(2, (await db.Fingerprints.SingleAsync()).Records);
        }

        // A new process: the writer reads the copier's earlier signal from the table, so the second one crosses 100.
        await using (var stores = await fixture.OpenAsync(s_monitor))
        {
            var before = stores.Events.LastId;
            await stores.Contributions.RecordAsync(fixture.Contribution(copier, 2) with { ContentHash = content }, default);
            var alert = Assert.Single(await stores.Events.ReadAsync(before, 100, default), e => e.Type == EventType.ActivitySuspicious);
            Assert.Equal(copier.Address, alert.Subject);
            using var data = JsonDocument.Parse(alert.DataJson);
            Assert.Equal(120.00m, data.RootElement.GetProperty("score").GetDecimal());
            Assert.Equal(2, data.RootElement.GetProperty("signals").GetArrayLength());
        }
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task TheLeaderboardWatch_AnnouncesAPeriodOnlyWhenItsTopChanges(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var watch = new LeaderboardWatch(stores.Writer, stores.Leaderboards);
        await watch.StartAsync(default);
        for (var i = 0; i < LeaderboardWatch.TopRanks; i++)
        {
            await stores.Contributions.RecordAsync(fixture.Contribution(EthPrivateKey.Generate(), 1), default);
        }

        Assert.Equal(4, await watch.AnnounceAsync(default)); // all-time, daily, weekly, monthly
        Assert.Equal(0, await watch.AnnounceAsync(default)); // nothing moved
        await stores.Contributions.RecordAsync(fixture.Contribution(EthPrivateKey.Generate(), 1, "TECHNICAL_CONTRIBUTION", "code_review"), default);
        Assert.Equal(0, await watch.AnnounceAsync(default)); // ranked 11th: the top is the same

        var events = (await stores.Events.ReadAsync(0, 1000, default)).Where(e => e.Type == EventType.LeaderboardChanged).ToList();
        Assert.Equal(4, events.Count);
        using var daily = JsonDocument.Parse(events[1].DataJson);
        Assert.Equal("daily", daily.RootElement.GetProperty("periodType").GetString());
        Assert.Equal(LeaderboardWatch.TopRanks, daily.RootElement.GetProperty("top").GetArrayLength());
    }
}
