using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Monitor;

namespace ServiceTracking.Storage;

/// <summary>
/// The signals that actions raise (README "Suspicious activity"), checked in the writer as each action is applied:
/// record and endorsement bursts by counters kept in memory, shared hashes by one key lookup per batch in
/// <c>fingerprints</c>, mutual endorsements by an indexed query (endorsements are not the hot path).
/// </summary>
public sealed partial class WriteContext
{
    private static readonly string[] FingerprintColumns = ["Hash", "Kind", "FirstContributor", "FirstRecordId", "FirstAt", "Records"];
    private static readonly string[] FingerprintKey = ["Hash", "Kind"];
    private static readonly string[] FingerprintCounted = ["Records"];

    private readonly Dictionary<string, byte[]> _expectedHashes = [];
    private readonly HashSet<string> _hashesLookedUp = [];
    private readonly Dictionary<(SignalKind Kind, string Hash), Fingerprint> _fingerprints = [];

    /// <summary>Announces a new contribution's hashes, so that the first <see cref="CheckRecord"/> of the batch looks them all up at once.</summary>
    internal void ExpectFingerprints(byte[] contentHash, string detailsJson, byte[] detailsHash)
    {
        if (Suspicion[SignalKind.SharedContentHash].Enabled && SuspicionRules.HasContent(contentHash))
        {
            _expectedHashes.TryAdd(Convert.ToHexStringLower(contentHash), contentHash);
        }
        if (Suspicion[SignalKind.SharedDetailsHash].Enabled && SuspicionRules.IsDistinctive(detailsJson))
        {
            _expectedHashes.TryAdd(Convert.ToHexStringLower(detailsHash), detailsHash);
        }
    }

    /// <summary>A new contribution's signals: a burst of its contributor's records, and hashes another address recorded first.</summary>
    internal void CheckRecord(ContributionRow row, string detailsJson)
    {
        var at = row.RecordedAt;
        var burst = Suspicion[SignalKind.RecordBurst];
        if (burst.Enabled && _cache.Monitor.RecordBursts.Add(row.Contributor, burst, at, out var records))
        {
            AddSignal(row.Contributor, SignalKind.RecordBurst, at, new Dictionary<string, object?>
            {
                ["recordId"] = row.RecordId,
                ["records"] = records.Count,
                ["minutes"] = burst.Minutes,
                ["since"] = records.Oldest,
            });
            // The response (docs/antigaming.md): their next claims wait for review until an admin restores auto-verification.
            if (SetAutoVerificationSuspended(EthAddress.Parse(row.Contributor), true))
            {
                Audit(null, Core.Ledger.AuditAction.AutoVerificationSuspended, ContributionStore.AutomatedActor, at,
                    new Dictionary<string, object?> { ["reason"] = SignalKind.RecordBurst.WireName(), ["recordId"] = row.RecordId, ["records"] = records.Count });
            }
        }
        if (Suspicion[SignalKind.SharedContentHash].Enabled && SuspicionRules.HasContent(row.ContentHash))
        {
            NoteFingerprint(SignalKind.SharedContentHash, row.ContentHash, row);
        }
        if (Suspicion[SignalKind.SharedDetailsHash].Enabled && SuspicionRules.IsDistinctive(detailsJson))
        {
            NoteFingerprint(SignalKind.SharedDetailsHash, row.DetailsHash, row);
        }
    }

    /// <summary>
    /// Whether the content (its IPFS CID's hash) of a new record was recorded first by another address: such a record
    /// waits for review (docs/antigaming.md). Shared details text stays a signal only: short templates repeat honestly.
    /// Answered from the batch's one fingerprint lookup.
    /// </summary>
    internal bool SharesContent(byte[] contentHash, string contributor)
    {
        if (!Suspicion[SignalKind.SharedContentHash].Enabled || !SuspicionRules.HasContent(contentHash))
        {
            return false;
        }
        var hex = Convert.ToHexStringLower(contentHash);
        if (!_hashesLookedUp.Contains(hex))
        {
            _expectedHashes[hex] = contentHash;
            LoadFingerprints();
        }
        return _fingerprints.TryGetValue((SignalKind.SharedContentHash, hex), out var first) && SuspicionRules.SharesWithAnother(first.Contributor, contributor);
    }

    /// <summary>An endorsement's signals, against the endorser: a burst of endorsements, and one returning an endorsement of their own work.</summary>
    internal void CheckEndorsement(ContributionRow row, EthAddress endorser)
    {
        var key = endorser.ToLowerHex();
        var now = Now.ToUnixTimeSeconds();
        var burst = Suspicion[SignalKind.EndorsementBurst];
        if (burst.Enabled && _cache.Monitor.EndorsementBursts.Add(key, burst, now, out var endorsements))
        {
            AddSignal(key, SignalKind.EndorsementBurst, now, new Dictionary<string, object?>
            {
                ["recordId"] = row.RecordId,
                ["endorsements"] = endorsements.Count,
                ["minutes"] = burst.Minutes,
                ["since"] = endorsements.Oldest,
            });
        }
        if (!Suspicion[SignalKind.MutualEndorsement].Enabled)
        {
            return;
        }
        var (returned, returnedAt) = ReturnedEndorsement(row.Contributor, key, now - Suspicion.WindowSeconds);
        if (SuspicionRules.IsMutual(returnedAt, now, Suspicion.Window))
        {
            AddSignal(key, SignalKind.MutualEndorsement, now, new Dictionary<string, object?>
            {
                ["recordId"] = row.RecordId,
                ["returns"] = returned,
                ["returnedAt"] = returnedAt,
            });
        }
    }

    private void NoteFingerprint(SignalKind kind, byte[] hash, ContributionRow row)
    {
        var hex = Convert.ToHexStringLower(hash);
        if (!_hashesLookedUp.Contains(hex))
        {
            _expectedHashes[hex] = hash;
            LoadFingerprints();
        }
        if (_fingerprints.TryGetValue((kind, hex), out var first))
        {
            if (SuspicionRules.SharesWithAnother(first.Contributor, row.Contributor))
            {
                AddSignal(row.Contributor, kind, row.RecordedAt, new Dictionary<string, object?>
                {
                    ["recordId"] = row.RecordId,
                    ["firstRecordId"] = first.RecordId,
                    ["firstRecordedAt"] = first.At,
                    ["earlierRecords"] = first.Records,
                });
            }
            first.Records++;
        }
        else
        {
            _fingerprints[(kind, hex)] = new Fingerprint(row.Contributor, row.RecordId, row.RecordedAt) { Records = 1 };
        }
        Sql.Upsert("fingerprints", FingerprintColumns, FingerprintKey, FingerprintCounted, [hash, (int)kind, row.Contributor, row.RecordId, row.RecordedAt, 1]);
    }

    /// <summary>Reads the fingerprints of every hash announced so far in one statement.</summary>
    private void LoadFingerprints()
    {
        var wanted = _expectedHashes.Where(h => _hashesLookedUp.Add(h.Key)).Select(h => (object)h.Value).ToList();
        _expectedHashes.Clear();
        Sql.ReadIn("SELECT \"Hash\", \"Kind\", \"FirstContributor\", \"FirstRecordId\", \"FirstAt\", \"Records\" FROM fingerprints WHERE \"Hash\" IN ", wanted, "", r =>
        {
            var key = ((SignalKind)r.GetInt32(1), Convert.ToHexStringLower((byte[])r.GetValue(0)));
            _fingerprints[key] = new Fingerprint(r.GetString(2), r.GetString(3), r.GetInt64(4)) { Records = r.GetInt32(5) };
        });
    }

    /// <summary>The latest endorsement by <paramref name="endorsed"/> of <paramref name="endorser"/>'s work since <paramref name="since"/>, this batch's included.</summary>
    private (string? RecordId, long? At) ReturnedEndorsement(string endorsed, string endorser, long since)
    {
        foreach (var e in Db.Endorsements.Local)
        {
            if (e.Endorser == endorsed && e.At > since && Db.Contributions.Find(e.RecordId)?.Contributor == endorser)
            {
                return (e.RecordId, e.At);
            }
        }
        (string? RecordId, long? At) found = (null, null);
        Sql.Read("SELECT e.\"RecordId\", e.\"At\" FROM endorsements e JOIN contributions c ON c.\"RecordId\" = e.\"RecordId\" " +
                 "WHERE e.\"Endorser\" = @p0 AND e.\"At\" > @p1 AND c.\"Contributor\" = @p2 ORDER BY e.\"At\" DESC LIMIT 1",
            r => found = (r.GetString(0), r.GetInt64(1)), endorsed, since, endorser);
        return found;
    }

    private sealed record Fingerprint(string Contributor, string RecordId, long At)
    {
        public int Records { get; set; }
    }
}
