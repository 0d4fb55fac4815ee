using System.Text;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Privacy;
using ServiceTracking.Storage.Privacy;

namespace ServiceTracking.Storage;

/// <summary>Personal data is sealed here, in the writer, with the contributor's data key (created with their first sealed value).</summary>
public sealed partial class WriteContext
{
    // Data keys created in this batch: known to the key ring only once their rows are committed.
    private readonly Dictionary<string, byte[]> _newDataKeys = [];

    /// <summary>Seals <paramref name="plaintext"/> for <paramref name="contributor"/>, bound to <paramref name="label"/> (what it is: <see cref="PersonalData"/> labels).</summary>
    public byte[] Seal(EthAddress contributor, string label, string plaintext) =>
        SecretBox.Seal(DataKeyOf(contributor.ToLowerHex()), Encoding.UTF8.GetBytes(plaintext), Encoding.UTF8.GetBytes(label));

    private byte[] DataKeyOf(string address)
    {
        if (_keys.TryCached(address, out var cached) || _newDataKeys.TryGetValue(address, out cached))
        {
            return cached;
        }
        (string KekId, byte[] Wrapped)? stored = null;
        Sql.Read("SELECT \"KekId\", \"WrappedKey\" FROM contributor_keys WHERE \"Address\" = @p0", r => stored = (r.GetString(0), (byte[])r[1]), address);
        if (stored is { } found)
        {
            var key = _keys.Unwrap(address, found.KekId, found.Wrapped);
            _keys.Cache(address, key);
            return key;
        }
        var (dataKey, kekId, wrapped) = _keys.NewDataKey(address);
        Sql.Execute("INSERT INTO contributor_keys (\"Address\", \"KekId\", \"WrappedKey\", \"CreatedAt\") VALUES (@p0, @p1, @p2, @p3)",
            address, kekId, wrapped, Now.ToUnixTimeSeconds());
        _newDataKeys[address] = dataKey;
        return dataKey;
    }

    /// <summary>Records a read of a contributor's details by someone else (their access log).</summary>
    public void AddAccess(AccessLogRow access) => Db.AccessLog.Add(access);

    /// <summary>Re-wraps up to <paramref name="max"/> data keys that are not under <paramref name="kekId"/> (rotation); returns how many.</summary>
    internal int RewrapDataKeys(string kekId, int max)
    {
        var rows = new List<(string Address, string KekId, byte[] Wrapped)>();
        Sql.Read("SELECT \"Address\", \"KekId\", \"WrappedKey\" FROM contributor_keys WHERE \"KekId\" <> @p0 LIMIT " + max.ToString(System.Globalization.CultureInfo.InvariantCulture),
            r => rows.Add((r.GetString(0), r.GetString(1), (byte[])r[2])), kekId);
        foreach (var (address, oldId, wrapped) in rows)
        {
            var key = _keys.Unwrap(address, oldId, wrapped);
            Sql.Execute("UPDATE contributor_keys SET \"KekId\" = @p0, \"WrappedKey\" = @p1 WHERE \"Address\" = @p2", kekId, _keys.Wrap(address, key), address);
        }
        return rows.Count;
    }

    private void PromoteDataKeys()
    {
        foreach (var (address, key) in _newDataKeys)
        {
            _keys.Cache(address, key);
        }
    }
}
