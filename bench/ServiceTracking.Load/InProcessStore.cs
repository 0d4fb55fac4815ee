using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Events;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Privacy;

namespace ServiceTracking.Load;

/// <summary>The server's store without the server: the same factory, writer and store classes, wired by hand.</summary>
public sealed class InProcessStore : IAsyncDisposable
{
    private InProcessStore(StorageOptions options, PooledDbContextFactory<TrackingDb> factory, LedgerAppender ledger, KeyRing keyRing, TimeProvider time)
    {
        Options = options;
        Factory = factory;
        Ledger = ledger;
        Leaderboards = new Leaderboards();
        Writer = new StoreWriter(factory, Leaderboards, new EventFeed(factory), new MonitorOptions(), keyRing, new ContributorSummaries(factory, options), ledger, time,
            NullLogger<StoreWriter>.Instance);
        Contributions = new ContributionStore(Writer, factory, Catalog.Default);
        Personal = new PersonalData(Writer, factory, keyRing);
        Erasure = new Erasure(Writer, new Profiles(Writer, factory, Personal), factory);
    }

    public StorageOptions Options { get; }
    public PooledDbContextFactory<TrackingDb> Factory { get; }
    public LedgerAppender Ledger { get; }
    public Leaderboards Leaderboards { get; }
    public StoreWriter Writer { get; }
    public ContributionStore Contributions { get; }
    public PersonalData Personal { get; }
    public Erasure Erasure { get; }

    /// <summary>
    /// Opens (and creates, as the server does: with its schema version) the store the server would open with these settings;
    /// <paramref name="time"/> is the system clock unless given, <paramref name="interceptors"/> are added to every context.
    /// </summary>
    public static async Task<InProcessStore> OpenAsync(StorageOptions options, TimeProvider? time = null, params IInterceptor[] interceptors)
    {
        Directory.CreateDirectory(options.DataDirectory);
        time ??= TimeProvider.System;
        var builder = new DbContextOptionsBuilder<TrackingDb>();
        options.Configure(builder);
        if (interceptors.Length > 0)
        {
            builder.AddInterceptors(interceptors);
        }
        var factory = new PooledDbContextFactory<TrackingDb>(builder.Options);
        // The data directory's own log key, so the server opening it later finds checkpoints it signed.
        var keys = DataKeys.Open(options.DataDirectory, configuredJwtKey: null);
        var ledger = new LedgerAppender(keys.LogKey, keys.LogKey.Name, time);
        await using (var db = await factory.CreateDbContextAsync().ConfigureAwait(false))
        {
            await db.CreateOrCheckSchemaAsync(CancellationToken.None).ConfigureAwait(false);
            await ledger.OpenAsync(db, CancellationToken.None).ConfigureAwait(false);
        }
        // Its key-encryption key too, so the server can open what this store sealed.
        return new InProcessStore(options, factory, ledger, KeyRing.Open(options.DataDirectory, new PrivacyOptions()), time);
    }

    /// <summary>Records the contributions in order, at most <paramref name="inFlight"/> waiting on the writer at once, until all are done or <paramref name="limit"/> has passed.</summary>
    public async Task<(int Created, int Other)> RecordAllAsync(IReadOnlyList<NewContribution> contributions, int inFlight, TimeSpan limit)
    {
        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var created = 0;
        var other = 0;
        long next = -1;
        async Task Worker()
        {
            long i;
            while (System.Diagnostics.Stopwatch.GetTimestamp() < deadline && (i = Interlocked.Increment(ref next)) < contributions.Count)
            {
                var outcome = await Contributions.RecordAsync(contributions[(int)i], CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref outcome.Created ? ref created : ref other);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(inFlight, contributions.Count)).Select(_ => Task.Run(Worker))).ConfigureAwait(false);
        return (created, other);
    }

    public ValueTask DisposeAsync() => Writer.DisposeAsync();
}
