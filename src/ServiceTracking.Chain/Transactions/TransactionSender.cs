using System.Numerics;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Transactions;

/// <summary>
/// Sends EIP-1559 transactions signed locally with one key: estimates gas and fees, assigns nonces itself
/// (starting from the node's <c>pending</c> count, resynchronised after "nonce too low" or a lost answer), submits,
/// and waits for the receipt. Safe for concurrent use: signing and submission are serialised so nonces go out in order,
/// while estimation and waiting run in parallel. It should be the only sender using its key.
/// </summary>
public sealed class TransactionSender : IDisposable
{
    private readonly EthPrivateKey _key;
    private readonly TransactionSenderOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long? _nextNonce;

    public TransactionSender(JsonRpcClient rpc, EthPrivateKey key, long chainId, TransactionSenderOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chainId);
        Rpc = rpc;
        _key = key;
        ChainId = chainId;
        _options = options ?? TransactionSenderOptions.Default;
        _time = timeProvider ?? TimeProvider.System;
    }

    public JsonRpcClient Rpc { get; }

    /// <summary>The signing account.</summary>
    public EthAddress Address => _key.Address;

    public long ChainId { get; }

    /// <summary>A sender for the node's chain; when <paramref name="expectedChainId"/> is given the node must be on that chain.</summary>
    /// <exception cref="InvalidOperationException">The node is on another chain: signing for it would waste or misdirect funds.</exception>
    public static async Task<TransactionSender> ConnectAsync(
        JsonRpcClient rpc, EthPrivateKey key, long? expectedChainId = null, TransactionSenderOptions? options = null,
        TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var chainId = await rpc.ChainIdAsync(cancellationToken).ConfigureAwait(false);
        if (expectedChainId is { } expected && expected != chainId)
        {
            throw new InvalidOperationException($"The node at {rpc.EndpointForDisplay} is on chain {chainId}, not the configured chain {expected}.");
        }
        return new TransactionSender(rpc, key, chainId, options, timeProvider);
    }

    /// <summary>Sends and waits until mined.</summary>
    /// <exception cref="ContractRevertException">The estimate reverted, or the transaction was mined with status 0.</exception>
    /// <exception cref="TimeoutException">No receipt within <see cref="TransactionSenderOptions.ReceiptTimeout"/>.</exception>
    public async Task<TransactionReceipt> SendAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        var signed = await SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        var receipt = await WaitForReceiptAsync(signed.Hash, cancellationToken).ConfigureAwait(false);
        if (!receipt.Succeeded)
        {
            throw new ContractRevertException(await ReplayForRevertDataAsync(request, receipt, cancellationToken).ConfigureAwait(false), request.Errors, receipt);
        }
        return receipt;
    }

    /// <summary>Estimates, signs with the next nonce and submits; returns without waiting for the receipt.</summary>
    public async Task<SignedTransaction> SubmitAsync(TransactionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var gasLimit = request.GasLimit ?? await EstimateGasLimitAsync(request, cancellationToken).ConfigureAwait(false);
        var fees = await EstimateFeesAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var resyncs = 0; ; resyncs++)
            {
                _nextNonce ??= await Rpc.GetTransactionCountAsync(Address, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
                var signed = new Eip1559Transaction(ChainId, _nextNonce.Value, fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, gasLimit,
                    request.To, request.Value, request.Data).Sign(_key);
                try
                {
                    await Rpc.SendRawTransactionAsync(signed.Raw, cancellationToken).ConfigureAwait(false);
                }
                catch (JsonRpcException ex) when (IsAlreadyKnown(ex))
                {
                    // A retried request that had reached the node: the same bytes are already in its pool.
                }
                catch (JsonRpcException ex) when (ex.IsRevert)
                {
                    // An automining Hardhat node executes at once and answers a revert with an error, although the
                    // transaction was mined (status 0) and used its nonce. Any other node that refuses with a revert
                    // did not take the transaction.
                    if (await Rpc.GetTransactionReceiptAsync(signed.Hash, cancellationToken).ConfigureAwait(false) is null)
                    {
                        _nextNonce = null;
                        throw new ContractRevertException(ex.RevertData, request.Errors, innerException: ex);
                    }
                }
                catch (JsonRpcException ex) when (IsStaleNonce(ex) && resyncs < _options.MaxNonceResyncs)
                {
                    _nextNonce = null;
                    continue;
                }
                catch (Exception ex) when (ex is ChainUnavailableException or OperationCanceledException)
                {
                    // The node may or may not have it: ask again next time rather than guess.
                    _nextNonce = null;
                    throw;
                }
                _nextNonce++;
                return signed;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Polls for the receipt every <see cref="TransactionSenderOptions.ReceiptPollInterval"/>.</summary>
    /// <exception cref="TimeoutException">Not mined within <see cref="TransactionSenderOptions.ReceiptTimeout"/>.</exception>
    public async Task<TransactionReceipt> WaitForReceiptAsync(byte[] transactionHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactionHash);
        var started = _time.GetTimestamp();
        while (true)
        {
            if (await Rpc.GetTransactionReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false) is { } receipt)
            {
                return receipt;
            }
            if (_time.GetElapsedTime(started) >= _options.ReceiptTimeout)
            {
                throw new TimeoutException($"Transaction {Hex.Encode(transactionHash)} was not mined within {_options.ReceiptTimeout}.");
            }
            await Task.Delay(_options.ReceiptPollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Tip from <c>eth_maxPriorityFeePerGas</c> (or the fallback), base fee of the next block from <c>eth_feeHistory</c>.</summary>
    public async Task<FeeEstimate> EstimateFeesAsync(CancellationToken cancellationToken = default)
    {
        BigInteger tip;
        try
        {
            tip = await Rpc.MaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException)
        {
            tip = _options.FallbackPriorityFeePerGas;
        }
        var history = await Rpc.FeeHistoryAsync(1, BlockTag.Latest, cancellationToken: cancellationToken).ConfigureAwait(false);
        var baseFee = history.BaseFeePerGas.Count > 0 ? history.BaseFeePerGas[^1] : BigInteger.Zero;
        // Twice the base fee survives six full blocks of +12.5% each; unused headroom is refunded.
        return new FeeEstimate(baseFee, tip, 2 * baseFee + tip);
    }

    private async Task<long> EstimateGasLimitAsync(TransactionRequest request, CancellationToken cancellationToken)
    {
        var call = new CallRequest(request.To, request.Data, Address, request.Value);
        try
        {
            var estimate = await Rpc.EstimateGasAsync(call, cancellationToken).ConfigureAwait(false);
            return estimate * (100 + _options.GasMarginPercent) / 100;
        }
        catch (JsonRpcException ex) when (ex.IsRevert)
        {
            throw new ContractRevertException(ex.RevertData, request.Errors, innerException: ex);
        }
    }

    // Re-runs the failed transaction as a call on the state before its block, to recover the revert data that receipts lack.
    private async Task<byte[]?> ReplayForRevertDataAsync(TransactionRequest request, TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        try
        {
            var call = new CallRequest(request.To, request.Data, Address, request.Value);
            await Rpc.CallAsync(call, BlockTag.Number(Math.Max(0, receipt.BlockNumber - 1)), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (JsonRpcException ex)
        {
            return ex.RevertData;
        }
    }

    public void Dispose() => _gate.Dispose();

    private static bool IsAlreadyKnown(JsonRpcException ex) =>
        ex.RpcMessage.Contains("already known", StringComparison.OrdinalIgnoreCase)
        || ex.RpcMessage.Contains("known transaction", StringComparison.OrdinalIgnoreCase)
        || ex.RpcMessage.Contains("already imported", StringComparison.OrdinalIgnoreCase);

    private static bool IsStaleNonce(JsonRpcException ex) =>
        ex.RpcMessage.Contains("nonce too low", StringComparison.OrdinalIgnoreCase)
        || ex.RpcMessage.Contains("nonce has already been used", StringComparison.OrdinalIgnoreCase)
        || ex.RpcMessage.Contains("replacement transaction underpriced", StringComparison.OrdinalIgnoreCase);
}
