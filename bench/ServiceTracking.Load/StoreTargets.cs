using Microsoft.Data.Sqlite;
using Npgsql;
using ServiceTracking.Storage;

namespace ServiceTracking.Load;

/// <summary>A fresh, empty store: where its files live, how the server is told to use it, and the same for in-process use.</summary>
public sealed record FreshStore(string DataDirectory, string[] ServerSettings, StorageOptions Options);

/// <summary>A database to measure against; each phase gets a fresh store from it.</summary>
public interface IStoreTarget : IAsyncDisposable
{
    string Name { get; }
    Task<FreshStore> FreshAsync(string tag);
}

/// <summary>The durable default: SQLite in WAL mode with synchronous=FULL, in a fresh data directory.</summary>
public sealed class SqliteTarget(string workDirectory) : IStoreTarget
{
    public string Name => "sqlite";

    public Task<FreshStore> FreshAsync(string tag)
    {
        var directory = Path.Combine(workDirectory, $"{tag}-sqlite");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.CreateDirectory(directory);
        return Task.FromResult(new FreshStore(directory, [], new StorageOptions { DataDirectory = directory }));
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}

/// <summary>PostgreSQL: a new database per phase on the given server, dropped at the end.</summary>
public sealed class PostgresTarget(string workDirectory, string connectionString) : IStoreTarget
{
    private readonly List<string> _databases = [];

    public string Name => "postgres";

    public async Task<FreshStore> FreshAsync(string tag)
    {
        var database = $"svtrack_load_{tag.Replace('-', '_')}";
        await using (var connection = new NpgsqlConnection(Admin()))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)").ConfigureAwait(false);
            await ExecuteAsync(connection, $"CREATE DATABASE \"{database}\"").ConfigureAwait(false);
        }
        _databases.Add(database);
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = database };
        var directory = Path.Combine(workDirectory, $"{tag}-postgres");
        Directory.CreateDirectory(directory);
        return new FreshStore(directory, ["--Storage:Provider=postgres", $"--Storage:ConnectionString={builder}"],
            new StorageOptions { Provider = "postgres", ConnectionString = builder.ToString(), DataDirectory = directory });
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Admin());
        await connection.OpenAsync().ConfigureAwait(false);
        foreach (var database in _databases)
        {
            await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)").ConfigureAwait(false);
        }
    }

    private string Admin() => new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ToString();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
#pragma warning disable CA2100 // the names are built here from fixed tags, not from input
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
