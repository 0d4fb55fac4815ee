using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ServiceTracking.Core.Privacy;

namespace ServiceTracking.Storage.Privacy;

/// <summary>
/// The key hierarchy (ADR 10): one random AES-256 data key per contributor seals their personal data (bound to the
/// record or field it belongs to); each data key is stored wrapped by the operator's key-encryption key (KEK), named by
/// its id. Rotating the KEK re-wraps the data keys and re-encrypts no data. Unwrapped data keys are cached in memory.
/// </summary>
public sealed class KeyRing
{
    private const int MaxCached = 200_000;

    private readonly ConcurrentDictionary<string, byte[]> _keks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _dataKeys = new(StringComparer.Ordinal);
    private readonly string? _file;

    private KeyRing(byte[] current, IEnumerable<byte[]> previous, string? file)
    {
        _file = file;
        CurrentId = Add(current);
        foreach (var key in previous)
        {
            Add(key);
        }
    }

    /// <summary>The id of the key new data keys are wrapped with.</summary>
    public string CurrentId { get; private set; }

    /// <summary>Whether the KEK is a file this service may replace (rotation by the service), rather than configuration.</summary>
    public bool CanRotate => _file is not null;

    public static KeyRing Open(string dataDirectory, PrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var previous = options.PreviousKeys.Select(k => Decode(k, "Privacy:PreviousKeys")).ToList();
        if (!string.IsNullOrWhiteSpace(options.Key))
        {
            return new KeyRing(Decode(options.Key, "Privacy:Key"), previous, null);
        }
        var file = options.KeyFile ?? Path.Combine(dataDirectory, "privacy.key");
        var next = file + ".next"; // a rotation that did not finish: its new key may already wrap some data keys
        if (File.Exists(next))
        {
            previous.Add(Decode(File.ReadAllText(next).Trim(), next));
        }
        return new KeyRing(Decode(SecretFiles.LoadOrCreate(file, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), file), previous, file);
    }

    /// <summary>A new data key, and its wrapped form under the current KEK.</summary>
    internal (byte[] DataKey, string KekId, byte[] Wrapped) NewDataKey(string address)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        return (dataKey, CurrentId, Wrap(address, dataKey));
    }

    internal byte[] Wrap(string address, byte[] dataKey) => SecretBox.Seal(_keks[CurrentId], dataKey, Label(address));

    /// <exception cref="InvalidDataException">The data key was wrapped with a key this service does not hold, or does not open with it.</exception>
    internal byte[] Unwrap(string address, string kekId, byte[] wrapped)
    {
        if (!_keks.TryGetValue(kekId, out var kek))
        {
            throw new InvalidDataException($"The data key of a contributor is wrapped with key-encryption key {kekId}, which this service does not hold " +
                $"(it holds {string.Join(", ", _keks.Keys)}): configure the right Privacy:KeyFile or Privacy:Key (and Privacy:PreviousKeys).");
        }
        try
        {
            return SecretBox.Open(kek, wrapped, Label(address));
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"A data key does not open with key-encryption key {kekId}: the key file or the database was altered.", ex);
        }
    }

    internal bool TryCached(string address, out byte[] dataKey) => _dataKeys.TryGetValue(address, out dataKey!);

    internal void Cache(string address, byte[] dataKey)
    {
        if (_dataKeys.Count >= MaxCached)
        {
            _dataKeys.Clear(); // a bound, not an LRU: keys are read back (one indexed row) on the next use
        }
        _dataKeys[address] = dataKey;
    }

    internal void Forget(string address) => _dataKeys.TryRemove(address, out _);

    /// <summary>
    /// Creates the next KEK and wraps new data keys with it from now on; the old one stays to open what it wrapped until
    /// <see cref="CompleteRotation"/>. Returns its id.
    /// </summary>
    internal string BeginRotation()
    {
        if (_file is null)
        {
            throw new InvalidOperationException("The key-encryption key is in configuration (Privacy:Key): rotate it there, listing the old one in Privacy:PreviousKeys.");
        }
        var next = _file + ".next";
        if (!File.Exists(next))
        {
            SecretFiles.LoadOrCreate(next, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
        CurrentId = Add(Decode(File.ReadAllText(next).Trim(), next));
        return CurrentId;
    }

    /// <summary>After every data key was re-wrapped with <paramref name="nextId"/> (and committed): it becomes the key file.</summary>
    internal void CompleteRotation(string nextId)
    {
        File.Move(_file! + ".next", _file!, overwrite: true);
        foreach (var old in _keks.Keys.Where(k => k != nextId).ToList())
        {
            _keks.TryRemove(old, out _);
        }
        CurrentId = nextId;
    }

    private string Add(byte[] kek)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("svtrack-kek-id").Concat(kek).ToArray()), 0, 8);
        _keks[id] = kek;
        return id;
    }

    private static byte[] Label(string address) => Encoding.UTF8.GetBytes("data-key:" + address);

    private static byte[] Decode(string base64, string where)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"{where} is not base64.", ex);
        }
        return key.Length == 32 ? key : throw new InvalidOperationException($"{where} must hold 32 bytes (AES-256), not {key.Length}.");
    }
}
