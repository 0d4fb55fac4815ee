using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

public sealed record BreakdownDto(
    decimal Base, string Quality, decimal QualityFactor, int StreakDays, int ConsistencyTierDays, decimal Consistency,
    int Endorsements, decimal EndorsementBonus, decimal BlessingBonus, decimal FeatureBonus, decimal Community, decimal Impact,
    string Formula)
{
    public static BreakdownDto From(ScoreBreakdown b) => new(
        b.Base, WireNames.Of(b.Quality), b.QualityFactor, b.StreakDays, b.ConsistencyTierDays, b.Consistency,
        b.Endorsements, b.EndorsementBonus, b.BlessingBonus, b.FeatureBonus, b.Community, b.Impact,
        $"{b.Base} × {b.QualityFactor} × (1 + {b.Consistency} + {b.Community}) = {b.Impact}");
}

public sealed record TokenAmounts(decimal ScrollCoin, decimal BlessingCoin);

public sealed record RecordResponse(string RecordId, string Status, decimal ImpactScore, BreakdownDto ScoreBreakdown, TokenAmounts RewardsEarned,
    LedgerEndpoints.ReceiptDto? Receipt);

public sealed record ContributionDto(
    string RecordId, string? Contributor, string DisplayName, string Type, string Subtype, string Status, decimal ImpactScore,
    BreakdownDto ScoreBreakdown, long PerformedAt, long RecordedAt, string? ContentCid, string? Signature, long Nonce, string DetailsHash,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Details, string ProfileId)
{
    /// <summary>A contribution as <paramref name="who"/> shows its contributor; <paramref name="details"/> when the viewer may read them (<see cref="DetailsAccess"/>), else null.</summary>
    public static ContributionDto From(ContributionView c, Visibility.Identity who, JsonElement? details)
    {
        return new ContributionDto(
            c.RecordId, who.Address, who.DisplayName, c.Type, c.Subtype, WireNames.Of(c.Status), c.Impact, BreakdownDto.From(c.Breakdown),
            c.PerformedAt, c.RecordedAt, c.ContentCid,
            // A signature reveals its signer's address (ecrecover), so a private contributor's stays hidden from the public.
            who.Revealed ? c.Signature : null,
            (long)c.Nonce, "0x" + Convert.ToHexStringLower(c.DetailsHash),
            details, who.ProfileId);
    }
}

/// <summary>A leaderboard row; <c>profileId</c> names the contributor's public page (their address when public, an opaque id when private).</summary>
public sealed record LeaderboardEntry(int Rank, string? Address, string DisplayName, decimal ImpactScore, string ProfileId);

public sealed record LeaderboardResponse(string Period, string PeriodType, int Total, int Offset, IReadOnlyList<LeaderboardEntry> Leaderboard);

public sealed record RewardsEarnedDto(decimal ScrollCoin, decimal BlessingCoin, int NftBadges);

public sealed record StatsMetrics(
    int TotalContributions, decimal TotalImpactScore, int? GlobalRank, int CurrentStreak, RewardsEarnedDto RewardsEarned,
    IReadOnlyDictionary<string, int> ContributionBreakdown);

public sealed record StatsResponse(
    string? Address, string DisplayName, decimal TotalImpactScore, int? Rank, StatsMetrics Metrics,
    IReadOnlyList<ContributionDto> Contributions, RewardsDto Rewards);

/// <summary>A contributor's token balances and badges.</summary>
public sealed record RewardsDto(decimal ScrollCoin, decimal BlessingCoin, IReadOnlyList<BadgeView> Badges)
{
    public static RewardsDto From(RewardBalance balance) => new(balance.ScrollCoin, balance.BlessingCoin, balance.Badges);
}

public sealed record ActivityDto(string RecordId, string Type, string Subtype, string Contributor, long Timestamp, decimal ImpactScore, string ProfileId);

public sealed record EcosystemDto(int TotalLightworkers, int TotalContributions, decimal TotalImpactGenerated, TokenAmounts TotalRewardsDistributed);

public sealed record CommunityResponse(EcosystemDto Ecosystem, IReadOnlyList<LeaderboardEntry> TopContributors, IReadOnlyList<ActivityDto> RecentActivity);
