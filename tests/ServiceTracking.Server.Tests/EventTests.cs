using System.Net;

namespace ServiceTracking.Server.Tests;

/// <summary>The live-event stream (API.md "Live events") through the real pipeline: what each action announces, to whom, and resumption.</summary>
public sealed class EventTests : IAsyncLifetime
{
    private Community _community = null!;

    // A tutorial scores 60: with the threshold at 60 every tutorial is high-impact.
    public async Task InitializeAsync() => _community = await Community.StartAsync(settings: new Dictionary<string, string?> { ["Monitor:HighImpactThreshold"] = "60" });

    public async Task DisposeAsync() => await _community.DisposeAsync();

    [Fact]
    public async Task Recording_AnnouncesEachConsequence_InCommitOrder_UnderThePseudonym()
    {
        await using var stream = await EventSubscriber.OpenAsync(_community.Host.CreateClient());
        var member = await _community.MemberAsync();
        await using var own = await EventSubscriber.OpenAsync(member.Http);
        _community.Host.Clock.Advance(TimeSpan.FromSeconds(2)); // a checkpoint is stored at most once a second

        var recordId = (await member.RecordAsync())["recordId"]!.GetValue<string>();

        var seen = await stream.UntilAsync("checkpoint.published");
        var types = seen.Select(e => e.Event).ToList();
        Assert.Equal(["contribution.recorded", "contribution.verified"], types.Where(t => t is "contribution.recorded" or "contribution.verified"));
        Assert.Contains("contribution.high_impact", types);
        Assert.Contains("badge.granted", types);
        var ids = seen.Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var publicName = (await Wallet.JsonAsync(await _community.Host.CreateClient().GetAsync($"/api/v1/service-tracking/stats/{member.Address}")))["displayName"]!.GetValue<string>();
        foreach (var e in seen.Where(e => e.Event!.StartsWith("contribution.", StringComparison.Ordinal)))
        {
            var envelope = e.Envelope;
            Assert.Equal(e.Id, envelope["id"]!.GetValue<string>());
            Assert.Equal(e.Event, envelope["type"]!.GetValue<string>());
            Assert.True(envelope["timestamp"]!.GetValue<long>() > 0);
            Assert.Equal(recordId, e.Body["recordId"]!.GetValue<string>());
            Assert.Null(e.Body["contributor"]); // private by default: no address on the public stream
            Assert.Equal(publicName, e.Body["displayName"]!.GetValue<string>());
            Assert.Equal(60.00m, e.Body["impactScore"]!.GetValue<decimal>());
            Assert.DoesNotContain(member.Address.ToLowerHex()[2..], e.Data, StringComparison.OrdinalIgnoreCase);
        }
        var checkpoint = seen[^1].Body;
        Assert.True(checkpoint["treeSize"]!.GetValue<long>() > 0);
        Assert.Contains("scrollverse", checkpoint["checkpoint"]!.GetValue<string>(), StringComparison.Ordinal);

        // The contributor's own stream shows them their address, as the API does.
        var mine = (await own.UntilAsync("contribution.recorded"))[^1];
        Assert.Equal(member.Address.ToChecksumString(), mine.Body["contributor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Review_Rejection_AndRecognition_AreAnnounced_AndARefusalAnnouncesNothing()
    {
        await using var stream = await EventSubscriber.OpenAsync(_community.Host.CreateClient(), "?types=contribution.recorded,contribution.verified,contribution.rejected,contribution.recognized");
        var member = await _community.MemberAsync();
        var approved = (await member.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>();
        var rejected = (await member.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>();
        Assert.Equal("under_review", (await stream.NextAsync()).Body["status"]!.GetValue<string>());
        Assert.Equal(rejected, (await stream.NextAsync()).Body["recordId"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await _community.Verifier.ApproveAsync(approved, "Seen it")).StatusCode);
        // High-impact here (Monitor:HighImpactThreshold is 60): a second, independent approval verifies it.
        Assert.Equal(HttpStatusCode.OK, (await _community.Elder.ApproveAsync(approved, "Seen it too")).StatusCode);
        var verified = await stream.NextAsync();
        Assert.Equal(("contribution.verified", approved), (verified.Event, verified.Body["recordId"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, (await _community.Elder.RejectAsync(rejected, "No evidence")).StatusCode);
        var rejection = await stream.NextAsync();
        Assert.Equal(("contribution.rejected", "rejected"), (rejection.Event, rejection.Body["status"]!.GetValue<string>()));

        // Refused: blessing a rejected claim, and an endorsement of one's own work. Neither is announced.
        Assert.Equal(HttpStatusCode.Conflict, (await _community.Elder.BlessAsync(rejected)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.EndorseAsync(approved)).StatusCode);

        var endorser = await _community.MemberAsync();
        Assert.Equal(HttpStatusCode.OK, (await endorser.EndorseAsync(approved)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _community.Elder.BlessAsync(approved)).StatusCode);
        var endorsement = await stream.NextAsync();
        var blessing = await stream.NextAsync();
        Assert.Equal(("contribution.recognized", "endorsement"), (endorsement.Event, endorsement.Body["recognition"]!.GetValue<string>()));
        Assert.Equal(("contribution.recognized", "blessing"), (blessing.Event, blessing.Body["recognition"]!.GetValue<string>()));
        Assert.True(blessing.Body["impactScore"]!.GetValue<decimal>() > endorsement.Body["impactScore"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task LastEventId_ResumesWithExactlyTheMissedEvents_FromTheHeaderOrTheQuery()
    {
        var member = await _community.MemberAsync();
        string lastSeen;
        await using (var stream = await EventSubscriber.OpenAsync(_community.Host.CreateClient(), "?types=contribution.recorded"))
        {
            await member.RecordAsync();
            lastSeen = (await stream.NextAsync()).Id!;
        }
        var missed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add((await member.RecordAsync())["recordId"]!.GetValue<string>());
        }

        await using var byHeader = await EventSubscriber.OpenAsync(_community.Host.CreateClient(), "?types=contribution.recorded", lastEventId: lastSeen);
        await using var byQuery = await EventSubscriber.OpenAsync(_community.Host.CreateClient(), $"?types=contribution.recorded&lastEventId={lastSeen}");
        foreach (var resumed in new[] { byHeader, byQuery })
        {
            var got = new List<string>();
            for (var i = 0; i < missed.Count; i++)
            {
                got.Add((await resumed.NextAsync()).Body["recordId"]!.GetValue<string>());
            }
            Assert.Equal(missed, got);
        }

        // An id that never existed: a stream.reset event, then the stream goes on from now.
        await using var future = await EventSubscriber.OpenAsync(_community.Host.CreateClient(), "?types=contribution.recorded", lastEventId: "999999999");
        var reset = await future.NextAsync();
        Assert.Equal("stream.reset", reset.Event);
        Assert.Equal(410, reset.Envelope["status"]!.GetValue<int>());
        var after = (await member.RecordAsync())["recordId"]!.GetValue<string>();
        Assert.Equal(after, (await future.NextAsync()).Body["recordId"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheTypesFilter_IsChecked_AndModeratorTypesNeedAModeratorRole()
    {
        var anonymous = _community.Host.CreateClient();
        await SignInTests.AssertProblem(await anonymous.GetAsync("/api/v1/events?types=contribution.recorded,nonsense"), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await anonymous.GetAsync("/api/v1/events?lastEventId=-1"), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await anonymous.GetAsync("/api/v1/events?types=activity.suspicious"), HttpStatusCode.Forbidden);
        var member = await _community.MemberAsync();
        await SignInTests.AssertProblem(await member.Http.GetAsync("/api/v1/events?types=activity.suspicious"), HttpStatusCode.Forbidden);

        await using var moderator = await EventSubscriber.OpenAsync(_community.Verifier.Http, "?types=activity.suspicious");
        Assert.Equal(HttpStatusCode.OK, moderator.Response.StatusCode);
        Assert.Equal("text/event-stream", moderator.Response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task AnIdleStream_GetsAHeartbeat_EveryFifteenSeconds()
    {
        await using var stream = await EventSubscriber.OpenAsync(_community.Host.CreateClient());
        ServerEvent? heartbeat = null;
        // The clock is the test's: move it on until the stream's timer (armed once the stream is idle) has fired.
        for (var attempt = 0; attempt < 40 && heartbeat is null; attempt++)
        {
            _community.Host.Clock.Advance(TimeSpan.FromSeconds(15));
            heartbeat = await stream.TryNextAsync(TimeSpan.FromMilliseconds(250), includeComments: true);
        }
        Assert.Equal("heartbeat", heartbeat?.Comment);
    }
}
