using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Scoring;

/// <summary>
/// Parses and validates a scoring catalog (format: docs/catalog.md). Every problem is collected with its JSON path
/// and reported together in one <see cref="CatalogException"/>.
/// </summary>
public static partial class CatalogLoader
{
    private static readonly JsonDocumentOptions s_options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static Catalog Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_options);
        }
        catch (JsonException e)
        {
            throw new CatalogException([$"$: not valid JSON: {e.Message}"]);
        }
        using (document)
        {
            var reader = new CatalogJsonReader();
            var catalog = Read(reader, document.RootElement);
            if (reader.Errors.Count > 0 || catalog is null)
            {
                throw new CatalogException(reader.Errors.Count > 0 ? reader.Errors : ["$: invalid catalog"]);
            }
            return catalog;
        }
    }

    private static Catalog? Read(CatalogJsonReader r, JsonElement root)
    {
        const string path = "$";
        var obj = r.Object(root, path, ["types", "quality", "consistency", "community", "highImpactThreshold", "rewards"], ["qualityRules", "trust"]);
        if (obj is null)
        {
            return null;
        }
        var types = ReadTypes(r, obj, path);
        var quality = obj.TryGetValue("quality", out var q) ? ReadQuality(r, q, CatalogJsonReader.Member(path, "quality")) : null;
        var tiers = ReadConsistency(r, obj, path);
        var community = obj.TryGetValue("community", out var c) ? ReadCommunity(r, c, CatalogJsonReader.Member(path, "community")) : null;
        var threshold = r.Decimal(obj, path, "highImpactThreshold", NumberRule.Positive);
        var rewards = obj.TryGetValue("rewards", out var w) ? ReadRewards(r, w, CatalogJsonReader.Member(path, "rewards")) : null;
        var qualityRules = ReadQualityRules(r, obj, path, types);
        var trust = obj.TryGetValue("trust", out var tr) ? ReadTrust(r, tr, CatalogJsonReader.Member(path, "trust")) : TrustRules.Default;

        if (types is null || quality is null || tiers is null || community is not { } k || threshold is not { } t || rewards is null || qualityRules is null || trust is null)
        {
            return null;
        }
        return new Catalog(types, quality, tiers, k.Endorsement, k.Cap, k.Blessing, k.Feature, t, rewards) { QualityRules = qualityRules, Trust = trust };
    }

    private static ReadOnlyCollection<ContributionTypeRule>? ReadTypes(CatalogJsonReader r, Dictionary<string, JsonElement> root, string rootPath)
    {
        var items = r.Array(root, rootPath, "types", allowEmpty: false);
        if (items is null)
        {
            return null;
        }
        var path = CatalogJsonReader.Member(rootPath, "types");
        var types = new List<ContributionTypeRule>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var ordinals = new Dictionary<int, string>();
        var complete = true;
        for (var i = 0; i < items.Count; i++)
        {
            var at = CatalogJsonReader.Item(path, i);
            var obj = r.Object(items[i], at, ["name", "ordinal", "subtypes"]);
            if (obj is null)
            {
                complete = false;
                continue;
            }
            var name = r.Name(obj, at, "name", TypeNamePattern(), "UPPER_SNAKE_CASE (A-Z, 0-9, _), like the contract's ServiceType");
            var ordinal = r.Int(obj, at, "ordinal", NumberRule.NonNegative);
            var subtypes = ReadSubtypes(r, obj, at);
            if (name is not null && !names.TryAdd(name, at))
            {
                r.Error(CatalogJsonReader.Member(at, "name"), $"duplicate type name '{name}' (first at {names[name]})");
            }
            if (ordinal is { } o && !ordinals.TryAdd(o, at))
            {
                r.Error(CatalogJsonReader.Member(at, "ordinal"), $"duplicate ordinal {o} (first at {ordinals[o]})");
            }
            if (name is null || ordinal is null || subtypes is null)
            {
                complete = false;
                continue;
            }
            types.Add(new ContributionTypeRule(name, ordinal.Value, subtypes));
        }
        // Ordinals are the contract's enum values: they must run 0..n-1.
        for (var o = 0; o < items.Count; o++)
        {
            if (!ordinals.ContainsKey(o))
            {
                r.Error(path, $"ordinal {o} is missing (ordinals must run 0..{items.Count - 1} without gaps, matching the contract's ServiceType)");
            }
        }
        return complete ? types.OrderBy(t => t.Ordinal).ToList().AsReadOnly() : null;
    }

    private static ReadOnlyCollection<SubtypeRule>? ReadSubtypes(CatalogJsonReader r, Dictionary<string, JsonElement> type, string typePath)
    {
        var items = r.Array(type, typePath, "subtypes", allowEmpty: false);
        if (items is null)
        {
            return null;
        }
        var path = CatalogJsonReader.Member(typePath, "subtypes");
        var subtypes = new List<SubtypeRule>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var complete = true;
        for (var i = 0; i < items.Count; i++)
        {
            var at = CatalogJsonReader.Item(path, i);
            var obj = r.Object(items[i], at, ["name", "base", "category", "review"], ["sensitive"]);
            if (obj is null)
            {
                complete = false;
                continue;
            }
            var name = r.Name(obj, at, "name", SubtypeNamePattern(), "lower_snake_case (a-z, 0-9, _)");
            var baseScore = r.Decimal(obj, at, "base", NumberRule.Positive);
            var category = r.Name(obj, at, "category", CategoryPattern(), "an identifier (letters, digits, _), like contentCreation");
            var review = r.Bool(obj, at, "review");
            var sensitive = obj.ContainsKey("sensitive") ? r.Bool(obj, at, "sensitive") : false;
            if (name is not null && !names.TryAdd(name, at))
            {
                r.Error(CatalogJsonReader.Member(at, "name"), $"duplicate subtype name '{name}' (first at {names[name]})");
            }
            if (name is null || baseScore is null || category is null || review is null || sensitive is null)
            {
                complete = false;
                continue;
            }
            subtypes.Add(new SubtypeRule(name, baseScore.Value, category, review.Value, sensitive.Value));
        }
        return complete ? subtypes.AsReadOnly() : null;
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex TypeNamePattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SubtypeNamePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex CategoryPattern();
}
