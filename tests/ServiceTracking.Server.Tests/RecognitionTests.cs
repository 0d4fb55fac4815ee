using System.Net;
using System.Text.Json.Nodes;

namespace ServiceTracking.Server.Tests;

/// <summary>Endorsements, blessings, features and assessments (SCORING §2–§3, API "Recognition and review").</summary>
public sealed class RecognitionTests : IAsyncLifetime
{
    private Community _community = null!;

    public async Task InitializeAsync() => _community = await Community.StartAsync();

    public async Task DisposeAsync() => await _community.DisposeAsync();

    private static string Path(string recordId, string action) => $"/api/v1/service-tracking/contributions/{recordId}/{action}";

    [Fact]
    public async Task Endorsement_AddsFivePercent_AndTheLeaderboardMovesAtOnce()
    {
        var author = await _community.MemberAsync();
        var recordId = (await author.RecordAsync())["recordId"]!.GetValue<string>(); // tutorial: 60
        var endorser = await _community.TrustedMemberAsync();

        var response = await endorser.EndorseAsync(recordId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Wallet.JsonAsync(response);
        Assert.Equal(63.00m, body["impactScore"]!.GetValue<decimal>());
        Assert.Equal(1, body["scoreBreakdown"]!["endorsements"]!.GetValue<int>());
        Assert.Equal(63.00m, await _community.ScoreAsync(author));
        var audit = await Wallet.JsonAsync(await author.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}/audit"));
        var endorsed = audit["auditLog"]!.AsArray().Single(e => e!["action"]!.GetValue<string>() == "COMMUNITY_ENDORSED")!;
        Assert.Equal("ENDORSER", endorsed["actor"]!.GetValue<string>());
        Assert.DoesNotContain(endorser.Address.ToLowerHex(), endorsed.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Endorsements_AreCappedAtFiftyPercent()
    {
        var author = await _community.MemberAsync();
        var recordId = (await author.RecordAsync())["recordId"]!.GetValue<string>();
        JsonObject? last = null;
        for (var i = 0; i < 12; i++)
        {
            var endorser = await _community.TrustedMemberAsync();
            last = await Wallet.JsonAsync(await endorser.EndorseAsync(recordId));
        }
        Assert.Equal(12, last!["scoreBreakdown"]!["endorsements"]!.GetValue<int>());
        Assert.Equal(0.50m, last["scoreBreakdown"]!["endorsementBonus"]!.GetValue<decimal>());
        Assert.Equal(90.00m, last["impactScore"]!.GetValue<decimal>()); // 60 × (1 + 0.50)
    }

    [Fact]
    public async Task Endorsement_OfOnesOwn_IsForbidden_ATwiceIsAConflict_AndNeitherChangesAnything()
    {
        var author = await _community.MemberAsync();
        var recordId = (await author.RecordAsync())["recordId"]!.GetValue<string>();
        var endorser = await _community.TrustedMemberAsync();
        Assert.Equal(HttpStatusCode.OK, (await endorser.EndorseAsync(recordId)).StatusCode);
        var size = await LedgerSizeAsync();

        await SignInTests.AssertProblem(await author.EndorseAsync(recordId), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await endorser.EndorseAsync(recordId), HttpStatusCode.Conflict);

        Assert.Equal(63.00m, await _community.ScoreAsync(author));
        Assert.Equal(size, await LedgerSizeAsync());
    }

    [Fact]
    public async Task Endorsement_WithABadSignatureOrTime_OrOfNothing_IsAProblem()
    {
        var author = await _community.MemberAsync();
        var recordId = (await author.RecordAsync())["recordId"]!.GetValue<string>();
        var endorser = await _community.MemberAsync();
        var stranger = Core.Ethereum.EthPrivateKey.Generate();
        var now = (ulong)_community.Host.Clock.GetUtcNow().ToUnixTimeSeconds();

        await SignInTests.AssertProblem(await endorser.EndorseAsync(recordId, signer: stranger), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await endorser.EndorseAsync(recordId, issuedAt: now + 3600), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await endorser.EndorseAsync("0x" + new string('0', 64)), HttpStatusCode.NotFound);
        await SignInTests.AssertProblem(await endorser.PostAsync(Path(recordId, "endorsements"), new { signature = "0x12", issuedAt = now }), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await new Wallet(_community.Host).EndorseAsync(recordId), HttpStatusCode.Unauthorized);
        Assert.Equal(60.00m, await _community.ScoreAsync(author));
    }

    [Fact]
    public async Task Blessing_IsForEldersOnly_AndOnce()
    {
        var author = await _community.MemberAsync();
        var recordId = (await author.RecordAsync())["recordId"]!.GetValue<string>();

        await SignInTests.AssertProblem(await _community.Curator.BlessAsync(recordId), HttpStatusCode.Forbidden);
        var blessed = await _community.Elder.BlessAsync(recordId);
        Assert.Equal(HttpStatusCode.OK, blessed.StatusCode);
        Assert.Equal(120.00m, (await Wallet.JsonAsync(blessed))["impactScore"]!.GetValue<decimal>()); // 60 × (1 + 1.00)
        await SignInTests.AssertProblem(await _community.Elder.BlessAsync(recordId), HttpStatusCode.Conflict);
        Assert.Equal(120.00m, await _community.ScoreAsync(author));
    }

    [Fact]
    public async Task Feature_IsForCuratorsOnly_AndOnce()
    {
        var author = await _community.MemberAsync();
        var recordId = (await author.RecordAsync())["recordId"]!.GetValue<string>();

        await SignInTests.AssertProblem(await _community.Elder.FeatureAsync(recordId), HttpStatusCode.Forbidden);
        var featured = await _community.Curator.FeatureAsync(recordId);
        Assert.Equal(105.00m, (await Wallet.JsonAsync(featured))["impactScore"]!.GetValue<decimal>()); // 60 × (1 + 0.75)
        await SignInTests.AssertProblem(await _community.Curator.FeatureAsync(recordId), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Officials_CannotRecogniseTheirOwnContributions()
    {
        var recordId = (await _community.Elder.RecordAsync())["recordId"]!.GetValue<string>();
        await SignInTests.AssertProblem(await _community.Elder.BlessAsync(recordId), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await _community.Elder.AssessAsync(recordId, "high", "mine"), HttpStatusCode.Forbidden);
        var curated = (await _community.Curator.RecordAsync())["recordId"]!.GetValue<string>();
        await SignInTests.AssertProblem(await _community.Curator.FeatureAsync(curated), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Assessment_ByAReviewer_ReplacesTheQualityTier()
    {
        var author = await _community.MemberAsync();
        var recordId = (await author.RecordAsync())["recordId"]!.GetValue<string>();

        await SignInTests.AssertProblem(await author.AssessAsync(recordId, "high", "x"), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await _community.Verifier.AssessAsync(recordId, "stellar", "x"), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await _community.Verifier.PostAsync(Path(recordId, "assessment"), new { quality = "high" }), HttpStatusCode.BadRequest);
        var high = await Wallet.JsonAsync(await _community.Verifier.AssessAsync(recordId, "high", "Clear and complete"));
        Assert.Equal(90.00m, high["impactScore"]!.GetValue<decimal>());
        var good = await Wallet.JsonAsync(await _community.Elder.AssessAsync(recordId, "good", "Second look"));
        Assert.Equal("good", good["scoreBreakdown"]!["quality"]!.GetValue<string>());
        Assert.Equal(72.00m, await _community.ScoreAsync(author));
    }

    private async Task<long> LedgerSizeAsync() =>
        (await Wallet.JsonAsync(await _community.Host.CreateClient().GetAsync("/health")))["ledger"]!["treeSize"]!.GetValue<long>();
}
