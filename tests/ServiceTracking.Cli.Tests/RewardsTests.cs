namespace ServiceTracking.Cli.Tests;

public sealed class RewardsTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Rewards_ShowTheRealTimeGrantWithItsInputs_AndStatsShowTheBalanceAndBadge()
    {
        var address = await _cli.SignUpAsync();
        await _cli.RunAsync("record", "--type", "CONTENT_CREATION", "--subtype", "tutorial", "--details", """{"title":"Sacred Geometry"}""");

        var rewards = await _cli.RunAsync("rewards");
        var json = await _cli.RunAsync("rewards", "--json");
        var stats = await _cli.RunAsync("stats", address);

        Assert.Equal(0, rewards.Code);
        Assert.Contains("60.000000 ScrollCoin, 0.000000 BlessingCoin, 1 badge(s): first-contribution", rewards.Out, StringComparison.Ordinal);
        Assert.Contains("realtime 60.000 pts × decay 1 (0 d)", rewards.Out, StringComparison.Ordinal);
        Assert.Equal(2, json.Json()["grants"]!.AsArray().Count);
        Assert.Contains("rewards:       60.000000 ScrollCoin", stats.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rewards_WhenSignedOut_ExitsWith1()
    {
        var result = await _cli.RunAsync("rewards");

        Assert.Equal(1, result.Code);
        Assert.Contains("svtrack login", result.Error, StringComparison.Ordinal);
    }
}
