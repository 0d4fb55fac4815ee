namespace ServiceTracking.Core.Ethereum;

/// <summary>Typed data that cannot be hashed under EIP-712: a malformed type, a missing field or an out-of-range value.</summary>
public sealed class Eip712Exception : Exception
{
    public Eip712Exception()
    {
    }

    public Eip712Exception(string message)
        : base(message)
    {
    }

    public Eip712Exception(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
