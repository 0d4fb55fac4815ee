using System.Text.Json;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Rpc;

/// <summary>One event log, as in receipts and <c>eth_getLogs</c>.</summary>
public sealed record LogEntry(
    EthAddress Address,
    IReadOnlyList<byte[]> Topics,
    byte[] Data,
    long BlockNumber,
    byte[] TransactionHash,
    long LogIndex,
    bool Removed)
{
    internal static LogEntry FromJson(JsonElement json) => new(
        EthAddress.Parse(json.GetProperty("address").GetString()!),
        [.. json.GetProperty("topics").EnumerateArray().Select(t => Hex.Decode(t.GetString()!))],
        Hex.Decode(json.GetProperty("data").GetString()!),
        Hex.DecodeLong(json.GetProperty("blockNumber").GetString()!),
        Hex.Decode(json.GetProperty("transactionHash").GetString()!),
        Hex.DecodeLong(json.GetProperty("logIndex").GetString()!),
        json.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True);
}
