using System.Text.Json.Nodes;

namespace ServiceTracking.Server.Tests;

/// <summary><c>leaderboard.changed</c> through the real pipeline: coalesced to one per period per tick of the clock, and the same as GET /leaderboard.</summary>
public sealed class LeaderboardEventTests : IAsyncLifetime
{
    private static readonly string[] s_periods = ["all", "daily", "weekly", "monthly"];

    private Community _community = null!;

    public async Task InitializeAsync() => _community = await Community.StartAsync();

    public async Task DisposeAsync() => await _community.DisposeAsync();

    /// <summary>Moves the test's clock a second at a time until the announcer's tick has produced an event.</summary>
    private async Task<ServerEvent> NextTickAsync(EventSubscriber stream)
    {
        for (var attempt = 0; attempt < 80; attempt++)
        {
            _community.Host.Clock.Advance(TimeSpan.FromSeconds(1));
            if (await stream.TryNextAsync(TimeSpan.FromMilliseconds(250)) is { } next)
            {
                return next;
            }
        }
        return await stream.NextAsync();
    }

    private async Task<List<ServerEvent>> AnnouncedAsync(EventSubscriber stream)
    {
        var events = new List<ServerEvent> { await NextTickAsync(stream) };
        for (var i = 1; i < s_periods.Length; i++)
        {
            events.Add(await stream.NextAsync());
        }
        Assert.Equal(s_periods, events.Select(e => e.Body["periodType"]!.GetValue<string>()));
        return events;
    }

    [Fact]
    public async Task ARecordEnteringTheTop_IsAnnouncedOncePerPeriod_AsGetLeaderboardShowsIt()
    {
        await using var stream = await EventSubscriber.OpenAsync(_community.Host.CreateClient(), "?types=leaderboard.changed");
        var member = await _community.MemberAsync();
        await member.RecordAsync();

        foreach (var e in await AnnouncedAsync(stream))
        {
            var board = await Wallet.JsonAsync(await _community.Host.CreateClient().GetAsync(
                $"/api/v1/service-tracking/leaderboard?period={e.Body["periodType"]}&limit=10"));
            Assert.Equal(board["period"]!.GetValue<string>(), e.Body["period"]!.GetValue<string>());
            var top = e.Body["top"]!.AsArray();
            Assert.Single(top);
            Assert.True(JsonNode.DeepEquals(board["leaderboard"], top), $"{board["leaderboard"]} ≠ {top}");
            Assert.Null(top[0]!["address"]); // private: the pseudonym only, as on the leaderboard
            Assert.DoesNotContain(member.Address.ToLowerHex()[2..], e.Data, StringComparison.OrdinalIgnoreCase);
        }

        // Signed in as themselves, the member sees their own address, as GET /leaderboard would show them.
        await using var own = await EventSubscriber.OpenAsync(member.Http, "?types=leaderboard.changed");
        await member.RecordAsync();
        var mine = await NextTickAsync(own);
        Assert.Equal(member.Address.ToChecksumString(), mine.Body["top"]![0]!["address"]!.GetValue<string>());
        Assert.Equal(120.00m, mine.Body["top"]![0]!["impactScore"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task TenRecordsInOneSecond_AreOneEventPerPeriod()
    {
        await using var stream = await EventSubscriber.OpenAsync(_community.Host.CreateClient(), "?types=leaderboard.changed");
        var members = new List<Wallet>();
        for (var i = 0; i < 10; i++)
        {
            members.Add(await _community.MemberAsync());
            await members[^1].RecordAsync();
        }

        var announced = await AnnouncedAsync(stream);
        Assert.All(announced, e => Assert.Equal(10, e.Body["top"]!.AsArray().Count(t => t!["rank"]!.GetValue<int>() == 1)));

        // The next event is the next change, so nothing else was announced for the ten.
        await members[0].RecordAsync();
        var next = await NextTickAsync(stream);
        Assert.Equal("all", next.Body["periodType"]!.GetValue<string>());
        Assert.Equal((1, 120.00m), (next.Body["top"]![0]!["rank"]!.GetValue<int>(), next.Body["top"]![0]!["impactScore"]!.GetValue<decimal>()));
        Assert.Equal(2, next.Body["top"]![1]!["rank"]!.GetValue<int>());
    }
}
