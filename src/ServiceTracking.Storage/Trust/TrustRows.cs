namespace ServiceTracking.Storage;

/// <summary>
/// A contributor's standing as the last reputation run computed it (docs/catalog.md "Trust"), with its reasons.
/// No row means no standing yet: a new address, whose endorsements count the newcomer weight.
/// </summary>
public sealed class ReputationRow
{
    public required string Address { get; set; }

    /// <summary>Standing in thousandths (0–1000).</summary>
    public int Standing { get; set; }

    public bool Good { get; set; }

    /// <summary>Trust from the seeds relative to the median member's, in thousandths.</summary>
    public long RelativeTrust { get; set; }

    /// <summary>The lockstep cluster detection put the address in (its endorsements count once with the cluster's), if any.</summary>
    public string? Cluster { get; set; }

    /// <summary>An open or confirmed finding withholds the standing until a moderator dismisses it.</summary>
    public bool Damped { get; set; }

    public required string ReasonsJson { get; set; }
    public long ComputedAt { get; set; }
}

/// <summary>An elder's or verifier's vouch for an address (audited): its standing is at least <c>vouchedStanding</c>.</summary>
public sealed class VouchRow
{
    public required string Address { get; set; }
    public required string Voucher { get; set; }
    public long At { get; set; }
}

/// <summary>
/// A finding of collusion detection (docs/antigaming.md) with its evidence, for moderators to confirm or dismiss.
/// <see cref="MembersJson"/> lists the addresses concerned (moderators only; the public never reads findings).
/// </summary>
public sealed class FindingRow
{
    public long Id { get; set; }

    /// <summary>The finding's wire name (<c>FindingKinds.WireName</c>).</summary>
    public required string Kind { get; set; }

    public required string MembersJson { get; set; }
    public required string EvidenceJson { get; set; }

    /// <summary>Endorsements the response voided.</summary>
    public int Voided { get; set; }

    /// <summary>0 open, 1 confirmed, 2 dismissed.</summary>
    public int Status { get; set; }

    public long FoundAt { get; set; }
    public string? DecidedBy { get; set; }
    public long? DecidedAt { get; set; }
}
