namespace ServiceTracking.Core.Trust;

/// <summary>What collusion detection finds (docs/antigaming.md lists each with its evidence and response).</summary>
public enum FindingKind
{
    /// <summary>Three or more addresses below good standing that endorse each other and hardly anyone else.</summary>
    EndorsementRing,

    /// <summary>Two addresses that endorse each other again and again, and mostly each other.</summary>
    ReciprocalPair,

    /// <summary>Addresses that endorse the same contributions within minutes of each other, again and again.</summary>
    Lockstep,

    /// <summary>A contributor whose work many fresh addresses endorse within an hour.</summary>
    FreshEndorserBurst,

    /// <summary>A streak kept alive by trivial actions only.</summary>
    StreakFarming,

    /// <summary>Claims recorded days after the day they claim, filling the gaps of a streak.</summary>
    Backdating,

    /// <summary>Two reviewers who approve each other's claims.</summary>
    MutualApprovals,
}

/// <summary>A finding: its kind, the addresses it concerns (node numbers of the caller's graph) and its evidence in numbers.</summary>
public sealed record Finding(FindingKind Kind, IReadOnlyList<int> Members, IReadOnlyDictionary<string, long> Evidence);

/// <summary>One endorsement as detection reads it: who endorsed whose contribution, when (unix seconds).</summary>
public readonly record struct EndorsementFact(int Endorser, int Contributor, long Contribution, long At);

/// <summary>Wire names of <see cref="FindingKind"/> (events, the moderators' read, the table).</summary>
public static class FindingKinds
{
    private static readonly string[] s_names =
    [
        "endorsement_ring", "reciprocal_pair", "lockstep", "fresh_endorser_burst", "streak_farming", "backdating", "mutual_approvals",
    ];

    public static string WireName(this FindingKind kind) => s_names[(int)kind];

    public static bool TryParse(string? name, out FindingKind kind)
    {
        var index = Array.IndexOf(s_names, name);
        kind = (FindingKind)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>Findings whose response voids the recognition inside the group and withholds the members' standing.</summary>
    public static bool VoidsEndorsements(this FindingKind kind) =>
        kind is FindingKind.EndorsementRing or FindingKind.ReciprocalPair or FindingKind.Lockstep or FindingKind.FreshEndorserBurst;

    /// <summary>Findings whose response withholds the consistency bonus of late or trivial days and routes new claims to review.</summary>
    public static bool WithholdsConsistency(this FindingKind kind) => kind is FindingKind.StreakFarming or FindingKind.Backdating;
}
