namespace ServiceTracking.Chain.Codec;

/// <summary>A contract function from its human-readable signature, e.g. <c>balanceOf(address) view returns (uint256)</c>.</summary>
public sealed class AbiFunction
{
    private readonly byte[] _selector;
    private readonly AbiType[] _inputTypes;
    private readonly AbiType[] _outputTypes;

    private AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter> outputs)
    {
        Name = name;
        Inputs = inputs;
        Outputs = outputs;
        Signature = Abi.Canonical(name, inputs);
        _selector = Abi.Selector(Signature);
        _inputTypes = [.. inputs.Select(p => p.Type)];
        _outputTypes = [.. outputs.Select(p => p.Type)];
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public IReadOnlyList<AbiParameter> Outputs { get; }

    /// <summary>The canonical signature the selector is computed from.</summary>
    public string Signature { get; }

    public ReadOnlySpan<byte> Selector => _selector;

    public static AbiFunction Parse(string signature)
    {
        var (name, inputs, outputs) = AbiSignatureParser.ParseSignature(signature, allowIndexed: false);
        return new AbiFunction(name, inputs, outputs);
    }

    /// <summary>Call data: the selector followed by the encoded arguments.</summary>
    public byte[] EncodeCall(params object?[] arguments) => [.. _selector, .. Abi.Encode(_inputTypes, arguments)];

    /// <summary>Decodes the return data of a call into one value per output.</summary>
    public object?[] DecodeOutput(ReadOnlySpan<byte> returnData) => Abi.Decode(_outputTypes, returnData);

    public override string ToString() => Signature;
}
