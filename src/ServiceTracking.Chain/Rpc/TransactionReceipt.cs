using System.Numerics;
using System.Text.Json;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Rpc;

/// <summary>The receipt of a mined transaction; <see cref="Succeeded"/> is status 1.</summary>
public sealed record TransactionReceipt(
    byte[] TransactionHash,
    long BlockNumber,
    byte[] BlockHash,
    EthAddress From,
    EthAddress? To,
    EthAddress? ContractAddress,
    int Status,
    long GasUsed,
    BigInteger EffectiveGasPrice,
    IReadOnlyList<LogEntry> Logs)
{
    public bool Succeeded => Status == 1;

    public string TransactionHashHex => Hex.Encode(TransactionHash);

    internal static TransactionReceipt FromJson(JsonElement json)
    {
        static EthAddress? Address(JsonElement json, string name) =>
            json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? EthAddress.Parse(value.GetString()!) : null;

        return new TransactionReceipt(
            Hex.Decode(json.GetProperty("transactionHash").GetString()!),
            Hex.DecodeLong(json.GetProperty("blockNumber").GetString()!),
            Hex.Decode(json.GetProperty("blockHash").GetString()!),
            EthAddress.Parse(json.GetProperty("from").GetString()!),
            Address(json, "to"),
            Address(json, "contractAddress"),
            (int)Hex.DecodeLong(json.GetProperty("status").GetString()!),
            Hex.DecodeLong(json.GetProperty("gasUsed").GetString()!),
            json.TryGetProperty("effectiveGasPrice", out var price) ? Hex.DecodeQuantity(price.GetString()!) : BigInteger.Zero,
            [.. json.GetProperty("logs").EnumerateArray().Select(LogEntry.FromJson)]);
    }
}
