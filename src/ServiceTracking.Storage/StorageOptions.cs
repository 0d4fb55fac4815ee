using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceTracking.Storage;

/// <summary>Which database backs the service (<c>Storage:Provider</c>, <c>Storage:ConnectionString</c>, <c>Storage:DataDirectory</c>) and how many summaries it keeps (<c>Storage:SummaryCapacity</c>).</summary>
public sealed record StorageOptions
{
    public string Provider { get; init; } = "sqlite";
    public string? ConnectionString { get; init; }
    public string DataDirectory { get; init; } = "./data";

    /// <summary>How many contributors' summaries (what <c>GET /stats</c> reads) are kept in memory; see <see cref="ContributorSummaries"/>.</summary>
    public int SummaryCapacity { get; init; } = 100_000;

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        if (!IsPostgres && !string.Equals(Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Storage:Provider must be 'sqlite' or 'postgres', not '{Provider}'.");
        }
        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException("Storage:Provider is 'postgres' but Storage:ConnectionString is empty.");
        }
        if (SummaryCapacity < 0)
        {
            throw new InvalidOperationException($"Storage:SummaryCapacity must be 0 or more, not {SummaryCapacity}.");
        }
    }

    /// <summary>Creates the data directory (mode 700) when it does not exist.</summary>
    public void PrepareDirectory() => SecretFiles.CreatePrivateDirectory(DataDirectory);

    /// <summary>
    /// Makes the embedded database's files readable by the service's user only (mode 600), existing ones included;
    /// SQLite gives the WAL and shared-memory files it creates later the database file's mode.
    /// </summary>
    public void RestrictDatabaseFiles()
    {
        if (IsPostgres || ConnectionString is not null || OperatingSystem.IsWindows())
        {
            return;
        }
        foreach (var path in new[] { SqliteFile, SqliteFile + "-wal", SqliteFile + "-shm", SqliteFile + "-journal" }.Where(File.Exists))
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private string SqliteFile => Path.Combine(DataDirectory, "service-tracking.db");

    public string SqliteConnectionString => ConnectionString
        ?? new SqliteConnectionStringBuilder { DataSource = SqliteFile, Pooling = true }.ToString();

    public void Configure(DbContextOptionsBuilder builder)
    {
        if (IsPostgres)
        {
            builder.UseNpgsql(ConnectionString);
        }
        else
        {
            builder.UseSqlite(SqliteConnectionString).AddInterceptors(SqliteDurability.Instance);
        }
    }
}

/// <summary>
/// Every SQLite connection runs in WAL mode with synchronous=FULL: a commit is on disk before it is acknowledged,
/// so a killed process (or a lost machine) never loses an acknowledged write.
/// </summary>
internal sealed class SqliteDurability : DbConnectionInterceptor
{
    public static SqliteDurability Instance { get; } = new();

    // secure_delete: freed pages are overwritten, so deleted rows (an erasure's) leave nothing behind in the file.
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
