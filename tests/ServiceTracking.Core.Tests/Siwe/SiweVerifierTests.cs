using System.Globalization;
using System.Numerics;
using System.Text;
using CsCheck;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Siwe;

namespace ServiceTracking.Core.Tests.Siwe;

public sealed class SiweVerifierTests
{
    private static readonly EthPrivateKey s_key = EthPrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private static readonly DateTimeOffset s_issued = new(2025, 12, 14, 20, 0, 0, TimeSpan.Zero);

    private static readonly SiweMessage s_message = new(
        "https", "scrollverse.example", s_key.Address, "Sign in to ScrollVerse Service Tracking", "https://scrollverse.example/login",
        "1", 11155111, "k3x9Qp2LmN7", s_issued, s_issued.AddMinutes(10), s_issued, null, []);

    private static readonly SiweExpectations s_expected = new(
        ["scrollverse.example"], 11155111, "k3x9Qp2LmN7", s_issued.AddMinutes(1), "https", ["https://scrollverse.example"]);

    [Fact]
    public void Verify_SignedByTheAddress_Succeeds()
    {
        var result = Verify(s_message, s_expected);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(s_message, result.Message);
    }

    [Fact]
    public void Verify_RandomMessagesSignedByTheirAddress_Succeed()
    {
        Gen.Select(SiweGen.Message, Gen.Byte.Array[32]).Sample((message, seed) =>
        {
            var key = EthPrivateKey.FromHex("0x" + Convert.ToHexStringLower(Keccak256.Hash(seed)));
            message = message with { Address = key.Address };
            var text = message.ToMessageString();
            var expected = new SiweExpectations([message.Domain], message.ChainId, message.Nonce, message.NotBefore ?? message.IssuedAt,
                CheckIssuedAt: false);
            var result = SiweVerifier.Verify(text, "0x" + Convert.ToHexString(key.SignPersonalMessage(Encoding.UTF8.GetBytes(text))), expected);
            // Random windows may be empty or already over; every other check must pass.
            Assert.True(result.Ok || result.Failure is SiweFailure.Expired, $"{result.Failure}: {result.Detail}");
        });
    }

    public static TheoryData<string, SiweExpectations, SiweFailure> Mismatches => new()
    {
        { "scheme", s_expected with { Scheme = "http" }, SiweFailure.SchemeMismatch },
        { "domain", s_expected with { Domains = ["evil.example"] }, SiweFailure.DomainMismatch },
        { "no domain", s_expected with { Domains = [] }, SiweFailure.DomainMismatch },
        { "uri", s_expected with { UriPrefixes = ["https://scrollverse.example/log"] }, SiweFailure.UriMismatch },
        { "chain", s_expected with { ChainId = 1 }, SiweFailure.ChainIdMismatch },
        { "nonce", s_expected with { Nonce = "k3x9Qp2LmN8" }, SiweFailure.NonceMismatch },
        { "expired", s_expected with { Now = s_issued.AddMinutes(10) }, SiweFailure.Expired },
        { "not before", s_expected with { Now = s_issued.AddTicks(-1), CheckIssuedAt = false }, SiweFailure.NotYetValid },
        { "issued later", s_expected with { Now = s_issued.AddTicks(-1) }, SiweFailure.NotYetValid },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void Verify_ExpectationNotMet_FailsWithItsReason(string what, SiweExpectations expected, SiweFailure failure)
    {
        var result = Verify(s_message, expected);

        Assert.Equal(failure, result.Failure);
        Assert.False(string.IsNullOrEmpty(result.Detail), what);
        Assert.Equal(s_message, result.Message);
    }

    [Fact]
    public void Verify_IssuedInTheFuture_FailsUnlessWithinSkew()
    {
        var message = s_message with { NotBefore = null };

        Assert.Equal(SiweFailure.IssuedInFuture, Verify(message, s_expected with { Now = s_issued.AddSeconds(-30) }).Failure);
        Assert.True(Verify(message, s_expected with { Now = s_issued.AddSeconds(-30), ClockSkew = TimeSpan.FromMinutes(1) }).Ok);
    }

    [Fact]
    public void Verify_ClockSkew_WidensBothEndsOfTheWindow()
    {
        var skewed = s_expected with { ClockSkew = TimeSpan.FromSeconds(30) };

        Assert.True(Verify(s_message, skewed with { Now = s_issued.AddMinutes(10).AddSeconds(29) }).Ok);
        Assert.Equal(SiweFailure.Expired, Verify(s_message, skewed with { Now = s_issued.AddMinutes(10).AddSeconds(30) }).Failure);
        Assert.True(Verify(s_message, skewed with { Now = s_issued.AddSeconds(-30) }).Ok);
    }

    [Fact]
    public void Verify_ExtremeTimesAndSkew_DoNotThrow()
    {
        var message = s_message with { ExpirationTime = DateTimeOffset.MaxValue, NotBefore = DateTimeOffset.MinValue };

        Assert.True(Verify(message, s_expected with { ClockSkew = TimeSpan.MaxValue }).Ok);
        Assert.True(Verify(message, s_expected with { ClockSkew = TimeSpan.MinValue }).Ok);
    }

    [Theory]
    [InlineData("https://scrollverse.example", true)]
    [InlineData("https://scrollverse.example/", true)]
    [InlineData("https://scrollverse.example/login", true)]
    [InlineData("https://scrollverse.exam", false)]
    [InlineData("https://scrollverse.example/log", false)]
    [InlineData("http://scrollverse.example", false)]
    public void Verify_UriPrefix_MatchesOnPathBoundaries(string prefix, bool accepted)
    {
        Assert.Equal(accepted, Verify(s_message, s_expected with { UriPrefixes = [prefix] }).Ok);
    }

    [Fact]
    public void Verify_MessageWithoutScheme_IsTakenAsHttps()
    {
        var message = s_message with { Scheme = null };

        Assert.True(Verify(message, s_expected).Ok);
        Assert.Equal(SiweFailure.SchemeMismatch, Verify(message, s_expected with { Scheme = "http" }).Failure);
    }

    [Fact]
    public void Verify_DomainComparison_IgnoresCase()
    {
        Assert.True(Verify(s_message, s_expected with { Domains = ["ScrollVerse.Example"] }).Ok);
    }

    [Fact]
    public void Verify_SignedByAnotherKey_IsAnAddressMismatch()
    {
        var text = s_message.ToMessageString();
        var other = EthPrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

        var result = SiweVerifier.Verify(text, Hex(other.SignPersonalMessage(Encoding.UTF8.GetBytes(text))), s_expected);

        Assert.Equal(SiweFailure.AddressMismatch, result.Failure);
    }

    [Fact]
    public void Verify_TextChangedAfterSigning_IsAnAddressMismatch()
    {
        var signature = Hex(s_key.SignPersonalMessage(Encoding.UTF8.GetBytes(s_message.ToMessageString())));
        var changed = (s_message with { Statement = "Sign in to ScrollVerse Service Tracking!" }).ToMessageString();

        Assert.Equal(SiweFailure.AddressMismatch, SiweVerifier.Verify(changed, signature, s_expected).Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x1234")]
    [InlineData("not hex at all")]
    public void Verify_SignatureNotHex_IsABadSignature(string? signature)
    {
        Assert.Equal(SiweFailure.BadSignature, SiweVerifier.Verify(s_message.ToMessageString(), signature!, s_expected).Failure);
    }

    [Fact]
    public void Verify_UnknownRecoveryId_IsABadSignature()
    {
        var signature = s_key.SignPersonalMessage(Encoding.UTF8.GetBytes(s_message.ToMessageString()));
        signature[64] = 29;

        Assert.Equal(SiweFailure.BadSignature, SiweVerifier.Verify(s_message.ToMessageString(), Hex(signature), s_expected).Failure);
    }

    [Fact]
    public void Verify_MalleatedHighS_IsABadSignature()
    {
        var signature = s_key.SignPersonalMessage(Encoding.UTF8.GetBytes(s_message.ToMessageString()));
        var n = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var highS = n - new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        highS.TryWriteBytes(signature.AsSpan(32, 32), out _, isUnsigned: true, isBigEndian: true);
        signature[64] = (byte)(signature[64] == 27 ? 28 : 27);
        var publicKey = new byte[65];
        var hash = Eip191.HashPersonalMessage(Encoding.UTF8.GetBytes(s_message.ToMessageString()));
        Assert.True(Secp256k1.Default.TryRecoverPublicKey(hash, signature.AsSpan(0, 64), signature[64] - 27, publicKey));
        Assert.Equal(s_key.Address, EthAddress.FromPublicKey(publicKey)); // plain ecrecover would accept this form

        Assert.Equal(SiweFailure.BadSignature, SiweVerifier.Verify(s_message.ToMessageString(), Hex(signature), s_expected).Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hello")]
    public void Verify_NotAMessage_IsMalformedWithoutAMessage(string? text)
    {
        var result = SiweVerifier.Verify(text!, "0x", s_expected);

        Assert.Equal(SiweFailure.Malformed, result.Failure);
        Assert.Null(result.Message);
        Assert.NotNull(result.Detail);
    }

    private static SiweVerification Verify(SiweMessage message, SiweExpectations expected)
    {
        var text = message.ToMessageString();
        return SiweVerifier.Verify(text, Hex(s_key.SignPersonalMessage(Encoding.UTF8.GetBytes(text))), expected);
    }

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
