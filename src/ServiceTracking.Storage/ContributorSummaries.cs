using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Storage;

/// <summary>
/// What <c>GET /stats</c> needs of a contributor besides the rank, as committed: counts of verified contributions per
/// category, the days with accepted contributions (the streak is computed from them on each read, by Core's rule, since
/// "today" moves), the latest contributions, and the reward balance with its badges. Immutable once built.
/// </summary>
public sealed record ContributorSummary(
    IReadOnlyDictionary<string, int> CategoryCounts, IReadOnlySet<DateOnly> AcceptedDays,
    IReadOnlyList<ContributionView> Latest, RewardBalance Rewards);

/// <summary>
/// Contributors' summaries kept in memory, at most <see cref="StorageOptions.SummaryCapacity"/> of them (least recently
/// used first out), so a repeated <c>GET /stats</c> costs no SQL. A missing summary is read from the database by the
/// reader that asks (<see cref="SummaryReader"/>, one snapshot), outside the writer: the writer is the ceiling of the
/// record path, and a read through it would queue behind (and delay) every batch of records.
/// <para>
/// Never stale after an acknowledged write. The writer collects the contributors each batch touches
/// (<see cref="WriteContext"/>) and, after the commit and before any of the batch's callers is completed, calls
/// <see cref="Invalidate"/>: under the lock of the key's shard it bumps the key's version stripe and drops the summary.
/// A reader reads the stripe's version before it starts reading the database and, under the same lock, stores what it
/// read only if the version has not moved. For a summary read before a commit (stale) the version was read before that
/// commit, hence before the bump that follows it; the two locked steps are ordered, so either the bump came first (the
/// reader sees a new version and stores nothing) or the store came first (the bump's removal then drops it). A reader
/// that reads the version after the bump reads the database after the commit. A stripe is shared by many keys: a write
/// to another key of the stripe only costs a reader its insertion (the answer is still returned), never correctness.
/// </para>
/// <para>
/// Memory, measured (GC.GetTotalMemory around 20,000 summaries read from a seeded SQLite store, details of 115
/// characters, no badges): 2.1 KB an entry for a contributor with one contribution, 26.6 KB with 20 or more. The latest
/// contributions dominate (about 1.2 KB each: record id, signature, details, breakdown, hashes), and each carries its
/// details JSON, up to <c>Limits:MaxDetailsBytes</c> (16 KB, 32 KB in memory). So 100,000 summaries take about 210 MB
/// when most contributors have a few contributions and up to 2.7 GB when all have 20 small ones.
/// </para>
/// </summary>
public sealed class ContributorSummaries : IDisposable
{
    public const int LatestCount = 20;

    // Versions are striped (many keys a counter), independently of the shards, so that a write rarely costs another
    // key's reader its insertion; 16,384 stripes are 128 KB.
    private const int VersionStripes = 1 << 14;

    private readonly SummaryReader _reader;
    private readonly Shard[] _shards;
    private readonly long[] _versions = new long[VersionStripes];

    public ContributorSummaries(IDbContextFactory<TrackingDb> dbFactory, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SummaryCapacity);
        _reader = new SummaryReader(dbFactory, options);
        Capacity = options.SummaryCapacity;
        // Shards keep the lock of a hit short and rarely shared; below 64 K entries one exact LRU is cheap enough.
        var shards = Capacity >= 1 << 16 ? 64 : 1;
        _shards = new Shard[shards];
        for (var i = 0; i < shards; i++)
        {
            _shards[i] = new Shard(Capacity / shards + (i < Capacity % shards ? 1 : 0));
        }
    }

    /// <summary>At most this many summaries are kept (0: none, every read goes to the database).</summary>
    public int Capacity { get; }

    /// <summary>How many summaries are kept now.</summary>
    public int Count => _shards.Sum(s => s.Count);

    /// <summary>Whether the contributor's summary is kept now.</summary>
    internal bool Contains(EthAddress contributor)
    {
        var key = contributor.ToLowerHex();
        return _shards[(uint)key.GetHashCode(StringComparison.Ordinal) % (uint)_shards.Length].Contains(key);
    }

    /// <summary>The contributor's summary: from memory, or read from the committed rows (and kept, unless a write to it committed meanwhile).</summary>
    public async Task<ContributorSummary> GetAsync(EthAddress contributor, CancellationToken cancellationToken)
    {
        var key = contributor.ToLowerHex();
        var hash = key.GetHashCode(StringComparison.Ordinal);
        var shard = _shards[(uint)hash % (uint)_shards.Length];
        if (shard.TryGet(key, out var kept))
        {
            return kept;
        }
        var stripe = hash & (VersionStripes - 1);
        var version = Volatile.Read(ref _versions[stripe]); // before the database is read: see the class's remarks
        var summary = await _reader.ReadAsync(contributor, cancellationToken).ConfigureAwait(false);
        if (AfterRead is { } hold)
        {
            await hold(contributor).ConfigureAwait(false);
        }
        shard.TryAdd(key, summary, _versions, stripe, version);
        return summary;
    }

    /// <summary>Tests only: runs after a summary is read and before it may be kept, so that a test can commit a write in between.</summary>
    internal Func<EthAddress, Task>? AfterRead { get; set; }

    public void Dispose() => _reader.Dispose();

    /// <summary>Drops the summaries of these contributors (lowercase hex keys); the writer calls it after each commit, before completing its callers.</summary>
    internal void Invalidate(IEnumerable<string> contributors)
    {
        foreach (var key in contributors)
        {
            var hash = key.GetHashCode(StringComparison.Ordinal);
            _shards[(uint)hash % (uint)_shards.Length].Invalidate(key, _versions, hash & (VersionStripes - 1));
        }
    }

    /// <summary>An exact LRU of its own capacity: a dictionary into a list, most recently used first, under one lock.</summary>
    private sealed class Shard(int capacity)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, LinkedListNode<(string Key, ContributorSummary Summary)>> _map = new(StringComparer.Ordinal);
        private readonly LinkedList<(string Key, ContributorSummary Summary)> _order = new();

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _map.Count;
                }
            }
        }

        public bool Contains(string key)
        {
            lock (_lock)
            {
                return _map.ContainsKey(key);
            }
        }

        public bool TryGet(string key, out ContributorSummary summary)
        {
            lock (_lock)
            {
                if (_map.TryGetValue(key, out var node))
                {
                    _order.Remove(node);
                    _order.AddFirst(node);
                    summary = node.Value.Summary;
                    return true;
                }
            }
            summary = null!;
            return false;
        }

        /// <summary>Keeps <paramref name="summary"/> unless the key's version stripe moved since <paramref name="seen"/> was read.</summary>
        public void TryAdd(string key, ContributorSummary summary, long[] versions, int stripe, long seen)
        {
            lock (_lock)
            {
                if (capacity == 0 || Volatile.Read(ref versions[stripe]) != seen || _map.ContainsKey(key))
                {
                    return; // a write committed meanwhile (or another reader, as recent, was first)
                }
                _map[key] = _order.AddFirst((key, summary));
                if (_map.Count > capacity)
                {
                    var oldest = _order.Last!;
                    _order.RemoveLast();
                    _map.Remove(oldest.Value.Key);
                }
            }
        }

        public void Invalidate(string key, long[] versions, int stripe)
        {
            lock (_lock)
            {
                Interlocked.Increment(ref versions[stripe]);
                if (_map.Remove(key, out var node))
                {
                    _order.Remove(node);
                }
            }
        }
    }
}
