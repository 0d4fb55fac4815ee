namespace ServiceTracking.Storage;

// Rows are the store's shape, not the domain's: addresses as lowercase 0x-hex, times as unix seconds,
// scores as integer hundredths (SQLite has no decimal arithmetic, and the contract stores hundredths too).

/// <summary>A signed contribution as recorded.</summary>
public sealed class ContributionRow
{
    public required string RecordId { get; set; }
    public required string Contributor { get; set; }
    public long Nonce { get; set; }
    public required string Type { get; set; }
    public required string Subtype { get; set; }
    public required string Category { get; set; }
    public required string DetailsJson { get; set; }
    public required byte[] DetailsHash { get; set; }
    public string? ContentCid { get; set; }
    public required byte[] ContentHash { get; set; }
    public long PerformedAt { get; set; }
    public int PerformedDay { get; set; }
    public long RecordedAt { get; set; }
    public required string Signature { get; set; }
    public int Status { get; set; }
    public int Quality { get; set; }
    public int StreakDays { get; set; }
    public int Endorsements { get; set; }
    public bool Blessed { get; set; }
    public bool Featured { get; set; }
    public long ImpactCents { get; set; }
    public required string BreakdownJson { get; set; }
}

/// <summary>One append-only audit event; <see cref="Seq"/> is contiguous from 0 and becomes the ledger index.</summary>
public sealed class AuditEventRow
{
    public long Seq { get; set; }
    public string? RecordId { get; set; }
    public required string Action { get; set; }
    public required string Actor { get; set; }
    public long Timestamp { get; set; }
    public required string PayloadJson { get; set; }
}

public sealed class ContributorRow
{
    public required string Address { get; set; }
    public string? DisplayName { get; set; }
    public bool IsPublic { get; set; }
    public long CreatedAt { get; set; }
    public bool AutoVerifySuspended { get; set; }
}

/// <summary>A UTC day on which a contributor has accepted (not rejected) contributions: the streak's raw material.</summary>
public sealed class ContributorDayRow
{
    public required string Address { get; set; }
    public int Day { get; set; }
    public int Accepted { get; set; }
}

/// <summary>A contributor's score in one period, maintained incrementally as contributions are verified.</summary>
public sealed class PeriodScoreRow
{
    public int Kind { get; set; }
    public required string Label { get; set; }
    public required string Address { get; set; }
    public long ScoreCents { get; set; }
    public int Contributions { get; set; }
}

public sealed class RoleGrantRow
{
    public required string Address { get; set; }
    public required string Role { get; set; }
    public required string GrantedBy { get; set; }
    public long GrantedAt { get; set; }
}

public sealed class AuthNonceRow
{
    public required string Nonce { get; set; }
    public long ExpiresAt { get; set; }
}
