using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Tests.Ethereum;

public sealed class Secp256k1Tests
{
    // EIP-712 "Mail" example (EIP text, assets/eip-712/Example.js): signer key keccak256("cow").
    private static readonly byte[] MailDigest = Convert.FromHexString("be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
    private static readonly byte[] CowKey = Keccak256.Hash("cow"u8);
    private const string MailR = "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d";
    private const string MailS = "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562";
    private static readonly EthAddress CowAddress = EthAddress.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void Sign_Eip712MailExample_ProducesPublishedSignature(string backend)
    {
        var signature = Backends.Get(backend).Sign(MailDigest, CowKey);

        Assert.Equal(MailR + MailS + "1c", Convert.ToHexStringLower(signature));
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void TryRecoverPublicKey_Eip712MailExample_RecoversCowAddress(string backend)
    {
        var publicKey = new byte[65];

        var recovered = Backends.Get(backend).TryRecoverPublicKey(MailDigest, Convert.FromHexString(MailR + MailS), 1, publicKey);

        Assert.True(recovered);
        Assert.Equal(CowAddress, EthAddress.FromPublicKey(publicKey));
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void PublicKey_HardhatAccount0_HasKnownAddress(string backend)
    {
        var key = Convert.FromHexString("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

        var publicKey = Backends.Get(backend).PublicKey(key);

        Assert.Equal(EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), EthAddress.FromPublicKey(publicKey));
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void Sign_PersonalMessageHello_MatchesEthers(string backend)
    {
        var key = Convert.FromHexString("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

        var signature = Backends.Get(backend).Sign(Eip191.HashPersonalMessage("hello"u8), key);

        Assert.Equal(
            "f16ea9a3478698f695fd1401bfe27e9e4a7e8e3da94aa72b021125e31fa899cc573c48ea3fe1d4ab61a9db10c19032026e3ed2dbccba5a178235ac27f94504311c",
            Convert.ToHexStringLower(signature));
    }

    [Fact]
    public void Sign_OneBackend_RecoversWithTheOther()
    {
        var native = Backends.Get("libsecp256k1");
        var managed = Backends.Get("BouncyCastle");
        var hash = Keccak256.Hash("cross-check"u8);

        Assert.True(EthSignature.TryRecover(hash, native.Sign(hash, CowKey), out var fromNative, managed));
        Assert.True(EthSignature.TryRecover(hash, managed.Sign(hash, CowKey), out var fromManaged, native));
        Assert.Equal(CowAddress, fromNative);
        Assert.Equal(CowAddress, fromManaged);
    }

    public static TheoryData<string, string> InvalidPrivateKeys()
    {
        var data = new TheoryData<string, string>();
        foreach (var backend in Backends.NameList)
        {
            data.Add(backend, new string('0', 64));
            data.Add(backend, Convert.ToHexString(CurveOrder.N));
            data.Add(backend, new string('f', 64));
            data.Add(backend, "01");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidPrivateKeys))]
    public void SignAndPublicKey_KeyOutsideOneToN_Throw(string backend, string keyHex)
    {
        var key = Convert.FromHexString(keyHex);
        var secp = Backends.Get(backend);

        Assert.Throws<ArgumentException>(() => secp.Sign(MailDigest, key));
        Assert.Throws<ArgumentException>(() => secp.PublicKey(key));
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void Sign_HashNot32Bytes_Throws(string backend)
    {
        Assert.Throws<ArgumentException>(() => Backends.Get(backend).Sign(MailDigest.AsSpan(1), CowKey));
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void TryRecoverPublicKey_BadArguments_ReturnsFalse(string backend)
    {
        var secp = Backends.Get(backend);
        var rs = Convert.FromHexString(MailR + MailS);
        var output = new byte[65];

        Assert.False(secp.TryRecoverPublicKey(MailDigest, rs, -1, output));
        Assert.False(secp.TryRecoverPublicKey(MailDigest, rs, 4, output));
        Assert.False(secp.TryRecoverPublicKey(MailDigest, rs.AsSpan(1), 1, output));
        Assert.False(secp.TryRecoverPublicKey(MailDigest.AsSpan(1), rs, 1, output));
        Assert.False(secp.TryRecoverPublicKey(MailDigest, rs, 1, new byte[64]));
        // r = 2^256 − 1 ≥ n, and r + n ≥ p for ids 2 and 3: nothing to recover.
        Assert.False(secp.TryRecoverPublicKey(MailDigest, [.. Enumerable.Repeat((byte)0xFF, 32), .. rs[32..]], 0, output));
        Assert.False(secp.TryRecoverPublicKey(MailDigest, [.. rs[..32], .. CurveOrder.N], 1, output));
        Assert.False(secp.TryRecoverPublicKey(MailDigest, [.. rs[..32], .. new byte[32]], 1, output));
        Assert.False(secp.TryRecoverPublicKey(MailDigest, rs, 3, output));
    }

    [Fact]
    public void Default_NativeInstalled_IsNative()
    {
        Assert.Same(Backends.Get("libsecp256k1"), Secp256k1.Default);
        Assert.Equal("libsecp256k1", Secp256k1.Default.Name);
        Assert.Equal("BouncyCastle", Secp256k1.BouncyCastle.Name);
    }

    [Theory]
    [InlineData("libsecp256k1-does-not-exist.so")]
    [InlineData("libc.so.6")] // loads, but exports none of the secp256k1 symbols
    public void NativeTryCreate_LibraryAbsentOrWrong_ReturnsNull(string library)
    {
        Assert.Null(NativeSecp256k1.TryCreate([library]));
    }
}
