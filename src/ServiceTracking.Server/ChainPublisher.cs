using System.Numerics;
using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.OnChain;

namespace ServiceTracking.Server;

/// <summary>
/// Per-record mode (<c>Chain:Mode=per-record</c>): follows the ledger with a cursor kept in the database and, for
/// contributors whose profile is public when their turn comes, calls <c>recordService</c> for each verified
/// contribution (impact in hundredths, verificationHash = the record id) and <c>distributeReward</c> for each grant
/// that pays ScrollCoin (micro-units). A real-time grant goes to its contribution's record; a daily or weekly grant,
/// which sums several contributions, to the recipient's latest record on the registry. Private contributors are
/// never published, and a profile made public later does not publish what was verified before.
/// </summary>
internal sealed partial class ChainPublisher(
    ChainConnection chain, ChainJournal journal, LedgerAppender ledger, Profiles profiles, ChainStatus status, TimeProvider time,
    ILogger<ChainPublisher> log) : BackgroundService
{
    private const int Page = 500;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);

    // At start and after a failed send the last transaction may have been mined without the database knowing:
    // the next candidate is first looked for on chain.
    private bool _uncertain = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var committed = ledger.NextCommit;
            try
            {
                var size = ledger.Snapshot?.Checkpoint.Size ?? 0;
                var next = await journal.CursorAsync(chain.Registry, stoppingToken);
                if (next < size)
                {
                    await PublishAsync(next, Math.Min(size, next + Page), stoppingToken);
                    failures = 0;
                    continue;
                }
                status.Published(next);
                failures = 0;
                await committed.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ChainConfigurationException ex)
            {
                status.PublishFailed(ex, time.GetUtcNow());
                status.Stop(ex.Message);
                return;
            }
#pragma warning disable CA1031 // a node outage only delays publishing: every failure is retried
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                _uncertain = true;
                var delay = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Min(failures - 1, 16)));
                status.PublishFailed(ex, time.GetUtcNow());
                Failed(log, ex, chain.Rpc.EndpointForDisplay, failures, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken); // a node outage only delays
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task PublishAsync(long from, long to, CancellationToken cancellationToken)
    {
        var registry = await chain.RegistryAsync(cancellationToken);
        foreach (var candidate in await journal.ScanAsync(chain.Registry, from, to, cancellationToken))
        {
            // Whether the profile is public is decided now, just before sending, not when the contribution was made.
            var publication = profiles.Get(candidate.Lightworker).IsPublic
                ? await PublishAsync(registry, candidate, cancellationToken)
                : null;
            await journal.AdvanceAsync(chain.Registry, candidate.Index, publication, cancellationToken);
            _uncertain = false;
        }
        await journal.AdvanceAsync(chain.Registry, to, null, cancellationToken);
        status.Published(to);
    }

    private async Task<ChainPublicationRow?> PublishAsync(RegistryContract registry, ChainCandidate candidate, CancellationToken cancellationToken)
    {
        if (_uncertain)
        {
            await WaitForPendingAsync(cancellationToken);
        }
        return candidate switch
        {
            RecordCandidate record => await RecordAsync(registry, record, cancellationToken),
            GrantCandidate grant => await RewardAsync(registry, grant, cancellationToken),
            _ => null,
        };
    }

    private async Task<ChainPublicationRow?> RecordAsync(RegistryContract registry, RecordCandidate record, CancellationToken cancellationToken)
    {
        if (!ServiceTypes.TryParse(record.Type, out var type))
        {
            UnknownType(log, record.RecordId, record.Type);
            return null;
        }
        var id = Convert.FromHexString(record.RecordId.AsSpan(2));
        if (_uncertain && await FindRecordAsync(registry, record.Contributor, id, cancellationToken) is { } found)
        {
            return Row(record, found, 0, null);
        }
        var recorded = await registry.RecordServiceAsync(record.Contributor, type, record.ImpactCents, id, cancellationToken);
        return Row(record, recorded.Index, 0, recorded.Receipt.TransactionHashHex);
    }

    private async Task<ChainPublicationRow?> RewardAsync(RegistryContract registry, GrantCandidate grant, CancellationToken cancellationToken)
    {
        var index = grant.RecordId is { } recordId
            ? await journal.RecordIndexAsync(chain.Registry, recordId, cancellationToken)
            : await journal.LatestRecordIndexAsync(chain.Registry, grant.Recipient, cancellationToken);
        if (index is null)
        {
            return null; // none of their records is on the registry to book it against
        }
        if (_uncertain && await IsBookedAsync(registry, grant, cancellationToken))
        {
            return Row(grant, index.Value, grant.ScrollMicros, null);
        }
        var receipt = await registry.DistributeRewardAsync(grant.Recipient, index.Value, grant.ScrollMicros, cancellationToken);
        return Row(grant, index.Value, grant.ScrollMicros, receipt.TransactionHashHex);
    }

    // A transaction of ours still in the node's pool may yet be mined: looking for it on chain now could miss it.
    private async Task WaitForPendingAsync(CancellationToken cancellationToken)
    {
        var mined = await chain.Rpc.GetTransactionCountAsync(chain.Signer, BlockTag.Latest, cancellationToken);
        var sent = await chain.Rpc.GetTransactionCountAsync(chain.Signer, BlockTag.Pending, cancellationToken);
        if (sent > mined)
        {
            throw new InvalidOperationException($"{sent - mined} transactions of {chain.Signer} are still pending; publishing waits for them.");
        }
    }

    private static async Task<long?> FindRecordAsync(RegistryContract registry, EthAddress lightworker, byte[] recordId, CancellationToken cancellationToken)
    {
        var history = await registry.GetServiceHistoryAsync(lightworker, BlockTag.Latest, cancellationToken);
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].VerificationHash.AsSpan().SequenceEqual(recordId))
            {
                return i;
            }
        }
        return null;
    }

    // This service is the registry's only recorder of rewards for its contributors: the total tells whether the grant is in.
    private async Task<bool> IsBookedAsync(RegistryContract registry, GrantCandidate grant, CancellationToken cancellationToken)
    {
        var total = await registry.TotalRewardsEarnedAsync(grant.Recipient, cancellationToken);
        var ours = await journal.PublishedRewardsAsync(chain.Registry, grant.Recipient, cancellationToken);
        return total == new BigInteger(ours) + grant.ScrollMicros;
    }

    private ChainPublicationRow Row(ChainCandidate candidate, long chainIndex, long micros, string? txHash) => new()
    {
        Registry = chain.Registry.ToLowerHex(),
        Key = candidate.Key,
        Lightworker = candidate.Lightworker.ToLowerHex(),
        ChainIndex = chainIndex,
        AmountMicros = micros,
        TxHash = txHash,
        PublishedAt = time.GetUtcNow().ToUnixTimeSeconds(),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing through {Endpoint} failed ({Failures} in a row); retrying in {Delay}")]
    private static partial void Failed(ILogger logger, Exception ex, string endpoint, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contribution {RecordId} is not published: the registry has no service type {Type}")]
    private static partial void UnknownType(ILogger logger, string recordId, string type);
}
