using System.Security.Cryptography;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage;

/// <summary>What erasing a contributor changes (LEDGER.md "Erasure", ADR 10), in one transaction: all of it or none.</summary>
public sealed partial class WriteContext
{
    private readonly List<string> _erased = [];

    /// <summary>Whether anything is still held about the contributor (a profile, a data key, contributions).</summary>
    internal bool HoldsAnything(string address)
    {
        long count = 0;
        Sql.Read("SELECT (SELECT COUNT(*) FROM contributors WHERE \"Address\" = @p0) + (SELECT COUNT(*) FROM contributor_keys WHERE \"Address\" = @p0) " +
                 "+ (SELECT COUNT(*) FROM contributions WHERE \"Contributor\" = @p0)", r => count = r.GetInt64(0), address);
        return count > 0;
    }

    /// <summary>
    /// Shreds the contributor's data key and commitment secrets and unlinks everything else from their address: their
    /// contributions move to a random address with their details, hashes, signatures and content ids cleared (they stay
    /// in the community's totals, anonymously, and are owed nothing more); their profile, roles, days, scores,
    /// endorsements given, access log, suspicion signals and first-recorder fingerprints go; their grants and balances move to the same random address, so the books
    /// still balance. Returns how many contributions were unlinked.
    /// </summary>
    internal int Erase(string address)
    {
        var anonymous = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        int contributions = 0;
        Sql.Read("SELECT COUNT(*) FROM contributions WHERE \"Contributor\" = @p0", r => contributions = (int)r.GetInt64(0), address);
        long cents = 0, counted = 0;
        Sql.Read("SELECT \"ScoreCents\", \"Contributions\" FROM period_scores WHERE \"Kind\" = @p0 AND \"Address\" = @p1",
            r => (cents, counted) = (r.GetInt64(0), r.GetInt64(1)), (int)PeriodKind.All, address);
        Sql.Execute("INSERT INTO erased_totals (\"Id\", \"Lightworkers\", \"Contributions\", \"ScoreCents\") VALUES (1, @p0, @p1, @p2) " +
                    "ON CONFLICT (\"Id\") DO UPDATE SET \"Lightworkers\" = erased_totals.\"Lightworkers\" + excluded.\"Lightworkers\", " +
                    "\"Contributions\" = erased_totals.\"Contributions\" + excluded.\"Contributions\", " +
                    "\"ScoreCents\" = erased_totals.\"ScoreCents\" + excluded.\"ScoreCents\"", counted > 0 ? 1 : 0, counted, cents);

        Sql.Execute("DELETE FROM contributor_keys WHERE \"Address\" = @p0", address);
        Sql.Execute("UPDATE contributions SET \"Contributor\" = @p0, \"SealedDetails\" = @p1, \"DetailsHash\" = @p2, \"ContentHash\" = @p2, " +
                    "\"ContentCid\" = NULL, \"Signature\" = '', \"CommitmentSecret\" = NULL, \"RewardDue\" = @p3, \"ConsistencyDue\" = @p3 " +
                    "WHERE \"Contributor\" = @p4", anonymous, Array.Empty<byte>(), new byte[32], false, address);
        foreach (var table in new[] { "contributors", "role_grants", "contributor_days", "period_scores" })
        {
            Sql.Execute($"DELETE FROM {table} WHERE \"Address\" = @p0", address);
        }
        Sql.Execute("DELETE FROM endorsements WHERE \"Endorser\" = @p0", address);
        Sql.Execute("DELETE FROM access_log WHERE \"Contributor\" = @p0", address);
        Sql.Execute("DELETE FROM suspicion_signals WHERE \"Subject\" = @p0", address);
        Sql.Execute("DELETE FROM fingerprints WHERE \"FirstContributor\" = @p0", address);
        Sql.Execute("UPDATE events SET \"Subject\" = NULL WHERE \"Subject\" = @p0", address);
        // Grant keys name the recipient (daily:<address>:<day>): the same replacement keeps them unique and the postings joined.
        Sql.Execute("UPDATE grants SET \"Recipient\" = @p0, \"Key\" = REPLACE(\"Key\", @p1, @p0) WHERE \"Recipient\" = @p1", anonymous, address);
        Sql.Execute("UPDATE postings SET \"GrantKey\" = REPLACE(\"GrantKey\", @p1, @p0) WHERE \"GrantKey\" LIKE @p2", anonymous, address, "%" + address + "%");
        Sql.Execute("UPDATE postings SET \"Account\" = @p0 WHERE \"Account\" = @p1", AccountOf(EthAddress.Parse(anonymous)), AccountOf(EthAddress.Parse(address)));
        Sql.Execute("UPDATE account_balances SET \"Account\" = @p0 WHERE \"Account\" = @p1", AccountOf(EthAddress.Parse(anonymous)), AccountOf(EthAddress.Parse(address)));
        _cache.Days.Remove(address);
        _cache.Suspended.Remove(address);
        _cache.AutoVerified.Remove(address);
        _erased.Add(address);
        Touch(address);
        Touch(anonymous);
        return contributions;
    }

    private void ForgetErased()
    {
        foreach (var address in _erased)
        {
            _keys.Forget(address);
            _leaderboards.Remove(EthAddress.Parse(address));
        }
    }
}
