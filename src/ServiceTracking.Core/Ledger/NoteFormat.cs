using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServiceTracking.Core.Ledger;

/// <summary>The pieces of C2SP signed-note (c2sp.org/signed-note) shared by the signer and the verifier.</summary>
internal static class NoteFormat
{
    /// <summary>Signature type byte of Ed25519 in key IDs and key encodings.</summary>
    public const byte Ed25519Type = 0x01;

    /// <summary>An em dash (U+2014) and a space: the start of every signature line.</summary>
    public const string SignaturePrefix = "\u2014 ";

    /// <summary>Go's sumdb/note refuses notes with more signature lines than this; so do we.</summary>
    public const int MaxSignatures = 100;

    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A key name is non-empty and has no Unicode space and no plus (the spec); we also refuse control characters and
    /// lone surrogates, which could never appear in a valid note.
    /// </summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            // char.IsWhiteSpace is the Unicode White_Space property, the same set as Go's unicode.IsSpace.
            if (c == '+' || c < 0x20 || char.IsWhiteSpace(c))
            {
                return false;
            }
            if (char.IsSurrogate(c))
            {
                if (!IsPairAt(name, i))
                {
                    return false;
                }
                i++; // the low surrogate of the pair
            }
        }
        return true;
    }

    /// <summary>Whether <paramref name="s"/> is well-formed UTF-16 (so it has a UTF-8 encoding) without control characters but newline.</summary>
    public static bool IsValidNoteText(string s, out string? error)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c < 0x20 && c != '\n')
            {
                error = $"control character U+{(int)c:X4} at offset {i}";
                return false;
            }
            if (char.IsSurrogate(c))
            {
                if (!IsPairAt(s, i))
                {
                    error = $"invalid UTF-16 (lone surrogate) at offset {i}";
                    return false;
                }
                i++; // the low surrogate of the pair
            }
        }
        error = null;
        return true;
    }

    /// <summary>Key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian.</summary>
    public static uint KeyId(string name, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(input, 0);
        input[nameBytes.Length] = (byte)'\n';
        input[nameBytes.Length + 1] = Ed25519Type;
        publicKey.CopyTo(input.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    /// <summary>"&lt;name&gt;+&lt;hex8&gt;+&lt;base64(0x01 ‖ key)&gt;", the form of Go's verifier and signer keys.</summary>
    public static string EncodeKey(string name, uint keyId, ReadOnlySpan<byte> key)
    {
        var typed = new byte[1 + key.Length];
        typed[0] = Ed25519Type;
        key.CopyTo(typed.AsSpan(1));
        return string.Create(CultureInfo.InvariantCulture, $"{name}+{keyId:x8}+{Convert.ToBase64String(typed)}");
    }

    /// <summary>
    /// Splits "&lt;name&gt;+&lt;hex8&gt;+&lt;base64(0x01 ‖ 32 bytes)&gt;" into its parts; the key ID is not checked here.
    /// </summary>
    public static bool TrySplitKey(string text, out string name, out uint keyId, out byte[] key, out string? error)
    {
        name = "";
        keyId = 0;
        key = [];
        var parts = text.Split('+', 3);
        if (parts.Length != 3)
        {
            error = "expected <name>+<key ID>+<key>";
            return false;
        }
        name = parts[0];
        if (!IsValidName(name))
        {
            error = "invalid key name";
            return false;
        }
        if (!TryParseHex8(parts[1], out keyId))
        {
            error = "the key ID is not 8 hexadecimal digits";
            return false;
        }
        if (!TryDecodeBase64(parts[2], out var typed) || typed.Length == 0)
        {
            error = "the key is not canonical base64";
            return false;
        }
        if (typed[0] != Ed25519Type)
        {
            error = $"unknown signature type 0x{typed[0]:x2} (only Ed25519, 0x01, is supported)";
            return false;
        }
        if (typed.Length != 33)
        {
            error = $"an Ed25519 key is 32 bytes, not {typed.Length - 1}";
            return false;
        }
        key = typed[1..];
        error = null;
        return true;
    }

    private static bool TryParseHex8(string s, out uint value)
    {
        value = 0;
        return s.Length == 8 && s.All(char.IsAsciiHexDigit)
            && uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Standard base64 with padding (RFC 4648 §4), refusing anything a standard encoder would not write: whitespace,
    /// missing padding, non-zero padding bits. One signature thus has one spelling.
    /// </summary>
    public static bool TryDecodeBase64(string s, out byte[] bytes)
    {
        bytes = [];
        if (s.Length % 4 != 0)
        {
            return false;
        }
        var buffer = new byte[s.Length / 4 * 3];
        if (!Convert.TryFromBase64String(s, buffer, out var written))
        {
            return false;
        }
        bytes = buffer[..written];
        return string.Equals(Convert.ToBase64String(bytes), s, StringComparison.Ordinal);
    }

    private static bool IsPairAt(string s, int i) =>
        char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
}
