using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ServiceTracking.Core.Ledger;

/// <summary>
/// An Ed25519 key that signs C2SP signed notes (c2sp.org/signed-note), such as the log's checkpoints.
/// Its text form is Go's sumdb/note signer key, <c>PRIVATE+KEY+&lt;name&gt;+&lt;hex key ID&gt;+&lt;base64(0x01 ‖ seed)&gt;</c>.
/// </summary>
public sealed class NoteSigner
{
    private const string PrivateKeyPrefix = "PRIVATE+KEY+";

    private readonly Ed25519Key _key;

    private NoteSigner(string name, Ed25519Key key)
    {
        _key = key;
        Name = name;
        KeyId = NoteFormat.KeyId(name, key.PublicKey);
        VerifierKey = NoteFormat.EncodeKey(name, KeyId, key.PublicKey);
    }

    public string Name { get; }

    public uint KeyId { get; }

    /// <summary>The public verifier key, <c>&lt;name&gt;+&lt;hex8&gt;+&lt;base64(0x01 ‖ public key)&gt;</c>.</summary>
    public string VerifierKey { get; }

    /// <summary>A new random key named <paramref name="name"/> (for a log, its origin).</summary>
    /// <exception cref="ArgumentException">The name is empty or has a space, a plus or a control character.</exception>
    public static NoteSigner Generate(string name)
    {
        RequireValidName(name);
        var seed = RandomNumberGenerator.GetBytes(Ed25519Key.SeedSize);
        try
        {
            return new NoteSigner(name, Ed25519Key.FromSeed(seed));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>
    /// Reads a key written by <see cref="ToPrivateKeyText"/> (or Go's <c>note.GenerateKey</c>). Surrounding whitespace,
    /// such as a file's final newline, is ignored. The key ID must match the public key derived from the seed.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a key; the message never contains the key.</exception>
    public static NoteSigner Parse(string privateKeyText)
    {
        ArgumentNullException.ThrowIfNull(privateKeyText);
        var text = privateKeyText.Trim();
        if (!text.StartsWith(PrivateKeyPrefix, StringComparison.Ordinal))
        {
            throw new FormatException($"A note signer key starts with \"{PrivateKeyPrefix}\".");
        }
        if (!NoteFormat.TrySplitKey(text[PrivateKeyPrefix.Length..], out var name, out var keyId, out var seed, out var error))
        {
            throw new FormatException($"Invalid note signer key: {error}.");
        }
        try
        {
            var signer = new NoteSigner(name, Ed25519Key.FromSeed(seed));
            return signer.KeyId == keyId
                ? signer
                : throw new FormatException($"Invalid note signer key: its key ID {keyId:x8} does not match its key ({signer.KeyId:x8}).");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The secret key text. Keep it in the key file only: anyone who has it can sign as the log.</summary>
    public string ToPrivateKeyText()
    {
        var seed = _key.Seed();
        try
        {
            return PrivateKeyPrefix + NoteFormat.EncodeKey(Name, KeyId, seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The verifier for this key's signatures.</summary>
    public NoteVerifier ToVerifier() =>
        NoteVerifier.TryParse(VerifierKey, out var verifier, out var error)
            ? verifier
            : throw new InvalidOperationException($"The key's own verifier key is invalid: {error}");

    /// <summary>
    /// Signs <paramref name="text"/> and returns the signed note: the text, a blank line and one signature line,
    /// <c>— &lt;name&gt; &lt;base64(key ID ‖ signature)&gt;</c>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The text is empty, does not end in a newline, or has a control character other than newline or a lone surrogate.
    /// </exception>
    public string Sign(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('\n'))
        {
            throw new ArgumentException("A note's text ends with a newline.", nameof(text));
        }
        if (!NoteFormat.IsValidNoteText(text, out var error))
        {
            throw new ArgumentException($"A note's text cannot hold this: {error}.", nameof(text));
        }
        var signature = new byte[4 + Ed25519Key.SignatureSize];
        BinaryPrimitives.WriteUInt32BigEndian(signature, KeyId);
        _key.Sign(Encoding.UTF8.GetBytes(text)).CopyTo(signature, 4);
        return $"{text}\n{NoteFormat.SignaturePrefix}{Name} {Convert.ToBase64String(signature)}\n";
    }

    /// <summary>Names the key by its public identity only; the secret never appears in logs or exceptions.</summary>
    public override string ToString() => $"NoteSigner {Name}+{KeyId:x8}";

    private static void RequireValidName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NoteFormat.IsValidName(name))
        {
            throw new ArgumentException(
                "A key name is non-empty, without spaces, plus signs or control characters.", nameof(name));
        }
    }
}
