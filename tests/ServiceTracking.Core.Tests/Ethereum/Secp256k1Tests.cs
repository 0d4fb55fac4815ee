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
}
