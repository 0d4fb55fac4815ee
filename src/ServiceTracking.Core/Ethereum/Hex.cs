using System.Globalization;
using System.Numerics;

namespace ServiceTracking.Core.Ethereum;

/// <summary>The one hex helper: <c>0x</c>-hex as the API, the log and Ethereum JSON-RPC write it (DATA: byte pairs; QUANTITY: minimal digits).</summary>
public static class Hex
{
    /// <summary>DATA: "0x" followed by two lowercase digits per byte ("0x" when empty).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Parses DATA: "0x" and an even number of hex digits, either case.</summary>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || hex.Length % 2 != 0)
        {
            throw new FormatException($"'{Shorten(hex)}' is not 0x-prefixed hex data with whole bytes.");
        }
        try
        {
            return Convert.FromHexString(hex.AsSpan(2));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"'{Shorten(hex)}' is not 0x-prefixed hex data.", ex);
        }
    }

    /// <summary>Parses DATA of exactly <paramref name="length"/> bytes (any length when null), without throwing.</summary>
    public static bool TryDecode(string? hex, int? length, out byte[] bytes)
    {
        bytes = [];
        if (hex is null || !hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || hex.Length % 2 != 0
            || (length is { } n && hex.Length != 2 + (2 * n)) || hex.AsSpan(2).ContainsAnyExcept(HexDigits.Values))
        {
            return false;
        }
        bytes = Convert.FromHexString(hex.AsSpan(2));
        return true;
    }

    /// <summary>QUANTITY: "0x" followed by the value's digits without leading zeros ("0x0" for zero).</summary>
    public static string EncodeQuantity(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value.IsZero)
        {
            return "0x0";
        }
        return "0x" + Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0');
    }

    /// <summary>Parses a QUANTITY. Leading zeros are tolerated (some nodes send them), a missing digit is not.</summary>
    public static BigInteger DecodeQuantity(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || hex.Length == 2
            || !BigInteger.TryParse("0" + hex[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{Shorten(hex)}' is not a 0x-prefixed hex quantity.");
        }
        return value;
    }

    /// <summary>A QUANTITY that must fit a long (block numbers, nonces, gas).</summary>
    public static long DecodeLong(string hex)
    {
        var value = DecodeQuantity(hex);
        return value <= long.MaxValue
            ? (long)value
            : throw new FormatException($"'{Shorten(hex)}' does not fit a 64-bit integer.");
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
