using System.Numerics;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Tests.Ethereum;

public sealed class EthSignatureTests
{
    private static readonly EthAddress Hardhat0 = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    // ethers v6: new Wallet(hardhat key 0).signMessage("hello").
    private const string HelloSignature =
        "0xf16ea9a3478698f695fd1401bfe27e9e4a7e8e3da94aa72b021125e31fa899cc573c48ea3fe1d4ab61a9db10c19032026e3ed2dbccba5a178235ac27f94504311c";

    private static readonly byte[] HelloHash = Eip191.HashPersonalMessage("hello"u8);

    private static byte[] Hello()
    {
        Assert.True(EthSignature.TryParse(HelloSignature, out var signature));
        return signature;
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void TryRecover_EthersPersonalSignVector_RecoversHardhatAccount0(string backend)
    {
        Assert.True(EthSignature.TryRecover(HelloHash, Hello(), out var signer, Backends.Get(backend)));
        Assert.Equal(Hardhat0, signer);
    }

    [Fact]
    public void RecoverPersonalSign_EthersVector_RecoversHardhatAccount0()
    {
        Assert.Equal(Hardhat0, EthSignature.RecoverPersonalSign("hello"u8, Hello()));
    }

    [Fact]
    public void RecoverPersonalSign_OtherMessage_RecoversSomeoneElse()
    {
        Assert.NotEqual(Hardhat0, EthSignature.RecoverPersonalSign("hellO"u8, Hello()));
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void TryRecover_VZeroOrOne_RefusedAsByOpenZeppelin(string backend)
    {
        var signature = Hello();
        signature[64] -= 27;

        Assert.False(EthSignature.TryRecover(HelloHash, signature, out _, Backends.Get(backend)));
    }

    [Fact]
    public void RecoverPersonalSign_VZeroOrOne_ReadAs27Or28()
    {
        var signature = Hello();
        signature[64] -= 27;

        Assert.Equal(Hardhat0, EthSignature.RecoverPersonalSign("hello"u8, signature));
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void TryRecover_HighSTwin_Refused(string backend)
    {
        // (r, n − s, v flipped) is the same signature's malleable twin: ecrecover accepts it, EIP-2 does not.
        var signature = Hello();
        var n = new BigInteger(CurveOrder.N, isUnsigned: true, isBigEndian: true);
        var s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        (n - s).TryWriteBytes(signature.AsSpan(32, 32), out _, isUnsigned: true, isBigEndian: true);
        signature[64] ^= 0x1b ^ 0x1c;
        var publicKey = new byte[65];

        Assert.True(Backends.Get(backend).TryRecoverPublicKey(HelloHash, signature.AsSpan(0, 64), signature[64] - 27, publicKey));
        Assert.Equal(Hardhat0, EthAddress.FromPublicKey(publicKey));
        Assert.False(EthSignature.TryRecover(HelloHash, signature, out _, Backends.Get(backend)));
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void TryRecover_MalformedSignature_ReturnsFalse(string backend)
    {
        var cases = new List<byte[]>();
        foreach (var v in new byte[] { 2, 26, 29, 30, 255 })
        {
            cases.Add([.. Hello()[..64], v]);
        }
        cases.Add([.. new byte[32], .. Hello()[32..]]);                    // r = 0
        cases.Add([.. Hello()[..32], .. new byte[32], 27]);                // s = 0
        cases.Add([.. CurveOrder.N, .. Hello()[32..]]);                    // r = n
        cases.Add([.. Enumerable.Repeat((byte)0xFF, 32), .. Hello()[32..]]); // r > n
        cases.Add(Hello()[..64]);                                          // truncated
        cases.Add([.. Hello(), 0]);                                        // too long
        cases.Add([]);

        foreach (var signature in cases)
        {
            Assert.False(EthSignature.TryRecover(HelloHash, signature, out _, Backends.Get(backend)));
        }
    }

    [Fact]
    public void TryRecover_HashNot32Bytes_ReturnsFalse()
    {
        Assert.False(EthSignature.TryRecover(HelloHash.AsSpan(1), Hello(), out _));
        Assert.False(EthSignature.TryRecover([.. HelloHash, 0], Hello(), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("f16ea9a3478698f695fd1401bfe27e9e4a7e8e3da94aa72b021125e31fa899cc573c48ea3fe1d4ab61a9db10c19032026e3ed2dbccba5a178235ac27f94504311c")]
    [InlineData("0xf16ea9a3478698f695fd1401bfe27e9e4a7e8e3da94aa72b021125e31fa899cc573c48ea3fe1d4ab61a9db10c19032026e3ed2dbccba5a178235ac27f94504311")]
    [InlineData("0xf16ea9a3478698f695fd1401bfe27e9e4a7e8e3da94aa72b021125e31fa899cc573c48ea3fe1d4ab61a9db10c19032026e3ed2dbccba5a178235ac27f94504311c00")]
    [InlineData("0xg16ea9a3478698f695fd1401bfe27e9e4a7e8e3da94aa72b021125e31fa899cc573c48ea3fe1d4ab61a9db10c19032026e3ed2dbccba5a178235ac27f94504311c")]
    [InlineData("0x f16ea9a3478698f695fd1401bfe27e9e4a7e8e3da94aa72b021125e31fa899cc573c48ea3fe1d4ab61a9db10c19032026e3ed2dbccba5a178235ac27f9450431")]
    public void TryParse_NotZeroXPlus130HexDigits_ReturnsFalseAndEmpty(string? text)
    {
        Assert.False(EthSignature.TryParse(text, out var signature));
        Assert.Empty(signature);
    }

    [Fact]
    public void TryParse_UppercaseHex_Accepts()
    {
        Assert.True(EthSignature.TryParse("0X" + HelloSignature[2..].ToUpperInvariant(), out var signature));
        Assert.Equal(Hello(), signature);
    }
}
