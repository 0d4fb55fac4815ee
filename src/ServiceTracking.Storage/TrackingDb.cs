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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ContributionRow>(e =>
        {
            e.ToTable("contributions");
            e.HasKey(x => x.RecordId);
            e.Property(x => x.RecordId).HasMaxLength(66);
            e.Property(x => x.Contributor).HasMaxLength(42);
            e.HasIndex(x => new { x.Contributor, x.Nonce }).IsUnique();
            e.HasIndex(x => new { x.Contributor, x.RecordedAt });
            e.HasIndex(x => x.RecordedAt);
            e.HasIndex(x => new { x.Status, x.RecordedAt });
            e.HasIndex(x => new { x.Contributor, x.Status, x.Category }); // stats' per-category counts
        });
        modelBuilder.Entity<AuditEventRow>(e =>
        {
            e.ToTable("audit_events");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).ValueGeneratedNever();
            e.HasIndex(x => new { x.RecordId, x.Seq });
        });
        modelBuilder.Entity<ContributorRow>(e =>
        {
            e.ToTable("contributors");
            e.HasKey(x => x.Address);
            e.Property(x => x.DisplayName).HasMaxLength(64);
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
