namespace ServiceTracking.Core.Monitor;

/// <summary>
/// What can make a contributor suspicious (README "Suspicious activity"). New kinds are added at the end, with a wire
/// name and a default rule in <see cref="SuspicionPolicy.Default"/>; stored signals keep their wire name.
/// </summary>
public enum SignalKind
{
    /// <summary>A minute in which records of theirs were refused for <c>Limits:RecordsPerMinute</c>.</summary>
    RateLimited,

    /// <summary>More records than the rule's limit within its minutes.</summary>
    RecordBurst,

    /// <summary>A record whose content hash another address recorded first.</summary>
    SharedContentHash,

    /// <summary>A record whose details (at least <see cref="SuspicionRules.MinDistinctiveDetailsLength"/> characters) another address recorded first.</summary>
    SharedDetailsHash,

    /// <summary>More endorsements given than the rule's limit within its minutes.</summary>
    EndorsementBurst,

    /// <summary>An endorsement of someone who endorsed the endorser's own work within the window.</summary>
    MutualEndorsement,

    /// <summary>A claim of theirs rejected in review.</summary>
    ClaimRejected,

    /// <summary>A reputation run found them in an endorsement ring (docs/antigaming.md).</summary>
    EndorsementRing,

    /// <summary>A reputation run found them in a reciprocal pair.</summary>
    ReciprocalPair,

    /// <summary>A reputation run found them in a lockstep cluster.</summary>
    Lockstep,

    /// <summary>A reputation run found them among fresh addresses that endorsed one contributor within an hour.</summary>
    FreshEndorserBurst,

    /// <summary>A reputation run found their streak kept alive by trivial actions only.</summary>
    StreakFarming,

    /// <summary>A reputation run found their streak's gaps filled with claims recorded days late.</summary>
    Backdating,
}

/// <summary>Wire names of <see cref="SignalKind"/>: in events, the admin read, the table and configuration keys.</summary>
public static class SignalKinds
{
    private static readonly string[] s_names =
    [
        "rate_limited", "record_burst", "shared_content_hash", "shared_details_hash", "endorsement_burst",
        "mutual_endorsement", "claim_rejected", "endorsement_ring", "reciprocal_pair", "lockstep", "fresh_endorser_burst",
        "streak_farming", "backdating",
    ];

    public static IReadOnlyList<SignalKind> All { get; } = Enum.GetValues<SignalKind>();

    public static string WireName(this SignalKind kind) => s_names[(int)kind];

    public static bool TryParse(string? name, out SignalKind kind)
    {
        var index = Array.IndexOf(s_names, name);
        kind = (SignalKind)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>Kinds that count occurrences in a span (their rule's <c>Limit</c> and <c>Minutes</c> apply).</summary>
    public static bool IsBurst(this SignalKind kind) => kind is SignalKind.RecordBurst or SignalKind.EndorsementBurst;
}
