using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.OnChain;

namespace ServiceTracking.Server;

/// <summary>
/// Anchors the log's latest checkpoint (size and root) on the registry with <c>anchorCheckpoint</c>: every
/// <c>Chain:AnchorInterval</c> seconds, or as soon as <c>Chain:AnchorEveryEntries</c> entries wait, whichever comes
/// first, and only when the log grew. One anchor covers every entry before it, so after an outage a single anchor
/// catches up. The chain never holds up recording: failures are logged, shown in /health and retried with backoff.
/// The interval and the backoff run on the injected clock; waits inside one RPC call run on real time.
/// </summary>
internal sealed partial class ChainAnchorer(
    ChainConnection chain, ChainJournal journal, LedgerAppender ledger, LedgerReader reader, ChainStatus status, TimeProvider time,
    ILogger<ChainAnchorer> log) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(chain.Settings.AnchorInterval);
        var lastAnchorAt = time.GetUtcNow(); // the first interval runs from the start
        var retryAt = DateTimeOffset.MinValue;
        var failures = 0;
        var reconciled = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var committed = ledger.NextCommit;
            var now = time.GetUtcNow();
            DateTimeOffset? wakeAt = retryAt; // null: until the next commit
            if (now >= retryAt)
            {
                try
                {
                    if (ledger.Refusal is { } refusal)
                    {
                        throw new ChainConfigurationException("The log failed its integrity check, so it is not anchored: " + refusal);
                    }
                    if (!reconciled)
                    {
                        await ReconcileAsync(stoppingToken);
                        reconciled = true;
                    }
                    var backlog = (ledger.Snapshot?.Checkpoint.Size ?? 0) - (status.Current.LastAnchor?.TreeSize ?? 0);
                    if (backlog > 0 && (now >= lastAnchorAt + interval || backlog >= chain.Settings.AnchorEveryEntries))
                    {
                        await AnchorAsync(stoppingToken);
                        lastAnchorAt = time.GetUtcNow();
                        failures = 0;
                        continue;
                    }
                    failures = 0;
                    wakeAt = backlog > 0 ? lastAnchorAt + interval : null;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (ChainConfigurationException ex)
                {
                    Stopped(log, ex.Message);
                    status.AnchorFailed(ex, time.GetUtcNow());
                    status.Stop(ex.Message);
                    return;
                }
#pragma warning disable CA1031 // the chain being down must never stop the service: every failure is retried
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failures++;
                    var delay = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Min(failures - 1, 16)));
                    retryAt = time.GetUtcNow() + delay;
                    wakeAt = retryAt;
                    reconciled = false; // the transaction may have gone through: ask the registry again first
                    status.AnchorFailed(ex, time.GetUtcNow());
                    Failed(log, ex, chain.Rpc.EndpointForDisplay, failures, delay);
                }
            }
            await WaitAsync(committed, wakeAt, stoppingToken);
        }
    }

    /// <summary>
    /// Learns the registry's latest anchor. It must be this log's root at that size; one the database lacks (a crash
    /// after the transaction was mined) is added to it from the registry's event.
    /// </summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var registry = await chain.RegistryAsync(cancellationToken);
        var onChain = await registry.LatestAnchorAsync(cancellationToken);
        var stored = await journal.LastAnchorAsync(chain.Registry, cancellationToken);
        if (onChain.TreeSize == 0)
        {
            if (stored is not null)
            {
                Forgotten(log, chain.Registry.ToChecksumString(), stored.TreeSize);
            }
            status.Anchored(null);
            return;
        }
        var size = ledger.Snapshot?.Checkpoint.Size ?? 0;
        if (onChain.TreeSize > size || !(await reader.RootAsync(onChain.TreeSize, cancellationToken)).AsSpan().SequenceEqual(onChain.RootHash))
        {
            throw new ChainConfigurationException(
                $"The registry {chain.Registry} holds an anchor of {onChain.TreeSize} entries that is not this log's (this log has {size} entries): " +
                "is Chain:RegistryAddress another instance's registry, or was this data directory replaced? Anchoring stopped; recording goes on.");
        }
        if (stored?.TreeSize == onChain.TreeSize)
        {
            status.Anchored(stored);
            return;
        }
        var anchored = await registry.FindAnchorAsync(onChain.TreeSize, cancellationToken);
        var row = new ChainAnchorRow
        {
            Registry = chain.Registry.ToLowerHex(),
            TreeSize = onChain.TreeSize,
            RootHash = onChain.RootHash,
            TxHash = anchored is null ? null : Hex.Encode(anchored.Log.TransactionHash),
            BlockNumber = anchored?.Log.BlockNumber ?? 0,
            AnchoredAt = onChain.Timestamp,
        };
        await journal.AddAnchorAsync(row, cancellationToken);
        status.Anchored(row);
    }

    private async Task AnchorAsync(CancellationToken cancellationToken)
    {
        var checkpoint = ledger.Snapshot!.Checkpoint;
        var registry = await chain.RegistryAsync(cancellationToken);
        var receipt = await registry.AnchorCheckpointAsync(checkpoint.RootHash, checkpoint.Size, cancellationToken);
        var row = new ChainAnchorRow
        {
            Registry = chain.Registry.ToLowerHex(),
            TreeSize = checkpoint.Size,
            RootHash = checkpoint.RootHash,
            TxHash = receipt.TransactionHashHex,
            BlockNumber = receipt.BlockNumber,
            AnchoredAt = time.GetUtcNow().ToUnixTimeSeconds(),
        };
        await journal.AddAnchorAsync(row, cancellationToken);
        status.Anchored(row);
        Anchored(log, row.TreeSize, Hex.Encode(row.RootHash), row.TxHash, row.BlockNumber);
    }

    // Until the next commit or wakeAt (if any), whichever comes first.
    private async Task WaitAsync(Task committed, DateTimeOffset? wakeAt, CancellationToken stoppingToken)
    {
        var delay = wakeAt is { } at ? at - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        if (wakeAt is not null && delay <= TimeSpan.Zero)
        {
            return;
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await Task.WhenAny(committed, Task.Delay(delay, time, cancel.Token));
        await cancel.CancelAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Anchored the checkpoint of {TreeSize} entries (root {Root}) in {TxHash}, block {Block}")]
    private static partial void Anchored(ILogger logger, long treeSize, string root, string? txHash, long block);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anchoring through {Endpoint} failed ({Failures} in a row); retrying in {Delay}")]
    private static partial void Failed(ILogger logger, Exception ex, string endpoint, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The registry {Registry} has no anchor, though this database recorded one of {TreeSize} entries there (a new chain?); anchoring again")]
    private static partial void Forgotten(ILogger logger, string registry, long treeSize);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Anchoring stopped: {Reason}")]
    private static partial void Stopped(ILogger logger, string reason);
}
