using System.Globalization;
using System.Text.Json.Nodes;

namespace ServiceTracking.Server.Tests;

/// <summary>
/// GET /stats right after each kind of write, over HTTP, while the contributor's summary is kept in memory by the read
/// just before: every answer shows the write that was acknowledged before it.
/// </summary>
public sealed class StatsFreshnessTests : IAsyncLifetime
{
    private Community _community = null!;

    public async Task InitializeAsync() => _community = await Community.StartAsync();

    public async Task DisposeAsync() => await _community.DisposeAsync();

    private DateTimeOffset Now => _community.Host.Clock.GetUtcNow();

    private static async Task<JsonObject> StatsAsync(Wallet wallet) =>
        await Wallet.JsonAsync(await wallet.Http.GetAsync($"/api/v1/service-tracking/stats/{wallet.Address}"));

    private static int Metric(JsonObject stats, string name) => stats["metrics"]![name]!.GetValue<int>();

    private static JsonNode Contribution(JsonObject stats, string recordId) =>
        stats["contributions"]!.AsArray().Single(c => c!["recordId"]!.GetValue<string>() == recordId)!;

    [Fact]
    public async Task Stats_AfterEachKindOfWrite_ShowIt()
    {
        var member = await _community.MemberAsync();
        var endorser = await _community.MemberAsync();
        await member.RecordAsync("GOVERNANCE_PARTICIPATION", "voting", (ulong)Now.AddDays(-1).ToUnixTimeSeconds());
        var first = await StatsAsync(member);
        Assert.Equal((1, 1), (Metric(first, "totalContributions"), Metric(first, "currentStreak")));

        // Auto-verified today: counted, the streak grows, and the real-time grant shows in the balance.
        var tutorial = (await member.RecordAsync())["recordId"]!.GetValue<string>();
        var recorded = await StatsAsync(member);
        Assert.Equal((2, 2), (Metric(recorded, "totalContributions"), Metric(recorded, "currentStreak")));
        Assert.True(recorded["metrics"]!["rewardsEarned"]!["scrollCoin"]!.GetValue<decimal>() > 0m);

        // Under review: listed, not counted; approved: counted.
        var artwork = (await member.RecordAsync("CONTENT_CREATION", "artwork"))["recordId"]!.GetValue<string>();
        var pending = await StatsAsync(member);
        Assert.Equal(2, Metric(pending, "totalContributions"));
        Assert.Equal("under_review", Contribution(pending, artwork)["status"]!.GetValue<string>());
        await _community.Elder.PostAsync($"/api/v1/contributors/{member.Address}/vouch"); // one approval will do
        await _community.Verifier.ApproveAsync(artwork, "Seen in the gallery");
        var approved = await StatsAsync(member);
        Assert.Equal(3, Metric(approved, "totalContributions"));
        Assert.Equal("verified", Contribution(approved, artwork)["status"]!.GetValue<string>());
        Assert.True(approved["totalImpactScore"]!.GetValue<decimal>() > pending["totalImpactScore"]!.GetValue<decimal>());

        // An endorsement rescores the contribution and the total.
        var before = Contribution(approved, tutorial)["impactScore"]!.GetValue<decimal>();
        (await endorser.EndorseAsync(tutorial)).EnsureSuccessStatusCode();
        var endorsed = await StatsAsync(member);
        Assert.True(Contribution(endorsed, tutorial)["impactScore"]!.GetValue<decimal>() > before);
        Assert.True(endorsed["totalImpactScore"]!.GetValue<decimal>() > approved["totalImpactScore"]!.GetValue<decimal>());

        // A claim of two days ago lengthens the streak while it waits; rejected, it takes its day back.
        var claim = (await member.RecordAsync("CONTENT_CREATION", "artwork", (ulong)Now.AddDays(-2).ToUnixTimeSeconds()))["recordId"]!.GetValue<string>();
        Assert.Equal(3, Metric(await StatsAsync(member), "currentStreak"));
        await _community.Verifier.RejectAsync(claim, "Not this week");
        var rejected = await StatsAsync(member);
        Assert.Equal(2, Metric(rejected, "currentStreak"));
        Assert.Equal("rejected", Contribution(rejected, claim)["status"]!.GetValue<string>());

        // The daily batch pays the small voting contribution: the balance moves.
        var day = Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var balance = rejected["rewards"]!["scrollCoin"]!.GetValue<decimal>();
        _community.Host.Clock.SetUtcNow(new DateTimeOffset(Now.UtcDateTime.Date.AddDays(1).AddHours(1), TimeSpan.Zero));
        Assert.True((await _community.RunAsync("daily", day))["grants"]!.GetValue<int>() > 0);
        Assert.True((await StatsAsync(member))["rewards"]!["scrollCoin"]!.GetValue<decimal>() > balance);
    }
}
