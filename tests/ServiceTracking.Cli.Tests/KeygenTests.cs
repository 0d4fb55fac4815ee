using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Cli.Tests;

public sealed class KeygenTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Keygen_WritesAParseableKeyFileOnlyItsOwnerCanRead()
    {
        var result = await _cli.RunAsync("keygen");

        Assert.Equal(0, result.Code);
        var path = _cli.PathInHome("key.json");
        var key = KeyFile.Parse(await File.ReadAllTextAsync(path));
        Assert.StartsWith(key.Address.ToChecksumString(), result.Out, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task Keygen_ExistingKey_IsKeptWithoutForceAndReplacedWithForce()
    {
        var path = Path.Combine(_cli.Home, "keys", "mine.json");
        Assert.Equal(0, (await _cli.RunAsync("keygen", "--out", path)).Code);
        var original = await File.ReadAllTextAsync(path);

        var refused = await _cli.RunAsync("keygen", "--out", path);
        Assert.Equal(1, refused.Code);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllTextAsync(path));

        var forced = await _cli.RunAsync("keygen", "--out", path, "--force");
        Assert.Equal(0, forced.Code);
        Assert.NotEqual(original, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Keygen_Json_PrintsTheAddressAndPath()
    {
        var result = await _cli.RunAsync("keygen", "--json");

        var json = result.Json();
        Assert.True(EthAddress.TryParse(json["address"]!.GetValue<string>(), out _));
        Assert.Equal(_cli.PathInHome("key.json"), json["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_SavesTheSessionForTheKeysAddressWithMode600()
    {
        var address = await _cli.SignUpAsync();

        var path = _cli.PathInHome("session.json");
        var session = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.Equal(address, session["address"]!.GetValue<string>());
        Assert.Equal(CliHarness.Server, session["server"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(session["token"]!.GetValue<string>()));
        Assert.True(session["expiresAt"]!.GetValue<long>() > _cli.Host.Clock.GetUtcNow().ToUnixTimeSeconds());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task Login_WithoutAKey_ExitsWith1AndSaysToRunKeygen()
    {
        var result = await _cli.RunAsync("login");

        Assert.Equal(1, result.Code);
        Assert.Contains("svtrack keygen", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.PathInHome("session.json")));
    }
}
