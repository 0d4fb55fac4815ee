using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;

namespace ServiceTracking.Storage.Tests;

/// <summary>The outbox (API.md "Live events"): events commit with their change, or not at all, with contiguous ids.</summary>
public sealed class EventOutboxTests
{
    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task ARolledBackBatch_LeavesNoEvent_AndTheNextIdsFollowTheCommittedOnes(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using (var stores = await fixture.OpenAsync())
        {
            var failed = stores.Writer.ExecuteAsync<bool>(ctx =>
            {
                ctx.Emit(EventType.ContributionRecorded, null, new Dictionary<string, object?> { ["recordId"] = "0x01" });
                throw new InvalidOperationException("the change fails after its event was appended");
            });
            await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
            Assert.Equal(0, stores.Events.LastId);
            Assert.Empty(await stores.Events.ReadAsync(0, 10, default));

            var key = EthPrivateKey.Generate();
            var recorded = await stores.Contributions.RecordAsync(fixture.Contribution(key, 1), default);
            var events = await stores.Events.ReadAsync(0, 100, default);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
            var first = events[0];
            Assert.Equal(EventType.ContributionRecorded, first.Type);
            Assert.Equal(key.Address, first.Subject);
            Assert.Contains(recorded.Contribution.RecordId, first.DataJson, StringComparison.Ordinal);
            Assert.DoesNotContain(key.Address.ToLowerHex(), first.DataJson, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(events, e => e.Type == EventType.ContributionVerified);
        }

        // A new process reads the same events from the table (nothing of them in memory) and goes on counting from there.
        await using (var stores = await fixture.OpenAsync())
        {
            var stored = await stores.Events.ReadAsync(0, 100, default);
            var last = stored[^1].Id;
            Assert.Equal(last, stores.Events.LastId);
            await stores.Contributions.RecordAsync(fixture.Contribution(EthPrivateKey.Generate(), 1), default);
            var next = await stores.Events.ReadAsync(last, 100, default);
            Assert.Equal(last + 1, next[0].Id);
        }
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task Pruning_DeletesOldEvents_ButKeepsTheNewest_SoIdsNeverRestart(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        await stores.Contributions.RecordAsync(fixture.Contribution(EthPrivateKey.Generate(), 1), default);
        var last = stores.Events.LastId;
        Assert.True(last > 1);

        var deleted = await stores.Writer.ExecuteAsync(ctx => ctx.PruneEvents(fixture.Clock.GetUtcNow().AddSeconds(1).ToUnixTimeSeconds()));

        Assert.Equal(last - 1, deleted);
        Assert.Equal(last, await stores.Events.OldestKeptAsync(default));
        await using var reopened = await fixture.OpenAsync();
        Assert.Equal(last, reopened.Events.LastId);
    }
}
