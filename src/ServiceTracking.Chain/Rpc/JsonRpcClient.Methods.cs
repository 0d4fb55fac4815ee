using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Rpc;

/// <summary>The eth_* methods the chain client uses, with typed parameters and results.</summary>
public sealed partial class JsonRpcClient
{
    public async Task<long> ChainIdAsync(CancellationToken cancellationToken = default) =>
        Hex.DecodeLong(await StringAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false));

    public async Task<long> BlockNumberAsync(CancellationToken cancellationToken = default) =>
        Hex.DecodeLong(await StringAsync("eth_blockNumber", [], cancellationToken).ConfigureAwait(false));

    public async Task<BigInteger> GetBalanceAsync(EthAddress address, BlockTag block = default, CancellationToken cancellationToken = default) =>
        Hex.DecodeQuantity(await StringAsync("eth_getBalance", [address.ToLowerHex(), block.ToString()], cancellationToken).ConfigureAwait(false));

    /// <summary>The account's nonce: with <see cref="BlockTag.Pending"/>, counting its transactions still in the node's pool.</summary>
    public async Task<long> GetTransactionCountAsync(EthAddress address, BlockTag block = default, CancellationToken cancellationToken = default) =>
        Hex.DecodeLong(await StringAsync("eth_getTransactionCount", [address.ToLowerHex(), block.ToString()], cancellationToken).ConfigureAwait(false));

    /// <summary>The runtime code at an address; empty for an account without code.</summary>
    public async Task<byte[]> GetCodeAsync(EthAddress address, BlockTag block = default, CancellationToken cancellationToken = default) =>
        Hex.Decode(await StringAsync("eth_getCode", [address.ToLowerHex(), block.ToString()], cancellationToken).ConfigureAwait(false));

    /// <summary>Runs a call without a transaction and returns its return data.</summary>
    /// <exception cref="JsonRpcException">Including reverts: see <see cref="JsonRpcException.RevertData"/>.</exception>
    public async Task<byte[]> CallAsync(CallRequest call, BlockTag block = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Hex.Decode(await StringAsync("eth_call", [call.ToJson(), block.ToString()], cancellationToken).ConfigureAwait(false));
    }

    public async Task<long> EstimateGasAsync(CallRequest call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Hex.DecodeLong(await StringAsync("eth_estimateGas", [call.ToJson()], cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The node's suggested priority fee (tip) per gas.</summary>
    public async Task<BigInteger> MaxPriorityFeePerGasAsync(CancellationToken cancellationToken = default) =>
        Hex.DecodeQuantity(await StringAsync("eth_maxPriorityFeePerGas", [], cancellationToken).ConfigureAwait(false));

    /// <summary>Base fees (and, for the given percentiles, priority fees paid) over the last <paramref name="blockCount"/> blocks.</summary>
    public async Task<FeeHistory> FeeHistoryAsync(int blockCount, BlockTag newestBlock = default, IReadOnlyList<double>? rewardPercentiles = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        var percentiles = new JsonArray([.. (rewardPercentiles ?? []).Select(p => JsonValue.Create(p))]);
        var result = await SendAsync("eth_feeHistory", [Hex.EncodeQuantity(blockCount), newestBlock.ToString(), percentiles], cancellationToken).ConfigureAwait(false);
        return FeeHistory.FromJson(result);
    }

    /// <summary>Submits a signed transaction; returns its hash as the node reports it.</summary>
    public async Task<byte[]> SendRawTransactionAsync(ReadOnlyMemory<byte> rawTransaction, CancellationToken cancellationToken = default) =>
        Hex.Decode(await StringAsync("eth_sendRawTransaction", [Hex.Encode(rawTransaction.Span)], cancellationToken).ConfigureAwait(false));

    /// <summary>The receipt, or null while the transaction is not mined (or unknown to the node).</summary>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(ReadOnlyMemory<byte> transactionHash, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_getTransactionReceipt", [Hex.Encode(transactionHash.Span)], cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : TransactionReceipt.FromJson(result);
    }

    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = await SendAsync("eth_getLogs", [filter.ToJson()], cancellationToken).ConfigureAwait(false);
        return [.. result.EnumerateArray().Select(LogEntry.FromJson)];
    }

    private async Task<string> StringAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var result = await SendAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.String
            ? result.GetString()!
            : throw new JsonRpcException($"{method}: expected a string result, got {result.ValueKind}.");
    }
}
