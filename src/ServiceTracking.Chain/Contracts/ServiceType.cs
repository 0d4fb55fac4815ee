namespace ServiceTracking.Chain.Contracts;

/// <summary>The registry's <c>ServiceType</c> enum, same names and order (the ABI carries it as uint8).</summary>
public enum ServiceType : byte
{
    ContentCreation,
    HealingSession,
    CommunityModeration,
    Teaching,
    GovernanceParticipation,
    TechnicalContribution,
    AttunementSession,
    EventHosting,
    EconomicActivity,
}

/// <summary>The contract's names of <see cref="ServiceType"/>, which are also the catalog's contribution type names.</summary>
public static class ServiceTypes
{
    private static readonly string[] s_names =
    [
        "CONTENT_CREATION", "HEALING_SESSION", "COMMUNITY_MODERATION", "TEACHING", "GOVERNANCE_PARTICIPATION",
        "TECHNICAL_CONTRIBUTION", "ATTUNEMENT_SESSION", "EVENT_HOSTING", "ECONOMIC_ACTIVITY",
    ];

    /// <summary>The service type named <paramref name="name"/> exactly (e.g. <c>CONTENT_CREATION</c>); false for a type the contract lacks.</summary>
    public static bool TryParse(string? name, out ServiceType type)
    {
        var index = Array.IndexOf(s_names, name);
        type = (ServiceType)Math.Max(index, 0);
        return index >= 0;
    }
}
