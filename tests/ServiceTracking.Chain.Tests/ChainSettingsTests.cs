using Microsoft.Extensions.Configuration;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests;

public sealed class ChainSettingsTests
{
    private const string Key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private static ChainSettings Valid => new()
    {
        RpcUrl = "http://127.0.0.1:8545/v3/api-key-123",
        ChainId = 31337,
        RegistryAddress = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        SignerKey = Key,
    };

    [Fact]
    public void Defaults_AreChain1_AnchorModeEvery60SecondsOr10000Entries()
    {
        var settings = new ChainSettings();

        Assert.False(settings.Enabled);
        Assert.Equal(1, settings.ChainId);
        Assert.Equal(ChainMode.Anchor, settings.ParsedMode);
        Assert.Equal(60, settings.AnchorInterval);
        Assert.Equal(10_000, settings.AnchorEveryEntries);
        Assert.Empty(settings.Validate());
    }

    [Fact]
    public void Bind_FromConfiguration_ReadsEveryKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chain:RpcUrl"] = "http://127.0.0.1:8545",
            ["Chain:ChainId"] = "31337",
            ["Chain:RegistryAddress"] = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            ["Chain:SignerKeyFile"] = "/run/secrets/chain-key",
            ["Chain:Mode"] = "per-record",
            ["Chain:AnchorInterval"] = "15",
            ["Chain:AnchorEveryEntries"] = "500",
        }).Build();

        var settings = configuration.GetSection(ChainSettings.SectionName).Get<ChainSettings>()!;

        Assert.Equal(ChainMode.PerRecord, settings.ParsedMode);
        Assert.Equal((31337L, 15, 500L), (settings.ChainId, settings.AnchorInterval, settings.AnchorEveryEntries));
        Assert.Equal("/run/secrets/chain-key", settings.SignerKeyFile);
        Assert.Empty(settings.Validate());
    }

    [Fact]
    public void ToString_HidesTheKeyAndTheUrlsPath()
    {
        var text = Valid.ToString();

        Assert.DoesNotContain(Key[2..], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("api-key-123", text, StringComparison.Ordinal);
        Assert.Contains("SignerKey = (set, hidden)", text, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8545", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReportsEveryProblem()
    {
        var settings = Valid with { RpcUrl = "ftp://x", ChainId = 0, RegistryAddress = "0x1234", SignerKeyFile = "/k", Mode = "sometimes", AnchorInterval = 0, AnchorEveryEntries = 0 };

        var problems = settings.Validate();

        Assert.Equal(7, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("Chain:", p, StringComparison.Ordinal));
    }

    [Fact]
    public void LoadSignerKey_FromAKeyFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, KeyFile.Serialize(EthPrivateKey.FromHex(Key)));
            var key = (Valid with { SignerKey = null, SignerKeyFile = path }).LoadSignerKey();

            Assert.Equal(EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), key.Address);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadSignerKey_Malformed_DoesNotEchoTheText()
    {
        var error = Assert.Throws<FormatException>(() => (Valid with { SignerKey = "0xsecretbutwrong" }).LoadSignerKey());

        Assert.DoesNotContain("secretbutwrong", error.Message, StringComparison.Ordinal);
    }
}
