namespace ServiceTracking.Chain.Codec;

/// <summary>
/// A contract event from its human-readable signature, e.g.
/// <c>Transfer(address indexed from, address indexed to, uint256 value)</c>; decodes logs into one value per parameter.
/// </summary>
public sealed class AbiEvent
{
    private readonly byte[] _topic;
    private readonly AbiType[] _dataTypes;

    private AbiEvent(string name, IReadOnlyList<AbiParameter> parameters)
    {
        Name = name;
        Parameters = parameters;
        Signature = Abi.Canonical(name, parameters);
        _topic = Abi.EventTopic(Signature);
        _dataTypes = [.. parameters.Where(p => !p.Indexed).Select(p => p.Type)];
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Parameters { get; }

    public string Signature { get; }

    /// <summary>Topic 0 of every log of this (non-anonymous) event.</summary>
    public ReadOnlySpan<byte> Topic => _topic;

    public static AbiEvent Parse(string signature)
    {
        var (name, parameters, _) = AbiSignatureParser.ParseSignature(signature, allowIndexed: true);
        return new AbiEvent(name, parameters);
    }

    public bool Matches(IReadOnlyList<byte[]> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return topics.Count > 0 && topics[0].AsSpan().SequenceEqual(_topic);
    }

    /// <summary>
    /// The parameters in declaration order: indexed ones from topics 1.., the rest from data. An indexed dynamic
    /// value (string, bytes, array, tuple) is only its keccak-256 hash in the log, returned as 32 bytes.
    /// </summary>
    /// <exception cref="FormatException">The log is not one of this event.</exception>
    public object?[] DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        var indexedCount = Parameters.Count(p => p.Indexed);
        if (!Matches(topics) || topics.Count != 1 + indexedCount)
        {
            throw new FormatException($"The log is not a {Signature} event.");
        }
        var fromData = Abi.Decode(_dataTypes, data);
        var values = new object?[Parameters.Count];
        int topic = 1, dataIndex = 0;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var parameter = Parameters[i];
            if (!parameter.Indexed)
            {
                values[i] = fromData[dataIndex++];
                continue;
            }
            var word = topics[topic++];
            if (word.Length != AbiType.WordSize)
            {
                throw new FormatException("An event topic is 32 bytes.");
            }
            var hashed = parameter.Type.IsDynamic || parameter.Type.Kind is AbiKind.Array or AbiKind.Tuple;
            values[i] = hashed ? word.ToArray() : AbiDecoder.DecodeWord(parameter.Type, word);
        }
        return values;
    }

    public override string ToString() => Signature;
}
