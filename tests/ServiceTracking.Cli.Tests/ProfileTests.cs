using System.Text;
using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Server.Tests;

namespace ServiceTracking.Cli.Tests;

/// <summary><c>svtrack profile export|erase|access-log</c> against the real service.</summary>
public sealed class ProfileTests : IDisposable
{
    private const string Details = """{"title": "Guide to Sacred Geometry", "note": "caf\u00e9 ✨"}""";

    private readonly EthPrivateKey _admin = EthPrivateKey.Generate();

    private readonly CliHarness _cli;

    public ProfileTests() => _cli = new CliHarness(new Dictionary<string, string?> { ["Auth:Admins:0"] = _admin.Address.ToLowerHex() });

    public void Dispose() => _cli.Dispose();

    private async Task<string> RecordAsync()
    {
        var record = await _cli.RunAsync("record", "--json", "--type", "CONTENT_CREATION", "--subtype", "tutorial", "--details", Details);
        Assert.True(record.Code == 0, record.ToString());
        return record.Json()["recordId"]!.GetValue<string>();
    }

    /// <summary>The details are the very text signed (svtrack signs them compacted): their keccak is the signed hash.</summary>
    private static void AssertDetailsAsSigned(JsonElement contribution)
    {
        var details = contribution.GetProperty("details");
        Assert.Equal("café ✨", details.GetProperty("note").GetString());
        Assert.Equal("0x" + Convert.ToHexStringLower(Keccak256.Hash(Encoding.UTF8.GetBytes(details.GetRawText()))), contribution.GetProperty("detailsHash").GetString());
    }

    [Fact]
    public async Task ProfileExport_ToAFile_WritesTheWholeDocumentReadableByTheOwnerOnly_AndSaysWhatItHolds()
    {
        var address = await _cli.SignUpAsync();
        var recordId = await RecordAsync();
        var file = Path.Combine(_cli.Home, "exports", "me.json");

        var result = await _cli.RunAsync("profile", "export", "--out", file);

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains(file, result.Out, StringComparison.Ordinal);
        Assert.Contains("1 contribution(s), 2 grant(s), 1 badge(s), 0 read(s)", result.Out, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.Equal([file], Directory.GetFiles(Path.GetDirectoryName(file)!)); // no temporary file left beside it
        using var export = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(address, export.RootElement.GetProperty("profile").GetProperty("address").GetString());
        var contribution = export.RootElement.GetProperty("contributions").EnumerateArray().Single();
        Assert.Equal(recordId, contribution.GetProperty("recordId").GetString());
        AssertDetailsAsSigned(contribution);
        Assert.True(export.RootElement.GetProperty("receipts").TryGetProperty(recordId, out _));
        Assert.True(export.RootElement.GetProperty("auditTrails").TryGetProperty(recordId, out _));
    }

    [Fact]
    public async Task ProfileExport_WithoutOut_PrintsTheDocument_AndSignedOutItExitsWith1()
    {
        var address = await _cli.SignUpAsync();
        await RecordAsync();

        var printed = await _cli.RunAsync("profile", "export");

        Assert.True(printed.Code == 0, printed.ToString());
        Assert.Equal(address, printed.Json()["profile"]!["address"]!.GetValue<string>());
        AssertDetailsAsSigned(JsonDocument.Parse(printed.Out).RootElement.GetProperty("contributions")[0]);

        File.Delete(_cli.PathInHome("session.json"));
        var signedOut = await _cli.RunAsync("profile", "export", "--out", _cli.PathInHome("never.json"));
        Assert.Equal(1, signedOut.Code);
        Assert.Contains("svtrack login", signedOut.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.PathInHome("never.json")));
    }

    [Fact]
    public async Task ProfileAccessLog_ShowsWhoElseReadTheDetails()
    {
        await _cli.SignUpAsync();
        var recordId = await RecordAsync();
        var admin = await new Wallet(_cli.Host, _admin).SignInAsync();
        Assert.True((await admin.Http.GetAsync($"/api/v1/service-tracking/contributions/{recordId}")).IsSuccessStatusCode);

        var text = await _cli.RunAsync("profile", "access-log");
        var json = await _cli.RunAsync("profile", "access-log", "--json");

        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains(admin.Address.ToChecksumString(), text.Out, StringComparison.Ordinal);
        Assert.Contains("admin", text.Out, StringComparison.Ordinal);
        Assert.Contains(recordId, text.Out, StringComparison.Ordinal);
        var entry = json.Json()["entries"]!.AsArray().Single()!;
        Assert.Equal("details", entry["what"]!.GetValue<string>());
    }

    [Fact]
    public async Task ProfileAccessLog_WhenNobodyElseRead_SaysSo()
    {
        await _cli.SignUpAsync();
        await RecordAsync();

        var result = await _cli.RunAsync("profile", "access-log");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("Nobody else has read your details.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfileErase_WithoutYes_RefusesWithExitCode2_ExplainsErasure_AndSendsNothing()
    {
        var address = await _cli.SignUpAsync();
        await RecordAsync();

        var result = await _cli.RunAsync("profile", "erase");

        Assert.Equal(2, result.Code);
        Assert.Contains("--yes", result.Error, StringComparison.Ordinal);
        Assert.Contains("cannot be undone", result.Error, StringComparison.Ordinal);
        Assert.Contains("svtrack profile export", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync("stats", address)).Code);
    }

    // Runs against DELETE /api/v1/profile (API "Profiles"), which is built on main: 200 {"erased", "ledgerIndex"}.
    [Fact]
    public async Task ProfileErase_WithYes_ErasesRemovesTheSession_AndASecondErasureFindsNothing()
    {
        var address = await _cli.SignUpAsync();
        await RecordAsync();

        var erased = await _cli.RunAsync("profile", "erase", "--yes");

        Assert.True(erased.Code == 0, erased.ToString());
        Assert.Contains($"Erased everything held about {address}", erased.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.PathInHome("session.json")));
        Assert.Equal(1, (await _cli.RunAsync("stats", address)).Code); // no stats: 404

        Assert.Equal(0, (await _cli.RunAsync("login")).Code);
        var again = await _cli.RunAsync("profile", "erase", "--yes", "--json");
        Assert.True(again.Code == 0, again.ToString());
        Assert.False(again.Json()["erased"]!.GetValue<bool>());
        Assert.Null(again.Json()["ledgerIndex"]);
        var text = await _cli.RunAsync("profile", "erase", "--yes");
        Assert.Contains("Nothing to erase", text.Out, StringComparison.Ordinal);
    }

    // Runs against DELETE /api/v1/profile: a sign-in older than a few minutes is refused with a 401 or 403 problem.
    [Fact]
    public async Task ProfileErase_AfterAStaleSignIn_PrintsTheProblem_AndSaysToLogInAgain()
    {
        var address = await _cli.SignUpAsync();
        await RecordAsync();
        _cli.Host.Clock.Advance(TimeSpan.FromHours(1)); // the token is still valid (12 h); the sign-in is no longer fresh

        var result = await _cli.RunAsync("profile", "erase", "--yes");

        Assert.Equal(1, result.Code);
        Assert.Matches(@"error: .+ \((401|403)\)", result.Error);
        Assert.Matches(@"\n  \S", result.Error); // the problem's detail, indented under it
        Assert.Contains("svtrack login", result.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(_cli.PathInHome("session.json")));
        Assert.Equal(0, (await _cli.RunAsync("stats", address)).Code); // nothing was erased
    }
}
