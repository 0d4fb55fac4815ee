using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;

namespace ServiceTracking.Core.Ledger;

/// <summary>
/// Verifies C2SP signed notes (c2sp.org/signed-note) against one known Ed25519 key, such as the log's key.
/// </summary>
public sealed class NoteVerifier
{
    private readonly Ed25519PublicKeyParameters _publicKey;

    private NoteVerifier(string name, uint keyId, Ed25519PublicKeyParameters publicKey, string verifierKey)
    {
        Name = name;
        KeyId = keyId;
        _publicKey = publicKey;
        VerifierKey = verifierKey;
    }

    public string Name { get; }

    public uint KeyId { get; }

    /// <summary>The verifier key this verifier was read from.</summary>
    public string VerifierKey { get; }

    /// <summary>
    /// Reads a verifier key, <c>&lt;name&gt;+&lt;hex8&gt;+&lt;base64(0x01 ‖ 32-byte public key)&gt;</c>; surrounding whitespace is
    /// ignored. The key ID must be the one the name and key give.
    /// </summary>
    public static bool TryParse(string verifierKey, [NotNullWhen(true)] out NoteVerifier? verifier, out string? error)
    {
        verifier = null;
        if (verifierKey is null)
        {
            error = "no verifier key";
            return false;
        }
        var text = verifierKey.Trim();
        if (!NoteFormat.TrySplitKey(text, out var name, out var keyId, out var key, out error))
        {
            return false;
        }
        if (NoteFormat.KeyId(name, key) != keyId)
        {
            error = $"the key ID {keyId:x8} does not match the name and key";
            return false;
        }
        if (!Ed25519Key.TryLoadPublicKey(key, out var publicKey))
        {
            error = "the key is not an Ed25519 public key";
            return false;
        }
        verifier = new NoteVerifier(name, keyId, publicKey, text);
        return true;
    }

    /// <summary>
    /// Opens a signed note given as bytes; they must be valid UTF-8 (checked strictly, before anything else).
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> signedNote, [NotNullWhen(true)] out string? text, out string? error)
    {
        text = null;
        string note;
        try
        {
            note = NoteFormat.StrictUtf8.GetString(signedNote);
        }
        catch (DecoderFallbackException)
        {
            error = "malformed note: not valid UTF-8";
            return false;
        }
        return TryOpen(note, out text, out error);
    }

    /// <summary>
    /// Returns the note's text when a signature by this key verifies; false (with a reason) otherwise. Strict parsing per
    /// signed-note: the text ends in a newline, a blank line follows, then one to 100 lines
    /// <c>— &lt;name&gt; &lt;base64(key ID ‖ signature)&gt;</c>, each ending in a newline; no control characters but newline.
    /// Signatures by other keys are ignored (still well-formed); every signature claiming this key must verify.
    /// </summary>
    public bool TryOpen(string signedNote, [NotNullWhen(true)] out string? text, out string? error)
    {
        text = null;
        if (signedNote is null)
        {
            error = "malformed note: no note";
            return false;
        }
        if (!NoteFormat.IsValidNoteText(signedNote, out var textError))
        {
            error = $"malformed note: {textError}";
            return false;
        }
        // The text is separated from the signatures by the last blank line; the text keeps its final newline.
        var split = signedNote.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            error = "malformed note: no blank line before the signatures";
            return false;
        }
        var body = signedNote[..(split + 1)];
        var signatures = signedNote[(split + 2)..];
        if (signatures.Length == 0 || !signatures.EndsWith('\n'))
        {
            error = "malformed note: the signature lines do not end in a newline";
            return false;
        }

        var lines = signatures[..^1].Split('\n');
        if (lines.Length > NoteFormat.MaxSignatures)
        {
            error = $"malformed note: more than {NoteFormat.MaxSignatures} signatures";
            return false;
        }
        var message = Encoding.UTF8.GetBytes(body);
        var verified = false;
        foreach (var line in lines)
        {
            if (!TryParseSignatureLine(line, out var name, out var keyId, out var signature, out error))
            {
                return false;
            }
            if (!string.Equals(name, Name, StringComparison.Ordinal) || keyId != KeyId)
            {
                continue; // an unknown key (a witness, a rotated key): ignored
            }
            if (!Ed25519Key.Verify(_publicKey, message, signature))
            {
                error = $"invalid signature for key {Name}+{KeyId:x8}";
                return false;
            }
            verified = true;
        }
        if (!verified)
        {
            error = $"the note has no signature by {Name}+{KeyId:x8}";
            return false;
        }
        text = body;
        error = null;
        return true;
    }

    public override string ToString() => $"NoteVerifier {Name}+{KeyId:x8}";

    private static bool TryParseSignatureLine(string line, out string name, out uint keyId, out byte[] signature, out string? error)
    {
        name = "";
        keyId = 0;
        signature = [];
        if (!line.StartsWith(NoteFormat.SignaturePrefix, StringComparison.Ordinal))
        {
            error = "malformed note: a signature line does not start with \"— \"";
            return false;
        }
        var rest = line[NoteFormat.SignaturePrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            error = "malformed note: a signature line has no space between key name and signature";
            return false;
        }
        name = rest[..space];
        if (!NoteFormat.IsValidName(name))
        {
            error = "malformed note: invalid key name in a signature line";
            return false;
        }
        if (!NoteFormat.TryDecodeBase64(rest[(space + 1)..], out var decoded))
        {
            error = "malformed note: a signature is not canonical base64";
            return false;
        }
        if (decoded.Length < 5)
        {
            error = "malformed note: a signature is shorter than a key ID and one byte";
            return false;
        }
        keyId = BinaryPrimitives.ReadUInt32BigEndian(decoded);
        signature = decoded[4..];
        error = null;
        return true;
    }
}
