using System.Text.Json.Nodes;

namespace ServiceTracking.Server.Tests;

/// <summary>The newcomer's daily limit of auto-verified claims (docs/antigaming.md "Review"), through the real pipeline.</summary>
public sealed class DailyLimitTests : IAsyncLifetime
{
    private const int Limit = 10; // the shipped catalog's trust.newcomerDailyAutoVerified

    private Community _community = null!;

    // Ten minutes before a UTC midnight that has passed for an hour or more, tokens living two days: signed tokens are
    // checked against the real time (ServiceHost.Clock), so a test may move the clock to the next UTC day and sign in again.
    public async Task InitializeAsync() => _community = await Community.StartAsync(
        settings: new Dictionary<string, string?> { ["Auth:TokenLifetimeMinutes"] = "2880" },
        start: new DateTimeOffset(TimeProvider.System.GetUtcNow().AddHours(-1).UtcDateTime.Date, TimeSpan.Zero).AddMinutes(-10));

    public async Task DisposeAsync() => await _community.DisposeAsync();

    private static string Status(JsonObject recorded) => recorded["status"]!.GetValue<string>();

    private async Task<string?> QueueReasonAsync(string recordId)
    {
        var queue = await Wallet.JsonAsync(await _community.Verifier.Http.GetAsync("/api/v1/review/queue?limit=100"));
        return queue["items"]!.AsArray().SingleOrDefault(i => i!["contribution"]!["recordId"]!.GetValue<string>() == recordId)?["queueReason"]!.GetValue<string>();
    }

    [Fact]
    public async Task NewAddress_ClaimBeyondTheDaysLimit_WaitsForReview_AndTheNextUtcDayIsAutoVerifiedAgain()
    {
        var newcomer = await _community.MemberAsync();
        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal("verified", Status(await newcomer.RecordAsync())); // tutorials: 60 each, below newcomerReviewImpact
        }

        var beyond = await newcomer.RecordAsync();
        Assert.Equal("under_review", Status(beyond));
        Assert.Equal("daily_limit", await QueueReasonAsync(beyond["recordId"]!.GetValue<string>()));

        // Service performed on earlier days counts on the day it is recorded: spreading claims over the past gains nothing.
        var yesterday = (ulong)_community.Host.Clock.GetUtcNow().AddDays(-1).ToUnixTimeSeconds();
        var backdated = await newcomer.RecordAsync(performedAt: yesterday);
        Assert.Equal("under_review", Status(backdated));
        Assert.Equal("daily_limit", await QueueReasonAsync(backdated["recordId"]!.GetValue<string>()));

        // Reviewers approving the waiting claim (two: its author is below good standing) free no place in the day: it was not auto-verified.
        Assert.Equal("under_review", Status(await Wallet.JsonAsync(await _community.Elder.ApproveAsync(beyond["recordId"]!.GetValue<string>(), "Seen it"))));
        Assert.Equal("verified", Status(await Wallet.JsonAsync(await _community.Verifier.ApproveAsync(beyond["recordId"]!.GetValue<string>(), "Seen it too"))));
        Assert.Equal("under_review", Status(await newcomer.RecordAsync()));

        var now = _community.Host.Clock.GetUtcNow();
        _community.Host.Clock.Advance(now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime + TimeSpan.FromMinutes(1));
        await newcomer.SignInAsync();
        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal("verified", Status(await newcomer.RecordAsync()));
        }
        var nextBeyond = await newcomer.RecordAsync();
        Assert.Equal("under_review", Status(nextBeyond));
        Assert.Equal("daily_limit", await QueueReasonAsync(nextBeyond["recordId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task VouchedAddresses_AndOfficials_AreNotLimited()
    {
        var vouched = await _community.TrustedMemberAsync();
        foreach (var member in new[] { vouched, _community.Curator })
        {
            for (var i = 0; i <= Limit + 2; i++)
            {
                Assert.Equal("verified", Status(await member.RecordAsync()));
            }
        }
    }

    [Fact]
    public async Task VouchingForAnAddressAtItsLimit_LiftsTheLimitAtOnce()
    {
        var newcomer = await _community.MemberAsync();
        for (var i = 0; i < Limit; i++)
        {
            await newcomer.RecordAsync();
        }
        Assert.Equal("under_review", Status(await newcomer.RecordAsync()));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _community.Elder.PostAsync($"/api/v1/contributors/{newcomer.Address}/vouch")).StatusCode);
        Assert.Equal("verified", Status(await newcomer.RecordAsync()));
    }
}
