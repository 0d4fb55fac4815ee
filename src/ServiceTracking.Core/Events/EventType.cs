namespace ServiceTracking.Core.Events;

/// <summary>What a live event announces (API.md "Live events"): one type for the outbox, the stream and webhooks.</summary>
public enum EventType
{
    ContributionRecorded,
    ContributionVerified,
    ContributionRejected,
    ContributionHighImpact,
    ContributionRecognized,
    RewardDistributed,
    BadgeGranted,
    LeaderboardChanged,
    CheckpointPublished,
    ActivitySuspicious,
}

/// <summary>Wire names, audiences and the field that names an event's subject.</summary>
public static class EventTypes
{
    private static readonly string[] s_names =
    [
        "contribution.recorded", "contribution.verified", "contribution.rejected", "contribution.high_impact",
        "contribution.recognized", "reward.distributed", "badge.granted", "leaderboard.changed", "checkpoint.published",
        "activity.suspicious",
    ];

    public static IReadOnlyList<EventType> All { get; } = Enum.GetValues<EventType>();

    public static string WireName(this EventType type) => s_names[(int)type];

    public static bool TryParse(string? name, out EventType type)
    {
        var index = Array.IndexOf(s_names, name);
        type = (EventType)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>Seen only by verifiers, elders and admins (never on the public stream, and by a webhook only if an admin asks for it).</summary>
    public static bool IsModeratorOnly(this EventType type) => type == EventType.ActivitySuspicious;

    /// <summary>
    /// The data field that names the event's one contributor ("contributor", "recipient" or "subject"), shown as the
    /// public API shows a contributor (an address, or null and a pseudonym for a private profile); null when none.
    /// </summary>
    public static string? SubjectField(this EventType type) => type switch
    {
        EventType.ContributionRecorded or EventType.ContributionVerified or EventType.ContributionRejected
            or EventType.ContributionHighImpact or EventType.ContributionRecognized => "contributor",
        EventType.RewardDistributed or EventType.BadgeGranted => "recipient",
        EventType.ActivitySuspicious => "subject",
        _ => null,
    };

    /// <summary>True when a contribution's impact reaches <paramref name="threshold"/> (it did not before): the monitor's high-impact alert, once per crossing.</summary>
    public static bool ReachesHighImpact(decimal before, decimal after, decimal threshold) => before < threshold && after >= threshold;
}
