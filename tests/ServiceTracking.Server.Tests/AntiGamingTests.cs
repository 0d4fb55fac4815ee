using System.Net;
using System.Text.Json.Nodes;

namespace ServiceTracking.Server.Tests;

/// <summary>Standing, vouching, trust-weighted endorsements, review conflicts and quorum, and the reputation run's findings (docs/antigaming.md).</summary>
public sealed class AntiGamingTests : IAsyncLifetime
{
    private Community _community = null!;

    public async Task InitializeAsync() => _community = await Community.StartAsync();

    public async Task DisposeAsync() => await _community.DisposeAsync();

    private static async Task<JsonObject> StandingAsync(Wallet wallet) => await Wallet.JsonAsync(await wallet.Http.GetAsync("/api/v1/profile/standing"));

    private static string[] Codes(JsonObject standing) => [.. standing["reasons"]!.AsArray().Select(r => r!["code"]!.GetValue<string>())];

    private async Task<decimal> ImpactAsync(string recordId) =>
        (await Wallet.JsonAsync(await _community.Admin.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}")))["impactScore"]!.GetValue<decimal>();

    [Fact]
    public async Task NewAddress_HasLimitedStanding_UntilAnElderOrVerifierVouches_OnceAndNeverForThemselves()
    {
        var member = await _community.MemberAsync();
        var fresh = await StandingAsync(member);
        Assert.Equal((0m, false, 0.05m), (fresh["standing"]!.GetValue<decimal>(), fresh["good"]!.GetValue<bool>(), fresh["endorsementWeight"]!.GetValue<decimal>()));
        Assert.Contains("limited", Codes(fresh));

        await SignInTests.AssertProblem(await member.PostAsync($"/api/v1/contributors/{member.Address}/vouch"), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await _community.Verifier.PostAsync($"/api/v1/contributors/{_community.Verifier.Address}/vouch"), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await _community.Elder.PostAsync("/api/v1/contributors/not-an-address/vouch"), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await _community.Elder.PostAsync($"/api/v1/contributors/{member.Address}/vouch")).StatusCode);
        await SignInTests.AssertProblem(await _community.Verifier.PostAsync($"/api/v1/contributors/{member.Address}/vouch"), HttpStatusCode.Conflict);

        var vouched = await StandingAsync(member);
        Assert.Equal((0.5m, true, 1m, true), (vouched["standing"]!.GetValue<decimal>(), vouched["good"]!.GetValue<bool>(),
            vouched["endorsementWeight"]!.GetValue<decimal>(), vouched["vouched"]!.GetValue<bool>()));
        Assert.Contains("vouched", Codes(vouched));
    }

    [Fact]
    public async Task FreshWallets_Endorsements_CountLittle_WhileAVouchedMembersCountsInFull()
    {
        var author = await _community.MemberAsync();
        var recordId = (await author.RecordAsync())["recordId"]!.GetValue<string>(); // tutorial: 60
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await (await _community.MemberAsync()).EndorseAsync(recordId)).StatusCode);
        }
        var weighted = await Wallet.JsonAsync(await _community.Admin.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}"));
        Assert.Equal(3, weighted["scoreBreakdown"]!["endorsements"]!.GetValue<int>());
        Assert.Equal(0.0075m, weighted["scoreBreakdown"]!["endorsementBonus"]!.GetValue<decimal>()); // 3 × 0.05 of a full endorsement
        Assert.Equal(60.45m, weighted["impactScore"]!.GetValue<decimal>());

        Assert.Equal(HttpStatusCode.OK, (await (await _community.TrustedMemberAsync()).EndorseAsync(recordId)).StatusCode);
        Assert.Equal(63.45m, await ImpactAsync(recordId)); // + 5%
    }

    [Fact]
    public async Task SameContentFromAnotherAddress_WaitsForReview()
    {
        const string Cid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"; // the empty file's: its digest is SHA-256 of nothing
        var digest = Convert.FromHexString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        var (first, copier) = (await _community.TrustedMemberAsync(), await _community.TrustedMemberAsync());
        var original = await Wallet.JsonAsync(await first.PostRecordAsync(first.RecordBody(contentCid: Cid, contentHash: digest)));
        var copy = await Wallet.JsonAsync(await copier.PostRecordAsync(copier.RecordBody(contentCid: Cid, contentHash: digest)));

        Assert.Equal(("verified", "under_review"), (original["status"]!.GetValue<string>(), copy["status"]!.GetValue<string>()));
        var queue = await Wallet.JsonAsync(await _community.Verifier.Http.GetAsync("/api/v1/review/queue"));
        var item = queue["items"]!.AsArray().Single(i => i!["contribution"]!["recordId"]!.GetValue<string>() == copy["recordId"]!.GetValue<string>())!;
        Assert.Equal("shared_content", item["queueReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reviewer_WhoEndorsedTheContributor_IsRefusedWithTheReason_AndAnotherReviewerDecides()
    {
        var author = await _community.TrustedMemberAsync();
        var earlier = (await author.RecordAsync())["recordId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await _community.Verifier.EndorseAsync(earlier)).StatusCode);
        var claim = (await author.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>();

        var refused = await _community.Verifier.ApproveAsync(claim, "Lovely");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("you endorsed this contributor's work", (await Wallet.JsonAsync(refused))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await SignInTests.AssertProblem(await _community.Verifier.RejectAsync(claim, "No"), HttpStatusCode.Forbidden);

        var approved = await Wallet.JsonAsync(await _community.Elder.ApproveAsync(claim, "Seen in the gallery"));
        Assert.Equal("verified", approved["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReciprocalApproval_IsAConflict()
    {
        var (a, b) = (_community.Verifier, _community.Elder);
        var fromA = (await a.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>();
        Assert.Equal("verified", (await Wallet.JsonAsync(await b.ApproveAsync(fromA, "Good")))["status"]!.GetValue<string>());
        var fromB = (await b.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>();

        var refused = await a.ApproveAsync(fromB, "Returning the favour");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("reciprocal approval", (await Wallet.JsonAsync(refused))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HighImpactClaim_NeedsTwoIndependentApprovals()
    {
        var author = await _community.TrustedMemberAsync();
        var now = _community.Host.Clock.GetUtcNow();
        for (var back = 6; back >= 1; back--)
        {
            await author.RecordAsync("GOVERNANCE_PARTICIPATION", "voting", (ulong)now.AddDays(-back).ToUnixTimeSeconds());
        }
        var claim = (await author.RecordAsync("HEALING_SESSION", "workshop_retreat"))["recordId"]!.GetValue<string>();

        // 200 × 2.0 (exceptional) × (1 + 0.25): 500, at the threshold.
        var before = await _community.ScoreAsync(author);
        var first = await Wallet.JsonAsync(await _community.Verifier.ApproveAsync(claim, "Ran it", "exceptional"));
        Assert.Equal(("under_review", 500.00m), (first["status"]!.GetValue<string>(), first["impactScore"]!.GetValue<decimal>()));
        var second = await Wallet.JsonAsync(await _community.Elder.ApproveAsync(claim, "Was there"));
        Assert.Equal("verified", second["status"]!.GetValue<string>());
        Assert.Equal(500.00m, await _community.ScoreAsync(author) - before);
    }

    [Fact]
    public async Task ReputationRun_FindsAnEndorsementRing_VoidsItsRecognition_AndADismissalRestoresIt()
    {
        var ring = new List<Wallet>();
        var claims = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var member = await _community.MemberAsync();
            ring.Add(member);
            claims.Add((await member.RecordAsync())["recordId"]!.GetValue<string>());
        }
        for (var i = 0; i < ring.Count; i++)
        {
            for (var j = 0; j < ring.Count; j++)
            {
                if (i != j)
                {
                    Assert.Equal(HttpStatusCode.OK, (await ring[i].EndorseAsync(claims[j])).StatusCode);
                }
            }
        }
        Assert.Equal(60.23m, await ImpactAsync(claims[0])); // 3 returned endorsements of new addresses: 3 × 0.05 × 0.5

        var run = await Wallet.JsonAsync(await _community.Admin.PostAsync("/api/v1/admin/reputation/run"));
        Assert.Equal(1, run["findings"]!.GetValue<int>());
        Assert.Equal(12, run["voided"]!.GetValue<int>());
        Assert.Equal(60.00m, await ImpactAsync(claims[0]));

        await SignInTests.AssertProblem(await ring[0].Http.GetAsync("/api/v1/admin/findings"), HttpStatusCode.Forbidden);
        var findings = await Wallet.JsonAsync(await _community.Verifier.Http.GetAsync("/api/v1/admin/findings"));
        var finding = Assert.Single(findings["items"]!.AsArray())!;
        Assert.Equal(("endorsement_ring", 4, 12), (finding["kind"]!.GetValue<string>(), finding["members"]!.AsArray().Count, finding["voided"]!.GetValue<int>()));
        Assert.Equal(0m, (await StandingAsync(ring[0]))["standing"]!.GetValue<decimal>());
        Assert.Contains("damped", Codes(await StandingAsync(ring[0])));
        var suspicious = await Wallet.JsonAsync(await _community.Verifier.Http.GetAsync("/api/v1/admin/suspicious"));
        Assert.Contains("endorsement_ring", suspicious.ToJsonString(), StringComparison.Ordinal);

        var id = finding["id"]!.GetValue<long>();
        var dismissed = await Wallet.JsonAsync(await _community.Elder.PostAsync($"/api/v1/admin/findings/{id}/dismiss"));
        Assert.Equal("dismissed", dismissed["status"]!.GetValue<string>());
        Assert.Equal(60.23m, await ImpactAsync(claims[0]));
        await SignInTests.AssertProblem(await _community.Elder.PostAsync($"/api/v1/admin/findings/{id}/confirm"), HttpStatusCode.NotFound);
        var again = await Wallet.JsonAsync(await _community.Admin.PostAsync("/api/v1/admin/reputation/run"));
        Assert.Equal(0, again["findings"]!.GetValue<int>()); // a dismissed group is not found again
    }

    [Fact]
    public async Task ReputationRun_GivesStandingWithReasons_AndRaisesTheEndorsementsOfThoseWhoEarnedIt()
    {
        var newcomer = await _community.MemberAsync();
        var author = await _community.MemberAsync();
        var own = (await newcomer.RecordAsync())["recordId"]!.GetValue<string>();
        var claim = (await author.RecordAsync())["recordId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await newcomer.EndorseAsync(claim)).StatusCode);
        Assert.Equal(60.15m, await ImpactAsync(claim)); // 0.05 of an endorsement
        Assert.Equal(HttpStatusCode.OK, (await _community.Elder.EndorseAsync(own)).StatusCode); // trust flows from the elder

        await _community.Admin.PostAsync("/api/v1/admin/reputation/run");

        var standing = await StandingAsync(newcomer);
        Assert.True(standing["good"]!.GetValue<bool>(), standing.ToJsonString());
        Assert.NotNull(standing["computedAt"]);
        Assert.Equal(["activity", "age", "trust", "good"], Codes(standing));
        Assert.Equal(63.00m, await ImpactAsync(claim)); // the newcomer's endorsement now counts in full
    }

    [Fact]
    public async Task ReputationRun_FindsABackdatedStreak_AndWithholdsItsConsistencyBonus()
    {
        var member = await _community.MemberAsync();
        var now = _community.Host.Clock.GetUtcNow();
        for (var back = 6; back >= 1; back--)
        {
            await member.RecordAsync("GOVERNANCE_PARTICIPATION", "voting", (ulong)now.AddDays(-back).ToUnixTimeSeconds()); // recorded today: late
        }
        var today = await member.RecordAsync("GOVERNANCE_PARTICIPATION", "voting");
        var recordId = today["recordId"]!.GetValue<string>();
        Assert.Equal(12.50m, today["impactScore"]!.GetValue<decimal>()); // 10 × (1 + 0.25): a 7-day streak

        var run = await Wallet.JsonAsync(await _community.Admin.PostAsync("/api/v1/admin/reputation/run"));

        Assert.Equal(1, run["findings"]!.GetValue<int>());
        var finding = Assert.Single((await Wallet.JsonAsync(await _community.Elder.Http.GetAsync("/api/v1/admin/findings")))["items"]!.AsArray())!;
        Assert.Equal("backdating", finding["kind"]!.GetValue<string>());
        Assert.Equal(10.00m, await ImpactAsync(recordId)); // the late, trivial days give no consistency bonus
        var audit = await Wallet.JsonAsync(await member.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}/audit"));
        Assert.Contains("CONSISTENCY_WITHHELD", audit["auditLog"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ReputationRun_TakesAWeekOfRealServiceLoggedLate_ForHonestCatchUp()
    {
        var member = await _community.MemberAsync();
        var now = _community.Host.Clock.GetUtcNow();
        for (var back = 6; back >= 1; back--)
        {
            await member.RecordAsync(performedAt: (ulong)now.AddDays(-back).ToUnixTimeSeconds()); // a tutorial a day, all recorded today
        }
        var today = await member.RecordAsync();
        var recordId = today["recordId"]!.GetValue<string>();
        Assert.Equal(75.00m, today["impactScore"]!.GetValue<decimal>()); // 60 × (1 + 0.25): a 7-day streak

        var run = await Wallet.JsonAsync(await _community.Admin.PostAsync("/api/v1/admin/reputation/run"));

        Assert.Equal(0, run["findings"]!.GetValue<int>());
        Assert.Empty((await Wallet.JsonAsync(await _community.Elder.Http.GetAsync("/api/v1/admin/findings")))["items"]!.AsArray());
        Assert.Equal(75.00m, await ImpactAsync(recordId)); // no moderator needed: the bonus stands
    }
}
