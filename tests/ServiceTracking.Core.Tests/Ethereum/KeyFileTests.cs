using System.Text.Json;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Tests.Ethereum;

public sealed class KeyFileTests
{
    private const string Hardhat0Key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private const string Hardhat0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    [Fact]
    public void Serialize_HardhatAccount0_WritesAddressAndKey()
    {
        using var document = JsonDocument.Parse(KeyFile.Serialize(EthPrivateKey.FromHex(Hardhat0Key)));

        Assert.Equal(Hardhat0, document.RootElement.GetProperty("address").GetString());
        Assert.Equal(Hardhat0Key, document.RootElement.GetProperty("privateKey").GetString());
    }

    [Fact]
    public void Serialize_Always_WritesOneCompactLine()
    {
        Assert.Equal(
            "{\"address\":\"" + Hardhat0 + "\",\"privateKey\":\"" + Hardhat0Key + "\"}\n",
            KeyFile.Serialize(EthPrivateKey.FromHex(Hardhat0Key)));
    }

    [Fact]
    public void Parse_SerializedGeneratedKey_RoundTrips()
    {
        var key = EthPrivateKey.Generate();

        var parsed = KeyFile.Parse(KeyFile.Serialize(key));

        Assert.Equal(key.ToHex(), parsed.ToHex());
        Assert.Equal(key.Address, parsed.Address);
    }

    [Theory]
    [InlineData(Hardhat0Key)]
    [InlineData("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\n")]
    [InlineData("  " + Hardhat0Key + "\r\n")]
    [InlineData("{\"privateKey\":\"" + Hardhat0Key + "\"}")]
    public void Parse_BareHexOrJsonWithoutAddress_ReadsKey(string text)
    {
        Assert.Equal(Hardhat0, KeyFile.Parse(text).Address.ToChecksumString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{}")]
    [InlineData("{\"privateKey\":42}")]
    [InlineData("{\"address\":\"0x0000000000000000000000000000000000000001\",\"privateKey\":\"" + Hardhat0Key + "\"}")]
    [InlineData("{\"address\":\"not an address\",\"privateKey\":\"" + Hardhat0Key + "\"}")]
    [InlineData("{\"privateKey\":\"0x00\"}")]
    public void Parse_MalformedOrMismatched_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => KeyFile.Parse(text));
    }
}
