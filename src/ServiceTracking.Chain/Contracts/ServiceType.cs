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
