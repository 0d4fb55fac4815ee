namespace ServiceTracking.Chain.Codec;

/// <summary>A parameter of a function, event or error: its type, optional name, and whether an event indexes it.</summary>
public sealed record AbiParameter(AbiType Type, string? Name = null, bool Indexed = false);
