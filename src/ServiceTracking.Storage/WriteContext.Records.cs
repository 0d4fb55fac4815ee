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
