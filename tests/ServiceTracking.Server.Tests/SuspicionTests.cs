using System.Net;
using System.Text.Json.Nodes;

namespace ServiceTracking.Server.Tests;

/// <summary>Suspicious activity (README "Suspicious activity") through the real pipeline: each signal from the action that raises it, the crossing, and the moderators' read.</summary>
public sealed class SuspicionTests
{
    private static Task<Community> StartAsync(params (string Key, string Value)[] settings) =>
        Community.StartAsync(settings: settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    private static string[] Kinds(ServerEvent e) => [.. e.Body["signals"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>())];

    private static JsonObject Evidence(ServerEvent e, string kind) =>
        e.Body["signals"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == kind)!["evidence"]!.AsObject();

    [Fact]
    public async Task RateLimitHits_AreNotedOnceAMinute_AndCrossingTheThreshold_IsAnnouncedToModerators()
    {
        await using var community = await StartAsync(("Limits:RecordsPerMinute", "2"), ("Monitor:Signals:rate_limited:Weight", "60"));
        await using var moderators = await EventSubscriber.OpenAsync(community.Verifier.Http, "?types=activity.suspicious");
        var member = await community.MemberAsync();
        await member.RecordAsync();
        await member.RecordAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, (await member.PostRecordAsync(member.RecordBody())).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await member.PostRecordAsync(member.RecordBody())).StatusCode); // same minute: no second signal
        var board = await Wallet.JsonAsync(await community.Admin.Http.GetAsync("/api/v1/admin/suspicious"));
        Assert.Equal(60.00m, board["items"]![0]!["score"]!.GetValue<decimal>());
        Assert.False(board["items"]![0]!["suspicious"]!.GetValue<bool>());

        community.Host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await member.PostRecordAsync(member.RecordBody())).StatusCode);

        var alert = await moderators.NextAsync();
        Assert.Equal("activity.suspicious", alert.Event);
        Assert.Null(alert.Body["subject"]); // a verifier sees a private contributor as the API shows them: by pseudonym
        Assert.False(string.IsNullOrEmpty(alert.Body["displayName"]!.GetValue<string>()));
        Assert.Equal(120.00m, alert.Body["score"]!.GetValue<decimal>());
        Assert.Equal(["rate_limited", "rate_limited"], Kinds(alert));
        var evidence = alert.Body["signals"]![0]!["evidence"]!;
        Assert.Equal(2, evidence["limit"]!.GetValue<int>());
        Assert.Equal(0, evidence["minute"]!.GetValue<long>() % 60);
    }

    [Fact]
    public async Task SharedDetails_AndARejectedClaim_AddUp_AndTheCrossingIsAnnouncedOnce()
    {
        await using var community = await StartAsync(("Monitor:Signals:shared_details_hash:Weight", "40"), ("Monitor:Signals:claim_rejected:Weight", "70"));
        await using var moderators = await EventSubscriber.OpenAsync(community.Elder.Http, "?types=activity.suspicious");
        var original = await community.MemberAsync();
        var copier = await community.MemberAsync();
        var first = (await original.RecordAsync())["recordId"]!.GetValue<string>();
        var copied = (await copier.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>(); // the same details, under review

        Assert.Equal(HttpStatusCode.OK, (await community.Verifier.RejectAsync(copied, "Copied")).StatusCode);
        var alert = await moderators.NextAsync();
        Assert.Equal(110.00m, alert.Body["score"]!.GetValue<decimal>());
        Assert.Equal(["shared_details_hash", "claim_rejected"], Kinds(alert));
        var shared = Evidence(alert, "shared_details_hash");
        Assert.Equal((copied, first), (shared["recordId"]!.GetValue<string>(), shared["firstRecordId"]!.GetValue<string>()));
        Assert.Equal(copied, Evidence(alert, "claim_rejected")["recordId"]!.GetValue<string>());
        Assert.DoesNotContain(original.Address.ToLowerHex()[2..], alert.Data, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(copier.Address.ToLowerHex()[2..], alert.Data, StringComparison.OrdinalIgnoreCase);

        // Above the threshold already: more signals raise the score but announce nothing; the next alert is someone else's.
        await copier.RecordAsync();
        var other = await community.MemberAsync();
        await other.RecordAsync();
        await other.RecordAsync();
        await other.RecordAsync();
        var next = await moderators.NextAsync();
        Assert.Equal(120.00m, next.Body["score"]!.GetValue<decimal>());
        Assert.NotEqual(alert.Body["displayName"]!.GetValue<string>(), next.Body["displayName"]!.GetValue<string>());

        var board = await Wallet.JsonAsync(await community.Admin.Http.GetAsync("/api/v1/admin/suspicious?limit=1"));
        Assert.Equal(2, board["total"]!.GetValue<int>());
        var top = board["items"]![0]!;
        Assert.Equal(copier.Address.ToChecksumString(), top["subject"]!.GetValue<string>()); // admins see addresses
        Assert.Equal((150.00m, true), (top["score"]!.GetValue<decimal>(), top["suspicious"]!.GetValue<bool>()));
        Assert.Equal(3, top["signals"]!.AsArray().Count);
    }

    [Fact]
    public async Task RecordBursts_AndEndorsementsInABurstOrExchanged_AreSignals()
    {
        await using var community = await StartAsync(
            ("Monitor:Signals:shared_details_hash:Weight", "0"), ("Monitor:Signals:mutual_endorsement:Weight", "100"),
            ("Monitor:Signals:endorsement_burst:Weight", "100"), ("Monitor:Signals:endorsement_burst:Limit", "2"),
            ("Monitor:Signals:record_burst:Weight", "100"), ("Monitor:Signals:record_burst:Limit", "3"));
        await using var moderators = await EventSubscriber.OpenAsync(community.Admin.Http, "?types=activity.suspicious");
        var a = await community.MemberAsync();
        var b = await community.MemberAsync();
        var ofA = (await a.RecordAsync())["recordId"]!.GetValue<string>();
        var ofB = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ofB.Add((await b.RecordAsync())["recordId"]!.GetValue<string>());
        }
        var burst = await moderators.NextAsync();
        Assert.Equal((b.Address.ToChecksumString(), "record_burst"), (burst.Body["subject"]!.GetValue<string>(), Kinds(burst).Single()));
        Assert.Equal((4, ofB[3]), (Evidence(burst, "record_burst")["records"]!.GetValue<int>(), Evidence(burst, "record_burst")["recordId"]!.GetValue<string>()));
        Assert.Equal("under_review", (await b.RecordAsync())["status"]!.GetValue<string>()); // the response: auto-verification suspended

        Assert.Equal(HttpStatusCode.OK, (await a.EndorseAsync(ofB[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.EndorseAsync(ofA)).StatusCode); // b returns a's endorsement: b's second 100 (no new crossing)
        var c = await community.MemberAsync();
        foreach (var recordId in ofB.Take(3))
        {
            Assert.Equal(HttpStatusCode.OK, (await c.EndorseAsync(recordId)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await a.EndorseAsync(ofB[1])).StatusCode); // a returns b's: mutual

        var endorsementBurst = await moderators.NextAsync();
        Assert.Equal((c.Address.ToChecksumString(), "endorsement_burst"), (endorsementBurst.Body["subject"]!.GetValue<string>(), Kinds(endorsementBurst).Single()));
        Assert.Equal(3, Evidence(endorsementBurst, "endorsement_burst")["endorsements"]!.GetValue<int>());
        var mutual = await moderators.NextAsync();
        Assert.Equal((a.Address.ToChecksumString(), "mutual_endorsement"), (mutual.Body["subject"]!.GetValue<string>(), Kinds(mutual).Single()));
        var evidence = Evidence(mutual, "mutual_endorsement");
        Assert.Equal((ofB[1], ofA), (evidence["recordId"]!.GetValue<string>(), evidence["returns"]!.GetValue<string>()));

        var board = await Wallet.JsonAsync(await community.Verifier.Http.GetAsync("/api/v1/admin/suspicious"));
        var ofBoard = board["items"]!.AsArray().Select(i => (i!["score"]!.GetValue<decimal>(), i["signals"]!.AsArray().Count)).ToList();
        Assert.Equal([(200.00m, 2), (100.00m, 1), (100.00m, 1)], ofBoard);
    }

    [Fact]
    public async Task TheModeratorsRead_IsForVerifiersEldersAndAdmins_AndChecksItsPaging()
    {
        await using var community = await StartAsync();
        var member = await community.MemberAsync();

        await SignInTests.AssertProblem(await community.Host.CreateClient().GetAsync("/api/v1/admin/suspicious"), HttpStatusCode.Unauthorized);
        await SignInTests.AssertProblem(await member.Http.GetAsync("/api/v1/admin/suspicious"), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await community.Curator.Http.GetAsync("/api/v1/admin/suspicious"), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await community.Elder.Http.GetAsync("/api/v1/admin/suspicious?limit=0"), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await community.Elder.Http.GetAsync("/api/v1/admin/suspicious?offset=-1"), HttpStatusCode.BadRequest);
        var empty = await Wallet.JsonAsync(await community.Elder.Http.GetAsync("/api/v1/admin/suspicious"));
        Assert.Equal((100m, 24, 0), (empty["threshold"]!.GetValue<decimal>(), empty["windowHours"]!.GetValue<int>(), empty["total"]!.GetValue<int>()));
    }

    [Fact]
    public void AMistakeInTheMonitorsConfiguration_StopsTheServiceWithEveryErrorListed()
    {
        using var host = new ServiceHost(new Dictionary<string, string?> { ["Monitor:Signals:bursts:Weight"] = "5", ["Monitor:SuspiciousThreshold"] = "0" });
        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Monitor:Signals:bursts is not a signal", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Monitor:SuspiciousThreshold must be above 0", error.ToString(), StringComparison.Ordinal);
    }
}
