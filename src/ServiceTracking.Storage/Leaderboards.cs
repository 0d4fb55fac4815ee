using System.Collections.Concurrent;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ranking;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage;

public readonly record struct PeriodKey(PeriodKind Kind, string Label);

/// <summary>
/// In-memory order-statistics indexes of period scores, so a rank or a leaderboard page costs O(log n), not a sort,
/// and the community's all-time totals, so the community page does not sum every contributor's row.
/// Only the writer loads and updates them (between commits), so they always equal the committed rows.
/// </summary>
public sealed class Leaderboards
{
    private const int MaxLoaded = 48;

    private readonly ConcurrentDictionary<PeriodKey, Board> _boards = new();
    private long _clock;
    private long _version;
    private EcosystemTotals? _totals;

    /// <summary>The community's totals (erased contributors' service included, anonymously), or null until the writer loads them.</summary>
    public EcosystemTotals? Totals => Volatile.Read(ref _totals);

    /// <summary>Changes whenever a score changes (loaded board or not): a cheap way to know that nothing has moved.</summary>
    public long Version => Interlocked.Read(ref _version);

    public bool IsLoaded(PeriodKey period) => _boards.ContainsKey(period);

    public bool TryRank(PeriodKey period, EthAddress contributor, out int? rank, out decimal score)
    {
        rank = null;
        score = 0;
        if (!_boards.TryGetValue(period, out var board))
        {
            return false;
        }
        board.Touch(Interlocked.Increment(ref _clock));
        board.Lock.EnterReadLock();
        try
        {
            rank = board.Index.RankOf(contributor);
            score = board.Index.ScoreOf(contributor) ?? 0m;
        }
        finally
        {
            board.Lock.ExitReadLock();
        }
        return true;
    }

    public bool TryPage(PeriodKey period, int offset, int limit, out IReadOnlyList<(int Rank, EthAddress Address, decimal Score)> page, out int total)
    {
        page = [];
        total = 0;
        if (!_boards.TryGetValue(period, out var board))
        {
            return false;
        }
        board.Touch(Interlocked.Increment(ref _clock));
        board.Lock.EnterReadLock();
        try
        {
            page = board.Index.Page(offset, limit);
            total = board.Index.Count;
        }
        finally
        {
            board.Lock.ExitReadLock();
        }
        return true;
    }

    internal void Load(PeriodKey period, IEnumerable<(EthAddress Address, long Cents)> rows)
    {
        var board = new Board();
        board.Index.Load(rows.Select(r => (r.Address, Hundredths.ToScore(r.Cents))));
        board.Touch(Interlocked.Increment(ref _clock));
        _boards[period] = board;
        Evict();
    }

    internal void LoadTotals(EcosystemTotals totals) => Volatile.Write(ref _totals, totals);

    /// <summary>Adds a commit's all-time changes to the totals, when they are loaded (otherwise a later load reads the rows).</summary>
    internal void AddToTotals(int lightworkers, int contributions, long cents)
    {
        if (Totals is { } t && (lightworkers, contributions, cents) != (0, 0, 0))
        {
            LoadTotals(new EcosystemTotals(t.Lightworkers + lightworkers, t.Contributions + contributions, t.Impact + Hundredths.ToScore(cents)));
        }
    }

    internal void Apply(PeriodKey period, EthAddress address, long deltaCents)
    {
        Interlocked.Increment(ref _version);
        if (!_boards.TryGetValue(period, out var board))
        {
            return; // not loaded: the rows are the truth and a later load reads them
        }
        board.Lock.EnterWriteLock();
        try
        {
            var current = board.Index.ScoreOf(address) is { } score ? Hundredths.From(score) : 0;
            board.Index.Set(address, Hundredths.ToScore(current + deltaCents));
        }
        finally
        {
            board.Lock.ExitWriteLock();
        }
    }

    /// <summary>Takes a contributor off every loaded board (an erasure; their rows are deleted in the same commit).</summary>
    internal void Remove(EthAddress address)
    {
        foreach (var board in _boards.Values)
        {
            board.Lock.EnterWriteLock();
            try
            {
                board.Index.Remove(address);
            }
            finally
            {
                board.Lock.ExitWriteLock();
            }
        }
    }

    private void Evict()
    {
        while (_boards.Count > MaxLoaded)
        {
            var oldest = _boards.Where(b => b.Key.Kind != PeriodKind.All).MinBy(b => b.Value.LastUse);
            _boards.TryRemove(oldest.Key, out _);
        }
    }

    /// <summary>An index and its lock: readers share it (the index's reads do not mutate), the writer's updates take it alone.</summary>
    private sealed class Board
    {
        public RankIndex<EthAddress> Index { get; } = new();
        public ReaderWriterLockSlim Lock { get; } = new();
        public long LastUse { get; private set; }
        public void Touch(long tick) => LastUse = tick;
    }
}
