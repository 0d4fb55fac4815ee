using System.Numerics;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Codec;

/// <summary>
/// Decodes the Solidity ABI strictly, as <c>abi.decode</c> does: offsets and lengths must stay inside the data and
/// padding bits of integers, addresses, bools and bytesN must be clean. Integers come back as <see cref="BigInteger"/>,
/// addresses as <see cref="EthAddress"/>, bytes and bytesN as byte[], arrays and tuples as object?[].
/// </summary>
internal static class AbiDecoder
{
    private const int Word = AbiType.WordSize;

    public static object?[] DecodeSequence(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        var values = new object?[types.Count];
        var position = 0;
        for (var i = 0; i < types.Count; i++)
        {
            var type = types[i];
            if (type.IsDynamic)
            {
                var offset = ReadLength(data, position, "offset");
                values[i] = Decode(type, data[offset..]);
                position += Word;
            }
            else
            {
                values[i] = Decode(type, Slice(data, position, type.StaticSize));
                position += type.StaticSize;
            }
        }
        return values;
    }

    /// <summary>One static value from a 32-byte event topic.</summary>
    public static object? DecodeWord(AbiType type, ReadOnlySpan<byte> word) => Decode(type, word);

    private static object? Decode(AbiType type, ReadOnlySpan<byte> data)
    {
        switch (type.Kind)
        {
            case AbiKind.UnsignedInteger:
                var unsigned = new BigInteger(Slice(data, 0, Word), isUnsigned: true, isBigEndian: true);
                return unsigned >> type.Size == 0 ? unsigned : throw Dirty(type);
            case AbiKind.SignedInteger:
                var signed = new BigInteger(Slice(data, 0, Word), isUnsigned: false, isBigEndian: true);
                var limit = BigInteger.One << (type.Size - 1);
                return signed >= -limit && signed < limit ? signed : throw Dirty(type);
            case AbiKind.Address:
                var word = Slice(data, 0, Word);
                return word[..12].ContainsAnyExcept((byte)0) ? throw Dirty(type) : EthAddress.FromBytes(word[12..]);
            case AbiKind.Bool:
                var flag = Slice(data, 0, Word);
                return flag[..31].ContainsAnyExcept((byte)0) || flag[31] > 1 ? throw Dirty(type) : flag[31] == 1;
            case AbiKind.FixedBytes:
                var padded = Slice(data, 0, Word);
                return padded[type.Size..].ContainsAnyExcept((byte)0) ? throw Dirty(type) : padded[..type.Size].ToArray();
            case AbiKind.Bytes:
                return Slice(data, Word, ReadLength(data, 0, "length")).ToArray();
            case AbiKind.Utf8String:
                var utf8 = Slice(data, Word, ReadLength(data, 0, "length"));
                return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(utf8);
            case AbiKind.Array when type.Length is { } length:
                return DecodeSequence(Enumerable.Repeat(type.Element!, length).ToList(), data);
            case AbiKind.Array:
                var count = ReadLength(data, 0, "array length");
                // Each item takes at least its head size, so a count the data cannot hold is refused before allocating.
                if ((long)count * type.Element!.StaticSize > data.Length - Word)
                {
                    throw new FormatException($"ABI data too short for {count} items of {type.Element}.");
                }
                return DecodeSequence(Enumerable.Repeat(type.Element, count).ToList(), data[Word..]);
            case AbiKind.Tuple:
                return DecodeSequence(type.Components, data);
            default:
                throw new NotSupportedException($"ABI type {type} is not supported.");
        }
    }

    private static int ReadLength(ReadOnlySpan<byte> data, int position, string what)
    {
        var word = Slice(data, position, Word);
        if (word[..28].ContainsAnyExcept((byte)0))
        {
            throw new FormatException($"ABI {what} is out of range.");
        }
        var value = (uint)((word[28] << 24) | (word[29] << 16) | (word[30] << 8) | word[31]);
        return value <= (uint)data.Length ? (int)value : throw new FormatException($"ABI {what} {value} points past the data ({data.Length} bytes).");
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> data, int start, int length) =>
        start >= 0 && length >= 0 && (long)start + length <= data.Length
            ? data.Slice(start, length)
            : throw new FormatException($"ABI data too short: needed bytes {start}..{(long)start + length}, have {data.Length}.");

    private static FormatException Dirty(AbiType type) => new($"ABI value is not a clean {type}.");
}
