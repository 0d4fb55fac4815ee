using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace ServiceTracking.Core.Ethereum;

/// <summary>encodeData of the atomic and dynamic EIP-712 types, each into one 32-byte word.</summary>
internal static class Eip712Words
{
    private static readonly BigInteger s_twoTo256 = BigInteger.One << 256;
    private static readonly SearchValues<char> s_hexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> s_decimalDigits = SearchValues.Create("0123456789");

    public static bool IsAtomicOrDynamic(string type) =>
        type is "address" or "bool" or "string" or "bytes"
        || TryFixedBytesSize(type, out _)
        || TryIntegerBits(type, out _, out _);

    public static void WriteUInt64(ulong value, Span<byte> word)
    {
        word.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(word[24..], value);
    }

    public static void WriteAddress(EthAddress address, Span<byte> word)
    {
        word.Clear();
        address.ToArray().CopyTo(word[12..]);
    }

    public static void EncodeAtomic(string type, JsonElement value, string path, Span<byte> word)
    {
        word.Clear();
        switch (type)
        {
            case "string":
                Keccak256.Hash(Encoding.UTF8.GetBytes(RequireString(value, type, path)), word);
                return;
            case "bytes":
                Keccak256.Hash(ParseHexBytes(RequireString(value, type, path), path), word);
                return;
            case "bool":
                word[31] = value.ValueKind switch
                {
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    _ => throw new Eip712Exception($"{path} must be true or false."),
                };
                return;
            case "address":
                var text = RequireString(value, type, path);
                if (!EthAddress.TryParse(text, out var address))
                {
                    throw new Eip712Exception($"{path}: '{text}' is not an address (0x + 40 hex digits, valid EIP-55 checksum if mixed case).");
                }
                WriteAddress(address, word);
                return;
        }
        if (TryFixedBytesSize(type, out var size))
        {
            var bytes = ParseHexBytes(RequireString(value, type, path), path);
            if (bytes.Length != size)
            {
                throw new Eip712Exception($"{path}: a {type} value is {size} bytes, not {bytes.Length}.");
            }
            bytes.CopyTo(word);
            return;
        }
        if (TryIntegerBits(type, out var bits, out var signed))
        {
            var number = ParseInteger(value, path);
            var min = signed ? -(BigInteger.One << (bits - 1)) : BigInteger.Zero;
            var max = (BigInteger.One << (signed ? bits - 1 : bits)) - 1;
            if (number < min || number > max)
            {
                throw new Eip712Exception($"{path}: {number} is out of range for {type}.");
            }
            var unsigned = number.Sign < 0 ? number + s_twoTo256 : number;
            var length = unsigned.GetByteCount(isUnsigned: true);
            unsigned.TryWriteBytes(word[(32 - length)..], out _, isUnsigned: true, isBigEndian: true);
            return;
        }
        throw new Eip712Exception($"{path}: unknown type '{type}'.");
    }

    private static string RequireString(JsonElement value, string type, string path) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new Eip712Exception($"{path} must be a JSON string for type {type}, not {value.ValueKind}.");

    private static byte[] ParseHexBytes(string text, string path)
    {
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length % 2 != 0 || !text.AsSpan(2).ContainsOnlyHex())
        {
            throw new Eip712Exception($"{path}: '{Truncate(text)}' is not 0x-prefixed hex of whole bytes.");
        }
        return Convert.FromHexString(text.AsSpan(2));
    }

    /// <summary>A JSON number (integral, exponent allowed) or a string of decimal digits or 0x-hex.</summary>
    private static BigInteger ParseInteger(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return ParseJsonNumber(value.GetRawText())
                ?? throw new Eip712Exception($"{path}: {Truncate(value.GetRawText())} is not an integer.");
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new Eip712Exception($"{path} must be a number or a numeric string, not {value.ValueKind}.");
        }
        var text = value.GetString()!;
        if (text.Length is > 2 and <= 66 && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && text.AsSpan(2).ContainsOnlyHex())
        {
            return BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text;
        if (digits.Length is > 0 and <= 80 && digits.ContainsOnlyDigits())
        {
            return BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        throw new Eip712Exception($"{path}: '{Truncate(text)}' is not a decimal or 0x-hex integer.");
    }

    // JSON guarantees the shape -?int(.frac)?([eE][+-]?exp)?; only the integral value is of interest.
    private static BigInteger? ParseJsonNumber(string raw)
    {
        var exponentAt = raw.IndexOfAny(['e', 'E']);
        var mantissa = exponentAt < 0 ? raw : raw[..exponentAt];
        if (!long.TryParse(exponentAt < 0 ? "0" : raw[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
            || Math.Abs(exponent) > 1_000_000)
        {
            return null;
        }
        var negative = mantissa.StartsWith('-');
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integral = mantissa[(negative ? 1 : 0)..(dot < 0 ? mantissa.Length : dot)];
        var fraction = dot < 0 ? "" : mantissa[(dot + 1)..];
        var digits = (integral + fraction).TrimStart('0');
        exponent -= fraction.Length;
        var trimmed = digits.TrimEnd('0');
        exponent += digits.Length - trimmed.Length;
        if (trimmed.Length == 0)
        {
            return BigInteger.Zero;
        }
        if (exponent < 0 || trimmed.Length + exponent > 80)
        {
            return null; // a fraction, or far beyond 256 bits
        }
        var result = BigInteger.Parse(trimmed, CultureInfo.InvariantCulture) * BigInteger.Pow(10, (int)exponent);
        return negative ? -result : result;
    }

    private static bool TryFixedBytesSize(string type, out int size)
    {
        size = 0;
        return type.StartsWith("bytes", StringComparison.Ordinal)
            && TryCanonicalNumber(type.AsSpan(5), out size) && size is >= 1 and <= 32;
    }

    private static bool TryIntegerBits(string type, out int bits, out bool signed)
    {
        signed = type.StartsWith("int", StringComparison.Ordinal);
        var digits = signed ? type.AsSpan(3) : type.StartsWith("uint", StringComparison.Ordinal) ? type.AsSpan(4) : [];
        bits = 0;
        return TryCanonicalNumber(digits, out bits) && bits is >= 8 and <= 256 && bits % 8 == 0;
    }

    // Digits without a leading zero, so "bytes032" or "uint08" are not accepted as aliases.
    private static bool TryCanonicalNumber(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        return digits.Length is > 0 and <= 3 && digits[0] != '0' && digits.ContainsOnlyDigits()
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static bool ContainsOnlyHex(this ReadOnlySpan<char> text) => !text.ContainsAnyExcept(s_hexDigits);

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> text) => !text.ContainsAnyExcept(s_decimalDigits);
}
