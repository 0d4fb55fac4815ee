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
    /// <summary>The details' exact text, sealed with the contributor's data key (bound to the record id): never in clear on disk.</summary>
    public required byte[] SealedDetails { get; set; }
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

    /// <summary>The endorsements' weighted count (docs/catalog.md "Trust") in ten-thousandths: what the endorsement term counts.</summary>
    public long WeightedEndorsements { get; set; }
    public bool Blessed { get; set; }
    public bool Featured { get; set; }
    public long ImpactCents { get; set; }
    public required string BreakdownJson { get; set; }

    /// <summary>The secret behind this contribution's ledger commitments; deleting it (erasure) unlinks them for good.</summary>
    public byte[]? CommitmentSecret { get; set; }

    /// <summary>When it became verified (unix seconds); null while under review or when rejected.</summary>
    public long? VerifiedAt { get; set; }

    /// <summary>Why it was recorded under review (a <c>QueueReasons</c> name, kept after the review); null: auto-verified when recorded.</summary>
    public string? ReviewReason { get; set; }

    // Reward points (SCORING §5) as the score stands now, and what has been paid of each part so far.
    public decimal RealTimePoints { get; set; }
    public decimal ConsistencyPoints { get; set; }
    public decimal BlessingPoints { get; set; }
    public decimal RealTimePaid { get; set; }
    public decimal BlessingPaid { get; set; }

    /// <summary>Consistency points paid by a weekly summary; null until that summary has run for it.</summary>
    public decimal? ConsistencyPaid { get; set; }

    /// <summary>Something is owed that the next daily batch pays (a small real-time part, BlessingCoin, a later-recognition difference).</summary>
    public bool RewardDue { get; set; }

    /// <summary>Since when <see cref="RewardDue"/> holds: a daily batch for a day pays only what was due before that day ended.</summary>
    public long? DueSince { get; set; }

    /// <summary>Verified and its consistency part not yet paid by a weekly summary.</summary>
    public bool ConsistencyDue { get; set; }
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

/// <summary>
/// A live event in the outbox (API.md "Live events"), written in the transaction of the change it describes. Ids are
/// given by the single writer in commit order, so a reader that has seen id N has seen every event up to N.
/// <see cref="Subject"/> is the contributor it concerns (lower-case hex), kept apart from <see cref="DataJson"/> so each
/// reader shows them as the public API would.
/// </summary>
public sealed class EventRow
{
    public long Id { get; set; }
    public required string Type { get; set; }
    public long Timestamp { get; set; }
    public string? Subject { get; set; }
    public required string DataJson { get; set; }
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
    /// <summary>The display name, sealed with the contributor's data key.</summary>
    public byte[]? SealedDisplayName { get; set; }
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

/// <summary>An endorsement: the endorser's EIP-712 signature over (recordId, endorser, issuedAt); one per endorser per contribution.</summary>
public sealed class EndorsementRow
{
    public required string RecordId { get; set; }
    public required string Endorser { get; set; }
    public long IssuedAt { get; set; }
    public required string Signature { get; set; }
    public long At { get; set; }

    /// <summary>What it counted when given (0–10000, ten-thousandths of a full endorsement); raised when the endorser earns standing.</summary>
    public int Weight { get; set; }

    /// <summary>Voided by a finding's response (audited): it counts nothing.</summary>
    public bool Voided { get; set; }

    /// <summary>Earlier endorsements by this endorser of this contributor within the window when it was given (the repeat rule).</summary>
    public int Repeats { get; set; }

    /// <summary>The contributor had endorsed the endorser within the window when it was given (the reciprocity rule).</summary>
    public bool Reciprocal { get; set; }

    /// <summary>The finding whose response voided it (dismissing the finding restores it).</summary>
    public long? VoidedBy { get; set; }
}

/// <summary>Who blessed, featured, assessed, approved or rejected a contribution, and why (the ledger holds only commitments to the reason).</summary>
public sealed class RecognitionEventRow
{
    public long Id { get; set; }
    public required string RecordId { get; set; }
    public required string Kind { get; set; }
    public required string Actor { get; set; }
    public long At { get; set; }
    public int? Quality { get; set; }
    /// <summary>The reviewer's free text, sealed with the contribution's contributor's data key.</summary>
    public byte[]? SealedReason { get; set; }
    /// <summary>The salt of the reason's commitment the official signed (chosen by them), sealed like the reason.</summary>
    public byte[]? SealedReasonSalt { get; set; }
    /// <summary>The EIP-712 digest of the official's signed act (0x-hex): unique, so that a signature is used once.</summary>
    public string? ActDigest { get; set; }
}

/// <summary>
/// One grant (SCORING §5) under its idempotency key: ScrollCoin and BlessingCoin in micro-units (6 decimals), or a badge.
/// Its token amounts are also posted, double-entry, to <see cref="PostingRow"/> and <see cref="AccountBalanceRow"/>.
/// </summary>
public sealed class GrantRow
{
    public required string Key { get; set; }
    public required string Recipient { get; set; }
    public required string Schedule { get; set; }
    public required string Period { get; set; }
    public string? RecordId { get; set; }
    public long GrantedAt { get; set; }
    public long EffectiveAt { get; set; }
    public long ScrollMicros { get; set; }
    public long BlessingMicros { get; set; }
    public string? Badge { get; set; }
    public int? BadgeRank { get; set; }
    public required string InputsJson { get; set; }
    public long LedgerIndex { get; set; }

    /// <summary>The scheduled run that made the grant (<see cref="Core.Rewards.RewardPeriod.Run"/>); null for real-time grants and first-contribution badges.</summary>
    public string? Run { get; set; }
}

/// <summary>One side of a grant's double entry: the issuance account is debited (negative), the contributor's credited.</summary>
public sealed class PostingRow
{
    public long Id { get; set; }
    public required string GrantKey { get; set; }
    public required string Account { get; set; }
    public required string Token { get; set; }
    public long AmountMicros { get; set; }
}

/// <summary>An account's balance per token, the sum of its postings; minus the issuance account's balance is the token's supply.</summary>
public sealed class AccountBalanceRow
{
    public required string Account { get; set; }
    public required string Token { get; set; }
    public long BalanceMicros { get; set; }
}

/// <summary>A scheduled distribution for one period: started, and completed once every grant of it is written.</summary>
public sealed class RewardRunRow
{
    public required string Schedule { get; set; }
    public required string Period { get; set; }
    public long StartedAt { get; set; }
    public long? CompletedAt { get; set; }
    public int Grants { get; set; }
}

/// <summary>A checkpoint anchored on a registry contract (<c>anchorCheckpoint</c>): the tree size and root, and where and when.</summary>
public sealed class ChainAnchorRow
{
    public required string Registry { get; set; }
    public long TreeSize { get; set; }
    public required byte[] RootHash { get; set; }

    /// <summary>Null when the anchor was found on chain at start-up rather than sent by this process.</summary>
    public string? TxHash { get; set; }

    public long BlockNumber { get; set; }
    public long AnchoredAt { get; set; }
}

/// <summary>
/// Per-record mode: a verified contribution (<c>record:{recordId}</c>) or a grant (<c>grant:{key}</c>) written to a
/// registry, with the index of the lightworker's record it went to and, for a grant, the ScrollCoin micro-units booked.
/// </summary>
public sealed class ChainPublicationRow
{
    public required string Registry { get; set; }
    public required string Key { get; set; }
    public required string Lightworker { get; set; }
    public long ChainIndex { get; set; }
    public long AmountMicros { get; set; }

    /// <summary>Null when the transaction was found on chain after a restart rather than seen mined.</summary>
    public string? TxHash { get; set; }

    public long PublishedAt { get; set; }
}

/// <summary>Per-record mode: the next ledger index the publisher looks at, per registry.</summary>
public sealed class ChainCursorRow
{
    public required string Registry { get; set; }
    public long NextIndex { get; set; }
}

/// <summary>The schema version the database was created with.</summary>
public sealed class SchemaVersionRow
{
    public int Id { get; set; }
    public int Version { get; set; }
}

/// <summary>A webhook endpoint (API.md "Live events"); its signing secrets are sealed with <see cref="DataKeys.SecretsKey"/>.</summary>
public sealed class WebhookEndpointRow
{
    public required string Id { get; set; }
    public required string Url { get; set; }
    /// <summary>The event types asked for (JSON array of wire names), or null for every public type.</summary>
    public string? TypesJson { get; set; }
    public string? Description { get; set; }
    public bool Enabled { get; set; }
    public string? DisabledReason { get; set; }
    public required byte[] SealedSecret { get; set; }
    /// <summary>The secret before the last rotation, still signed with until <see cref="PreviousUntil"/>.</summary>
    public byte[]? SealedPreviousSecret { get; set; }
    public long? PreviousUntil { get; set; }
    /// <summary>The last outbox event considered for this endpoint: every later matching event gets a delivery.</summary>
    public long Cursor { get; set; }
    public long CreatedAt { get; set; }
}

/// <summary>One event to deliver to one endpoint, and where its delivery stands.</summary>
public sealed class WebhookDeliveryRow
{
    public long Id { get; set; }
    public required string EndpointId { get; set; }
    public long EventId { get; set; }
    public required string Type { get; set; }
    public int State { get; set; }
    public int Attempts { get; set; }
    public int? LastStatus { get; set; }
    public string? LastError { get; set; }
    public int? LastDurationMs { get; set; }
    public long NextAttemptAt { get; set; }
    public long CreatedAt { get; set; }
}

/// <summary>One HTTP attempt of a delivery: the delivery log.</summary>
public sealed class WebhookAttemptRow
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public long At { get; set; }
    public int? Status { get; set; }
    public int DurationMs { get; set; }
    public string? Error { get; set; }
}

/// <summary>A contributor's data key, wrapped by the key-encryption key <see cref="KekId"/>: deleting the row shreds their data.</summary>
public sealed class ContributorKeyRow
{
    public required string Address { get; set; }
    public required string KekId { get; set; }
    public required byte[] WrappedKey { get; set; }
    public long CreatedAt { get; set; }
}

/// <summary>A read of someone's sensitive details by another person (a reviewer, an admin): what their access log shows.</summary>
public sealed class AccessLogRow
{
    public long Id { get; set; }
    public required string Contributor { get; set; }
    public required string Reader { get; set; }
    public required string Role { get; set; }
    public required string RecordId { get; set; }
    public required string What { get; set; }
    public long At { get; set; }
}

/// <summary>What erased contributors leave in the community's totals, anonymously (one row).</summary>
public sealed class ErasedTotalsRow
{
    public int Id { get; set; }
    public long Lightworkers { get; set; }
    public long Contributions { get; set; }
    public long ScoreCents { get; set; }
}
