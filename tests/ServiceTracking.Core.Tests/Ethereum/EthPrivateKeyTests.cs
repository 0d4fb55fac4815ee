using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Tests.Ethereum;

public sealed class EthPrivateKeyTests
{
    private const string Hardhat0Key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static readonly EthAddress Hardhat0 = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    [Theory]
    [InlineData(Hardhat0Key)]
    [InlineData("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")]
    [InlineData("0XAC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAE784D7BF4F2FF80")]
    public void FromHex_HardhatAccount0_HasKnownAddress(string hex)
    {
        var key = EthPrivateKey.FromHex(hex);

        Assert.Equal(Hardhat0, key.Address);
        Assert.Equal(Hardhat0Key, key.ToHex());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff8")]
    [InlineData("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff800")]
    [InlineData("0xzc0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    public void FromHex_NotAKeyInRange_ThrowsFormatException(string hex)
    {
        Assert.Throws<FormatException>(() => EthPrivateKey.FromHex(hex));
    }

    [Fact]
    public void SignPersonalMessage_Hello_MatchesEthersSignature()
    {
        var signature = EthPrivateKey.FromHex(Hardhat0Key).SignPersonalMessage("hello"u8);

        Assert.Equal(
            "f16ea9a3478698f695fd1401bfe27e9e4a7e8e3da94aa72b021125e31fa899cc573c48ea3fe1d4ab61a9db10c19032026e3ed2dbccba5a178235ac27f94504311c",
            Convert.ToHexStringLower(signature));
    }

    [Fact]
    public void SignHash_GeneratedKey_RecoversToItsAddress()
    {
        var key = EthPrivateKey.Generate();
        var hash = Keccak256.Hash("checkpoint"u8);

        Assert.True(EthSignature.TryRecover(hash, key.SignHash(hash), out var signer));
        Assert.Equal(key.Address, signer);
    }

    [Fact]
    public void Generate_TwoCalls_GiveDifferentKeys()
    {
        Assert.NotEqual(EthPrivateKey.Generate().ToHex(), EthPrivateKey.Generate().ToHex());
    }

    [Fact]
    public void PublicKey_Mutated_DoesNotChangeKey()
    {
        var key = EthPrivateKey.FromHex(Hardhat0Key);
        key.PublicKey[1] ^= 1;

        Assert.Equal(Hardhat0, EthAddress.FromPublicKey(key.PublicKey));
    }

    [Fact]
    public void ToString_Always_ShowsAddressNotKey()
    {
        var text = EthPrivateKey.FromHex(Hardhat0Key).ToString();

        Assert.Equal(Hardhat0.ToChecksumString(), text);
        Assert.DoesNotContain("ac0974", text, StringComparison.OrdinalIgnoreCase);
    }
}
