using System.Globalization;
using System.Text.Json.Nodes;

namespace ServiceTracking.Server.Tests;

/// <summary>The scheduler inside the service: each distribution on time, and every missed one after downtime, oldest first.</summary>
public sealed class RewardSchedulerTests : IAsyncLifetime
{
    private Community _community = null!;

    public async Task InitializeAsync() => _community = await Community.StartAsync(scheduler: true);

    public async Task DisposeAsync() => await _community.DisposeAsync();

    private DateTimeOffset Now => _community.Host.Clock.GetUtcNow();

    [Fact]
    public async Task DailyBatch_RunsAtMidnight_ByItself()
    {
        var member = await _community.MemberAsync();
        await member.RecordAsync("GOVERNANCE_PARTICIPATION", "voting");
        var day = Label(Now);

        _community.Host.Clock.SetUtcNow(new DateTimeOffset(Now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero));

        await WaitForRunAsync("daily", day);
        var grants = (await Community.RewardsAsync(member))["grants"]!.AsArray();
        Assert.Single(grants, g => g!["schedule"]!.GetValue<string>() == "daily" && g["period"]!.GetValue<string>() == day);
    }

    [Fact]
    public async Task AfterAGapOfSeveralDays_EveryMissedRunCatchesUp_AndPaysOnce()
    {
        var member = await _community.MemberAsync();
        var first = Label(Now);
        await member.RecordAsync("GOVERNANCE_PARTICIPATION", "voting");

        // Down for four days: one jump of the clock, then the scheduler wakes up.
        _community.Host.Clock.SetUtcNow(new DateTimeOffset(Now.UtcDateTime.Date.AddDays(4).AddHours(6), TimeSpan.Zero));
        var last = Label(Now.AddDays(-1));
        await WaitForRunAsync("daily", last);

        var runs = await RunsAsync();
        var daily = runs.Where(r => r["schedule"]!.GetValue<string>() == "daily").Select(r => r["period"]!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Range(0, 4).Select(d => Label(Now.AddDays(-4 + d))), daily.Order(StringComparer.Ordinal));
        Assert.All(runs, r => Assert.NotNull(r["completedAt"]));
        // Every missed day ran (their order, oldest first, is RewardSchedules.EndedSince's, tested in Core); what was owed was paid once.
        var grants = (await Community.RewardsAsync(member))["grants"]!.AsArray();
        var paid = Assert.Single(grants, g => g!["schedule"]!.GetValue<string>() == "daily")!;
        Assert.Equal(first, paid["period"]!.GetValue<string>());
    }

    private static string Label(DateTimeOffset at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<List<JsonNode>> RunsAsync() =>
        JsonNode.Parse(await _community.Admin.Http.GetStringAsync("/api/v1/admin/rewards/runs"))!.AsArray().Select(r => r!).ToList();

    private async Task WaitForRunAsync(string schedule, string period)
    {
        for (var i = 0; i < 300; i++)
        {
            if ((await RunsAsync()).Any(r => r["schedule"]!.GetValue<string>() == schedule && r["period"]!.GetValue<string>() == period && r["completedAt"] is not null))
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"The {schedule} run for {period} did not complete.");
    }
}
