using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Events;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Privacy;

namespace ServiceTracking.Storage;

/// <summary>What a write command sees: the batch's transaction, the clock, and the writer's authoritative caches.</summary>
public sealed partial class WriteContext
{
    private readonly WriterCache _cache;
    private readonly Leaderboards _leaderboards;
    private readonly EventFeed _feed;
    private readonly MonitorOptions _monitor;
    private readonly KeyRing _keys;
    private readonly ContributorSummaries _summaries;
    private readonly Dictionary<(PeriodKey Period, string Address), (long Cents, int Count)> _scoreDeltas = [];
    private readonly Dictionary<(string Address, int Day), int> _dayDeltas = [];
    private readonly List<PeriodKey> _loaded = [];
    private int _newLightworkers;

    private readonly LedgerBatch _ledger;
    private readonly List<AuditEventRow> _audits = [];
    private readonly HashSet<string> _absentContributors = [];

    internal WriteContext(TrackingDb db, WriterCache cache, Leaderboards leaderboards, EventFeed feed, MonitorOptions monitor, KeyRing keys,
        ContributorSummaries summaries, LedgerBatch ledger, DateTimeOffset now)
    {
        _keys = keys;
        _feed = feed;
        _monitor = monitor;
        Db = db;
        Sql = new WriteSql(db);
        _cache = cache;
        _leaderboards = leaderboards;
        _summaries = summaries;
        _ledger = ledger;
        Now = now;
    }

    /// <summary>The batch's DbContext: for the reward code until it speaks this vocabulary too; commands use the methods below.</summary>
    internal TrackingDb Db { get; }

    internal WriteSql Sql { get; }

    public DateTimeOffset Now { get; }

    /// <summary>
    /// Appends an audit event (SCORING.md §6) to this batch: stored as the next ledger entry, in this transaction.
    /// Fields must hold no personal data (commitments only): entries are never changed, not even on erasure.
    /// </summary>
    public (long Index, byte[] LeafHash) Audit(string? recordId, AuditAction action, string actor, long timestamp, IReadOnlyDictionary<string, object?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var index = _ledger.Size;
        // One document for all fields rather than one per field: the values are views into it.
        var encoded = new Dictionary<string, JsonElement>(fields.Count);
        foreach (var field in JsonSerializer.SerializeToElement(fields, StoreJson.Options).EnumerateObject())
        {
            encoded[field.Name] = field.Value;
        }
        var entry = new LedgerEntry(LedgerEntry.CurrentVersion, index, action.WireName(), recordId, actor, timestamp, encoded).Encode();
        var (_, leafHash) = _ledger.Append(entry);
        _audits.Add(new AuditEventRow
        {
            Seq = index,
            RecordId = recordId,
            Action = action.WireName(),
            Timestamp = timestamp,
            Entry = entry,
            LeafHash = leafHash,
        });
        return (index, leafHash);
    }

    /// <summary>The UTC days on which the contributor has accepted contributions, this batch included.</summary>
    public IReadOnlySet<DateOnly> DaysOf(EthAddress contributor)
    {
        var key = contributor.ToLowerHex();
        if (!_cache.Days.TryGetValue(key, out var days))
        {
            LoadDaysOf([key]);
            days = _cache.Days[key];
        }
        return days;
    }

    public void AddAcceptedDay(EthAddress contributor, DateOnly day)
    {
        var key = contributor.ToLowerHex();
        Touch(key);
        ((HashSet<DateOnly>)DaysOf(contributor)).Add(day);
        _dayDeltas[(key, day.DayNumber)] = _dayDeltas.GetValueOrDefault((key, day.DayNumber)) + 1;
    }

    /// <summary>Takes back a day's accepted contribution (a rejection); the day leaves the streak when none is left.</summary>
    public void RemoveAcceptedDay(EthAddress contributor, DateOnly day)
    {
        var key = contributor.ToLowerHex();
        Touch(key);
        var stored = Db.ContributorDays.AsNoTracking().Where(d => d.Address == key && d.Day == day.DayNumber).Select(d => d.Accepted).FirstOrDefault();
        var delta = _dayDeltas.GetValueOrDefault((key, day.DayNumber)) - 1;
        _dayDeltas[(key, day.DayNumber)] = delta;
        if (stored + delta <= 0)
        {
            ((HashSet<DateOnly>)DaysOf(contributor)).Remove(day);
        }
    }

    /// <summary>Creates the contributor's (private) profile on first sight; returns whether auto-verification is suspended.</summary>
    public bool EnsureContributor(EthAddress contributor)
    {
        var key = contributor.ToLowerHex();
        if (_cache.Suspended.TryGetValue(key, out var suspended))
        {
            return suspended;
        }
        if (!_absentContributors.Remove(key))
        {
            bool? stored = null;
            Sql.Read("SELECT \"AutoVerifySuspended\" FROM contributors WHERE \"Address\" = @p0", r => stored = r.GetBoolean(0), key);
            if (stored is { } found)
            {
                return _cache.Suspended[key] = found;
            }
        }
        Sql.InsertContributor(new ContributorRow { Address = key, CreatedAt = Now.ToUnixTimeSeconds() });
        return _cache.Suspended[key] = false;
    }

    /// <summary>Suspends or restores the contributor's auto-verification (SCORING §3 c); returns whether it changed.</summary>
    public bool SetAutoVerificationSuspended(EthAddress contributor, bool suspended)
    {
        var was = EnsureContributor(contributor);
        var key = contributor.ToLowerHex();
        Db.Contributors.Find(key)!.AutoVerifySuspended = suspended;
        _cache.Suspended[key] = suspended;
        return was != suspended;
    }

    /// <summary>Sets the contributor's display name (sealed) and visibility, creating the (private) profile first if needed.</summary>
    public void SetProfile(EthAddress contributor, string? displayName, bool isPublic)
    {
        EnsureContributor(contributor);
        var row = Db.Contributors.Find(contributor.ToLowerHex())!;
        row.SealedDisplayName = displayName is null ? null : Seal(contributor, PersonalData.DisplayNameLabel(contributor), displayName);
        row.IsPublic = isPublic;
    }

    /// <summary>Adds a verified contribution's impact to the contributor's score in every period its day belongs to.</summary>
    public void AddScore(EthAddress contributor, DateOnly day, long cents, int contributions)
    {
        var key = contributor.ToLowerHex();
        Touch(key);
        foreach (var (kind, label) in Periods.Containing(day))
        {
            var slot = (new PeriodKey(kind, label), key);
            var (c, n) = _scoreDeltas.GetValueOrDefault(slot);
            _scoreDeltas[slot] = (c + cents, n + contributions);
        }
    }

    /// <summary>Loads a period's leaderboard from committed rows; called inside the writer so no commit can slip between.</summary>
    public void LoadLeaderboard(PeriodKey period)
    {
        if (_leaderboards.IsLoaded(period) || _loaded.Contains(period))
        {
            return;
        }
        var rows = new List<(EthAddress, long)>();
        Sql.Read("SELECT \"Address\", \"ScoreCents\" FROM period_scores WHERE \"Kind\" = @p0 AND \"Label\" = @p1 AND \"ScoreCents\" > 0",
            r => rows.Add((EthAddress.Parse(r.GetString(0)), r.GetInt64(1))), (int)period.Kind, period.Label);
        _leaderboards.Load(period, rows);
        _loaded.Add(period);
    }

    /// <summary>
    /// Loads the community's totals from committed rows (and the all-time board, which tells who already counts):
    /// contributors with a verified contribution, their contributions and impact, plus what erased contributors left.
    /// </summary>
    public void LoadTotals()
    {
        var all = new PeriodKey(PeriodKind.All, Periods.AllLabel);
        LoadLeaderboard(all);
        if (_leaderboards.Totals is not null)
        {
            return;
        }
        long lightworkers = 0, contributions = 0, cents = 0;
        Sql.Read("SELECT COUNT(*), COALESCE(SUM(\"Contributions\"), 0), COALESCE(SUM(\"ScoreCents\"), 0) FROM period_scores WHERE \"Kind\" = @p0 AND \"Contributions\" > 0",
            r => (lightworkers, contributions, cents) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)), (int)PeriodKind.All);
        Sql.Read("SELECT \"Lightworkers\", \"Contributions\", \"ScoreCents\" FROM erased_totals",
            r => (lightworkers, contributions, cents) = (lightworkers + r.GetInt64(0), contributions + r.GetInt64(1), cents + r.GetInt64(2)));
        _leaderboards.LoadTotals(new EcosystemTotals((int)lightworkers, (int)contributions, Hundredths.ToScore(cents)));
    }

    /// <summary>
    /// How many of this batch's all-time score changes are a contributor's first verified contribution: not on the
    /// all-time board (a positive score means one already) and without a counted row (a contribution scored zero).
    /// </summary>
    private int CountNewLightworkers()
    {
        if (_leaderboards.Totals is null)
        {
            return 0; // not loaded: the load will count them from the rows
        }
        var all = new PeriodKey(PeriodKind.All, Periods.AllLabel);
        var candidates = _scoreDeltas.Where(d => d.Key.Period == all && d.Value.Count > 0).Select(d => d.Key.Address)
            .Where(a => !(_leaderboards.TryRank(all, EthAddress.Parse(a), out var rank, out var score) && rank is not null && score > 0))
            .ToList<object>();
        var counted = 0;
        foreach (var chunk in candidates.Chunk(500))
        {
            // Kind, label and address: the whole primary key, so each candidate is one index lookup, not a walk of the board's rows.
            Sql.ReadIn($"SELECT COUNT(*) FROM period_scores WHERE \"Kind\" = {(int)PeriodKind.All} AND \"Label\" = @p{chunk.Length} AND \"Contributions\" > 0 AND \"Address\" IN ",
                chunk, "", r => counted += (int)r.GetInt64(0), [Periods.AllLabel]);
        }
        return candidates.Count - counted;
    }

    /// <summary>The committed leaderboard's entries ranked <paramref name="maxRank"/> or better (ties included).</summary>
    public IReadOnlyList<(int Rank, EthAddress Address, decimal Score)> TopRanks(PeriodKey period, int maxRank)
    {
        LoadLeaderboard(period);
        var top = new List<(int Rank, EthAddress Address, decimal Score)>();
        for (var offset = 0; ; offset += maxRank)
        {
            _leaderboards.TryPage(period, offset, maxRank, out var page, out _);
            top.AddRange(page.Where(p => p.Rank <= maxRank));
            if (page.Count < maxRank || page[^1].Rank > maxRank)
            {
                return top;
            }
        }
    }

    internal async Task FlushAsync()
    {
        TouchTracked();
        Sql.InsertAudits(_audits);
        await Db.SaveChangesAsync().ConfigureAwait(false);
        await FlushBalancesAsync().ConfigureAwait(false);
        if (await _ledger.FlushAsync(Db).ConfigureAwait(false) is { } checkpoint)
        {
            Emit(EventType.CheckpointPublished, null, new Dictionary<string, object?>
            {
                ["treeSize"] = checkpoint.Size,
                ["rootHash"] = Hex.Encode(checkpoint.RootHash),
                ["checkpoint"] = checkpoint.Note,
            });
        }
        Sql.InsertEvents(_events);
        _newLightworkers = CountNewLightworkers();
        await UpsertAsync("contributor_days", ["Address", "Day", "Accepted"], ["Address", "Day"], ["Accepted"],
            _dayDeltas.Select(d => new object[] { d.Key.Address, d.Key.Day, d.Value })).ConfigureAwait(false);
        await UpsertAsync("period_scores", ["Kind", "Label", "Address", "ScoreCents", "Contributions"], ["Kind", "Label", "Address"], ["ScoreCents", "Contributions"],
            _scoreDeltas.Select(s => new object[] { (int)s.Key.Period.Kind, s.Key.Period.Label, s.Key.Address, s.Value.Cents, s.Value.Count })).ConfigureAwait(false);
    }

    // SQLite runs in-process: one prepared statement a row is cheapest. PostgreSQL: a few multi-row statements, few round trips.
    private async Task UpsertAsync(string table, string[] columns, string[] keys, string[] added, IEnumerable<object[]> rows)
    {
        if (Sql.IsSqlite)
        {
            foreach (var row in rows)
            {
                Sql.Upsert(table, columns, keys, added, row);
            }
            return;
        }
        foreach (var chunk in rows.Chunk(200))
        {
            var (sql, args) = Upsert.Build(table, columns, keys, added, chunk);
            await Db.Database.ExecuteSqlRawAsync(sql, args).ConfigureAwait(false);
        }
    }

    internal void ApplyCommitted()
    {
        _ledger.Commit();
        PromoteDataKeys();
        ForgetErased();
        _feed.Publish(_events);
        var (allContributions, allCents) = (0, 0L);
        foreach (var ((period, address), (cents, count)) in _scoreDeltas)
        {
            if (cents != 0)
            {
                _leaderboards.Apply(period, EthAddress.Parse(address), cents);
            }
            if (period.Kind == PeriodKind.All)
            {
                (allContributions, allCents) = (allContributions + count, allCents + cents);
            }
        }
        _leaderboards.AddToTotals(_newLightworkers, allContributions, allCents);
        InvalidateTouched();
    }
}

/// <summary>State only the writer mutates, kept between batches; cleared when a batch fails.</summary>
internal sealed class WriterCache
{
    public Dictionary<string, HashSet<DateOnly>> Days { get; } = [];
    public Dictionary<string, bool> Suspended { get; } = [];

    /// <summary>Per contributor, a UTC day (day number) and how many of their claims recorded that day were auto-verified.</summary>
    public Dictionary<string, (int Day, int Count)> AutoVerified { get; } = [];

    /// <summary>Supply per token in micro-units, as of this batch (read once from the issuance account).</summary>
    public Dictionary<string, long> Supply { get; } = [];

    /// <summary>The next outbox id (read once from the table, then counted here: the writer alone gives ids).</summary>
    public long? NextEventId { get; set; }

    /// <summary>Burst counters and contributors' signals (suspicious activity).</summary>
    public Monitor.MonitorCache Monitor { get; } = new();

    public void Clear()
    {
        Days.Clear();
        Suspended.Clear();
        AutoVerified.Clear();
        Supply.Clear();
        NextEventId = null;
        Monitor.Clear();
    }
}

/// <summary>Multi-row "insert, or add to the existing row" in the SQL that SQLite and PostgreSQL share.</summary>
internal static class Upsert
{
    public static (string Sql, object[] Args) Build(string table, string[] columns, string[] keys, string[] added, IEnumerable<object[]> rows)
    {
        var args = new List<object>();
        var values = new List<string>();
        foreach (var row in rows)
        {
            values.Add("(" + string.Join(", ", row.Select(v => { args.Add(v); return "{" + (args.Count - 1) + "}"; })) + ")");
        }
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns.Select(Quote))}) VALUES {string.Join(", ", values)} " +
                  $"ON CONFLICT ({string.Join(", ", keys.Select(Quote))}) DO UPDATE SET " +
                  string.Join(", ", added.Select(c => $"{Quote(c)} = {table}.{Quote(c)} + excluded.{Quote(c)}"));
        return (sql, args.ToArray());
    }

    private static string Quote(string column) => "\"" + column + "\"";
}
