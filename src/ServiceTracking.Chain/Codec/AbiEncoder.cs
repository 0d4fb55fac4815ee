using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Codec;

/// <summary>
/// The Solidity ABI encoding (head/tail, 32-byte words). Values: integers of any .NET integral type, enums or
/// <see cref="BigInteger"/>; <see cref="EthAddress"/>; bool; byte[] or ReadOnlyMemory&lt;byte&gt; for bytes and bytesN;
/// string; any IEnumerable for arrays; an ITuple (value tuples) or IEnumerable for tuples.
/// </summary>
internal static class AbiEncoder
{
    private static readonly AbiType s_uint256 = AbiType.UnsignedInteger(256);

    public static byte[] EncodeSequence(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        if (types.Count != values.Count)
        {
            throw new ArgumentException($"Expected {types.Count} values for ({string.Join(',', types)}), got {values.Count}.");
        }
        var headLength = types.Sum(t => t.StaticSize);
        var heads = new List<byte[]>(types.Count);
        var tails = new List<byte[]>();
        var tailLength = 0;
        for (var i = 0; i < types.Count; i++)
        {
            var encoded = Encode(types[i], values[i]);
            if (types[i].IsDynamic)
            {
                heads.Add(Word(headLength + tailLength));
                tails.Add(encoded);
                tailLength += encoded.Length;
            }
            else
            {
                heads.Add(encoded);
            }
        }
        var output = new byte[headLength + tailLength];
        var position = 0;
        foreach (var part in heads.Concat(tails))
        {
            part.CopyTo(output, position);
            position += part.Length;
        }
        return output;
    }

    private static byte[] Encode(AbiType type, object? value)
    {
        switch (type.Kind)
        {
            case AbiKind.UnsignedInteger:
            case AbiKind.SignedInteger:
                return Integer(type, ToBigInteger(type, value));
            case AbiKind.Address:
                var address = value as EthAddress? ?? throw Mismatch(type, value);
                var word = new byte[AbiType.WordSize];
                address.ToArray().CopyTo(word, 12);
                return word;
            case AbiKind.Bool:
                return Word(value as bool? ?? throw Mismatch(type, value) ? 1 : 0);
            case AbiKind.FixedBytes:
                var fixedBytes = ToBytes(type, value);
                if (fixedBytes.Length != type.Size)
                {
                    throw new ArgumentException($"{type} takes exactly {type.Size} bytes, not {fixedBytes.Length}.");
                }
                return Padded(fixedBytes);
            case AbiKind.Bytes:
                return LengthPrefixed(ToBytes(type, value));
            case AbiKind.Utf8String:
                return LengthPrefixed(System.Text.Encoding.UTF8.GetBytes(value as string ?? throw Mismatch(type, value)));
            case AbiKind.Array:
                var items = ToList(type, value);
                if (type.Length is { } length && items.Count != length)
                {
                    throw new ArgumentException($"{type} takes exactly {length} items, not {items.Count}.");
                }
                var body = EncodeSequence(Enumerable.Repeat(type.Element!, items.Count).ToList(), items);
                return type.Length is null ? [.. Word(items.Count), .. body] : body;
            case AbiKind.Tuple:
                return EncodeSequence(type.Components, value is ITuple tuple ? ToList(tuple) : ToList(type, value));
            default:
                throw new NotSupportedException($"ABI type {type} is not supported.");
        }
    }

    private static byte[] Integer(AbiType type, BigInteger value)
    {
        var (min, max) = type.Kind == AbiKind.UnsignedInteger
            ? (BigInteger.Zero, (BigInteger.One << type.Size) - 1)
            : (-(BigInteger.One << (type.Size - 1)), (BigInteger.One << (type.Size - 1)) - 1);
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Out of range for {type}.");
        }
        // Two's complement in 256 bits: negative values are sign-extended with 0xff.
        var word = new byte[AbiType.WordSize];
        if (value.Sign < 0)
        {
            Array.Fill(word, (byte)0xff);
        }
        var bytes = value.ToByteArray(isUnsigned: value.Sign >= 0, isBigEndian: true);
        bytes.CopyTo(word, AbiType.WordSize - bytes.Length);
        return word;
    }

    internal static byte[] Word(long value) => Integer(s_uint256, value);

    private static byte[] LengthPrefixed(byte[] bytes) => [.. Word(bytes.Length), .. Padded(bytes)];

    private static byte[] Padded(byte[] bytes)
    {
        var padded = new byte[(bytes.Length + AbiType.WordSize - 1) / AbiType.WordSize * AbiType.WordSize];
        bytes.CopyTo(padded, 0);
        return padded;
    }

    private static BigInteger ToBigInteger(AbiType type, object? value) => value switch
    {
        BigInteger big => big,
        Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture),
        byte or sbyte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u => u,
        UInt128 u => u,
        Int128 i => i,
        _ => throw Mismatch(type, value),
    };

    private static byte[] ToBytes(AbiType type, object? value) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        Memory<byte> memory => memory.ToArray(),
        _ => throw Mismatch(type, value),
    };

    private static List<object?> ToList(AbiType type, object? value) =>
        value is IEnumerable items and not string ? items.Cast<object?>().ToList() : throw Mismatch(type, value);

    private static List<object?> ToList(ITuple tuple)
    {
        var items = new List<object?>(tuple.Length);
        for (var i = 0; i < tuple.Length; i++)
        {
            items.Add(tuple[i]);
        }
        return items;
    }

    private static ArgumentException Mismatch(AbiType type, object? value) =>
        new($"A {value?.GetType().Name ?? "null"} cannot be encoded as {type}.");
}
