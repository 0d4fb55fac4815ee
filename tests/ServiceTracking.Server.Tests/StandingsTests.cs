using System.Net;
using System.Net.Http.Json;
using ServiceTracking.Core.Scoring;
using static ServiceTracking.Server.Tests.SignInTests;

namespace ServiceTracking.Server.Tests;

public sealed class StandingsTests : IDisposable
{
    private readonly ServiceHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Stats_SumVerifiedContributions_WithRankAndBreakdown()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        await MakePublic(wallet, "StarSeed777");
        await wallet.RecordAsync("CONTENT_CREATION", "tutorial");
        await wallet.RecordAsync("GOVERNANCE_PARTICIPATION", "voting");
        await wallet.RecordAsync("HEALING_SESSION", "group_healing"); // under review: counts nowhere

        var stats = await Wallet.JsonAsync(await _host.CreateClient().GetAsync($"/api/v1/service-tracking/stats/{wallet.Address.ToLowerHex()}"));

        Assert.Equal(wallet.Address.ToChecksumString(), stats["address"]!.GetValue<string>());
        Assert.Equal("StarSeed777", stats["displayName"]!.GetValue<string>());
        Assert.Equal(70m, stats["totalImpactScore"]!.GetValue<decimal>());
        Assert.Equal(1, stats["rank"]!.GetValue<int>());
        var metrics = stats["metrics"]!;
        Assert.Equal(2, metrics["totalContributions"]!.GetValue<int>());
        Assert.Equal(1, metrics["globalRank"]!.GetValue<int>());
        Assert.Equal(1, metrics["currentStreak"]!.GetValue<int>());
        Assert.Equal(1, metrics["contributionBreakdown"]!["contentCreation"]!.GetValue<int>());
        Assert.Equal(1, metrics["contributionBreakdown"]!["governance"]!.GetValue<int>());
        Assert.Equal(0, metrics["contributionBreakdown"]!["healingSessions"]!.GetValue<int>());
        Assert.Equal(3, stats["contributions"]!.AsArray().Count);
    }

    [Fact]
    public async Task Leaderboard_RanksCompetitionStyle_ForEveryPeriod()
    {
        var a = await new Wallet(_host).SignInAsync();
        var b = await new Wallet(_host).SignInAsync();
        var c = await new Wallet(_host).SignInAsync();
        await a.RecordAsync("CONTENT_CREATION", "tutorial");       // 60
        await b.RecordAsync("CONTENT_CREATION", "tutorial");       // 60
        await c.RecordAsync("CONTENT_CREATION", "documentation");  // 40
        var today = DateOnly.FromDateTime(_host.Clock.GetUtcNow().UtcDateTime);

        foreach (var period in new[] { "all", "daily", "weekly", "monthly" })
        {
            var kind = WireNamesParse(period);
            var board = await Wallet.JsonAsync(await _host.CreateClient().GetAsync($"/api/v1/service-tracking/leaderboard?period={period}"));
            Assert.Equal(Periods.Label(kind, today), board["period"]!.GetValue<string>());
            var rows = board["leaderboard"]!.AsArray();
            Assert.Equal([1, 1, 3], rows.Select(r => r!["rank"]!.GetValue<int>()));
            Assert.Equal([60m, 60m, 40m], rows.Select(r => r!["impactScore"]!.GetValue<decimal>()));
        }
        var raw = await (await _host.CreateClient().GetAsync("/api/v1/service-tracking/leaderboard")).Content.ReadAsStringAsync();
        Assert.Contains("\"impactScore\":60.00", raw, StringComparison.Ordinal); // scores always carry two decimals
        var explicitDay = await Wallet.JsonAsync(await _host.CreateClient().GetAsync($"/api/v1/service-tracking/leaderboard?period=daily&at={today.AddDays(-1):yyyy-MM-dd}"));
        Assert.Empty(explicitDay["leaderboard"]!.AsArray());
    }

    [Fact]
    public async Task Leaderboard_TiesAreListedByAddress_AndPagesWithOffset()
    {
        var wallets = new List<Wallet>();
        for (var i = 0; i < 5; i++)
        {
            var w = await new Wallet(_host).SignInAsync();
            await w.RecordAsync();
            wallets.Add(w);
        }
        var board = await Wallet.JsonAsync(await _host.CreateClient().GetAsync("/api/v1/service-tracking/leaderboard?limit=2&offset=1"));
        Assert.Equal(2, board["leaderboard"]!.AsArray().Count);
        Assert.Equal(5, board["total"]!.GetValue<int>());
        Assert.All(board["leaderboard"]!.AsArray(), r => Assert.Equal(1, r!["rank"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("period=yearly")]
    [InlineData("period=daily&at=2025-13-01")]
    [InlineData("period=weekly&at=2025-W54")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("offset=-1")]
    [InlineData("limit=abc")]
    public async Task Leaderboard_BadQuery_Is400(string query)
    {
        await AssertProblem(await _host.CreateClient().GetAsync($"/api/v1/service-tracking/leaderboard?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PrivateContributor_AppearsUnderAPseudonymWithoutAddress_ExceptToThemselves()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var recorded = await wallet.RecordAsync();
        var recordId = recorded["recordId"]!.GetValue<string>();
        var stranger = _host.CreateClient();

        var board = await Wallet.JsonAsync(await stranger.GetAsync("/api/v1/service-tracking/leaderboard"));
        var entry = board["leaderboard"]![0]!;
        Assert.Null(entry["address"]);
        var pseudonym = entry["displayName"]!.GetValue<string>();
        Assert.DoesNotContain(wallet.Address.ToLowerHex()[2..8], pseudonym, StringComparison.OrdinalIgnoreCase);

        var stats = await Wallet.JsonAsync(await stranger.GetAsync($"/api/v1/service-tracking/stats/{wallet.Address}"));
        Assert.Null(stats["address"]);
        Assert.Equal(pseudonym, stats["displayName"]!.GetValue<string>());

        var contribution = await Wallet.JsonAsync(await stranger.GetAsync($"/api/v1/service-tracking/contributions/{recordId}"));
        Assert.Null(contribution["contributor"]);
        Assert.Null(contribution["signature"]);
        Assert.Null(contribution["details"]);

        var audit = await Wallet.JsonAsync(await stranger.GetAsync($"/api/v1/service-tracking/contributions/{recordId}/audit"));
        var raw = audit.ToJsonString();
        Assert.DoesNotContain(wallet.Address.ToLowerHex()[2..], raw, StringComparison.OrdinalIgnoreCase);

        var community = await Wallet.JsonAsync(await stranger.GetAsync("/api/v1/service-tracking/community"));
        Assert.DoesNotContain(wallet.Address.ToLowerHex()[2..], community.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        var own = await Wallet.JsonAsync(await wallet.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}"));
        Assert.Equal(wallet.Address.ToChecksumString(), own["contributor"]!.GetValue<string>());
        Assert.Equal("Guide to Sacred Geometry", own["details"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task PublicContributor_IsShownByAddressAndName()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        await MakePublic(wallet, "CosmicHealer");
        await wallet.RecordAsync();
        var board = await Wallet.JsonAsync(await _host.CreateClient().GetAsync("/api/v1/service-tracking/leaderboard"));
        Assert.Equal(wallet.Address.ToChecksumString(), board["leaderboard"]![0]!["address"]!.GetValue<string>());
        Assert.Equal("CosmicHealer", board["leaderboard"]![0]!["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task AuditLog_ListsSubmissionAssessmentAndGrantsInOrder()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        var recordId = (await wallet.RecordAsync())["recordId"]!.GetValue<string>();

        var audit = await Wallet.JsonAsync(await wallet.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}/audit"));

        Assert.Equal(recordId, audit["contributionId"]!.GetValue<string>());
        var log = audit["auditLog"]!.AsArray();
        // A tutorial (60 points) is paid at once, and it is the contributor's first: a real-time grant and a badge.
        Assert.Equal(["CONTRIBUTION_SUBMITTED", "QUALITY_ASSESSED", "REWARD_DISTRIBUTED", "REWARD_DISTRIBUTED"], log.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal(wallet.Address.ToChecksumString(), log[0]!["actor"]!.GetValue<string>());
        Assert.Equal("AUTOMATED_SYSTEM", log[1]!["actor"]!.GetValue<string>());
        Assert.Equal(1.0m, log[1]!["score"]!.GetValue<decimal>());
        Assert.Equal(_host.Clock.GetUtcNow().ToUnixTimeSeconds(), log[0]!["timestamp"]!.GetValue<long>());
    }

    [Fact]
    public async Task UnknownContribution_Is404Problem()
    {
        await AssertProblem(await _host.CreateClient().GetAsync("/api/v1/service-tracking/contributions/0x1234"), HttpStatusCode.NotFound);
        await AssertProblem(await _host.CreateClient().GetAsync("/api/v1/service-tracking/contributions/0x1234/audit"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Community_CountsVerifiedContributions()
    {
        var wallet = await new Wallet(_host).SignInAsync();
        await wallet.RecordAsync();
        await wallet.RecordAsync("GOVERNANCE_PARTICIPATION", "voting");
        var community = await Wallet.JsonAsync(await _host.CreateClient().GetAsync("/api/v1/service-tracking/community"));
        Assert.Equal(1, community["ecosystem"]!["totalLightworkers"]!.GetValue<int>());
        Assert.Equal(2, community["ecosystem"]!["totalContributions"]!.GetValue<int>());
        Assert.Equal(70m, community["ecosystem"]!["totalImpactGenerated"]!.GetValue<decimal>());
        Assert.Equal(2, community["recentActivity"]!.AsArray().Count);
    }

    private static async Task MakePublic(Wallet wallet, string name)
    {
        var response = await wallet.Http.PutAsJsonAsync("/api/v1/profile", new { displayName = name, @public = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static PeriodKind WireNamesParse(string period) => WireNames.TryParse(period, out PeriodKind kind) ? kind : throw new ArgumentException(period);
}
