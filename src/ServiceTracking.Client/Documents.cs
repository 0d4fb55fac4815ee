using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Client;

/// <summary>The answer of a sign-in: the bearer token and who it is for.</summary>
public sealed record SignInResult : ApiDocument
{
    public string Token { get; init; } = "";
    public string Address { get; init; } = "";
    public IReadOnlyList<string> Roles { get; init; } = [];
    /// <summary>Unix seconds.</summary>
    public long ExpiresAt { get; init; }
}

public sealed record TokenAmounts(decimal ScrollCoin, decimal BlessingCoin);

/// <summary>A ledger receipt: the leaf, a signed checkpoint and the inclusion proof between them (design/LEDGER.md).</summary>
public sealed record Receipt : ApiDocument
{
    public string RecordId { get; init; } = "";
    public long Index { get; init; }
    public string LeafHash { get; init; } = "";
    public string Checkpoint { get; init; } = "";
    public IReadOnlyList<string> InclusionProof { get; init; } = [];

    /// <summary>The receipt in the form <see cref="ReceiptVerifier"/> checks offline.</summary>
    public LedgerReceipt ToLedgerReceipt() =>
        new(RecordId, Index, Hex.Decode(LeafHash), Checkpoint, [.. InclusionProof.Select(h => Hex.Decode(h))]);
}

/// <summary>What recording a contribution answers: the seed's recordId, impactScore and rewardsEarned, plus status, breakdown and receipt.</summary>
public sealed record RecordResult : ApiDocument
{
    public string RecordId { get; init; } = "";
    public string Status { get; init; } = "";
    public decimal ImpactScore { get; init; }
    public JsonObject? ScoreBreakdown { get; init; }
    public TokenAmounts? RewardsEarned { get; init; }
    public Receipt? Receipt { get; init; }
}

/// <summary>One item of a batch: its status, and the record or the problem.</summary>
public sealed record BatchItem(int Status, RecordResult? Record, JsonObject? Problem);

public sealed record BatchResult : ApiDocument
{
    public IReadOnlyList<BatchItem> Results { get; init; } = [];
}

/// <summary>A contribution as the caller may see it (details only for the contributor, reviewers and admins).</summary>
public sealed record ContributionView : ApiDocument
{
    public string RecordId { get; init; } = "";
    /// <summary>Null for a private contributor, to public readers.</summary>
    public string? Contributor { get; init; }
    public string DisplayName { get; init; } = "";
    public string Type { get; init; } = "";
    public string Subtype { get; init; } = "";
    public string Status { get; init; } = "";
    public decimal ImpactScore { get; init; }
    public JsonObject? ScoreBreakdown { get; init; }
    public long PerformedAt { get; init; }
    public long RecordedAt { get; init; }
    public string? ContentCid { get; init; }
    public string? Signature { get; init; }
    public long Nonce { get; init; }
    public string? DetailsHash { get; init; }
    public JsonObject? Details { get; init; }
}

public sealed record Stats : ApiDocument
{
    public string? Address { get; init; }
    public string DisplayName { get; init; } = "";
    public decimal TotalImpactScore { get; init; }
    public long? Rank { get; init; }
    public JsonObject? Metrics { get; init; }
    public IReadOnlyList<ContributionView> Contributions { get; init; } = [];
    public JsonObject? Rewards { get; init; }
}

public sealed record LeaderboardRow(long Rank, string? Address, string DisplayName, decimal ImpactScore);

public sealed record Leaderboard : ApiDocument
{
    public string Period { get; init; } = "";
    [JsonPropertyName("leaderboard")]
    public IReadOnlyList<LeaderboardRow> Rows { get; init; } = [];
}

public sealed record Community : ApiDocument
{
    public JsonObject? Ecosystem { get; init; }
    public IReadOnlyList<LeaderboardRow> TopContributors { get; init; } = [];
    public JsonArray? RecentActivity { get; init; }
}

public sealed record AuditTrail : ApiDocument
{
    public string ContributionId { get; init; } = "";
    public IReadOnlyList<JsonObject> AuditLog { get; init; } = [];
}

/// <summary>One live event, the same envelope on the stream and in webhooks.</summary>
public sealed record EventEnvelope(string Id, string Type, long Timestamp, JsonObject Data);
