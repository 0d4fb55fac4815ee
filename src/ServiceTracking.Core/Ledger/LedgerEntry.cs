using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ServiceTracking.Core.Ledger;

/// <summary>
/// A log entry: one audit event (SCORING.md §6) in its canonical, versioned byte encoding (docs/ledger-entry.md).
/// <see cref="Fields"/> holds the event's own fields (contributor, type, impact, breakdown, signatures, commitments…);
/// numbers in them are carried as their decimal text, so <c>540.00</c> stays <c>540.00</c>.
/// Two entries are equal when they encode to the same bytes.
/// </summary>
public sealed record LedgerEntry(int Version, long Index, string Action, string? RecordId, string Actor, long Timestamp,
    IReadOnlyDictionary<string, JsonElement> Fields)
{
    public const int CurrentVersion = 1;

    /// <summary>No entry is longer than this, encoded; so a reader can bound what it accepts.</summary>
    public const int MaxEncodedSize = 1 << 20;

    private static readonly JsonDocumentOptions s_strictJson = new() { MaxDepth = 64 };

    /// <summary>The canonical bytes: identical entries give identical bytes, on any machine.</summary>
    /// <exception cref="InvalidOperationException">The entry breaks a rule of the encoding (the message says which).</exception>
    public byte[] Encode() =>
        TryEncode(out var bytes, out var error) ? bytes : throw new InvalidOperationException($"The ledger entry cannot be encoded: {error}.");

    /// <summary>
    /// Reads an entry; refuses anything but the canonical encoding of a version-1 entry (the bytes are re-encoded and
    /// compared), so one entry has exactly one encoding and one leaf hash.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out LedgerEntry? entry, out string? error)
    {
        entry = null;
        if (bytes.Length > MaxEncodedSize)
        {
            error = $"an entry is at most {MaxEncodedSize} bytes";
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray(), s_strictJson);
            if (!TryRead(document.RootElement, out entry, out error))
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            error = $"not an entry: {ex.Message}";
            return false;
        }
        if (!entry.TryEncode(out var canonical, out error))
        {
            entry = null;
            return false;
        }
        if (!bytes.SequenceEqual(canonical))
        {
            entry = null;
            error = "not the canonical encoding of the entry";
            return false;
        }
        return true;
    }

    public bool Equals(LedgerEntry? other)
    {
        if (other is null)
        {
            return false;
        }
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (Version != other.Version || Index != other.Index || Timestamp != other.Timestamp
            || !string.Equals(Action, other.Action, StringComparison.Ordinal)
            || !string.Equals(RecordId, other.RecordId, StringComparison.Ordinal)
            || !string.Equals(Actor, other.Actor, StringComparison.Ordinal))
        {
            return false;
        }
        if (Fields is null || other.Fields is null)
        {
            return ReferenceEquals(Fields, other.Fields);
        }
        return Fields.Count == other.Fields.Count
            && Fields.All(f => other.Fields.TryGetValue(f.Key, out var value)
                && string.Equals(LedgerEntryJson.Identity(f.Value), LedgerEntryJson.Identity(value), StringComparison.Ordinal));
    }

    public override int GetHashCode() => HashCode.Combine(Version, Index, Action, RecordId, Actor, Timestamp, Fields?.Count);

    internal bool TryEncode([NotNullWhen(true)] out byte[]? bytes, out string? error)
    {
        bytes = null;
        error = Validate();
        if (error is not null)
        {
            return false;
        }
        // Members in the order of their names' UTF-16 code units, as JCS sorts them.
        var json = new StringBuilder("{\"action\":");
        LedgerEntryJson.TryWriteString(json, Action, out _);
        json.Append(",\"actor\":");
        if (!LedgerEntryJson.TryWriteString(json, Actor, out error))
        {
            return false;
        }
        json.Append(",\"fields\":");
        if (!LedgerEntryJson.TryWriteMembers(json, Fields, 0, out error))
        {
            error = $"fields: {error}";
            return false;
        }
        json.Append(",\"index\":").Append(Index.ToString(CultureInfo.InvariantCulture));
        json.Append(",\"recordId\":");
        if (RecordId is null)
        {
            json.Append("null");
        }
        else if (!LedgerEntryJson.TryWriteString(json, RecordId, out error))
        {
            return false;
        }
        json.Append(",\"timestamp\":").Append(Timestamp.ToString(CultureInfo.InvariantCulture));
        json.Append(",\"v\":").Append(Version.ToString(CultureInfo.InvariantCulture)).Append('}');

        bytes = Encoding.UTF8.GetBytes(json.ToString());
        if (bytes.Length > MaxEncodedSize)
        {
            bytes = null;
            error = $"an entry is at most {MaxEncodedSize} bytes";
            return false;
        }
        return true;
    }

    private string? Validate()
    {
        if (Version != CurrentVersion)
        {
            return $"version {Version} is not supported (only {CurrentVersion})";
        }
        if (Index < 0)
        {
            return "the index is negative";
        }
        if (Timestamp < 0)
        {
            return "the timestamp is negative";
        }
        if (string.IsNullOrEmpty(Action) || !char.IsAsciiLetterUpper(Action[0])
            || !Action.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            return "the action is not an upper-case name such as CONTRIBUTION_SUBMITTED";
        }
        if (string.IsNullOrEmpty(Actor))
        {
            return "the actor is empty";
        }
        if (RecordId is { Length: 0 })
        {
            return "the record ID is empty (use null for none)";
        }
        return Fields is null ? "the fields are missing" : null;
    }

    private static bool TryRead(JsonElement root, [NotNullWhen(true)] out LedgerEntry? entry, out string? error)
    {
        entry = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "an entry is a JSON object";
            return false;
        }
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            if (!members.TryAdd(member.Name, member.Value))
            {
                error = $"the member \"{member.Name}\" appears twice";
                return false;
            }
        }
        // The version decides how to read the rest, so it is checked first.
        if (!members.TryGetValue("v", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version))
        {
            error = "an entry has an integer version \"v\"";
            return false;
        }
        if (version != CurrentVersion)
        {
            error = $"entry version {version} is not supported (only {CurrentVersion})";
            return false;
        }
        string[] known = ["action", "actor", "fields", "index", "recordId", "timestamp", "v"];
        if (members.Keys.FirstOrDefault(k => !known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            error = $"unknown member \"{unknown}\"";
            return false;
        }
        if (!TryGetInteger(members, "index", out var index, out error)
            || !TryGetInteger(members, "timestamp", out var timestamp, out error)
            || !TryGetString(members, "action", out var action, out error)
            || !TryGetString(members, "actor", out var actor, out error))
        {
            return false;
        }
        string? recordId = null;
        if (!members.TryGetValue("recordId", out var recordElement) || recordElement.ValueKind != JsonValueKind.Null)
        {
            if (!TryGetString(members, "recordId", out recordId, out error))
            {
                return false;
            }
        }
        if (!members.TryGetValue("fields", out var fieldsElement) || fieldsElement.ValueKind != JsonValueKind.Object)
        {
            error = "an entry has an object \"fields\"";
            return false;
        }
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var field in fieldsElement.EnumerateObject())
        {
            if (!fields.TryAdd(field.Name, field.Value.Clone()))
            {
                error = $"the field \"{field.Name}\" appears twice";
                return false;
            }
        }
        entry = new LedgerEntry(version, index, action, recordId, actor, timestamp, fields);
        error = null;
        return true;
    }

    private static bool TryGetInteger(Dictionary<string, JsonElement> members, string name, out long value, out string? error)
    {
        value = 0;
        if (!members.TryGetValue(name, out var element) || element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out value))
        {
            error = $"an entry has an integer \"{name}\"";
            return false;
        }
        error = null;
        return true;
    }

    private static bool TryGetString(Dictionary<string, JsonElement> members, string name, [NotNullWhen(true)] out string? value, out string? error)
    {
        value = null;
        if (!members.TryGetValue(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            error = $"an entry has a string \"{name}\"";
            return false;
        }
        value = element.GetString()!;
        error = null;
        return true;
    }
}
