using System.Net.Http.Json;

namespace ServiceTracking.Cli.Tests;

public sealed class ReadTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task StatsAndLeaderboard_Json_PrintTheServersJson()
    {
        var address = await _cli.SignUpAsync();
        await _cli.RunAsync("record", "--type", "GOVERNANCE_PARTICIPATION", "--subtype", "voting", "--details", """{"proposal":7}""");

        var stats = await _cli.RunAsync("stats", address, "--json");
        var board = await _cli.RunAsync("leaderboard", "--period", "weekly", "--limit", "10", "--json");

        Assert.Equal(address, stats.Json()["address"]!.GetValue<string>());
        Assert.Equal(1, stats.Json()["metrics"]!["totalContributions"]!.GetValue<int>());
        Assert.Equal("weekly", board.Json()["periodType"]!.GetValue<string>());
        Assert.Equal(address, board.Json()["leaderboard"]![0]!["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stats_OfAPrivateContributorWhenSignedOut_ShowsThePseudonymOnly()
    {
        var address = await _cli.SignUpAsync();
        await _cli.RunAsync("record", "--type", "GOVERNANCE_PARTICIPATION", "--subtype", "voting", "--details", "{}");
        File.Delete(_cli.PathInHome("session.json"));

        var stats = await _cli.RunAsync("stats", address);

        Assert.Equal(0, stats.Code);
        Assert.Contains("(private profile)", stats.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(address, stats.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_WithoutAddressOrSession_ExitsWith1()
    {
        var result = await _cli.RunAsync("stats");

        Assert.Equal(1, result.Code);
        Assert.Contains("svtrack login", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaderboard_UnknownPeriod_IsAUsageError()
    {
        var result = await _cli.RunAsync("leaderboard", "--period", "yearly");

        Assert.Equal(2, result.Code);
    }

    [Fact]
    public async Task Leaderboard_BadPeriodLabel_PrintsTheServersProblemAndExitsWith1()
    {
        var result = await _cli.RunAsync("leaderboard", "--period", "weekly", "--at", "someday");

        Assert.Equal(1, result.Code);
        Assert.Contains("at: 'someday' is not a weekly period label", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServer_ExitsWith3()
    {
        var result = await _cli.RunAsync(_ => new HttpClient(), "leaderboard", "--server", "http://127.0.0.1:1");

        Assert.Equal(3, result.Code);
        Assert.Contains("cannot reach the server", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_SignsInFreshContributorsAndRecordsTheirContributions()
    {
        var result = await _cli.RunAsync("demo", "--contributors", "3", "--days", "2", "--seed", "1", "--json");

        Assert.True(result.Code == 0, result.ToString());
        var summary = result.Json();
        var contributors = summary["contributors"]!.AsArray();
        Assert.Equal(3, contributors.Count);
        Assert.Equal(2, contributors.Count(c => c!["public"]!.GetValue<bool>()));
        Assert.True(summary["recorded"]!.GetValue<int>() >= 3);

        using var http = _cli.Host.CreateClient();
        var community = await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/service-tracking/community");
        Assert.Equal(summary["verified"]!.GetValue<int>(), community!["ecosystem"]!["totalContributions"]!.GetValue<int>());
        var board = (await _cli.RunAsync("leaderboard")).Out;
        Assert.Contains(contributors[0]!["displayName"]!.GetValue<string>(), board, StringComparison.Ordinal);
    }
}
