using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Rpc;

/// <summary>The block parameter of JSON-RPC reads: a tag (<c>latest</c>, <c>pending</c>, …) or a block number.</summary>
public readonly record struct BlockTag
{
    private readonly string? _value;

    private BlockTag(string value) => _value = value;

    public static BlockTag Latest { get; } = new("latest");

    public static BlockTag Pending { get; } = new("pending");

    public static BlockTag Earliest { get; } = new("earliest");

    public static BlockTag Safe { get; } = new("safe");

    public static BlockTag Finalized { get; } = new("finalized");

    public static BlockTag Number(long blockNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blockNumber);
        return new(Hex.EncodeQuantity(blockNumber));
    }

    /// <summary>The JSON-RPC form; the default value means <c>latest</c>.</summary>
    public override string ToString() => _value ?? "latest";
}
