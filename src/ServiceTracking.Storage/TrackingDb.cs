using Microsoft.EntityFrameworkCore;

namespace ServiceTracking.Storage;

/// <summary>The service's EF Core context; the same model on SQLite and PostgreSQL.</summary>
public sealed class TrackingDb(DbContextOptions<TrackingDb> options) : DbContext(options)
{
    public DbSet<ContributionRow> Contributions => Set<ContributionRow>();
    public DbSet<AuditEventRow> AuditEvents => Set<AuditEventRow>();
    public DbSet<ContributorRow> Contributors => Set<ContributorRow>();
    public DbSet<ContributorDayRow> ContributorDays => Set<ContributorDayRow>();
    public DbSet<PeriodScoreRow> PeriodScores => Set<PeriodScoreRow>();
    public DbSet<RoleGrantRow> RoleGrants => Set<RoleGrantRow>();
    public DbSet<AuthNonceRow> AuthNonces => Set<AuthNonceRow>();
    public DbSet<LedgerTileRow> LedgerTiles => Set<LedgerTileRow>();
    public DbSet<CheckpointRow> Checkpoints => Set<CheckpointRow>();
    public DbSet<EndorsementRow> Endorsements => Set<EndorsementRow>();
    public DbSet<ReputationRow> Reputations => Set<ReputationRow>();
    public DbSet<VouchRow> Vouches => Set<VouchRow>();
    public DbSet<FindingRow> Findings => Set<FindingRow>();
    public DbSet<RecognitionEventRow> RecognitionEvents => Set<RecognitionEventRow>();
    public DbSet<GrantRow> Grants => Set<GrantRow>();
    public DbSet<PostingRow> Postings => Set<PostingRow>();
    public DbSet<AccountBalanceRow> AccountBalances => Set<AccountBalanceRow>();
    public DbSet<RewardRunRow> RewardRuns => Set<RewardRunRow>();
    public DbSet<ChainAnchorRow> ChainAnchors => Set<ChainAnchorRow>();
    public DbSet<ChainPublicationRow> ChainPublications => Set<ChainPublicationRow>();
    public DbSet<ChainCursorRow> ChainCursors => Set<ChainCursorRow>();
    public DbSet<EventRow> Events => Set<EventRow>();
    public DbSet<ContributorKeyRow> ContributorKeys => Set<ContributorKeyRow>();
    public DbSet<AccessLogRow> AccessLog => Set<AccessLogRow>();
    public DbSet<ErasedTotalsRow> ErasedTotals => Set<ErasedTotalsRow>();
    public DbSet<WebhookEndpointRow> WebhookEndpoints => Set<WebhookEndpointRow>();
    public DbSet<WebhookDeliveryRow> WebhookDeliveries => Set<WebhookDeliveryRow>();
    public DbSet<WebhookAttemptRow> WebhookAttempts => Set<WebhookAttemptRow>();
    public DbSet<SuspicionSignalRow> SuspicionSignals => Set<SuspicionSignalRow>();
    public DbSet<FingerprintRow> Fingerprints => Set<FingerprintRow>();
    public DbSet<SchemaVersionRow> SchemaVersion => Set<SchemaVersionRow>();

    /// <summary>Bumped with every change of the model; a database made by another version is refused at start (ADR 3).</summary>
    public const int CurrentSchemaVersion = 7;

    /// <summary>Creates the schema in an empty database, or checks that an existing one has this build's schema.</summary>
    public async Task CreateOrCheckSchemaAsync(CancellationToken cancellationToken)
    {
        if (await Database.EnsureCreatedAsync(cancellationToken))
        {
            SchemaVersion.Add(new SchemaVersionRow { Id = 1, Version = CurrentSchemaVersion });
            await SaveChangesAsync(cancellationToken);
            return;
        }
        int? version;
        try
        {
            version = (await SchemaVersion.AsNoTracking().FirstOrDefaultAsync(cancellationToken))?.Version;
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException)
        {
            version = 1; // schema 1 had no version table
        }
        if (version != CurrentSchemaVersion)
        {
            throw new InvalidOperationException(
                $"The database has schema version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}, " +
                $"and this build needs version {CurrentSchemaVersion}. Pre-release builds do not migrate: move the data directory " +
                "(or drop the database) aside and start again, or run the build that created it.");
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Reward points keep every decimal the formulas produce (PostgreSQL's default would be numeric(18,2)).
        configurationBuilder.Properties<decimal>().HavePrecision(38, 16);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ContributionRow>(e =>
        {
            e.ToTable("contributions");
            e.HasKey(x => x.RecordId);
            e.Property(x => x.RecordId).HasMaxLength(66);
            e.Property(x => x.Contributor).HasMaxLength(42);
            e.Property(x => x.ReviewReason).HasMaxLength(32);
            e.HasIndex(x => new { x.Contributor, x.Nonce }).IsUnique();
            e.HasIndex(x => new { x.Contributor, x.RecordedAt });
            e.HasIndex(x => x.RecordedAt);
            e.HasIndex(x => new { x.Status, x.RecordedAt });
            e.HasIndex(x => new { x.Contributor, x.Status, x.Category }); // stats' per-category counts
            e.HasIndex(x => new { x.RewardDue, x.Contributor }); // the daily batch
            e.HasIndex(x => new { x.ConsistencyDue, x.Contributor }); // the weekly summary
        });
        modelBuilder.Entity<EndorsementRow>(e =>
        {
            e.ToTable("endorsements");
            e.HasKey(x => new { x.RecordId, x.Endorser });
            e.HasIndex(x => new { x.Endorser, x.At }); // endorsements given: the monitor (mutual), an export, an erasure
        });
        modelBuilder.Entity<ReputationRow>(e =>
        {
            e.ToTable("reputations");
            e.HasKey(x => x.Address);
        });
        modelBuilder.Entity<VouchRow>(e =>
        {
            e.ToTable("vouches");
            e.HasKey(x => x.Address);
        });
        modelBuilder.Entity<FindingRow>(e =>
        {
            e.ToTable("findings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever(); // the writer numbers findings, so that voided endorsements can name theirs
            e.HasIndex(x => new { x.Status, x.Id });
        });
        modelBuilder.Entity<RecognitionEventRow>(e =>
        {
            e.ToTable("recognition_events");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.RecordId, x.Id });
            e.HasIndex(x => x.ActDigest).IsUnique(); // a signed act is applied once (NULLs, from before, are distinct)
        });
        modelBuilder.Entity<GrantRow>(e =>
        {
            e.ToTable("grants");
            e.HasKey(x => x.Key);
            e.HasIndex(x => new { x.Recipient, x.GrantedAt });
            e.HasIndex(x => new { x.Run, x.Key });
        });
        modelBuilder.Entity<PostingRow>(e =>
        {
            e.ToTable("postings");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.GrantKey);
        });
        modelBuilder.Entity<AccountBalanceRow>(e =>
        {
            e.ToTable("account_balances");
            e.HasKey(x => new { x.Account, x.Token });
        });
        modelBuilder.Entity<RewardRunRow>(e =>
        {
            e.ToTable("reward_runs");
            e.HasKey(x => new { x.Schedule, x.Period });
        });
        modelBuilder.Entity<ChainAnchorRow>(e =>
        {
            e.ToTable("chain_anchors");
            e.HasKey(x => new { x.Registry, x.TreeSize });
        });
        modelBuilder.Entity<ChainPublicationRow>(e =>
        {
            e.ToTable("chain_publications");
            e.HasKey(x => new { x.Registry, x.Key });
            e.HasIndex(x => new { x.Registry, x.Lightworker });
        });
        modelBuilder.Entity<ChainCursorRow>(e =>
        {
            e.ToTable("chain_cursors");
            e.HasKey(x => x.Registry);
        });
        modelBuilder.Entity<SchemaVersionRow>(e =>
        {
            e.ToTable("schema_version");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<AuditEventRow>(e =>
        {
            e.ToTable("audit_events");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).ValueGeneratedNever();
            e.HasIndex(x => new { x.RecordId, x.Seq });
        });
        modelBuilder.Entity<EventRow>(e =>
        {
            e.ToTable("events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.HasIndex(x => x.Timestamp); // retention
        });
        modelBuilder.Entity<ContributorKeyRow>(e =>
        {
            e.ToTable("contributor_keys");
            e.HasKey(x => x.Address);
            e.HasIndex(x => x.KekId); // rotation finds what is still wrapped by an old key
        });
        modelBuilder.Entity<ErasedTotalsRow>(e =>
        {
            e.ToTable("erased_totals");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<AccessLogRow>(e =>
        {
            e.ToTable("access_log");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Contributor, x.Id });
        });
        modelBuilder.Entity<WebhookEndpointRow>(e =>
        {
            e.ToTable("webhook_endpoints");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<WebhookDeliveryRow>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.EndpointId, x.State, x.Id }); // an endpoint's queue, oldest first
        });
        modelBuilder.Entity<WebhookAttemptRow>(e =>
        {
            e.ToTable("webhook_attempts");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DeliveryId, x.Id });
        });
        modelBuilder.Entity<SuspicionSignalRow>(e =>
        {
            e.ToTable("suspicion_signals");
            e.HasKey(x => x.Id);
            e.Property(x => x.Subject).HasMaxLength(42);
            e.HasIndex(x => new { x.Subject, x.At });
            e.HasIndex(x => x.At); // the admin read, retention
        });
        modelBuilder.Entity<FingerprintRow>(e =>
        {
            e.ToTable("fingerprints");
            e.HasKey(x => new { x.Hash, x.Kind });
        });
        modelBuilder.Entity<ContributorRow>(e =>
        {
            e.ToTable("contributors");
            e.HasKey(x => x.Address);
        });
        modelBuilder.Entity<ContributorDayRow>(e =>
        {
            e.ToTable("contributor_days");
            e.HasKey(x => new { x.Address, x.Day });
        });
        modelBuilder.Entity<PeriodScoreRow>(e =>
        {
            e.ToTable("period_scores");
            e.HasKey(x => new { x.Kind, x.Label, x.Address });
        });
        modelBuilder.Entity<RoleGrantRow>(e =>
        {
            e.ToTable("role_grants");
            e.HasKey(x => new { x.Address, x.Role });
        });
        modelBuilder.Entity<LedgerTileRow>(e =>
        {
            e.ToTable("ledger_tiles");
            e.HasKey(x => new { x.Level, x.TileIndex });
        });
        modelBuilder.Entity<CheckpointRow>(e =>
        {
            e.ToTable("checkpoints");
            e.HasKey(x => x.Size);
            e.Property(x => x.Size).ValueGeneratedNever();
        });
        modelBuilder.Entity<AuthNonceRow>(e =>
        {
            e.ToTable("auth_nonces");
            e.HasKey(x => x.Nonce);
            e.HasIndex(x => x.ExpiresAt);
        });
    }
}
