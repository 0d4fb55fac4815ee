using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Tests.Ethereum;

public sealed class EthAddressTests
{
    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void ToChecksumString_LowercasedEip55Example_RestoresChecksum(string checksummed)
    {
        var address = EthAddress.Parse(checksummed.ToLowerInvariant());

        Assert.Equal(checksummed, address.ToChecksumString());
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void TryParse_CorrectChecksum_Accepts(string checksummed)
    {
        Assert.True(EthAddress.TryParse(checksummed, out _));
    }

    [Theory]
    [InlineData("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // first letter's case flipped
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9adb")] // last letter's case flipped
    public void TryParse_WrongChecksumMixedCase_Rejects(string text)
    {
        Assert.False(EthAddress.TryParse(text, out _));
    }

    [Fact]
    public void FromPublicKey_HardhatAccount0_HasKnownAddress()
    {
        var key = EthPrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", EthAddress.FromPublicKey(key.PublicKey).ToChecksumString());
    }
}
