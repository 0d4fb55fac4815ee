using System.Net;
using System.Net.Http.Json;

namespace ServiceTracking.Server.Tests;

/// <summary>The review queue (SCORING §3): what goes there, approval and rejection, and what a rejection leaves behind.</summary>
public sealed class ReviewTests : IAsyncLifetime
{
    private Community _community = null!;

    public async Task InitializeAsync() => _community = await Community.StartAsync();

    public async Task DisposeAsync() => await _community.DisposeAsync();

    [Fact]
    public async Task ReviewSubtype_WaitsInTheQueue_CountsNowhere_UntilApproved()
    {
        var author = await _community.MemberAsync();
        var recorded = await author.RecordAsync("CONTENT_CREATION", "artwork");
        var recordId = recorded["recordId"]!.GetValue<string>();
        Assert.Equal("under_review", recorded["status"]!.GetValue<string>());
        Assert.Equal(0.00m, await _community.ScoreAsync(author));

        await SignInTests.AssertProblem(await author.Http.GetAsync("/api/v1/review/queue"), HttpStatusCode.Forbidden);
        var queue = await Wallet.JsonAsync(await _community.Verifier.Http.GetAsync("/api/v1/review/queue"));
        var item = queue["items"]!.AsArray().Single(i => i!["contribution"]!["recordId"]!.GetValue<string>() == recordId)!;
        Assert.Equal("subtype", item["queueReason"]!.GetValue<string>());
        Assert.NotNull(item["contribution"]!["details"]); // reviewers see what they judge

        // A new address's claim needs two independent approvals: after the first it still waits, and counts nowhere.
        var first = await Wallet.JsonAsync(await _community.Verifier.ApproveAsync(recordId, "Seen in the gallery", "good"));
        Assert.Equal("under_review", first["status"]!.GetValue<string>());
        Assert.Equal(0.00m, await _community.ScoreAsync(author));
        await SignInTests.AssertProblem(await _community.Verifier.ApproveAsync(recordId, "twice"), HttpStatusCode.Conflict);
        var approved = await Wallet.JsonAsync(await _community.Elder.ApproveAsync(recordId, "Seen it too"));
        Assert.Equal("verified", approved["status"]!.GetValue<string>());
        Assert.Equal(120.00m, approved["impactScore"]!.GetValue<decimal>()); // 100 × 1.2
        Assert.Equal(120.00m, await _community.ScoreAsync(author));
        await SignInTests.AssertProblem(await _community.Verifier.ApproveAsync(recordId, "again"), HttpStatusCode.Conflict);
        var audit = await Wallet.JsonAsync(await author.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}/audit"));
        Assert.Contains("REVIEW_APPROVED", audit["auditLog"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task OperatorsCatalog_SetsTheHighImpactThreshold_AndAutomatedQualityRules()
    {
        var catalog = System.IO.Path.Combine(_community.Host.DataDirectory, "..", $"catalog-{Guid.NewGuid():N}.json");
        File.WriteAllText(catalog, ServiceTracking.Core.Scoring.Catalog.DefaultJson
            .Replace("\"highImpactThreshold\": 500", "\"highImpactThreshold\": 70", StringComparison.Ordinal)
            .Replace("\"qualityRules\": []", """
                "qualityRules": [{ "name": "blog post with a link", "subtypes": ["blog_post"], "requireDetails": ["url"], "quality": "good" }]
                """, StringComparison.Ordinal));
        try
        {
            await using var custom = await Community.StartAsync(settings: new Dictionary<string, string?> { ["Scoring:CatalogPath"] = catalog });
            var author = await custom.MemberAsync();

            var video = await author.RecordAsync("CONTENT_CREATION", "video"); // 75 ≥ 70
            var post = await author.RecordAsync("CONTENT_CREATION", "blog_post"); // 50 × good 1.2 = 60

            Assert.Equal("under_review", video["status"]!.GetValue<string>());
            var queue = await Wallet.JsonAsync(await custom.Verifier.Http.GetAsync("/api/v1/review/queue"));
            Assert.Equal("high_impact", queue["items"]![0]!["queueReason"]!.GetValue<string>());
            Assert.Equal("verified", post["status"]!.GetValue<string>());
            Assert.Equal(60.00m, post["impactScore"]!.GetValue<decimal>());
            var audit = await Wallet.JsonAsync(await author.Http.GetAsync($"/api/v1/service-tracking/contributions/{post["recordId"]}/audit"));
            var assessed = audit["auditLog"]!.AsArray().First(e => e!["action"]!.GetValue<string>() == "QUALITY_ASSESSED")!;
            Assert.Equal("blog post with a link", assessed["rule"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(catalog);
        }
    }

    [Fact]
    public async Task SuspendedAutoVerification_SendsEveryClaimToReview_UntilRestored()
    {
        var author = await _community.MemberAsync();
        var path = $"/api/v1/admin/contributors/{author.Address}/auto-verification";
        await SignInTests.AssertProblem(await _community.Verifier.Http.PutAsJsonAsync(path, new { suspended = true }), HttpStatusCode.Forbidden);
        await SignInTests.AssertProblem(await _community.Admin.Http.PutAsJsonAsync(path, new { }), HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.OK, (await _community.Admin.Http.PutAsJsonAsync(path, new { suspended = true })).StatusCode);
        var held = await author.RecordAsync();
        Assert.Equal("under_review", held["status"]!.GetValue<string>());
        var queue = await Wallet.JsonAsync(await _community.Verifier.Http.GetAsync("/api/v1/review/queue"));
        Assert.Equal("suspended", queue["items"]!.AsArray().Single(i => i!["contribution"]!["recordId"]!.GetValue<string>() == held["recordId"]!.GetValue<string>())!["queueReason"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await _community.Admin.Http.PutAsJsonAsync(path, new { suspended = false })).StatusCode);
        Assert.Equal("verified", (await author.RecordAsync())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rejection_CountsNowhere_AndNeedsAReason_AndNobodyReviewsTheirOwn()
    {
        var author = await _community.MemberAsync();
        var recordId = (await author.RecordAsync("ATTUNEMENT_SESSION", "energy_transmission"))["recordId"]!.GetValue<string>();
        var own = (await _community.Verifier.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>();

        await SignInTests.AssertProblem(await _community.Verifier.PostAsync($"/api/v1/review/{recordId}/reject", new { }), HttpStatusCode.BadRequest);
        await SignInTests.AssertProblem(await _community.Verifier.ApproveAsync(own, "mine"), HttpStatusCode.Forbidden);
        var rejected = await Wallet.JsonAsync(await _community.Elder.RejectAsync(recordId, "No evidence"));

        Assert.Equal("rejected", rejected["status"]!.GetValue<string>());
        Assert.Equal(0.00m, await _community.ScoreAsync(author));
        var board = await Wallet.JsonAsync(await _community.Admin.Http.GetAsync("/api/v1/service-tracking/leaderboard"));
        Assert.DoesNotContain(author.Address.ToChecksumString(), board.ToJsonString(), StringComparison.Ordinal);
        await SignInTests.AssertProblem(await _community.Elder.BlessAsync(recordId), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RejectedClaim_NeitherExtendsNorBreaksAStreak()
    {
        var author = await _community.MemberAsync();
        var now = _community.Host.Clock.GetUtcNow();
        ulong Day(int back) => (ulong)now.AddDays(-back).ToUnixTimeSeconds();
        await author.RecordAsync("GOVERNANCE_PARTICIPATION", "voting", Day(3));
        await author.RecordAsync("GOVERNANCE_PARTICIPATION", "voting", Day(2));
        var claim = (await author.RecordAsync("CONTENT_CREATION", "artwork", Day(1)))["recordId"]!.GetValue<string>();
        await author.RecordAsync("GOVERNANCE_PARTICIPATION", "voting", Day(1));
        await _community.Verifier.RejectAsync(claim, "Not artwork");

        // Day 1 still holds an accepted vote: the streak runs 3, 2, 1, 0.
        var today = await author.RecordAsync("GOVERNANCE_PARTICIPATION", "voting");
        Assert.Equal(4, today["scoreBreakdown"]!["streakDays"]!.GetValue<int>());

        // A day holding only a rejected claim is no day of service: the streak after it starts again.
        var lone = await _community.MemberAsync();
        var loneClaim = (await lone.RecordAsync("CONTENT_CREATION", "artwork", Day(1)))["recordId"]!.GetValue<string>();
        await _community.Verifier.RejectAsync(loneClaim, "Not artwork");
        var next = await lone.RecordAsync("GOVERNANCE_PARTICIPATION", "voting");
        Assert.Equal(1, next["scoreBreakdown"]!["streakDays"]!.GetValue<int>());
    }

    [Fact]
    public async Task WorkedExample_GroupHealing_Is540()
    {
        var author = await _community.TrustedMemberAsync();
        var now = _community.Host.Clock.GetUtcNow();
        for (var back = 6; back >= 1; back--)
        {
            await author.RecordAsync("COMMUNITY_MODERATION", "daily_moderation", (ulong)now.AddDays(-back).ToUnixTimeSeconds());
        }
        var recordId = (await author.RecordAsync("HEALING_SESSION", "group_healing"))["recordId"]!.GetValue<string>();
        await _community.Verifier.ApproveAsync(recordId, "Attended", "high");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await (await _community.TrustedMemberAsync()).EndorseAsync(recordId)).StatusCode); // endorsers of good standing
        }
        var blessed = await Wallet.JsonAsync(await _community.Elder.BlessAsync(recordId));

        Assert.Equal(540.00m, blessed["impactScore"]!.GetValue<decimal>()); // 150 × 1.5 × (1 + 0.25 + 0.15 + 1.00)
        Assert.Equal(7, blessed["scoreBreakdown"]!["streakDays"]!.GetValue<int>());
        Assert.Equal("verified", blessed["status"]!.GetValue<string>()); // lifted over 500 by recognition: not sent back to review
    }
}
