using Microsoft.EntityFrameworkCore;

namespace ServiceTracking.Storage;

/// <summary>
/// The record hot path: what a batch of new contributions needs to know is read once per batch (one statement per
/// kind of fact for every announced contribution), and their rows are written with prepared statements, not tracked.
/// </summary>
public sealed partial class WriteContext
{
    private readonly Dictionary<(string Contributor, long Nonce), ContributionRow> _noncesInBatch = [];
    private readonly Dictionary<string, ContributionRow> _recordsInBatch = [];
    private readonly Dictionary<string, string> _storedRecords = [];
    private readonly Dictionary<(string Contributor, long Nonce), string> _storedNonces = [];
    private readonly HashSet<(string RecordId, string Contributor, long Nonce)> _expected = [];
    private readonly HashSet<string> _expectedGrants = [];

    /// <summary>Announces a contribution a command of this batch will record, so that <see cref="LoadExpected"/> looks them all up at once.</summary>
    internal void Expect(string recordId, string contributor, long nonce) => _expected.Add((recordId, contributor, nonce));

    /// <summary>Announces a grant key a command of this batch may ask about (<see cref="GrantExists"/>).</summary>
    internal void ExpectGrant(string key) => _expectedGrants.Add(key);

    /// <summary>Reads, for every announced contribution, whether its record id or nonce is stored, its contributor, and the contributor's days.</summary>
    internal void LoadExpected()
    {
        if (_expectedGrants.Count > 0)
        {
            LoadGrantKeys(_expectedGrants);
            _expectedGrants.Clear();
        }
        if (_expected.Count == 0)
        {
            return;
        }
        var recordIds = _expected.Select(e => (object)e.RecordId).ToList();
        _lookedUp.UnionWith(_expected.Select(e => e.RecordId));
        Sql.ReadIn("SELECT \"RecordId\", \"Contributor\", \"Nonce\" FROM contributions WHERE \"RecordId\" IN ", recordIds, "", NoteStored);
        var contributors = _expected.Select(e => e.Contributor).Distinct().ToList();
        var nonces = _expected.Select(e => (object)e.Nonce).Distinct().ToList();
        // The cross product of both lists may match a few more rows than asked for; they are harmless.
        var sql = "SELECT \"RecordId\", \"Contributor\", \"Nonce\" FROM contributions WHERE \"Nonce\" IN (" +
                  string.Join(", ", nonces.Select((_, i) => "@p" + (contributors.Count + i).ToString(System.Globalization.CultureInfo.InvariantCulture))) +
                  ") AND \"Contributor\" IN ";
        Sql.ReadIn(sql, contributors.Cast<object>().ToList(), "", NoteStored, nonces);

        var unknown = contributors.Where(c => !_cache.Suspended.ContainsKey(c)).ToList();
        var found = new HashSet<string>();
        Sql.ReadIn("SELECT \"Address\", \"AutoVerifySuspended\" FROM contributors WHERE \"Address\" IN ", unknown.Cast<object>().ToList(), "", r =>
        {
            var address = r.GetString(0);
            _cache.Suspended[address] = r.GetBoolean(1);
            found.Add(address);
        });
        _absentContributors.UnionWith(unknown.Where(c => !found.Contains(c)));
        LoadDaysOf(contributors.Where(c => !_cache.Days.ContainsKey(c)).ToList());
        var today = DateOnly.FromDateTime(Now.UtcDateTime).DayNumber;
        LoadAutoVerified(contributors.Where(c => !(_cache.AutoVerified.TryGetValue(c, out var known) && known.Day == today)).ToList(), today);
        _expected.Clear();
    }

    private void NoteStored(System.Data.Common.DbDataReader r)
    {
        var (recordId, contributor, nonce) = (r.GetString(0), r.GetString(1), r.GetInt64(2));
        _storedRecords[recordId] = recordId;
        _storedNonces[(contributor, nonce)] = recordId;
    }

    private void LoadDaysOf(IReadOnlyCollection<string> contributors)
    {
        foreach (var key in contributors)
        {
            _cache.Days[key] = [];
        }
        Sql.ReadIn("SELECT \"Address\", \"Day\" FROM contributor_days WHERE \"Accepted\" > 0 AND \"Address\" IN ", contributors.Cast<object>().ToList(), "",
            r => _cache.Days[r.GetString(0)].Add(DateOnly.FromDayNumber(r.GetInt32(1))));
    }

    /// <summary>
    /// How many of the contributor's claims recorded on UTC day <paramref name="day"/> (a day number) were auto-verified,
    /// this batch's included (the newcomer's daily limit): kept by the writer, read once a day per contributor.
    /// </summary>
    internal int AutoVerifiedOn(string contributor, int day)
    {
        if (!(_cache.AutoVerified.TryGetValue(contributor, out var known) && known.Day == day))
        {
            LoadAutoVerified([contributor], day);
        }
        return _cache.AutoVerified[contributor].Count;
    }

    /// <summary>Counts a claim recorded on <paramref name="day"/> as auto-verified (after <see cref="AutoVerifiedOn"/> asked about that day).</summary>
    internal void AddAutoVerified(string contributor, int day)
    {
        var (_, count) = _cache.AutoVerified[contributor];
        _cache.AutoVerified[contributor] = (day, count + 1);
    }

    // Auto-verified: recorded without a review reason (ReviewReason is set on every claim recorded under review).
    private void LoadAutoVerified(List<string> contributors, int day)
    {
        foreach (var key in contributors)
        {
            _cache.AutoVerified[key] = (day, 0);
        }
        var start = new DateTimeOffset(DateOnly.FromDayNumber(day).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        var (from, to) = (contributors.Count, contributors.Count + 1);
        Sql.ReadIn("SELECT \"Contributor\", COUNT(*) FROM contributions WHERE \"Contributor\" IN ", contributors.Cast<object>().ToList(),
            $" AND \"RecordedAt\" >= @p{from} AND \"RecordedAt\" < @p{to} AND \"ReviewReason\" IS NULL GROUP BY \"Contributor\"",
            r => _cache.AutoVerified[r.GetString(0)] = (day, (int)r.GetInt64(1)), [start, start + 86_400]);
    }

    /// <summary>
    /// The record id already stored or written in this batch under <paramref name="recordId"/> or the contributor's
    /// nonce (the same id: a replay; another: a nonce conflict), or null; from the batch's lookup when announced.
    /// </summary>
    public string? KnownRecord(string recordId, string contributor, long nonce)
    {
        if (_recordsInBatch.ContainsKey(recordId))
        {
            return recordId;
        }
        if (_noncesInBatch.TryGetValue((contributor, nonce), out var inBatch))
        {
            return inBatch.RecordId;
        }
        if (!_lookedUp.Contains(recordId))
        {
            Expect(recordId, contributor, nonce);
            LoadExpected();
        }
        return _storedRecords.GetValueOrDefault(recordId) ?? _storedNonces.GetValueOrDefault((contributor, nonce));
    }

    private readonly HashSet<string> _lookedUp = [];

    /// <summary>A contribution as stored, or as written earlier in this batch.</summary>
    public ContributionRow StoredContribution(string recordId) =>
        _recordsInBatch.GetValueOrDefault(recordId) ?? Db.Contributions.AsNoTracking().First(c => c.RecordId == recordId);

    /// <summary>Writes a new contribution (its fields final: a later change of this batch goes through EF like any stored row's).</summary>
    public void InsertContribution(ContributionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Sql.InsertContribution(row);
        Touch(row.Contributor);
        _recordsInBatch[row.RecordId] = row;
        _noncesInBatch[(row.Contributor, row.Nonce)] = row;
    }
}
