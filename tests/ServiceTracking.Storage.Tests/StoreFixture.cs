using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Events;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Privacy;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Storage.Tests;

/// <summary>
/// A fresh database of the given provider for one test: a new SQLite file, or a new PostgreSQL database on the
/// throwaway server that test.sh starts (SVTRACK_TEST_POSTGRES). Under CI a missing server is a failure, not a skip.
/// </summary>
public sealed class StoreFixture : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static TheoryData<string> Providers => [Sqlite, Postgres];

    private readonly string _cleanup;
    private readonly string? _adminConnection;

    private StoreFixture(string provider, StorageOptions options, string cleanup, string? adminConnection)
    {
        Provider = provider;
        Options = options;
        _cleanup = cleanup;
        _adminConnection = adminConnection;
        var builder = new DbContextOptionsBuilder<TrackingDb>();
        options.Configure(builder);
        DbFactory = new PooledDbContextFactory<TrackingDb>(builder.Options);
    }

    public string Provider { get; }
    public StorageOptions Options { get; }
    public IDbContextFactory<TrackingDb> DbFactory { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 12, 14, 12, 0, 0, TimeSpan.Zero));
    public Catalog Catalog { get; } = Catalog.Default;

    public static async Task<StoreFixture> CreateAsync(string provider)
    {
        StoreFixture fixture;
        if (provider == Postgres)
        {
            var server = Environment.GetEnvironmentVariable("SVTRACK_TEST_POSTGRES")
                ?? throw new InvalidOperationException("SVTRACK_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL.");
            var name = "svtrack_" + Guid.NewGuid().ToString("N");
            await using (var admin = new NpgsqlConnection(server + ";Database=postgres"))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                await create.ExecuteNonQueryAsync();
            }
            fixture = new StoreFixture(provider, new StorageOptions { Provider = Postgres, ConnectionString = server + $";Database={name}" }, name, server);
        }
        else
        {
            var directory = Path.Combine(Path.GetTempPath(), "svtrack-store-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            fixture = new StoreFixture(provider, new StorageOptions { DataDirectory = directory }, directory, null);
        }
        await using var db = await fixture.DbFactory.CreateDbContextAsync();
        await db.CreateOrCheckSchemaAsync(CancellationToken.None);
        return fixture;
    }

    /// <summary>This database's key-encryption key (given as configuration, so PostgreSQL fixtures need no directory); tests may swap it.</summary>
    public KeyRing Keys { get; set; } = KeyRing.Open(Path.GetTempPath(), new PrivacyOptions { Key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) });

    /// <summary>The log key of this database's service: one per fixture, as one per data directory.</summary>
    public NoteSigner LogKey { get; } = NoteSigner.Generate("scrollverse.service-tracking/test");

    /// <summary>The service's stores over this database, as a fresh process would build them (start-up integrity check included).</summary>
    public async Task<Stores> OpenAsync(MonitorOptions? monitor = null, int summaryCapacity = 100_000)
    {
        var leaderboards = new Leaderboards();
        var summaries = new ContributorSummaries(DbFactory, Options with { SummaryCapacity = summaryCapacity });
        var ledger = new LedgerAppender(LogKey, LogKey.Name, Clock);
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            await ledger.OpenAsync(db, default);
        }
        var events = new EventFeed(DbFactory);
        await events.LoadAsync(default);
        var writer = new StoreWriter(DbFactory, leaderboards, events, monitor ?? new MonitorOptions(), Keys, summaries, ledger, Clock, NullLogger<StoreWriter>.Instance);
        var personal = new PersonalData(writer, DbFactory, Keys);
        var contributions = new ContributionStore(writer, DbFactory, Catalog);
        return new Stores(writer, contributions, new Standings(writer, leaderboards, summaries, Clock),
            new Profiles(writer, DbFactory, personal), new Access(writer, DbFactory, Clock), ledger, new LedgerReader(DbFactory, ledger),
            new Recognitions(writer, DbFactory, Catalog), new RewardRuns(writer, DbFactory, Catalog, Clock), new GrantBook(DbFactory), events, personal, leaderboards,
            summaries);
    }

    /// <summary>A key an elder vouched for (docs/antigaming.md): of good standing, so its endorsements count in full and one approval passes its claims.</summary>
    public async Task<EthPrivateKey> TrustedAsync(Stores stores, EthPrivateKey? key = null)
    {
        key ??= EthPrivateKey.Generate();
        Assert.True(await new Trust.Vouches(stores.Writer, DbFactory, Catalog).VouchAsync(key.Address, EthPrivateKey.Generate().Address, "a member", default));
        return key;
    }

    public NewContribution Contribution(EthPrivateKey key, ulong nonce, string type = "CONTENT_CREATION", string subtype = "tutorial",
        DateTimeOffset? performedAt = null, string details = """{"title":"t"}""")
    {
        Catalog.TryGetSubtype(type, subtype, out _, out var rule);
        var at = performedAt ?? Clock.GetUtcNow();
        var bytes = Encoding.UTF8.GetBytes(details);
        var message = new ContributionMessage(key.Address, type, subtype, Keccak256.Hash(bytes), new byte[32], (ulong)at.ToUnixTimeSeconds(), nonce);
        var digest = ServiceTrackingTypedData.ContributionDigest(ServiceTrackingTypedData.Domain(1, null), message);
        return new NewContribution("0x" + Convert.ToHexStringLower(digest), key.Address, nonce, type, rule!, details, message.DetailsHash,
            null, message.ContentHash, at, "0x" + Convert.ToHexStringLower(key.SignHash(digest)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_adminConnection is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_adminConnection + ";Database=postgres");
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_cleanup} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_cleanup, recursive: true);
        }
    }
}

public sealed record Stores(StoreWriter Writer, ContributionStore Contributions, Standings Standings, Profiles Profiles, Access Access,
    LedgerAppender Ledger, LedgerReader LedgerReader, Recognitions Recognitions, RewardRuns Rewards, GrantBook Grants, EventFeed Events,
    PersonalData Personal, Leaderboards Leaderboards, ContributorSummaries Summaries) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        Summaries.Dispose();
    }
}
