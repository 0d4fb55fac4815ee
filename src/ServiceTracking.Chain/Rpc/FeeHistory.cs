using ServiceTracking.Core.Ethereum;
using System.Numerics;
using System.Text.Json;

namespace ServiceTracking.Chain.Rpc;

/// <summary>
/// The answer of <c>eth_feeHistory</c>. <see cref="BaseFeePerGas"/> has one more entry than blocks asked for:
/// the last is the base fee of the next block, the one a transaction sent now pays.
/// </summary>
public sealed record FeeHistory(long OldestBlock, IReadOnlyList<BigInteger> BaseFeePerGas, IReadOnlyList<IReadOnlyList<BigInteger>> Reward)
{
    internal static FeeHistory FromJson(JsonElement json) => new(
        Hex.DecodeLong(json.GetProperty("oldestBlock").GetString()!),
        [.. json.GetProperty("baseFeePerGas").EnumerateArray().Select(f => Hex.DecodeQuantity(f.GetString()!))],
        json.TryGetProperty("reward", out var reward) && reward.ValueKind == JsonValueKind.Array
            ? [.. reward.EnumerateArray().Select(block => (IReadOnlyList<BigInteger>)[.. block.EnumerateArray().Select(r => Hex.DecodeQuantity(r.GetString()!))])]
            : []);
}
