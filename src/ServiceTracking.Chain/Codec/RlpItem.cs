using System.Numerics;

namespace ServiceTracking.Chain.Codec;

/// <summary>An RLP value: a byte string or a list of items.</summary>
public sealed class RlpItem
{
    private readonly byte[]? _bytes;
    private readonly RlpItem[]? _items;

    private RlpItem(byte[]? bytes, RlpItem[]? items)
    {
        _bytes = bytes;
        _items = items;
    }

    public static RlpItem Empty { get; } = new([], null);

    public static RlpItem EmptyList { get; } = new(null, []);

    public bool IsList => _items is not null;

    /// <summary>The byte string; throws for a list.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? throw new InvalidOperationException("This RLP item is a list, not a byte string.");

    /// <summary>The list's items; throws for a byte string.</summary>
    public IReadOnlyList<RlpItem> Items => _items ?? throw new InvalidOperationException("This RLP item is a byte string, not a list.");

    public static RlpItem FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray(), null);

    public static RlpItem FromList(params IEnumerable<RlpItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(null, [.. items]);
    }

    /// <summary>A non-negative integer as Ethereum writes it: big-endian without leading zeros, so zero is the empty string.</summary>
    public static RlpItem FromInteger(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new(value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true), null);
    }

    /// <summary>Reads the byte string as an integer; a leading zero byte is refused as non-canonical.</summary>
    public BigInteger ToInteger()
    {
        var bytes = Bytes;
        if (bytes.Length > 0 && bytes[0] == 0)
        {
            throw new FormatException("An RLP integer has no leading zero bytes.");
        }
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    public byte[] ToArray() => Bytes.ToArray();
}
