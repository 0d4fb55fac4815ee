using System.Text.Json;

namespace ServiceTracking.Core.Scoring;

/// <summary>
/// An automated quality rule (SCORING §2, catalog <c>qualityRules</c>): a new contribution that matches every condition
/// starts at <see cref="Quality"/> instead of standard. Empty conditions match everything; the first matching rule wins.
/// </summary>
public sealed record QualityRule(
    string Name, QualityTier Quality, IReadOnlyList<string> Types, IReadOnlyList<string> Subtypes,
    bool RequireContentCid, IReadOnlyList<string> RequireDetails)
{
    public bool Matches(string type, string subtype, bool hasContentCid, JsonElement details) =>
        (Types.Count == 0 || Types.Contains(type, StringComparer.Ordinal))
        && (Subtypes.Count == 0 || Subtypes.Contains(subtype, StringComparer.Ordinal))
        && (!RequireContentCid || hasContentCid)
        && RequireDetails.All(field => details.ValueKind == JsonValueKind.Object
            && details.TryGetProperty(field, out var value)
            && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            && !(value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length == 0));

    /// <summary>The tier a new contribution starts at, and the rule that set it (null: no rule matched, standard).</summary>
    public static (QualityTier Quality, string? Rule) Assess(IReadOnlyList<QualityRule> rules, string type, string subtype, bool hasContentCid, JsonElement details)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var rule in rules)
        {
            if (rule.Matches(type, subtype, hasContentCid, details))
            {
                return (rule.Quality, rule.Name);
            }
        }
        return (QualityTier.Standard, null);
    }
}
