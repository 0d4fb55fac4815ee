using System.Collections.ObjectModel;
using System.Text.Json;

namespace ServiceTracking.Core.Scoring;

public static partial class CatalogLoader
{
    private static ReadOnlyCollection<QualityRule>? ReadQualityRules(
        CatalogJsonReader r, Dictionary<string, JsonElement> root, string rootPath, IReadOnlyList<ContributionTypeRule>? types)
    {
        if (!root.ContainsKey("qualityRules"))
        {
            return ReadOnlyCollection<QualityRule>.Empty;
        }
        var items = r.Array(root, rootPath, "qualityRules", allowEmpty: true);
        if (items is null)
        {
            return null;
        }
        var path = CatalogJsonReader.Member(rootPath, "qualityRules");
        var rules = new List<QualityRule>();
        var complete = true;
        for (var i = 0; i < items.Count; i++)
        {
            var at = CatalogJsonReader.Item(path, i);
            var obj = r.Object(items[i], at, ["name", "quality"], ["types", "subtypes", "requireContentCid", "requireDetails"]);
            if (obj is null)
            {
                complete = false;
                continue;
            }
            var name = obj.TryGetValue("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString()!.Trim().Length > 0
                ? n.GetString()! : null;
            if (name is null)
            {
                r.Error(CatalogJsonReader.Member(at, "name"), "must be a non-empty string that names the rule in audit entries");
            }
            QualityTier? quality = null;
            if (obj.TryGetValue("quality", out var q))
            {
                if (q.ValueKind == JsonValueKind.String && WireNames.TryParse(q.GetString(), out QualityTier tier))
                {
                    quality = tier;
                }
                else
                {
                    r.Error(CatalogJsonReader.Member(at, "quality"), $"must be one of: {string.Join(", ", WireNames.QualityTiers)}");
                }
            }
            var typeNames = Strings(r, obj, at, "types", types?.Select(t => t.Name).ToList());
            var subtypeNames = Strings(r, obj, at, "subtypes", types?.SelectMany(t => t.Subtypes).Select(s => s.Name).Distinct().ToList());
            var details = Strings(r, obj, at, "requireDetails", null);
            var requireCid = obj.ContainsKey("requireContentCid") ? r.Bool(obj, at, "requireContentCid") : false;
            if (name is null || quality is null || typeNames is null || subtypeNames is null || details is null || requireCid is null)
            {
                complete = false;
                continue;
            }
            rules.Add(new QualityRule(name, quality.Value, typeNames, subtypeNames, requireCid.Value, details));
        }
        return complete ? rules.AsReadOnly() : null;
    }

    /// <summary>An optional array of non-empty strings; each must be one of <paramref name="known"/> when that is given.</summary>
    private static List<string>? Strings(CatalogJsonReader r, Dictionary<string, JsonElement> obj, string path, string name, IReadOnlyList<string>? known)
    {
        if (!obj.TryGetValue(name, out var element))
        {
            return [];
        }
        var at = CatalogJsonReader.Member(path, name);
        if (element.ValueKind != JsonValueKind.Array)
        {
            r.Error(at, "must be an array of strings");
            return null;
        }
        var values = new List<string>();
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = CatalogJsonReader.Item(at, i++);
            if (item.ValueKind != JsonValueKind.String || item.GetString()!.Length == 0)
            {
                r.Error(itemPath, "must be a non-empty string");
                return null;
            }
            var value = item.GetString()!;
            if (known is not null && !known.Contains(value, StringComparer.Ordinal))
            {
                r.Error(itemPath, $"'{value}' is not in the catalog (known: {string.Join(", ", known)})");
                return null;
            }
            values.Add(value);
        }
        return values;
    }
}
