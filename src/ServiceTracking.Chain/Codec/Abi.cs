using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Codec;

/// <summary>Solidity ABI: encoding and decoding of parameter lists, function selectors and event topics.</summary>
public static class Abi
{
    /// <summary>Encodes values for a comma-separated type list, e.g. <c>Encode("uint32,bool", 69u, true)</c>.</summary>
    public static byte[] Encode(string types, params object?[] values) => Encode(TypesOf(types), values);

    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        return AbiEncoder.EncodeSequence(types, values);
    }

    /// <summary>Decodes data encoded for a comma-separated type list.</summary>
    /// <exception cref="FormatException">The data does not hold values of those types.</exception>
    public static object?[] Decode(string types, ReadOnlySpan<byte> data) => Decode(TypesOf(types), data);

    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        return AbiDecoder.DecodeSequence(types, data);
    }

    /// <summary>The 4-byte selector of a function or error: keccak-256 of its canonical signature, first 4 bytes.</summary>
    public static byte[] Selector(string signature) => Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(CanonicalSignature(signature)))[..4];

    /// <summary>The topic 0 of an event: keccak-256 of its canonical signature.</summary>
    public static byte[] EventTopic(string signature) => Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(CanonicalSignature(signature)));

    /// <summary>
    /// <c>name(type1,type2)</c> without names, spaces, <c>indexed</c> or outputs; <c>uint</c> becomes <c>uint256</c>.
    /// </summary>
    public static string CanonicalSignature(string signature)
    {
        var (name, inputs, _) = AbiSignatureParser.ParseSignature(signature, allowIndexed: true);
        return Canonical(name, inputs);
    }

    internal static string Canonical(string name, IReadOnlyList<AbiParameter> parameters) =>
        name + "(" + string.Join(',', parameters.Select(p => p.Type.Name)) + ")";

    private static List<AbiType> TypesOf(string types) => [.. AbiSignatureParser.ParseParameters(types).Select(p => p.Type)];
}
