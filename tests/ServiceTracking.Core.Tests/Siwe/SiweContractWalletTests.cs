using System.Text;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Siwe;

namespace ServiceTracking.Core.Tests.Siwe;

/// <summary>SiweVerifier.VerifyAsync: when the signature is not by the address's key, the address may still accept it as a contract wallet (EIP-1271).</summary>
public sealed class SiweContractWalletTests
{
    private static readonly DateTimeOffset s_issued = new(2025, 12, 14, 20, 0, 0, TimeSpan.Zero);
    private static readonly EthAddress s_wallet = EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    private static readonly EthPrivateKey s_owner = EthPrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    private static readonly string s_text = new SiweMessage(
        "https", "scrollverse.example", s_wallet, "Sign in", "https://scrollverse.example/login", "1", 31337, "k3x9Qp2LmN7",
        s_issued, null, null, null, []).ToMessageString();

    private static readonly SiweExpectations s_expected = new(["scrollverse.example"], 31337, "k3x9Qp2LmN7", s_issued);

    private readonly List<(EthAddress Account, byte[] Hash, byte[] Signature)> _asked = [];

    private ContractSignatureCheck Wallet(bool accepts) => (account, hash, signature, _) =>
    {
        _asked.Add((account, hash, signature));
        return Task.FromResult(accepts);
    };

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    [Fact]
    public async Task AnotherKeysSignature_TheWalletAccepts_SignsIn_AfterAskingItAboutTheEip191Hash()
    {
        var signature = s_owner.SignPersonalMessage(Encoding.UTF8.GetBytes(s_text));

        var result = await SiweVerifier.VerifyAsync(s_text, Hex(signature), s_expected, Wallet(accepts: true), default);

        Assert.True(result.Ok, result.Detail);
        var (account, hash, asked) = Assert.Single(_asked);
        Assert.Equal(s_wallet, account);
        Assert.Equal(Eip191.HashPersonalMessage(Encoding.UTF8.GetBytes(s_text)), hash);
        Assert.Equal(signature, asked);
    }

    [Fact]
    public async Task AnotherKeysSignature_TheWalletRejects_StaysAnAddressMismatch()
    {
        var result = await SiweVerifier.VerifyAsync(s_text, Hex(s_owner.SignPersonalMessage(Encoding.UTF8.GetBytes(s_text))), s_expected,
            Wallet(accepts: false), default);

        Assert.Equal(SiweFailure.AddressMismatch, result.Failure);
        Assert.Contains("EIP-1271", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignatureOfAnyLength_IsTheWalletsToJudge()
    {
        var twoOwners = new byte[130]; // a Safe's: one 65-byte signature per owner

        var result = await SiweVerifier.VerifyAsync(s_text, Hex(twoOwners), s_expected, Wallet(accepts: true), default);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(130, Assert.Single(_asked).Signature.Length);
    }

    [Theory]
    [InlineData("0x123")]
    [InlineData("0xzz")]
    [InlineData("")]
    public async Task TextThatIsNotHex_IsNotAsked(string signature)
    {
        var result = await SiweVerifier.VerifyAsync(s_text, signature, s_expected, Wallet(accepts: true), default);

        Assert.Equal(SiweFailure.BadSignature, result.Failure);
        Assert.Empty(_asked);
    }

    [Fact]
    public async Task AMessageThatFailsAnExpectation_IsNotAsked()
    {
        var result = await SiweVerifier.VerifyAsync(s_text, Hex(new byte[65]), s_expected with { ChainId = 1 }, Wallet(accepts: true), default);

        Assert.Equal(SiweFailure.ChainIdMismatch, result.Failure);
        Assert.Empty(_asked);
    }

    [Fact]
    public async Task TheAddresssOwnKey_IsNotAsked_AndWithoutACheckTheRefusalStands()
    {
        var key = EthPrivateKey.Generate();
        var text = s_text.Replace(s_wallet.ToChecksumString(), key.Address.ToChecksumString(), StringComparison.Ordinal);

        Assert.True((await SiweVerifier.VerifyAsync(text, Hex(key.SignPersonalMessage(Encoding.UTF8.GetBytes(text))), s_expected, Wallet(true), default)).Ok);
        Assert.Empty(_asked);
        var refused = await SiweVerifier.VerifyAsync(s_text, Hex(s_owner.SignPersonalMessage(Encoding.UTF8.GetBytes(s_text))), s_expected, null, default);
        Assert.Equal(SiweFailure.AddressMismatch, refused.Failure);
    }
}
