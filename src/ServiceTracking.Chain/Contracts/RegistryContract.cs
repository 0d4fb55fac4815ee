using System.Numerics;
using ServiceTracking.Chain.Codec;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Chain.Transactions;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Contracts;

/// <summary>
/// Typed client of a deployed LightworkerServiceRegistry. Reads need only the JSON-RPC client; writes go through a
/// <see cref="TransactionSender"/> and return once mined. Reverts surface as <see cref="ContractRevertException"/>
/// decoded against the contract's custom errors (e.g. <c>AccessControlUnauthorizedAccount</c>).
/// </summary>
public sealed class RegistryContract
{
    private readonly JsonRpcClient _rpc;
    private readonly TransactionSender? _sender;

    /// <summary>A client of the registry at <paramref name="address"/>; without a sender it can only read.</summary>
    public RegistryContract(JsonRpcClient rpc, EthAddress address, TransactionSender? sender = null)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        _rpc = rpc;
        Address = address;
        _sender = sender;
    }

    /// <summary>A client of the registry at <paramref name="address"/> that writes with <paramref name="sender"/>.</summary>
    public RegistryContract(TransactionSender sender, EthAddress address)
        : this((sender ?? throw new ArgumentNullException(nameof(sender))).Rpc, address, sender)
    {
    }

    public EthAddress Address { get; }

    /// <summary>The LightworkerServiceRegistry build (contracts/artifacts), embedded in this assembly.</summary>
    public static ContractArtifact Artifact => s_artifact.Value;

    private static readonly Lazy<ContractArtifact> s_artifact = new(() =>
    {
        using var stream = typeof(RegistryContract).Assembly.GetManifestResourceStream("LightworkerServiceRegistry.json")
            ?? throw new InvalidOperationException("The registry artifact is not embedded in ServiceTracking.Chain.");
        using var reader = new StreamReader(stream);
        return ContractArtifact.Parse(reader.ReadToEnd());
    });

    /// <summary>The custom errors reverts are decoded against.</summary>
    public static IReadOnlyList<AbiError> Errors => RegistryAbi.Errors;

    /// <summary>Deploys the artifact's bytecode with <c>constructor(address admin)</c> and waits until mined.</summary>
    public static async Task<RegistryContract> DeployAsync(TransactionSender sender, ContractArtifact artifact, EthAddress admin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(artifact);
        byte[] code = [.. artifact.Bytecode, .. Abi.Encode("address", admin)];
        var receipt = await sender.SendAsync(new TransactionRequest(null, code, Errors: RegistryAbi.Errors), cancellationToken).ConfigureAwait(false);
        var address = receipt.ContractAddress ?? throw new InvalidOperationException($"Deployment {receipt.TransactionHashHex} has no contract address.");
        return new RegistryContract(sender, address);
    }

    /// <summary>True when the address has code: a wrong <c>RegistryAddress</c> otherwise reads as all zeros.</summary>
    public async Task<bool> IsDeployedAsync(CancellationToken cancellationToken = default) =>
        (await _rpc.GetCodeAsync(Address, BlockTag.Latest, cancellationToken).ConfigureAwait(false)).Length > 0;

    // ---- writes ----

    /// <summary>recordService [RECORDER_ROLE]; the result carries the new record's index in the lightworker's history.</summary>
    public async Task<RecordedService> RecordServiceAsync(EthAddress lightworker, ServiceType serviceType, BigInteger impactScore, byte[] verificationHash, CancellationToken cancellationToken = default)
    {
        var receipt = await SendAsync(RegistryAbi.RecordService.EncodeCall(lightworker, (byte)serviceType, impactScore, verificationHash), cancellationToken).ConfigureAwait(false);
        var recorded = RegistryEvent.DecodeAll(receipt.Logs, Address).OfType<ServiceRecorded>().Single(e => e.Lightworker == lightworker);
        return new RecordedService(await IndexOfAsync(recorded, cancellationToken).ConfigureAwait(false), recorded, receipt);
    }

    /// <summary>verifyService [VERIFIER_ROLE].</summary>
    public Task<TransactionReceipt> VerifyServiceAsync(EthAddress lightworker, long index, CancellationToken cancellationToken = default) =>
        SendAsync(RegistryAbi.VerifyService.EncodeCall(lightworker, index), cancellationToken);

    /// <summary>distributeReward [RECORDER_ROLE]: books <paramref name="amount"/> against a record (no token moves).</summary>
    public Task<TransactionReceipt> DistributeRewardAsync(EthAddress lightworker, long index, BigInteger amount, CancellationToken cancellationToken = default) =>
        SendAsync(RegistryAbi.DistributeReward.EncodeCall(lightworker, index, amount), cancellationToken);

    /// <summary>anchorCheckpoint [ANCHORER_ROLE]: the log's root at <paramref name="treeSize"/>, which must exceed the latest anchored size.</summary>
    public Task<TransactionReceipt> AnchorCheckpointAsync(byte[] rootHash, long treeSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        return SendAsync(RegistryAbi.AnchorCheckpoint.EncodeCall(rootHash, treeSize), cancellationToken);
    }

    /// <summary>grantRole [admin of the role, DEFAULT_ADMIN_ROLE here].</summary>
    public Task<TransactionReceipt> GrantRoleAsync(RegistryRole role, EthAddress account, CancellationToken cancellationToken = default) =>
        SendAsync(RegistryAbi.GrantRole.EncodeCall(RegistryRoles.HashOf(role), account), cancellationToken);

    /// <summary>revokeRole [DEFAULT_ADMIN_ROLE].</summary>
    public Task<TransactionReceipt> RevokeRoleAsync(RegistryRole role, EthAddress account, CancellationToken cancellationToken = default) =>
        SendAsync(RegistryAbi.RevokeRole.EncodeCall(RegistryRoles.HashOf(role), account), cancellationToken);

    // ---- reads ----

    public async Task<IReadOnlyList<ServiceRecord>> GetServiceHistoryAsync(EthAddress lightworker, BlockTag block = default, CancellationToken cancellationToken = default)
    {
        var records = (object?[])(await CallAsync(RegistryAbi.GetServiceHistory, [lightworker], block, cancellationToken).ConfigureAwait(false))[0]!;
        return [.. records.Select(r => (object?[])r!).Select(r => new ServiceRecord(
            (EthAddress)r[0]!, (ServiceType)(byte)(BigInteger)r[1]!, (long)(BigInteger)r[2]!, (BigInteger)r[3]!, (byte[])r[4]!, (bool)r[5]!, (BigInteger)r[6]!))];
    }

    public async Task<LightworkerRank> GetLightworkerRankAsync(EthAddress lightworker, CancellationToken cancellationToken = default)
    {
        var values = await CallAsync(RegistryAbi.GetLightworkerRank, [lightworker], BlockTag.Latest, cancellationToken).ConfigureAwait(false);
        return new LightworkerRank((long)(BigInteger)values[0]!, (BigInteger)values[1]!);
    }

    /// <summary>Everything <c>distributeReward</c> booked for the lightworker.</summary>
    public async Task<BigInteger> TotalRewardsEarnedAsync(EthAddress lightworker, CancellationToken cancellationToken = default) =>
        (BigInteger)(await CallAsync(RegistryAbi.TotalRewardsEarned, [lightworker], BlockTag.Latest, cancellationToken).ConfigureAwait(false))[0]!;

    /// <summary>Number of addresses with at least one record.</summary>
    public async Task<long> LightworkerCountAsync(CancellationToken cancellationToken = default) =>
        (long)(BigInteger)(await CallAsync(RegistryAbi.LightworkerCount, [], BlockTag.Latest, cancellationToken).ConfigureAwait(false))[0]!;

    public async Task<AnchoredCheckpoint> LatestAnchorAsync(CancellationToken cancellationToken = default)
    {
        var values = await CallAsync(RegistryAbi.LatestAnchor, [], BlockTag.Latest, cancellationToken).ConfigureAwait(false);
        return new AnchoredCheckpoint((byte[])values[0]!, (long)(BigInteger)values[1]!, (long)(BigInteger)values[2]!);
    }

    /// <summary>The root anchored at exactly <paramref name="treeSize"/>, or 32 zero bytes when that size was never anchored.</summary>
    public async Task<byte[]> AnchoredRootAsync(long treeSize, CancellationToken cancellationToken = default) =>
        (byte[])(await CallAsync(RegistryAbi.AnchoredRoots, [treeSize], BlockTag.Latest, cancellationToken).ConfigureAwait(false))[0]!;

    /// <summary>The CheckpointAnchored event of <paramref name="treeSize"/> (its block and transaction), or null.</summary>
    public async Task<CheckpointAnchored?> FindAnchorAsync(long treeSize, CancellationToken cancellationToken = default)
    {
        var filter = new LogFilter(Address, [[RegistryAbi.CheckpointAnchored.Topic.ToArray()], null, [Abi.Encode("uint64", treeSize)]]);
        var logs = await _rpc.GetLogsAsync(filter, cancellationToken).ConfigureAwait(false);
        return RegistryEvent.DecodeAll(logs, Address).OfType<CheckpointAnchored>().LastOrDefault();
    }

    /// <summary>Checks an RFC 9162 inclusion proof on chain against the root anchored at <paramref name="treeSize"/>.</summary>
    public async Task<bool> VerifyInclusionAsync(byte[] leafHash, long index, long treeSize, IReadOnlyList<byte[]> proof, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var values = await CallAsync(RegistryAbi.VerifyInclusion, [leafHash, index, treeSize, proof], BlockTag.Latest, cancellationToken).ConfigureAwait(false);
        return (bool)values[0]!;
    }

    public async Task<bool> HasRoleAsync(RegistryRole role, EthAddress account, CancellationToken cancellationToken = default) =>
        (bool)(await CallAsync(RegistryAbi.HasRole, [RegistryRoles.HashOf(role), account], BlockTag.Latest, cancellationToken).ConfigureAwait(false))[0]!;

    /// <summary>The registry's events in a block range (inclusive), oldest first.</summary>
    public async Task<IReadOnlyList<RegistryEvent>> GetEventsAsync(long fromBlock, long? toBlock = null, CancellationToken cancellationToken = default)
    {
        var filter = new LogFilter(Address, FromBlock: BlockTag.Number(fromBlock), ToBlock: toBlock is { } to ? BlockTag.Number(to) : BlockTag.Latest);
        return RegistryEvent.DecodeAll(await _rpc.GetLogsAsync(filter, cancellationToken).ConfigureAwait(false), Address);
    }

    private async Task<TransactionReceipt> SendAsync(byte[] data, CancellationToken cancellationToken)
    {
        var sender = _sender ?? throw new InvalidOperationException("This registry client has no transaction sender: it can only read.");
        return await sender.SendAsync(new TransactionRequest(Address, data, Errors: RegistryAbi.Errors), cancellationToken).ConfigureAwait(false);
    }

    private async Task<object?[]> CallAsync(AbiFunction function, object?[] arguments, BlockTag block, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _rpc.CallAsync(new CallRequest(Address, function.EncodeCall(arguments)), block, cancellationToken).ConfigureAwait(false);
            return result.Length == 0 && function.Outputs.Count > 0
                ? throw new InvalidOperationException($"{function.Name} returned nothing: is {Address} a LightworkerServiceRegistry?")
                : function.DecodeOutput(result);
        }
        catch (JsonRpcException ex) when (ex.IsRevert)
        {
            throw new ContractRevertException(ex.RevertData, RegistryAbi.Errors, innerException: ex);
        }
    }

    // The transaction's return value is not in its receipt. The record's index is the history length at the end of its
    // block, less one, less the records the same lightworker received later in that block.
    private async Task<long> IndexOfAsync(ServiceRecorded recorded, CancellationToken cancellationToken)
    {
        var block = recorded.Log.BlockNumber;
        var history = await GetServiceHistoryAsync(recorded.Lightworker, BlockTag.Number(block), cancellationToken).ConfigureAwait(false);
        var sameBlock = await _rpc.GetLogsAsync(new LogFilter(
            Address,
            [[RegistryAbi.ServiceRecorded.Topic.ToArray()], [Abi.Encode("address", recorded.Lightworker)]],
            BlockTag.Number(block),
            BlockTag.Number(block)), cancellationToken).ConfigureAwait(false);
        var later = sameBlock.Count(log => log.LogIndex > recorded.Log.LogIndex);
        return history.Count - 1 - later;
    }
}
