using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

public sealed class NoteSignerTests
{
    private const string Origin = "scrollverse.service-tracking/test";

    [Fact]
    public void Generate_SignedNote_OpensWithItsVerifierKey()
    {
        var signer = NoteSigner.Generate(Origin);
        Assert.True(NoteVerifier.TryParse(signer.VerifierKey, out var verifier, out var parseError), parseError);

        var note = signer.Sign("hello\n");

        Assert.True(verifier.TryOpen(note, out var text, out var error), error);
        Assert.Equal("hello\n", text);
        Assert.Equal(signer.Name, verifier.Name);
        Assert.Equal(signer.KeyId, verifier.KeyId);
    }

    [Fact]
    public void Sign_Note_IsTextBlankLineAndOneSignatureLine()
    {
        var signer = NoteSigner.Generate(Origin);

        var note = signer.Sign("a\nb\n");

        Assert.StartsWith($"a\nb\n\n— {Origin} ", note, StringComparison.Ordinal);
        Assert.EndsWith("\n", note, StringComparison.Ordinal);
        Assert.Equal(4, note.Count(c => c == '\n'));
    }

    [Fact]
    public void Parse_PrivateKeyText_RoundTripsTheKey()
    {
        var signer = NoteSigner.Generate(Origin);

        var again = NoteSigner.Parse(signer.ToPrivateKeyText() + "\n");

        Assert.Equal(signer.VerifierKey, again.VerifierKey);
        Assert.Equal(signer.Sign("x\n"), again.Sign("x\n")); // Ed25519 is deterministic
        Assert.StartsWith($"PRIVATE+KEY+{Origin}+{signer.KeyId:x8}+", signer.ToPrivateKeyText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TwoKeys_Differ()
    {
        Assert.NotEqual(NoteSigner.Generate(Origin).VerifierKey, NoteSigner.Generate(Origin).VerifierKey);
    }

    [Fact]
    public void ToString_DoesNotRevealThePrivateKey()
    {
        var signer = NoteSigner.Generate(Origin);
        // PRIVATE+KEY+<name>+<key ID>+<base64 key>: the key is the fifth field whole (base64 has '+' signs of its own).
        var secret = signer.ToPrivateKeyText().Split('+', 5)[^1];

        Assert.DoesNotContain(secret, signer.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", signer.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{Origin}+{signer.KeyId:x8}", signer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyIdOfAnotherKey_ThrowsWithoutTheKey()
    {
        var good = NoteSigner.Parse(NoteGoVectorTests.PeterPrivateKey).ToPrivateKeyText();
        var wrongId = good.Replace("c74f20a3", "c74f20a4", StringComparison.Ordinal);

        var ex = Assert.Throws<FormatException>(() => NoteSigner.Parse(wrongId));
        Assert.DoesNotContain(good.Split('+')[^1], ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")] // no PRIVATE+KEY+
    [InlineData("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF")] // not base64
    [InlineData("PRIVATE+KEY+PeterNeumann+c74f20a3")]
    [InlineData("")]
    public void Parse_NotAKey_Throws(string text)
    {
        Assert.Throws<FormatException>(() => NoteSigner.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a+b")]
    [InlineData("a\u00a0b")] // no-break space
    [InlineData("a\u3000b")] // ideographic space
    [InlineData("a\tb")]
    [InlineData("a\u0001b")]
    public void Generate_InvalidName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => NoteSigner.Generate(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no final newline")]
    [InlineData("carriage\r\nreturn\n")]
    [InlineData("tab\there\n")]
    public void Sign_InvalidText_Throws(string text)
    {
        var signer = NoteSigner.Generate(Origin);

        Assert.Throws<ArgumentException>(() => signer.Sign(text));
    }

    [Fact]
    public void Sign_LoneSurrogate_Throws()
    {
        // Built here: xunit would replace a lone surrogate in InlineData.
        var text = "lone " + (char)0xD800 + " surrogate\n";

        Assert.Throws<ArgumentException>(() => NoteSigner.Generate(Origin).Sign(text));
        Assert.Throws<ArgumentException>(() => NoteSigner.Generate("name" + (char)0xDC00));
    }

    [Fact]
    public void Generate_NonAsciiName_SignsAndVerifies()
    {
        var signer = NoteSigner.Generate("journal.example/\u00e9t\u00e9-\U0001F305");

        Assert.True(signer.ToVerifier().TryOpen(signer.Sign("x\n"), out var text, out var error), error);
        Assert.Equal("x\n", text);
    }

    [Fact]
    public void Sign_TextWithBlankLinesAndUnicode_OpensToTheSameText()
    {
        var signer = NoteSigner.Generate(Origin);
        const string text = "Ognuno sta solo sul cuor della terra\n\ned è subito sera. 🌅\n\n";

        Assert.True(signer.ToVerifier().TryOpen(signer.Sign(text), out var opened, out var error), error);
        Assert.Equal(text, opened);
    }
}
