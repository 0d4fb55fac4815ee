using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ServiceTracking.Core.Scoring;

/// <summary>
/// Reads values out of a catalog document while collecting every error with its JSON path,
/// so that an operator sees all problems of a file at once rather than one per start-up.
/// A missing or invalid value reads as null; the caller only builds the catalog when no error was recorded.
/// </summary>
internal sealed partial class CatalogJsonReader
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public void Error(string path, string message) => _errors.Add($"{path}: {message}");

    /// <summary>
    /// An object with exactly the named members: reports unknown, duplicate and missing members.
    /// Returns the known members present, or null when the element is not an object.
    /// </summary>
    public Dictionary<string, JsonElement>? Object(
        JsonElement element, string path, IReadOnlyList<string> required, IReadOnlyList<string>? optional = null, string member = "property")
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"must be an object, not {Describe(element)}");
            return null;
        }
        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var known = required.Contains(property.Name, StringComparer.Ordinal)
                || (optional?.Contains(property.Name, StringComparer.Ordinal) ?? false);
            if (!known)
            {
                var expected = string.Join(", ", required.Concat(optional ?? []));
                Error(Member(path, property.Name), $"unknown {member} (expected one of: {expected})");
            }
            else if (!found.TryAdd(property.Name, property.Value))
            {
                Error(Member(path, property.Name), $"duplicate {member}");
            }
        }
        foreach (var name in required)
        {
            if (!found.ContainsKey(name))
            {
                Error(Member(path, name), $"missing {member}");
            }
        }
        return found;
    }

    public IReadOnlyList<JsonElement>? Array(Dictionary<string, JsonElement> obj, string path, string name, bool allowEmpty)
    {
        if (!obj.TryGetValue(name, out var element))
        {
            return null;
        }
        var at = Member(path, name);
        if (element.ValueKind != JsonValueKind.Array)
        {
            Error(at, $"must be an array, not {Describe(element)}");
            return null;
        }
        if (!allowEmpty && element.GetArrayLength() == 0)
        {
            Error(at, "must not be empty");
        }
        return [.. element.EnumerateArray()];
    }

    /// <summary>A decimal that satisfies <paramref name="rule"/>.</summary>
    public decimal? Decimal(Dictionary<string, JsonElement> obj, string path, string name, NumberRule rule)
    {
        if (!obj.TryGetValue(name, out var element))
        {
            return null;
        }
        var at = Member(path, name);
        if (element.ValueKind != JsonValueKind.Number)
        {
            Error(at, $"must be a number, not {Describe(element)}");
            return null;
        }
        if (!element.TryGetDecimal(out var value))
        {
            Error(at, $"number {element.GetRawText()} is out of range");
            return null;
        }
        return Check(at, value, rule) ? value : null;
    }

    /// <summary>A whole number that satisfies <paramref name="rule"/>.</summary>
    public int? Int(Dictionary<string, JsonElement> obj, string path, string name, NumberRule rule)
    {
        var value = Decimal(obj, path, name, NumberRule.Any);
        if (value is not { } v)
        {
            return null;
        }
        var at = Member(path, name);
        if (decimal.Truncate(v) != v || v < int.MinValue || v > int.MaxValue)
        {
            Error(at, $"must be a whole number, not {v.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }
        return Check(at, v, rule) ? (int)v : null;
    }

    public bool? Bool(Dictionary<string, JsonElement> obj, string path, string name)
    {
        if (!obj.TryGetValue(name, out var element))
        {
            return null;
        }
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return element.GetBoolean();
        }
        Error(Member(path, name), $"must be true or false, not {Describe(element)}");
        return null;
    }

    /// <summary>A string matching <paramref name="pattern"/>, described to the operator as <paramref name="shape"/>.</summary>
    public string? Name(Dictionary<string, JsonElement> obj, string path, string name, Regex pattern, string shape)
    {
        if (!obj.TryGetValue(name, out var element))
        {
            return null;
        }
        var at = Member(path, name);
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(at, $"must be a string, not {Describe(element)}");
            return null;
        }
        var value = element.GetString()!;
        if (!pattern.IsMatch(value))
        {
            Error(at, $"'{value}' must be {shape}");
            return null;
        }
        return value;
    }

    public static string Member(string path, string name) =>
        IdentifierPattern().IsMatch(name) ? $"{path}.{name}" : $"{path}[{JsonSerializer.Serialize(name)}]";

    public static string Item(string path, int index) => $"{path}[{index}]";

    private bool Check(string at, decimal value, NumberRule rule)
    {
        var (ok, requirement) = rule switch
        {
            NumberRule.Positive => (value > 0, "must be greater than 0"),
            NumberRule.NonNegative => (value >= 0, "must not be negative"),
            _ => (true, ""),
        };
        if (!ok)
        {
            Error(at, $"{requirement}, not {value.ToString(CultureInfo.InvariantCulture)}");
        }
        return ok;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {element.GetRawText()}",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}

/// <summary>What a catalog number must satisfy.</summary>
internal enum NumberRule
{
    Any,
    Positive,
    NonNegative,
}
