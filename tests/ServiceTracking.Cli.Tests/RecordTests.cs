namespace ServiceTracking.Cli.Tests;

public sealed class RecordTests : IDisposable
{
    private const string Details = """{"title":"Guide to Sacred Geometry","url":"https://scrollverse.com/guides/sacred-geometry"}""";

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Record_AfterLogin_IsCreatedAndShowsUpInStatsAndTheLeaderboard()
    {
        var address = await _cli.SignUpAsync();

        var record = await _cli.RunAsync("record", "--type", "CONTENT_CREATION", "--subtype", "tutorial", "--details", Details);

        Assert.True(record.Code == 0, record.ToString());
        var recordId = RecordIdIn(record.Out);
        Assert.Contains("Recorded", record.Out, StringComparison.Ordinal);
        Assert.Contains("verified", record.Out, StringComparison.Ordinal);
        Assert.Contains("60 × 1.0 × (1 + 0 + 0.00) = 60.00", record.Out, StringComparison.Ordinal);

        var stats = await _cli.RunAsync("stats");
        Assert.True(stats.Code == 0, stats.ToString());
        Assert.Contains(address, stats.Out, StringComparison.Ordinal);
        Assert.Contains(recordId, stats.Out, StringComparison.Ordinal);
        Assert.Contains("#1", stats.Out, StringComparison.Ordinal);

        var board = await _cli.RunAsync("leaderboard");
        Assert.True(board.Code == 0, board.ToString());
        Assert.Contains(address, board.Out, StringComparison.Ordinal);
        Assert.Contains("60", board.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_UnknownSubtype_PrintsTheServersProblemAndExitsWith1()
    {
        await _cli.SignUpAsync();

        var result = await _cli.RunAsync("record", "--type", "CONTENT_CREATION", "--subtype", "interpretive_dance", "--details", Details);

        Assert.Equal(1, result.Code);
        Assert.Contains("Invalid request (400)", result.Error, StringComparison.Ordinal);
        Assert.Contains("subtype: Unknown type/subtype 'CONTENT_CREATION/interpretive_dance'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_Json_PrintsTheServersResponse()
    {
        await _cli.SignUpAsync();

        var result = await _cli.RunAsync("record", "--json", "--type", "TECHNICAL_CONTRIBUTION", "--subtype", "code_review", "--details", Details);

        Assert.True(result.Code == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(66, json["recordId"]!.GetValue<string>().Length);
        Assert.Equal("verified", json["status"]!.GetValue<string>());
        Assert.Equal(25m, json["impactScore"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Record_JsonOnAProblem_PrintsTheProblemJsonAndExitsWith1()
    {
        await _cli.SignUpAsync();

        var result = await _cli.RunAsync("record", "--type", "NOPE", "--subtype", "nope", "--details", "{}", "--json");

        Assert.Equal(1, result.Code);
        var problem = result.Json();
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.NotNull(problem["errors"]!["subtype"]);
    }

    [Fact]
    public async Task Record_FromFile_SignsAndRecordsTheFilesContribution()
    {
        await _cli.SignUpAsync();
        var performedAt = _cli.Host.Clock.GetUtcNow().AddDays(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var file = _cli.PathInHome("contribution.json");
        // Loose formatting and non-ASCII text: what is hashed must be exactly what is sent.
        await File.WriteAllTextAsync(file, $$"""
            {
              "type": "HEALING_SESSION",
              "subtype": "individual_session",
              "details": { "title": "Atem & Stille — Grüße", "minutes": 45, "tags": [ "breath", "<calm>" ] },
              "performedAt": "{{performedAt}}",
              "nonce": 42
            }
            """);

        var result = await _cli.RunAsync("record", "--from", file, "--json");

        Assert.True(result.Code == 0, result.ToString());
        var recordId = result.Json()["recordId"]!.GetValue<string>();
        var stats = (await _cli.RunAsync("stats", "--json")).Json();
        var recorded = stats["contributions"]!.AsArray().Single(c => c!["recordId"]!.GetValue<string>() == recordId)!;
        Assert.Equal(42, recorded["nonce"]!.GetValue<long>());
        Assert.Equal("Atem & Stille — Grüße", recorded["details"]!["title"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse(performedAt, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), recorded["performedAt"]!.GetValue<long>());
    }

    [Fact]
    public async Task Record_WithACid_SignsTheCidsDigestAsContentHash()
    {
        await _cli.SignUpAsync();
        const string cid = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG";

        var result = await _cli.RunAsync("record", "--json", "--type", "CONTENT_CREATION", "--subtype", "video", "--details", Details, "--cid", cid);

        Assert.True(result.Code == 0, result.ToString());
        var stats = (await _cli.RunAsync("stats", "--json")).Json();
        Assert.Equal(cid, stats["contributions"]![0]!["contentCid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Record_TheSameSignedContributionTwice_IsAlreadyRecordedTheSecondTime()
    {
        await _cli.SignUpAsync();
        var at = _cli.Host.Clock.GetUtcNow().AddHours(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] args = ["record", "--type", "TEACHING", "--subtype", "mentoring", "--details", Details, "--performed-at", at, "--nonce", "7"];

        var first = await _cli.RunAsync(args);
        var second = await _cli.RunAsync(args);

        Assert.True(first.Code == 0 && second.Code == 0, second.ToString());
        Assert.Equal(RecordIdIn(first.Out), RecordIdIn(second.Out));
        Assert.Contains("Already recorded", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_WithoutLogin_ExitsWith1AndSaysToLogIn()
    {
        await _cli.RunAsync("keygen");

        var result = await _cli.RunAsync("record", "--type", "TEACHING", "--subtype", "mentoring", "--details", Details);

        Assert.Equal(1, result.Code);
        Assert.Contains("svtrack login", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_OnAnotherServerThanTheSessions_ExitsWith1AndSendsNothing()
    {
        await _cli.SignUpAsync();

        var result = await _cli.RunAsync("record", "--server", "http://127.0.0.1:5999", "--type", "TEACHING", "--subtype", "mentoring", "--details", Details);

        Assert.Equal(1, result.Code);
        Assert.Contains("svtrack login --server http://127.0.0.1:5999", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("record", "--type", "TEACHING", "--details", "{}")]
    [InlineData("record", "--type", "TEACHING", "--subtype", "mentoring")]
    [InlineData("record", "--type", "TEACHING", "--subtype", "mentoring", "--details", "{}", "--details-file", "d.json")]
    [InlineData("record", "--from", "c.json", "--type", "TEACHING")]
    [InlineData("record", "--type", "TEACHING", "--subtype", "mentoring", "--details", "[1,2]")]
    [InlineData("record", "--type", "TEACHING", "--subtype", "mentoring", "--details", "{\"title\":")]
    [InlineData("record", "--type", "TEACHING", "--subtype", "mentoring", "--details", "{}", "--performed-at", "yesterday")]
    [InlineData("record", "--type", "TEACHING", "--subtype", "mentoring", "--details", "{}", "--cid", "not-a-cid")]
    [InlineData("record", "--type", "TEACHING", "--subtype", "mentoring", "--details", "{}", "--nonce", "-1")]
    public async Task Record_WrongArguments_AreAUsageErrorAndSendNothing(params string[] args)
    {
        await _cli.SignUpAsync();

        var result = await _cli.RunAsync(args);

        Assert.Equal(2, result.Code);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        var stats = await _cli.RunAsync("stats", "--json"); // nothing recorded: one's own standing is empty
        Assert.True(stats.Code == 0, stats.ToString());
        Assert.Equal(0, stats.Json()["metrics"]!["totalContributions"]!.GetValue<int>());
        Assert.Empty(stats.Json()["contributions"]!.AsArray());
    }

    private static string RecordIdIn(string output)
    {
        var line = output.Split('\n').Single(l => l.TrimStart().StartsWith("record:", StringComparison.Ordinal));
        var id = line.Split(':', 2)[1].Trim();
        Assert.Matches("^0x[0-9a-f]{64}$", id);
        return id;
    }
}
