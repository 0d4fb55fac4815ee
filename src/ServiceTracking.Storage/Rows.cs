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

    /// <summary>The secret behind this contribution's ledger commitments; deleting it (erasure) unlinks them for good.</summary>
    public byte[]? CommitmentSecret { get; set; }
}

/// <summary>
/// One append-only audit event, which is also the ledger entry at index <see cref="Seq"/> (contiguous from 0):
/// <see cref="Entry"/> is its canonical encoding (LedgerEntry), <see cref="LeafHash"/> its RFC 9162 leaf hash.
/// It holds no personal data, only commitments, so it never needs to change, not even on erasure.
/// </summary>
public sealed class AuditEventRow
{
    public long Seq { get; set; }
    public string? RecordId { get; set; }
    public required string Action { get; set; }
    public long Timestamp { get; set; }
    public required byte[] Entry { get; set; }
    public required byte[] LeafHash { get; set; }
}

/// <summary>Up to 256 hashes of level-8·<see cref="Level"/> tree nodes (C2SP tlog-tiles layout): what proofs are built from.</summary>
public sealed class LedgerTileRow
{
    public int Level { get; set; }
    public long TileIndex { get; set; }
    public required byte[] Hashes { get; set; }
}

/// <summary>A signed checkpoint (C2SP signed note), kept at most once a second.</summary>
public sealed class CheckpointRow
{
    public long Size { get; set; }
    public required byte[] RootHash { get; set; }
    public required string Note { get; set; }
    public long PublishedAt { get; set; }
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
