using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Core.Ipfs;

/// <summary>The multibase alphabets CIDs use: base58btc, RFC 4648 base32 (no padding) and base16. Decoders never throw.</summary>
internal static class Multibase
{
    private const string Base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static byte[]? DecodeBase58(ReadOnlySpan<char> text)
    {
        var leadingZeros = 0;
        while (leadingZeros < text.Length && text[leadingZeros] == '1')
        {
            leadingZeros++;
        }
        // Big-endian base-256 accumulator; each base58 digit multiplies it by 58 and adds the digit.
        var bytes = new List<byte>(text.Length);
        foreach (var c in text[leadingZeros..])
        {
            var carry = Base58Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (carry < 0)
            {
                return null;
            }
            for (var i = bytes.Count - 1; i >= 0; i--)
            {
                carry += bytes[i] * 58;
                bytes[i] = (byte)carry;
                carry >>= 8;
            }
            while (carry > 0)
            {
                bytes.Insert(0, (byte)carry);
                carry >>= 8;
            }
        }
        return [.. new byte[leadingZeros], .. bytes];
    }

    public static string EncodeBase58(ReadOnlySpan<byte> data)
    {
        var leadingZeros = 0;
        while (leadingZeros < data.Length && data[leadingZeros] == 0)
        {
            leadingZeros++;
        }
        var digits = new List<int>(data.Length * 2);
        foreach (var b in data[leadingZeros..])
        {
            var carry = (int)b;
            for (var i = digits.Count - 1; i >= 0; i--)
            {
                carry += digits[i] << 8;
                digits[i] = carry % 58;
                carry /= 58;
            }
            while (carry > 0)
            {
                digits.Insert(0, carry % 58);
                carry /= 58;
            }
        }
        return new string('1', leadingZeros) + string.Concat(digits.Select(d => Base58Alphabet[d]));
    }

    /// <summary>RFC 4648 base32 without padding, either case; unused trailing bits must be zero.</summary>
    public static byte[]? DecodeBase32(ReadOnlySpan<char> text)
    {
        if ((text.Length % 8) is 1 or 3 or 6)
        {
            return null; // no whole number of bytes ends there
        }
        var output = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, index = 0;
        foreach (var c in text)
        {
            var value = Base32Alphabet.IndexOf(char.ToLowerInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output[index++] = (byte)(buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        return buffer == 0 ? output : null;
    }

    public static string EncodeBase32(ReadOnlySpan<byte> data)
    {
        var result = new System.Text.StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                result.Append(Base32Alphabet[(buffer >> bits) & 31]);
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0)
        {
            result.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return result.ToString();
    }

    public static byte[]? DecodeBase16(ReadOnlySpan<char> text)
    {
        if (text.Length % 2 != 0 || text.ContainsAnyExcept(HexDigits.Values))
        {
            return null;
        }
        return Convert.FromHexString(text);
    }
}
