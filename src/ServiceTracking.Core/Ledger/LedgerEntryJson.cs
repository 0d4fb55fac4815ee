using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ServiceTracking.Core.Ledger;

/// <summary>
/// The canonical JSON of ledger entries (docs/ledger-entry.md): RFC 8785 (JCS) key order and string escaping, no
/// whitespace, and numbers carried as their decimal text (no exponent, no leading zeros, no negative zero) because
/// amounts such as <c>540.00</c> keep their scale.
/// </summary>
internal static class LedgerEntryJson
{
    /// <summary>How deep a field's value may nest objects and arrays.</summary>
    public const int MaxValueDepth = 32;

    /// <summary>Writes <paramref name="value"/> canonically, or says why it cannot be.</summary>
    public static bool TryWriteValue(StringBuilder json, JsonElement value, int depth, out string? error)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return TryWriteObject(json, value, depth + 1, out error);
            case JsonValueKind.Array:
                if (depth + 1 > MaxValueDepth)
                {
                    error = $"a value nests deeper than {MaxValueDepth} levels";
                    return false;
                }
                json.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        json.Append(',');
                    }
                    first = false;
                    if (!TryWriteValue(json, item, depth + 1, out error))
                    {
                        return false;
                    }
                }
                json.Append(']');
                break;
            case JsonValueKind.String:
                string? text;
                try
                {
                    text = value.GetString();
                }
                catch (InvalidOperationException)
                {
                    error = "a string is not valid Unicode";
                    return false;
                }
                return TryWriteString(json, text!, out error);
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                if (!IsCanonicalNumber(raw))
                {
                    error = $"the number {raw} is not plain decimal text (no exponent, leading zeros or negative zero)";
                    return false;
                }
                json.Append(raw);
                break;
            case JsonValueKind.True:
                json.Append("true");
                break;
            case JsonValueKind.False:
                json.Append("false");
                break;
            case JsonValueKind.Null:
                json.Append("null");
                break;
            default:
                error = "a field has no value";
                return false;
        }
        error = null;
        return true;
    }

    /// <summary>Writes members sorted by their names' UTF-16 code units (ordinal), refusing duplicate names.</summary>
    public static bool TryWriteMembers(StringBuilder json, IEnumerable<KeyValuePair<string, JsonElement>> members, int depth, out string? error)
    {
        var sorted = members.ToList();
        sorted.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        json.Append('{');
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i > 0)
            {
                if (string.Equals(sorted[i - 1].Key, sorted[i].Key, StringComparison.Ordinal))
                {
                    error = $"the member name \"{sorted[i].Key}\" appears twice";
                    return false;
                }
                json.Append(',');
            }
            if (!TryWriteString(json, sorted[i].Key, out error))
            {
                return false;
            }
            json.Append(':');
            if (!TryWriteValue(json, sorted[i].Value, depth, out error))
            {
                return false;
            }
        }
        json.Append('}');
        error = null;
        return true;
    }

    /// <summary>
    /// A JSON string with JCS's minimal escaping: <c>\"</c>, <c>\\</c>, <c>\b \t \n \f \r</c>, <c>\u00xx</c> (lowercase hex) for
    /// the other controls below U+0020; everything else as itself. Lone surrogates are refused (no UTF-8 encoding).
    /// </summary>
    public static bool TryWriteString(StringBuilder json, string text, out string? error)
    {
        json.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\t': json.Append("\\t"); break;
                case '\n': json.Append("\\n"); break;
                case '\f': json.Append("\\f"); break;
                case '\r': json.Append("\\r"); break;
                case < ' ':
                    json.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (char.IsSurrogate(c))
                    {
                        if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                        {
                            error = "a string has a lone surrogate";
                            return false;
                        }
                        json.Append(c).Append(text[++i]);
                    }
                    else
                    {
                        json.Append(c);
                    }
                    break;
            }
        }
        json.Append('"');
        error = null;
        return true;
    }

    /// <summary>-?(0|[1-9][0-9]*)(\.[0-9]+)? and not a negative zero.</summary>
    public static bool IsCanonicalNumber(string s)
    {
        var i = 0;
        var negative = s.StartsWith('-');
        if (negative)
        {
            i++;
        }
        if (i >= s.Length || !char.IsAsciiDigit(s[i]))
        {
            return false;
        }
        if (s[i++] != '0')
        {
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }
        if (i < s.Length && s[i] == '.')
        {
            var fractionStart = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == fractionStart)
            {
                return false;
            }
        }
        return i == s.Length && !(negative && s.AsSpan(1).IndexOfAnyExcept('0', '.') < 0);
    }

    /// <summary>The canonical text of a value, or a marked stand-in when it has none; for equality only.</summary>
    public static string Identity(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return "\0undefined";
        }
        var json = new StringBuilder();
        return TryWriteValue(json, value, 0, out _) ? json.ToString() : "\0raw " + value.GetRawText();
    }

    private static bool TryWriteObject(StringBuilder json, JsonElement value, int depth, out string? error)
    {
        if (depth > MaxValueDepth)
        {
            error = $"a value nests deeper than {MaxValueDepth} levels";
            return false;
        }
        List<KeyValuePair<string, JsonElement>> members = [];
        try
        {
            members.AddRange(value.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)));
        }
        catch (InvalidOperationException)
        {
            error = "a member name is not valid Unicode";
            return false;
        }
        return TryWriteMembers(json, members, depth, out error);
    }
}
