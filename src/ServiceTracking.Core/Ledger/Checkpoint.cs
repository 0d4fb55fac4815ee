using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ServiceTracking.Core.Ledger;

/// <summary>
/// A tree head in the C2SP tlog-checkpoint form (c2sp.org/tlog-checkpoint): origin, tree size, base64 root hash and
/// optional extension lines, each line ending in a newline. The body is what the log signs as a note.
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash, IReadOnlyList<string> Extensions)
{
    /// <summary>A SHA-256 root hash (RFC 6962).</summary>
    public const int HashSize = 32;

    /// <summary>A checkpoint without extension lines.</summary>
    public Checkpoint(string origin, long size, byte[] rootHash)
        : this(origin, size, rootHash, [])
    {
    }

    /// <summary>The checkpoint's note text.</summary>
    /// <exception cref="InvalidOperationException">A field cannot be written as a checkpoint line.</exception>
    public string ToBody()
    {
        if (CheckLine(Origin, "origin") is { } originError)
        {
            throw new InvalidOperationException(originError);
        }
        if (Size < 0)
        {
            throw new InvalidOperationException($"The tree size is negative ({Size}).");
        }
        if (RootHash is not { Length: HashSize })
        {
            throw new InvalidOperationException($"The root hash is {HashSize} bytes.");
        }
        var body = new StringBuilder()
            .Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(RootHash)).Append('\n');
        foreach (var extension in Extensions ?? [])
        {
            if (CheckLine(extension, "extension line") is { } error)
            {
                throw new InvalidOperationException(error);
            }
            body.Append(extension).Append('\n');
        }
        return body.ToString();
    }

    /// <summary>
    /// Reads a checkpoint body, normally the text that <see cref="NoteVerifier.TryOpen(string, out string?, out string?)"/>
    /// returned. Strict: every line ends in a newline, the size is decimal without leading zeros and fits in a long, the
    /// root hash is canonical base64 of 32 bytes, extension lines are non-empty.
    /// </summary>
    public static bool TryParse(string body, [NotNullWhen(true)] out Checkpoint? checkpoint, out string? error)
    {
        checkpoint = null;
        if (string.IsNullOrEmpty(body) || !body.EndsWith('\n'))
        {
            error = "a checkpoint body ends in a newline";
            return false;
        }
        if (!NoteFormat.IsValidNoteText(body, out var textError))
        {
            error = $"a checkpoint body cannot hold this: {textError}";
            return false;
        }
        var lines = body[..^1].Split('\n');
        if (lines.Length < 3)
        {
            error = "a checkpoint has an origin, a tree size and a root hash line";
            return false;
        }
        if (lines[0].Length == 0)
        {
            error = "the origin is empty";
            return false;
        }
        if (!TryParseSize(lines[1], out var size))
        {
            error = "the tree size is not a decimal number without leading zeros below 2^63";
            return false;
        }
        if (!NoteFormat.TryDecodeBase64(lines[2], out var root) || root.Length != HashSize)
        {
            error = $"the root hash is not canonical base64 of {HashSize} bytes";
            return false;
        }
        if (Array.Exists(lines, l => l.Length == 0))
        {
            error = "an extension line is empty";
            return false;
        }
        checkpoint = new Checkpoint(lines[0], size, root, lines[3..]);
        error = null;
        return true;
    }

    public bool Equals(Checkpoint? other) =>
        other is not null
        && string.Equals(Origin, other.Origin, StringComparison.Ordinal)
        && Size == other.Size
        && (RootHash ?? []).AsSpan().SequenceEqual(other.RootHash ?? [])
        && (Extensions ?? []).SequenceEqual(other.Extensions ?? [], StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Origin, Size, Extensions?.Count ?? 0);

    private static string? CheckLine(string? line, string what)
    {
        if (string.IsNullOrEmpty(line))
        {
            return $"The {what} is empty.";
        }
        return line.Contains('\n', StringComparison.Ordinal) || !NoteFormat.IsValidNoteText(line, out _)
            ? $"The {what} has a newline, a control character or a lone surrogate."
            : null;
    }

    private static bool TryParseSize(string s, out long size)
    {
        size = 0;
        return s.Length > 0 && s.All(char.IsAsciiDigit) && (s == "0" || s[0] != '0')
            && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }
}
