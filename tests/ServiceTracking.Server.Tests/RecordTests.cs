using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage;
using static ServiceTracking.Server.Tests.SignInTests;

namespace ServiceTracking.Server.Tests;

public sealed class RecordTests : IDisposable
{
    private readonly ServiceHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Record_SignedContribution_Returns201WithScoreAndBreakdown()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var response = await wallet.PostRecordAsync(wallet.RecordBody());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Wallet.JsonAsync(response);
        Assert.StartsWith("0x", body["recordId"]!.GetValue<string>());
        Assert.Equal(66, body["recordId"]!.GetValue<string>().Length);
        Assert.Equal("verified", body["status"]!.GetValue<string>());
        Assert.Equal(60m, body["impactScore"]!.GetValue<decimal>());
        Assert.Equal(60m, body["scoreBreakdown"]!["base"]!.GetValue<decimal>());
        Assert.Equal("standard", body["scoreBreakdown"]!["quality"]!.GetValue<string>());
        Assert.Equal(60m, body["rewardsEarned"]!["scrollCoin"]!.GetValue<decimal>());
        Assert.Equal(response.Headers.Location!.ToString(), "/api/v1/service-tracking/contributions/" + body["recordId"]);
    }

    [Fact]
    public async Task Record_SameSignedContributionTwice_Returns200WithTheSameRecord()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var body = wallet.RecordBody();
        var first = await Wallet.JsonAsync(await wallet.PostRecordAsync(body));
        var before = await Counts();

        var again = await wallet.PostRecordAsync(body);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first["recordId"]!.GetValue<string>(), (await Wallet.JsonAsync(again))["recordId"]!.GetValue<string>());
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Record_ReusedNonceWithOtherContent_Is409()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        await wallet.PostRecordAsync(wallet.RecordBody(nonce: 7));
        var before = await Counts();

        var problem = await AssertProblem(await wallet.PostRecordAsync(wallet.RecordBody(subtype: "video", nonce: 7)), HttpStatusCode.Conflict);

        Assert.Contains("Nonce 7", problem["detail"]!.GetValue<string>());
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Record_SignedBySomeoneElse_Is403AndChangesNothing()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var before = await Counts();
        await AssertProblem(await wallet.PostRecordAsync(wallet.RecordBody(signer: EthPrivateKey.Generate())), HttpStatusCode.Forbidden);
        Assert.Equal(before, await Counts());
    }

    public static TheoryData<string, HttpStatusCode> BadBodies => new()
    {
        { """{"type":"NOT_A_TYPE","subtype":"tutorial","details":{},"nonce":1,"signature":"0x00"}""", HttpStatusCode.BadRequest },
        { """{"type":"CONTENT_CREATION","subtype":"Tutorial","details":{},"nonce":1,"signature":"0x00"}""", HttpStatusCode.BadRequest },
        { """{"type":"CONTENT_CREATION","subtype":"tutorial","details":{"a":1}""", HttpStatusCode.BadRequest },
        { "[]", HttpStatusCode.BadRequest },
        { "", HttpStatusCode.BadRequest },
        { """{"type":"CONTENT_CREATION","subtype":"tutorial","details":"text","nonce":1,"signature":"0x00"}""", HttpStatusCode.BadRequest },
        { """{"type":"CONTENT_CREATION","subtype":"tutorial","details":{},"nonce":-1,"signature":"0x00"}""", HttpStatusCode.BadRequest },
        { """{"type":"CONTENT_CREATION","subtype":"tutorial","details":{},"nonce":1,"signature":"0xzz"}""", HttpStatusCode.BadRequest },
        { """{"type":"CONTENT_CREATION","subtype":"tutorial","details":{},"nonce":1,"contentCid":"not-a-cid","signature":"0x00"}""", HttpStatusCode.BadRequest },
        { """{"type":"CONTENT_CREATION","subtype":"tutorial","details":{},"nonce":1,"signature":"0x00","extra":true}""", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Record_BadBody_IsAProblemAndChangesNothing(string body, HttpStatusCode status)
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var before = await Counts();
        await AssertProblem(await wallet.PostRecordAsync(body), status);
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Record_UnknownType_ListsTheValidPairs()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var problem = await AssertProblem(await wallet.PostRecordAsync(wallet.RecordBody(type: "WIZARDRY", subtype: "spell")), HttpStatusCode.BadRequest);
        Assert.Contains("CONTENT_CREATION/tutorial", problem["errors"]!["subtype"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Record_OversizedDetails_Is413AndChangesNothing()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var before = await Counts();
        var details = "{\"text\":\"" + new string('a', 17 * 1024) + "\"}";
        await AssertProblem(await wallet.PostRecordAsync(wallet.RecordBody(details: details)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Record_OversizedBody_Is413()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var details = "{\"text\":\"" + new string('a', 70 * 1024) + "\"}";
        await AssertProblem(await wallet.PostRecordAsync(wallet.RecordBody(details: details)), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Record_PerformedInTheFuture_Is400()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var future = (ulong)_host.Clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
        var problem = await AssertProblem(await wallet.PostRecordAsync(wallet.RecordBody(performedAt: future)), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["performedAt"]);
    }

    [Fact]
    public async Task Record_PerformedMoreThanSevenDaysAgo_Is400()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var old = (ulong)_host.Clock.GetUtcNow().AddDays(-8).ToUnixTimeSeconds();
        var before = await Counts();
        await AssertProblem(await wallet.PostRecordAsync(wallet.RecordBody(performedAt: old)), HttpStatusCode.BadRequest);
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Record_WithContentCid_SignsItsDigest()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var sha256OfEmpty = Convert.FromHexString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        var body = wallet.RecordBody(contentCid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", contentHash: sha256OfEmpty);
        Assert.Equal(HttpStatusCode.Created, (await wallet.PostRecordAsync(body)).StatusCode);
        // The same CID signed as if there were no content does not recover to the caller.
        var unsigned = wallet.RecordBody(contentCid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        Assert.Equal(HttpStatusCode.Forbidden, (await wallet.PostRecordAsync(unsigned)).StatusCode);
    }

    [Fact]
    public async Task Record_HighValueSubtype_GoesToReviewAndDoesNotCount()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var body = await wallet.RecordAsync("HEALING_SESSION", "group_healing");

        Assert.Equal("under_review", body["status"]!.GetValue<string>());
        var stats = await Wallet.JsonAsync(await wallet.Http.GetAsync($"/api/v1/service-tracking/stats/{wallet.Address}"));
        Assert.Equal(0m, stats["totalImpactScore"]!.GetValue<decimal>());
        Assert.Null(stats["rank"]);
    }

    [Fact]
    public async Task Record_OnConsecutiveDays_EarnsTheStreakBonus()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var now = _host.Clock.GetUtcNow();
        await wallet.RecordAsync(performedAt: (ulong)now.AddDays(-1).ToUnixTimeSeconds());
        var second = await wallet.RecordAsync(performedAt: (ulong)now.ToUnixTimeSeconds());

        Assert.Equal(2, second["scoreBreakdown"]!["streakDays"]!.GetValue<int>());
        Assert.Equal(0.10m, second["scoreBreakdown"]!["consistency"]!.GetValue<decimal>());
        Assert.Equal(66m, second["impactScore"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Eip712_DescribesTheContributionType()
    {
        var body = await Wallet.JsonAsync(await _host.CreateClient().GetAsync("/api/v1/service-tracking/eip712"));
        Assert.Equal("Contribution", body["primaryType"]!.GetValue<string>());
        Assert.Equal("ScrollVerse Service Tracking", body["domain"]!["name"]!.GetValue<string>());
        Assert.Equal(1, body["domain"]!["chainId"]!.GetValue<int>());
        var fields = body["types"]!["Contribution"]!.AsArray().Select(f => $"{f!["type"]} {f["name"]}");
        Assert.Equal(["address contributor", "string contributionType", "string subtype", "bytes32 detailsHash", "bytes32 contentHash", "uint64 performedAt", "uint64 nonce"], fields);
    }

    [Fact]
    public async Task Eip712_OtherPrimaryTypes()
    {
        var endorsement = await Wallet.JsonAsync(await _host.CreateClient().GetAsync("/api/v1/service-tracking/eip712?primaryType=Endorsement"));
        Assert.Equal("Endorsement", endorsement["primaryType"]!.GetValue<string>());
        await AssertProblem(await _host.CreateClient().GetAsync("/api/v1/service-tracking/eip712?primaryType=Mail"), HttpStatusCode.BadRequest);
    }

    private async Task<(int Contributions, int Events, int Scores)> Counts()
    {
        var factory = _host.Services.GetRequiredService<IDbContextFactory<TrackingDb>>();
        await using var db = await factory.CreateDbContextAsync();
        return (await db.Contributions.CountAsync(), await db.AuditEvents.CountAsync(), await db.PeriodScores.CountAsync());
    }
}
