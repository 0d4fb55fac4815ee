namespace ServiceTracking.Chain.Codec;

/// <summary>The kinds of Solidity ABI types this codec handles.</summary>
public enum AbiKind
{
    UnsignedInteger,
    SignedInteger,
    Address,
    Bool,
    FixedBytes,
    Bytes,
    Utf8String,
    Array,
    Tuple,
}

/// <summary>A Solidity ABI type (elementary, array or tuple) with its canonical name, as used in signatures.</summary>
public sealed class AbiType
{
    public const int WordSize = 32;

    private AbiType(AbiKind kind, string name, int size = 0, AbiType? element = null, int? length = null, IReadOnlyList<AbiType>? components = null)
    {
        Kind = kind;
        Name = name;
        Size = size;
        Element = element;
        Length = length;
        Components = components ?? [];
        IsDynamic = kind switch
        {
            AbiKind.Bytes or AbiKind.Utf8String => true,
            AbiKind.Array => length is null || element!.IsDynamic,
            AbiKind.Tuple => Components.Any(c => c.IsDynamic),
            _ => false,
        };
        StaticSize = IsDynamic ? WordSize : kind switch
        {
            AbiKind.Array => length!.Value * element!.StaticSize,
            AbiKind.Tuple => Components.Sum(c => c.StaticSize),
            _ => WordSize,
        };
    }

    public AbiKind Kind { get; }

    /// <summary>Canonical name: <c>uint256</c>, <c>bytes32</c>, <c>(address,uint8)[]</c>.</summary>
    public string Name { get; }

    /// <summary>Bits for integers, bytes for <c>bytesN</c>, 0 otherwise.</summary>
    public int Size { get; }

    /// <summary>The element type of an array.</summary>
    public AbiType? Element { get; }

    /// <summary>The length of a fixed-size array <c>T[k]</c>; null for <c>T[]</c> and non-arrays.</summary>
    public int? Length { get; }

    public IReadOnlyList<AbiType> Components { get; }

    public bool IsDynamic { get; }

    /// <summary>Bytes the type takes in the head of its enclosing tuple: its whole encoding when static, one offset word when dynamic.</summary>
    public int StaticSize { get; }

    public static AbiType Address { get; } = new(AbiKind.Address, "address");

    public static AbiType Bool { get; } = new(AbiKind.Bool, "bool");

    public static AbiType DynamicBytes { get; } = new(AbiKind.Bytes, "bytes");

    public static AbiType Utf8String { get; } = new(AbiKind.Utf8String, "string");

    public static AbiType UnsignedInteger(int bits) => new(AbiKind.UnsignedInteger, $"uint{CheckBits(bits)}", bits);

    public static AbiType SignedInteger(int bits) => new(AbiKind.SignedInteger, $"int{CheckBits(bits)}", bits);

    public static AbiType FixedBytes(int size) =>
        size is >= 1 and <= 32
            ? new(AbiKind.FixedBytes, $"bytes{size}", size)
            : throw new ArgumentOutOfRangeException(nameof(size), size, "bytesN needs 1 ≤ N ≤ 32.");

    public static AbiType ArrayOf(AbiType element, int? length = null)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A fixed array length is not negative.");
        }
        return new(AbiKind.Array, $"{element.Name}[{length}]", 0, element, length);
    }

    public static AbiType Tuple(params IReadOnlyList<AbiType> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        return new(AbiKind.Tuple, "(" + string.Join(',', components.Select(c => c.Name)) + ")", components: [.. components]);
    }

    /// <summary>Parses a type such as <c>uint256</c>, <c>bytes10</c>, <c>uint32[]</c> or <c>(address,uint8)[2]</c>; <c>uint</c>/<c>int</c> mean 256 bits.</summary>
    public static AbiType Parse(string text) => AbiSignatureParser.ParseType(text);

    public override string ToString() => Name;

    private static int CheckBits(int bits) =>
        bits is >= 8 and <= 256 && bits % 8 == 0
            ? bits
            : throw new ArgumentOutOfRangeException(nameof(bits), bits, "Integer widths are multiples of 8 from 8 to 256.");
}
