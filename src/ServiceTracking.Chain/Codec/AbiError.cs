namespace ServiceTracking.Chain.Codec;

/// <summary>A Solidity custom error (or <c>Error(string)</c>, <c>Panic(uint256)</c>) from its signature; decodes revert data.</summary>
public sealed class AbiError
{
    private readonly byte[] _selector;
    private readonly AbiType[] _types;

    private AbiError(string name, IReadOnlyList<AbiParameter> parameters)
    {
        Name = name;
        Parameters = parameters;
        Signature = Abi.Canonical(name, parameters);
        _selector = Abi.Selector(Signature);
        _types = [.. parameters.Select(p => p.Type)];
    }

    /// <summary><c>Error(string)</c>: what <c>require(cond, "reason")</c> and <c>revert("reason")</c> raise.</summary>
    public static AbiError RevertReason { get; } = Parse("Error(string reason)");

    /// <summary><c>Panic(uint256)</c>: failed asserts, overflow, division by zero, out-of-bounds indexing.</summary>
    public static AbiError Panic { get; } = Parse("Panic(uint256 code)");

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Parameters { get; }

    public string Signature { get; }

    public ReadOnlySpan<byte> Selector => _selector;

    public static AbiError Parse(string signature)
    {
        var (name, parameters, _) = AbiSignatureParser.ParseSignature(signature, allowIndexed: false);
        return new AbiError(name, parameters);
    }

    /// <summary>Revert data for this error with these arguments.</summary>
    public byte[] Encode(params object?[] arguments) => [.. _selector, .. Abi.Encode(_types, arguments)];

    /// <summary>The arguments when <paramref name="revertData"/> is this error, well formed; otherwise false.</summary>
    public bool TryDecode(ReadOnlySpan<byte> revertData, out object?[] arguments)
    {
        arguments = [];
        if (revertData.Length < 4 || !revertData[..4].SequenceEqual(_selector))
        {
            return false;
        }
        try
        {
            arguments = Abi.Decode(_types, revertData[4..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public override string ToString() => Signature;
}
