namespace ServiceTracking.Storage;

/// <summary>
/// One suspicion signal (README "Suspicious activity"), written by the writer in the transaction of the action that
/// caused it. <see cref="EvidenceJson"/> names records, counts and times, never another contributor's address.
/// </summary>
public sealed class SuspicionSignalRow
{
    public long Id { get; set; }

    /// <summary>The contributor it counts against (lower-case hex).</summary>
    public required string Subject { get; set; }

    /// <summary>The signal's wire name (<c>SignalKinds.WireName</c>).</summary>
    public required string Kind { get; set; }

    /// <summary>Its weight when it fired, in hundredths.</summary>
    public long WeightCents { get; set; }

    public long At { get; set; }
    public required string EvidenceJson { get; set; }
}

/// <summary>
/// The first record of a content or details hash (<see cref="Kind"/>: the signal kind), so that another address
/// recording the same hash is found with one key lookup; <see cref="Records"/> counts the records that carried it.
/// </summary>
public sealed class FingerprintRow
{
    public required byte[] Hash { get; set; }
    public int Kind { get; set; }
    public required string FirstContributor { get; set; }
    public required string FirstRecordId { get; set; }
    public long FirstAt { get; set; }
    public int Records { get; set; }
}
