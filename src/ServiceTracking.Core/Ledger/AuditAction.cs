namespace ServiceTracking.Core.Ledger;

/// <summary>What an audit event records (SCORING §6, plus the service's own role and review-policy events): one type for every writer and reader of the log.</summary>
public enum AuditAction
{
    ContributionSubmitted,
    QualityAssessed,
    CommunityEndorsed,
    ElderBlessed,
    Featured,
    ReviewApproved,
    ReviewRejected,
    RewardDistributed,
    DataErased,
    RoleGranted,
    RoleRevoked,
    AutoVerificationSuspended,
    AutoVerificationRestored,
    EndorsementVoided,
    EndorsementReweighted,
    ContributorVouched,
    FindingConfirmed,
    FindingDismissed,
    ConsistencyWithheld,
}

/// <summary>The names the log and the API give audit actions (<c>CONTRIBUTION_SUBMITTED</c>, …).</summary>
public static class AuditActions
{
    private static readonly string[] s_names =
    [
        "CONTRIBUTION_SUBMITTED", "QUALITY_ASSESSED", "COMMUNITY_ENDORSED", "ELDER_BLESSED", "FEATURED", "REVIEW_APPROVED",
        "REVIEW_REJECTED", "REWARD_DISTRIBUTED", "DATA_ERASED", "ROLE_GRANTED", "ROLE_REVOKED", "AUTO_VERIFICATION_SUSPENDED",
        "AUTO_VERIFICATION_RESTORED", "ENDORSEMENT_VOIDED", "ENDORSEMENT_REWEIGHTED", "CONTRIBUTOR_VOUCHED", "FINDING_CONFIRMED",
        "FINDING_DISMISSED", "CONSISTENCY_WITHHELD",
    ];

    public static string WireName(this AuditAction action) => s_names[(int)action];

    public static bool TryParse(string? name, out AuditAction action)
    {
        var index = Array.IndexOf(s_names, name);
        action = (AuditAction)Math.Max(index, 0);
        return index >= 0;
    }
}
