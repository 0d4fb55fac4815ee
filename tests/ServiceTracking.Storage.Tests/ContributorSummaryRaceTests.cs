using ServiceTracking.Core.Ethereum;
using static ServiceTracking.Storage.Tests.ContributorSummariesTests;

namespace ServiceTracking.Storage.Tests;

/// <summary>Summaries read while writes commit, and summaries bounded by their capacity.</summary>
public sealed class ContributorSummaryRaceTests
{
    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task AReadOfRowsACommitThenChanges_IsAnsweredButNeverKept(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var key = EthPrivateKey.Generate();
        await stores.Contributions.RecordAsync(fixture.Contribution(key, 1), default);
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stores.Summaries.AfterRead = _ =>
        {
            stores.Summaries.AfterRead = null;
            read.SetResult();
            return release.Task;
        };

        // A reader reads the rows of one contribution and is held before it may keep the summary; meanwhile a
        // second contribution commits, and its batch drops the (not yet kept) summary.
        var reading = stores.Standings.StatsAsync(key.Address, default);
        await read.Task;
        await stores.Contributions.RecordAsync(fixture.Contribution(key, 2), default);
        release.SetResult();
        var concurrent = await reading;

        Assert.Equal(1, concurrent.VerifiedContributions); // what it read, before the commit
        Assert.False(stores.Summaries.Contains(key.Address)); // and not kept: the write's version bump came between
        Assert.Equal(2, (await AssertAsFromTheRowsAsync(fixture, stores, key.Address)).VerifiedContributions);
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task ReadsInterleavedWithWrites_AlwaysSeeEveryAcknowledgedWrite(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync();
        var keys = Enumerable.Range(0, 4).Select(_ => EthPrivateKey.Generate()).ToArray();
        foreach (var key in keys)
        {
            await fixture.TrustedAsync(stores, key); // vouched: the newcomer's daily limit would hold most of their claims for review
        }
        var acknowledged = new int[keys.Length];
        const int PerContributor = 25;
        var writing = 0;
        var reads = 0;

        // Each read takes the count acknowledged before it started as a floor: it must see at least that many.
        async Task ReadAsync(int who)
        {
            var floor = Volatile.Read(ref acknowledged[who]);
            var stats = await stores.Standings.StatsAsync(keys[who].Address, default);
            Assert.True(stats.VerifiedContributions >= floor, $"{stats.VerifiedContributions} seen after {floor} acknowledged");
            Assert.Equal(Math.Min(stats.VerifiedContributions, ContributorSummaries.LatestCount), stats.Latest.Count); // one snapshot
            Interlocked.Increment(ref reads);
        }

        async Task WriteAsync(int who)
        {
            try
            {
                for (var n = 1; n <= PerContributor; n++)
                {
                    await stores.Contributions.RecordAsync(fixture.Contribution(keys[who], (ulong)n, "GOVERNANCE_PARTICIPATION", "voting"), default);
                    Volatile.Write(ref acknowledged[who], n);
                    await ReadAsync(who);
                }
            }
            finally
            {
                Interlocked.Decrement(ref writing);
            }
        }

        async Task ReadWhileWritingAsync(int reader)
        {
            for (var i = reader; Volatile.Read(ref writing) > 0; i++)
            {
                await ReadAsync(i % keys.Length);
            }
        }

        writing = keys.Length;
        await Task.WhenAll(
            Enumerable.Range(0, keys.Length).Select(w => Task.Run(() => WriteAsync(w)))
                .Concat(Enumerable.Range(0, 4).Select(r => Task.Run(() => ReadWhileWritingAsync(r)))));

        Assert.True(reads > keys.Length * PerContributor);
        foreach (var key in keys)
        {
            Assert.Equal(PerContributor, (await AssertAsFromTheRowsAsync(fixture, stores, key.Address)).VerifiedContributions);
        }
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task AtASmallCapacity_TheLeastRecentlyReadIsDropped_AndReadAgainRight(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync(summaryCapacity: 2);
        var keys = Enumerable.Range(0, 3).Select(_ => EthPrivateKey.Generate()).ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            for (var n = 0; n <= i; n++)
            {
                await stores.Contributions.RecordAsync(fixture.Contribution(keys[i], (ulong)(n + 1), "GOVERNANCE_PARTICIPATION", "voting"), default);
            }
        }

        await KeptStatsAsync(stores, keys[0].Address);
        await KeptStatsAsync(stores, keys[1].Address);
        await KeptStatsAsync(stores, keys[0].Address); // keys[1] is now the least recently read
        await KeptStatsAsync(stores, keys[2].Address);

        Assert.Equal(2, stores.Summaries.Count);
        Assert.False(stores.Summaries.Contains(keys[1].Address));
        Assert.True(stores.Summaries.Contains(keys[0].Address));
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(i + 1, (await AssertAsFromTheRowsAsync(fixture, stores, keys[i].Address)).VerifiedContributions);
            Assert.True(stores.Summaries.Count <= 2);
        }
    }

    [Theory]
    [MemberData(nameof(StoreFixture.Providers), MemberType = typeof(StoreFixture))]
    public async Task AtCapacityZero_NothingIsKept_AndStatsAreRight(string provider)
    {
        await using var fixture = await StoreFixture.CreateAsync(provider);
        await using var stores = await fixture.OpenAsync(summaryCapacity: 0);
        var key = EthPrivateKey.Generate();
        await stores.Contributions.RecordAsync(fixture.Contribution(key, 1), default);

        var stats = await stores.Standings.StatsAsync(key.Address, default);

        Assert.Equal(1, stats.VerifiedContributions);
        Assert.Equal(0, stores.Summaries.Count);
    }
}
