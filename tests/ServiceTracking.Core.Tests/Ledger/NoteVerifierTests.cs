using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ServiceTracking.Core.Ledger;
using static ServiceTracking.Core.Tests.Ledger.NoteGoVectorTests;

namespace ServiceTracking.Core.Tests.Ledger;

public sealed class NoteVerifierTests
{
    private const string PeterBase64 = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
    private static readonly string s_note = Text + "\n" + PeterSig;

    [Fact]
    public void TryOpen_TamperedText_IsRefused()
    {
        var tampered = s_note.Replace("your problem is", "your problem was", StringComparison.Ordinal);

        Assert.False(Peter.TryOpen(tampered, out var text, out var error));
        Assert.Null(text);
        Assert.Equal("invalid signature for key PeterNeumann+c74f20a3", error);
    }

    [Fact]
    public void TryOpen_TamperedSignature_IsRefused()
    {
        var tampered = s_note.Replace("ZJkuBS9UG", "ZJkuBS9UH", StringComparison.Ordinal);

        Assert.False(Peter.TryOpen(tampered, out _, out var error));
        Assert.Equal("invalid signature for key PeterNeumann+c74f20a3", error);
    }

    [Fact]
    public void TryOpen_OurKeyWithOneBadSignatureAmongGoodOnes_IsRefused()
    {
        // signed-note: every signature by a known key is verified; one failing rejects the note (Go only checks the first).
        var bad = PeterSig.Replace("ZJkuBS9UG", "ZJkuBS9UH", StringComparison.Ordinal);

        Assert.False(Peter.TryOpen(Text + "\n" + PeterSig + bad, out _, out var error));
        Assert.Equal("invalid signature for key PeterNeumann+c74f20a3", error);
    }

    [Fact]
    public void TryOpen_SignatureByAnUnknownKey_IsRefused()
    {
        var stranger = NoteSigner.Generate("stranger.example/log");

        Assert.False(Peter.TryOpen(stranger.Sign(Text), out _, out var error));
        Assert.Contains("no signature by", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_SameNameOtherKey_IsIgnoredNotVerified()
    {
        // Another key named PeterNeumann has another key ID: an unknown key, ignored (signed-note: name or ID, not both).
        var impostorLine = NoteSigner.Generate("PeterNeumann").Sign(Text)[(Text.Length + 1)..];

        Assert.False(Peter.TryOpen(Text + "\n" + impostorLine, out _, out var error));
        Assert.Contains("no signature by", error, StringComparison.Ordinal);
        Assert.True(Peter.TryOpen(Text + "\n" + impostorLine + PeterSig, out var text, out error), error);
        Assert.Equal(Text, text);
    }

    [Fact]
    public void TryOpen_OurKeyIdUnderAnotherName_IsIgnored()
    {
        var renamed = PeterSig.Replace("PeterNeumann", "CarmenSandiego", StringComparison.Ordinal);

        Assert.False(Peter.TryOpen(Text + "\n" + renamed, out _, out var error));
        Assert.Contains("no signature by", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_SeveralSignaturesOneOurs_ReturnsTheText()
    {
        var witnessA = NoteSigner.Generate("witness.example/a");
        var witnessB = NoteSigner.Generate("witness.example/b");
        var lineA = witnessA.Sign(Text)[(Text.Length + 1)..];
        var lineB = witnessB.Sign(Text)[(Text.Length + 1)..];

        Assert.True(Peter.TryOpen(Text + "\n" + lineA + PeterSig + lineB, out var text, out var error), error);
        Assert.Equal(Text, text);
        Assert.True(witnessB.ToVerifier().TryOpen(Text + "\n" + lineA + PeterSig + lineB, out _, out _));
    }

    public static TheoryData<string, string> MalformedNotes => new()
    {
        { Text + PeterSig, "no blank line" },
        { Text + "\n" + PeterSig[..^1], "missing final newline" },
        { Text.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n" + PeterSig.Replace("\n", "\r\n", StringComparison.Ordinal), "CRLF" },
        { Text + "\n" + "-- PeterNeumann " + PeterBase64 + "\n", "two hyphens, not an em dash" },
        { Text + "\n" + "– PeterNeumann " + PeterBase64 + "\n", "en dash" },
        { Text + "\n" + "—PeterNeumann " + PeterBase64 + "\n", "no space after the dash" },
        { Text + "\n" + "— PeterNeumann  " + PeterBase64 + "\n", "two spaces" },
        { Text + "\n" + "— PeterNeumann " + PeterBase64 + " \n", "trailing space" },
        { Text + "\n" + "— PeterNeumann\n", "no signature" },
        { Text + "\n" + "— PeterNeumann \n", "empty signature" },
        { Text + "\n" + "— PeterNeumann " + PeterBase64.Replace('/', '_') + "\n", "base64url, not base64" },
        { Text + "\n" + "— PeterNeumann " + PeterBase64.TrimEnd('=') + "\n", "unpadded base64" },
        { Text + "\n" + "— PeterNeumann " + PeterBase64[..^2] + "N=\n", "non-zero padding bits" },
        { Text + "\n" + "— PeterNeumann x08g\n", "three bytes: shorter than a key ID" },
        { Text + "\n" + "— PeterNeumann x08gow==\n", "key ID and nothing else" },
        { Text + "\n" + "— PeterNeumann x08go/Y=\n", "key ID and a one-byte signature" },
        { Text + "\n" + "— Peter+Neumann " + PeterBase64 + "\n", "plus in the name" },
        { Text + "\n" + PeterSig + "\n", "blank line after the signatures" },
        { Text + "\n" + PeterSig + "— " + "\n", "an empty signature line" },
        { "", "empty" },
        { "\n\n", "no signatures" },
    };

    [Theory]
    [MemberData(nameof(MalformedNotes))]
    public void TryOpen_MalformedNote_IsRefusedWithoutException(string note, string why)
    {
        Assert.False(Peter.TryOpen(note, out var text, out var error), why);
        Assert.Null(text);
        Assert.False(string.IsNullOrEmpty(error), why);
    }

    [Fact]
    public void TryOpen_EverySingleCharacterChange_IsRefusedOrKeepsTheText()
    {
        for (var i = 0; i < s_note.Length; i++)
        {
            var changed = s_note[..i] + (char)(s_note[i] ^ 1) + s_note[(i + 1)..];
            Assert.False(Peter.TryOpen(changed, out _, out _), $"offset {i}");
        }
    }

    [Theory]
    [InlineData("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // Go reads upper-case hex too
    [InlineData(" PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n")] // as read from a file
    public void TryParse_AcceptedSpellings_GiveTheSameKey(string key)
    {
        Assert.True(NoteVerifier.TryParse(key, out var verifier, out var error), error);
        Assert.Equal(0xc74f20a3u, verifier.KeyId);
        Assert.True(verifier.TryOpen(s_note, out _, out _));
    }

    [Theory]
    [InlineData("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T")]
    [InlineData("PeterNeumann+0xc74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("")]
    public void TryParse_BadVerifierKey_IsRefused(string key)
    {
        Assert.False(NoteVerifier.TryParse(key, out var verifier, out var error));
        Assert.Null(verifier);
        Assert.NotNull(error);
    }

    [Fact]
    public void TryParse_PublicKeyNotOnTheCurve_IsRefused()
    {
        // y = 2 is no point of Ed25519; the key ID is correct, so only the key itself is wrong.
        byte[] typed = [0x01, 0x02, .. new byte[31]];
        var keyId = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData([.. Encoding.UTF8.GetBytes("x\n"), .. typed]));

        Assert.False(NoteVerifier.TryParse($"x+{keyId:x8}+{Convert.ToBase64String(typed)}", out _, out var error));
        Assert.Equal("the key is not an Ed25519 public key", error);
    }
}
