using System.Text;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

/// <summary>Known answers from Go's golang.org/x/mod/sumdb/note (note_test.go), the reference implementation.</summary>
public sealed class NoteGoVectorTests
{
    internal const string PeterKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    internal const string PeterPrivateKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    internal const string EnochKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

    internal const string Text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    internal const string PeterSig = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    internal const string EnochSig = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    internal static NoteVerifier Peter => Verifier(PeterKey);

    internal static NoteVerifier Enoch => Verifier(EnochKey);

    internal static NoteVerifier Verifier(string key)
    {
        Assert.True(NoteVerifier.TryParse(key, out var verifier, out var error), error);
        return verifier;
    }

    [Fact]
    public void TryParse_PeterNeumannKey_GivesNameAndKeyId()
    {
        Assert.Equal("PeterNeumann", Peter.Name);
        Assert.Equal(0xc74f20a3u, Peter.KeyId);
        Assert.Equal(0xaf0cfe78u, Enoch.KeyId);
    }

    [Fact]
    public void TryOpen_PeterNeumannNote_ReturnsItsText()
    {
        Assert.True(Peter.TryOpen(Text + "\n" + PeterSig, out var text, out var error), error);
        Assert.Equal(Text, text);
    }

    [Fact]
    public void TryOpen_Bytes_PeterNeumannNote_ReturnsItsText()
    {
        Assert.True(Peter.TryOpen(Encoding.UTF8.GetBytes(Text + "\n" + PeterSig), out var text, out var error), error);
        Assert.Equal(Text, text);
    }

    [Fact]
    public void Parse_PeterNeumannPrivateKey_SignsExactlyAsGo()
    {
        var signer = NoteSigner.Parse(PeterPrivateKey);

        Assert.Equal("PeterNeumann", signer.Name);
        Assert.Equal(0xc74f20a3u, signer.KeyId);
        Assert.Equal(PeterKey, signer.VerifierKey);
        Assert.Equal(Text + "\n" + PeterSig, signer.Sign(Text));
        Assert.Equal(PeterPrivateKey, signer.ToPrivateKeyText());
    }

    [Fact]
    public void TryOpen_TwoSignatures_EachVerifierFindsItsOwn()
    {
        var note = Text + "\n" + PeterSig + EnochSig;

        Assert.True(Peter.TryOpen(note, out var byPeter, out var error1), error1);
        Assert.True(Enoch.TryOpen(note, out var byEnoch, out var error2), error2);
        Assert.Equal(Text, byPeter);
        Assert.Equal(Text, byEnoch);
    }

    [Fact]
    public void TryOpen_OnlyAnotherKeysSignature_IsRefused()
    {
        Assert.False(Peter.TryOpen(Text + "\n" + EnochSig, out var text, out var error));
        Assert.Null(text);
        Assert.Contains("no signature by PeterNeumann+c74f20a3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_DuplicatedAndUnknownSignatures_VerifiesAsGoDoes()
    {
        // Go's TestOpen: "Duplicated verified and unverified signatures"; the corrupted one is by a key we don't know.
        var enochAbcd = EnochSig[..58] + "ABCD" + EnochSig[58..]; // Go inserts at byte 60; "— " is 4 bytes, 2 chars
        var note = Text + "\n" + PeterSig + PeterSig + EnochSig + EnochSig + enochAbcd;

        Assert.True(Peter.TryOpen(note, out var text, out var error), error);
        Assert.Equal(Text, text);
    }

    [Fact]
    public void TryOpen_CorruptedKnownSignature_IsRefused()
    {
        var corrupt = PeterSig[..58] + "ABCD" + PeterSig[58..];

        Assert.False(Peter.TryOpen(Text + "\n" + corrupt, out _, out var error));
        Assert.Equal("invalid signature for key PeterNeumann+c74f20a3", error);
    }

    [Fact]
    public void TryOpen_101Signatures_IsRefused()
    {
        var note = Text + "\n" + string.Concat(Enumerable.Repeat(PeterSig, 101));

        Assert.False(Peter.TryOpen(note, out _, out var error));
        Assert.Contains("more than 100 signatures", error, StringComparison.Ordinal);
        Assert.True(Peter.TryOpen(Text + "\n" + string.Concat(Enumerable.Repeat(PeterSig, 100)), out _, out _));
    }

    public static TheoryData<string> GoMalformedNotes => new()
    {
        Text,
        Text + "\n",
        Text + "\n" + PeterSig[..^1],
        "\x01" + Text + "\n" + PeterSig,
        Text + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
        Text + "\n" + PeterSig + "Unexpected line.\n",
    };

    [Theory]
    [MemberData(nameof(GoMalformedNotes))]
    public void TryOpen_GoMalformedNote_IsRefused(string note)
    {
        Assert.False(Peter.TryOpen(note, out var text, out var error));
        Assert.Null(text);
        Assert.StartsWith("malformed note", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryOpen_InvalidUtf8_IsRefused()
    {
        var bytes = new byte[] { 0xff }.Concat(Encoding.UTF8.GetBytes(Text + "\n" + PeterSig)).ToArray();

        Assert.False(Peter.TryOpen(bytes, out _, out var error));
        Assert.Equal("malformed note: not valid UTF-8", error);
    }

    [Fact]
    public void TryParse_EveryTruncationOrByteChangeOfTheKey_IsRefused()
    {
        // Go's TestNewVerifier: every proper substring and every single-character increment fails.
        for (var i = 0; i <= PeterKey.Length; i++)
        {
            for (var j = i + 1; j <= PeterKey.Length; j++)
            {
                if (i != 0 || j != PeterKey.Length)
                {
                    Assert.False(NoteVerifier.TryParse(PeterKey[i..j], out _, out _), PeterKey[i..j]);
                }
            }
        }
        for (var i = 0; i < PeterKey.Length; i++)
        {
            var mangled = PeterKey[..i] + (char)(PeterKey[i] + 1) + PeterKey[(i + 1)..];
            Assert.False(NoteVerifier.TryParse(mangled, out _, out _), mangled);
        }
    }

    [Theory]
    [InlineData("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")] // wrong length, adjusted key ID
    [InlineData("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // unknown algorithm, adjusted key ID
    public void TryParse_GoBadKey_IsRefused(string key)
    {
        Assert.False(NoteVerifier.TryParse(key, out var verifier, out var error));
        Assert.Null(verifier);
        Assert.NotNull(error);
    }

    [Fact]
    public void Parse_EveryTruncationOrByteChangeOfThePrivateKey_Throws()
    {
        for (var i = 0; i <= PeterPrivateKey.Length; i++)
        {
            for (var j = i + 1; j <= PeterPrivateKey.Length; j++)
            {
                if (i != 0 || j != PeterPrivateKey.Length)
                {
                    Assert.Throws<FormatException>(() => NoteSigner.Parse(PeterPrivateKey[i..j]));
                }
            }
        }
        for (var i = 0; i < PeterPrivateKey.Length; i++)
        {
            var mangled = PeterPrivateKey[..i] + (char)(PeterPrivateKey[i] + 1) + PeterPrivateKey[(i + 1)..];
            Assert.Throws<FormatException>(() => NoteSigner.Parse(mangled));
        }
    }
}
