using CsCheck;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Siwe;

namespace ServiceTracking.Core.Tests.Siwe;

public sealed class SiweParserTests
{
    private const string Head = "example.com wants you to sign in with your Ethereum account:\n0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\n\n";
    private const string Fields = "URI: https://example.com/login\nVersion: 1\nChain ID: 1\nNonce: abcdefgh\nIssued At: 2025-01-01T00:00:00Z";
    private const string Minimal = Head + "Hello\n\n" + Fields;

    [Fact]
    public void ToMessageString_RandomMessages_ParseBackToEqualMessages()
    {
        SiweGen.Message.Sample(message =>
        {
            var text = message.ToMessageString();
            Assert.True(SiweParser.TryParse(text, out var parsed, out var error), error);
            Assert.Equal(message, parsed);
            Assert.Equal(text, parsed.ToMessageString());
        });
    }

    [Fact]
    public void TryParse_CorruptedMessages_NeverThrow()
    {
        var corruptions = Gen.Select(SiweGen.Message, Gen.Int[0, 1000], Gen.Char, Gen.Int[0, 3]).Select((message, at, c, kind) =>
        {
            var text = message.ToMessageString();
            var i = at % text.Length;
            return kind switch
            {
                0 => text[..i] + c + text[(i + 1)..],
                1 => text[..i] + text[(i + 1)..],
                2 => text[..i] + (c % 2 == 0 ? '\n' : c) + text[i..],
                _ => text[..i],
            };
        });
        Gen.OneOf(corruptions, Gen.String).Sample(text =>
        {
            var ok = SiweParser.TryParse(text, out var message, out var error);
            Assert.True(ok ? message is not null && error is null : message is null && error is not null);
        });
    }

    [Fact]
    public void TryParse_NoStatement_HasNullStatement()
    {
        Assert.True(SiweParser.TryParse(Head + "\n" + Fields, out var message, out _));
        Assert.Null(message.Statement);
    }

    [Fact]
    public void TryParse_EmptyStatementLine_HasEmptyStatement()
    {
        // The ABNF's statement is *( ... ): present but empty is a fourth line break.
        Assert.True(SiweParser.TryParse(Head + "\n\n" + Fields, out var message, out _));
        Assert.Equal("", message.Statement);
        Assert.Equal(Head + "\n\n" + Fields, message.ToMessageString());
    }

    [Theory]
    [InlineData(Minimal + "\n")] // no trailing line break in the ABNF
    [InlineData("\n" + Minimal)]
    [InlineData(Minimal + "\nResources:\n")]
    [InlineData(Minimal + "\nExpiration Time: 2026-01-01T00:00:00Z\nExpiration Time: 2026-01-01T00:00:00Z")]
    [InlineData(Minimal + "\nColor: blue")]
    [InlineData(Minimal + "\nResources:\n-https://example.com")]
    [InlineData(Minimal + "\nRequest ID: a b")]
    [InlineData(Minimal + "\nRequest ID: 100%")]
    public void TryParse_ExtraOrBrokenTrailingLines_AreRefused(string text)
    {
        Assert.False(SiweParser.TryParse(text, out _, out _));
    }

    [Fact]
    public void TryParse_CarriageReturns_AreRefused()
    {
        Assert.False(SiweParser.TryParse(Minimal.Replace("\n", "\r\n", StringComparison.Ordinal), out _, out _));
    }

    [Theory]
    [InlineData("0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2")]
    [InlineData("0xC02AAA39B223FE8D0A0E5C4F27EAD9083C756CC2")]
    [InlineData("0XC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")]
    [InlineData("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756cc2")]
    [InlineData("C02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2")]
    public void TryParse_AddressNotInEip55Form_IsRefused(string address)
    {
        Assert.False(SiweParser.TryParse(Minimal.Replace("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", address, StringComparison.Ordinal), out _, out _));
    }

    [Theory]
    [InlineData("I accept the \"terms\"")]
    [InlineData("100% sure")]
    [InlineData("a < b")]
    [InlineData("naïve")]
    [InlineData("tab\there")]
    public void TryParse_StatementOutsideTheAbnfCharacters_IsRefused(string statement)
    {
        Assert.False(SiweParser.TryParse(Head + statement + "\n\n" + Fields, out _, out _));
    }

    [Theory]
    [InlineData("https://example.com", "https", "example.com")]
    [InlineData("chrome-extension://abc", "chrome-extension", "abc")]
    [InlineData("localhost:3000", null, "localhost:3000")]
    [InlineData("user:pass@[::1]:1", null, "user:pass@[::1]:1")]
    [InlineData("[v7.fe80::a+en1]", null, "[v7.fe80::a+en1]")]
    [InlineData("[1:2:3:4:5:6:7::]", null, "[1:2:3:4:5:6:7::]")]
    [InlineData("[::ffff:10.0.0.1]:80", null, "[::ffff:10.0.0.1]:80")]
    public void TryParse_SchemeAndAuthorityForms_AreRead(string origin, string? scheme, string domain)
    {
        Assert.True(SiweParser.TryParse(Minimal.Replace("example.com wants", origin + " wants", StringComparison.Ordinal), out var message, out var error), error);
        Assert.Equal(scheme, message.Scheme);
        Assert.Equal(domain, message.Domain);
    }

    [Theory]
    [InlineData("https://")]
    [InlineData("1https://example.com")]
    [InlineData("https://example.com/")]
    [InlineData("example.com:80a")]
    [InlineData("a@b@example.com")]
    [InlineData("[::1")]
    [InlineData("[1:2:3:4:5:6:7:8:9]")]
    [InlineData("[1::2::3]")]
    [InlineData("[::1.2.3.256]")]
    [InlineData("[::01.2.3.4]")]
    [InlineData("[12345::]")]
    [InlineData("exa mple.com")]
    [InlineData("example.com:")]
    public void TryParse_BadSchemeOrAuthority_IsRefused(string origin)
    {
        // "example.com:" is valid RFC 3986 (empty port) and accepted; the rest are not.
        var accepted = SiweParser.TryParse(Minimal.Replace("example.com wants", origin + " wants", StringComparison.Ordinal), out _, out _);
        Assert.Equal(origin == "example.com:", accepted);
    }

    [Theory]
    [InlineData("2024-02-29T12:00:00Z", true)]
    [InlineData("2023-02-29T12:00:00Z", false)]
    [InlineData("2025-01-01t00:00:00z", true)]
    [InlineData("2025-01-01T00:00:00.123456789Z", true)]
    [InlineData("2025-01-01T00:00:00.Z", false)]
    [InlineData("2025-01-01T23:59:60Z", false)] // leap second: not representable
    [InlineData("2025-01-01T24:00:00Z", false)]
    [InlineData("2025-01-01T00:00:00+23:59", true)]
    [InlineData("2025-01-01T00:00:00+24:00", false)]
    [InlineData("2025-01-01T00:00:00+0100", false)]
    [InlineData("2025-01-01T00:00:00", false)]
    [InlineData("2025-01-01 00:00:00Z", false)]
    [InlineData("0000-01-01T00:00:00Z", false)]
    [InlineData("0001-01-01T00:00:00+01:00", false)]
    [InlineData("9999-12-31T23:59:59.9999999Z", true)]
    [InlineData("２０２５-01-01T00:00:00Z", false)]
    public void TryParse_IssuedAt_FollowsRfc3339(string issuedAt, bool valid)
    {
        var text = Minimal.Replace("2025-01-01T00:00:00Z", issuedAt, StringComparison.Ordinal);

        Assert.Equal(valid, SiweParser.TryParse(text, out _, out _));
    }

    [Fact]
    public void TryParse_OffsetBeyondFourteenHours_KeepsTheInstant()
    {
        Assert.True(SiweParser.TryParse(Minimal.Replace("2025-01-01T00:00:00Z", "2025-01-01T20:00:00+20:00", StringComparison.Ordinal), out var message, out _));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), message.IssuedAt);
    }

    [Theory]
    [InlineData("Chain ID: 18446744073709551615", true)]
    [InlineData("Chain ID: 18446744073709551616", false)]
    [InlineData("Chain ID: -1", false)]
    [InlineData("Chain ID: 0x1", false)]
    [InlineData("Chain ID: ", false)]
    [InlineData("Chain ID:  1", false)]
    public void TryParse_ChainId_IsDecimalUInt64(string line, bool valid)
    {
        Assert.Equal(valid, SiweParser.TryParse(Minimal.Replace("Chain ID: 1", line, StringComparison.Ordinal), out _, out _));
    }

    [Fact]
    public void TryParse_AllOptionalFields_AreRead()
    {
        var text = Minimal + "\nExpiration Time: 2025-01-02T00:00:00Z\nNot Before: 2025-01-01T01:00:00+01:00\nRequest ID: \nResources:\n- urn:a\n- https://b/";

        Assert.True(SiweParser.TryParse(text, out var message, out var error), error);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), message.ExpirationTime);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), message.NotBefore);
        Assert.Equal("", message.RequestId);
        Assert.Equal(["urn:a", "https://b/"], message.Resources);
    }

    [Fact]
    public void TryParse_ResourcesHeaderWithoutItems_HasNoResources()
    {
        Assert.True(SiweParser.TryParse(Minimal + "\nResources:", out var message, out _));
        Assert.Empty(message.Resources);
    }

    [Fact]
    public void ToMessageString_FieldBreakingTheGrammar_Throws()
    {
        Assert.True(SiweParser.TryParse(Minimal, out var message, out _));

        Assert.Throws<InvalidOperationException>(() => (message with { Statement = "two\nlines" }).ToMessageString());
        Assert.Throws<InvalidOperationException>(() => (message with { Nonce = "short" }).ToMessageString());
        Assert.Throws<InvalidOperationException>(() => (message with { Uri = "not a uri" }).ToMessageString());
    }

    [Fact]
    public void Equals_ComparesResourcesByContent()
    {
        Assert.True(SiweParser.TryParse(Minimal + "\nResources:\n- urn:a", out var message, out _));

        Assert.Equal(message, message with { Resources = ["urn:a"] });
        Assert.NotEqual(message, message with { Resources = ["urn:b"] });
        Assert.Equal(message.GetHashCode(), (message with { Resources = ["urn:a"] }).GetHashCode());
    }

    [Fact]
    public void ToMessageString_Times_AreWrittenLikeToIsoString()
    {
        var message = new SiweMessage(null, "example.com", EthAddress.Zero, null, "https://example.com", "1", 1, "abcdefgh",
            new DateTimeOffset(2025, 1, 1, 0, 0, 0, 500, TimeSpan.Zero), new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(-2)),
            new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1), null, []);

        var text = message.ToMessageString();

        Assert.Contains("Issued At: 2025-01-01T00:00:00.500Z\n", text, StringComparison.Ordinal);
        Assert.Contains("Expiration Time: 2025-01-01T00:00:00-02:00\n", text, StringComparison.Ordinal);
        Assert.EndsWith("Not Before: 2025-01-01T00:00:00.0000001Z", text, StringComparison.Ordinal);
    }
}
