using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ServiceTracking.Core.Ethereum;

/// <summary>A 20-byte Ethereum account address, compared by value, printed in EIP-55 checksum form.</summary>
public readonly record struct EthAddress : IComparable<EthAddress>
{
    public const int Size = 20;

    // Lowercase hex without 0x: equality, hashing and ordering (byte order) come for free.
    private readonly string? _hex;

    private EthAddress(string lowerHex) => _hex = lowerHex;

    public static EthAddress Zero { get; } = new(new string('0', 40));

    private string Hex => _hex ?? Zero._hex!;

    public static EthAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"An address is {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }
        return new EthAddress(Convert.ToHexStringLower(bytes));
    }

    /// <summary>The address of an uncompressed secp256k1 public key (65 bytes starting 0x04, or the 64 bytes without it).</summary>
    public static EthAddress FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length == 65 && publicKey[0] == 0x04)
        {
            publicKey = publicKey[1..];
        }
        if (publicKey.Length != 64)
        {
            throw new ArgumentException("Expected an uncompressed public key.", nameof(publicKey));
        }
        Span<byte> hash = stackalloc byte[Keccak256.Size];
        Keccak256.Hash(publicKey, hash);
        return FromBytes(hash[12..]);
    }

    /// <summary>
    /// Parses <c>0x</c> + 40 hex digits. All-lowercase and all-uppercase are accepted as they are;
    /// mixed case must be a correct EIP-55 checksum, because a wrong one is most likely a typo.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EthAddress address)
    {
        address = default;
        if (text is null || text.Length != 42 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
        {
            return false;
        }
        var digits = text.AsSpan(2);
        bool hasLower = false, hasUpper = false;
        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
            hasLower |= c is >= 'a' and <= 'f';
            hasUpper |= c is >= 'A' and <= 'F';
        }
        var candidate = new EthAddress(digits.ToString().ToLowerInvariant());
        if (hasLower && hasUpper && !string.Equals(candidate.ToChecksumString(), text, StringComparison.Ordinal))
        {
            return false;
        }
        address = candidate;
        return true;
    }

    public static EthAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an Ethereum address.");

    public byte[] ToArray() => Convert.FromHexString(Hex);

    public string ToLowerHex() => "0x" + Hex;

    /// <summary>EIP-55 mixed-case checksum encoding.</summary>
    public string ToChecksumString()
    {
        var hex = Hex;
        Span<byte> hash = stackalloc byte[Keccak256.Size];
        Keccak256.Hash(Encoding.ASCII.GetBytes(hex), hash);
        var result = new StringBuilder("0x", 42);
        for (var i = 0; i < hex.Length; i++)
        {
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            result.Append(nibble >= 8 ? char.ToUpperInvariant(hex[i]) : hex[i]);
        }
        return result.ToString();
    }

    public override string ToString() => ToChecksumString();

    public int CompareTo(EthAddress other) => string.CompareOrdinal(Hex, other.Hex);

    public static bool operator <(EthAddress left, EthAddress right) => left.CompareTo(right) < 0;
    public static bool operator >(EthAddress left, EthAddress right) => left.CompareTo(right) > 0;
    public static bool operator <=(EthAddress left, EthAddress right) => left.CompareTo(right) <= 0;
    public static bool operator >=(EthAddress left, EthAddress right) => left.CompareTo(right) >= 0;
}
