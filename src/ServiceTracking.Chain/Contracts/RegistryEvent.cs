using System.Numerics;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Contracts;

/// <summary>A decoded registry event, with the log it came from.</summary>
public abstract record RegistryEvent(LogEntry Log)
{
    /// <summary>The event a log holds, or null when it is not one of the registry's events.</summary>
    public static RegistryEvent? TryDecode(LogEntry log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var topics = log.Topics;
        try
        {
            if (RegistryAbi.ServiceRecorded.Matches(topics))
            {
                var v = RegistryAbi.ServiceRecorded.DecodeLog(topics, log.Data);
                return new ServiceRecorded((EthAddress)v[0]!, (ServiceType)(byte)(BigInteger)v[1]!, (BigInteger)v[2]!, (long)(BigInteger)v[3]!, log);
            }
            if (RegistryAbi.ServiceVerified.Matches(topics))
            {
                var v = RegistryAbi.ServiceVerified.DecodeLog(topics, log.Data);
                return new ServiceVerified((EthAddress)v[0]!, (long)(BigInteger)v[1]!, log);
            }
            if (RegistryAbi.RewardDistributed.Matches(topics))
            {
                var v = RegistryAbi.RewardDistributed.DecodeLog(topics, log.Data);
                return new RewardDistributed((EthAddress)v[0]!, (BigInteger)v[1]!, (BigInteger)v[2]!, log);
            }
            if (RegistryAbi.CheckpointAnchored.Matches(topics))
            {
                var v = RegistryAbi.CheckpointAnchored.DecodeLog(topics, log.Data);
                return new CheckpointAnchored((byte[])v[0]!, (long)(BigInteger)v[1]!, (long)(BigInteger)v[2]!, log);
            }
            if (RegistryAbi.RoleGranted.Matches(topics) || RegistryAbi.RoleRevoked.Matches(topics))
            {
                var granted = RegistryAbi.RoleGranted.Matches(topics);
                var v = (granted ? RegistryAbi.RoleGranted : RegistryAbi.RoleRevoked).DecodeLog(topics, log.Data);
                return new RoleChanged((byte[])v[0]!, (EthAddress)v[1]!, (EthAddress)v[2]!, granted, log);
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
        {
            // A log with a registry topic but malformed fields is not a registry event; callers skip it.
        }
        return null;
    }

    /// <summary>The registry events among <paramref name="logs"/> emitted by <paramref name="registry"/>, in order.</summary>
    public static IReadOnlyList<RegistryEvent> DecodeAll(IEnumerable<LogEntry> logs, EthAddress registry)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return [.. logs.Where(log => log.Address == registry).Select(TryDecode).OfType<RegistryEvent>()];
    }
}

/// <summary>ServiceRecorded: a record was added to the lightworker's history (timestamp = block time, unix seconds).</summary>
public sealed record ServiceRecorded(EthAddress Lightworker, ServiceType ServiceType, BigInteger ImpactScore, long Timestamp, LogEntry Log) : RegistryEvent(Log);

/// <summary>ServiceVerified: the record at <see cref="Index"/> of the lightworker's history was marked verified.</summary>
public sealed record ServiceVerified(EthAddress Lightworker, long Index, LogEntry Log) : RegistryEvent(Log);

/// <summary>RewardDistributed: <see cref="Amount"/> booked for the lightworker, whose total is now <see cref="TotalEarned"/>.</summary>
public sealed record RewardDistributed(EthAddress Lightworker, BigInteger Amount, BigInteger TotalEarned, LogEntry Log) : RegistryEvent(Log);

/// <summary>CheckpointAnchored: the log's root at <see cref="TreeSize"/> was anchored at block time <see cref="Timestamp"/>.</summary>
public sealed record CheckpointAnchored(byte[] RootHash, long TreeSize, long Timestamp, LogEntry Log) : RegistryEvent(Log);

/// <summary>OpenZeppelin's RoleGranted (<see cref="Granted"/>) or RoleRevoked.</summary>
public sealed record RoleChanged(byte[] Role, EthAddress Account, EthAddress Sender, bool Granted, LogEntry Log) : RegistryEvent(Log);
