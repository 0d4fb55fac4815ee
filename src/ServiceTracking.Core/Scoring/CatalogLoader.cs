using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

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

    private static readonly QualityTier[] s_tiers = Enum.GetValues<QualityTier>();

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
        var obj = r.Object(root, path, ["types", "quality", "consistency", "community", "highImpactThreshold", "rewards"]);
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

        if (types is null || quality is null || tiers is null || community is not { } k || threshold is not { } t || rewards is null)
        {
            return null;
        }
        return new Catalog(types, quality, tiers, k.Endorsement, k.Cap, k.Blessing, k.Feature, t, rewards);
    }

    private static List<ContributionTypeRule>? ReadTypes(CatalogJsonReader r, Dictionary<string, JsonElement> root, string rootPath)
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
        return complete ? [.. types.OrderBy(t => t.Ordinal)] : null;
    }

    private static List<SubtypeRule>? ReadSubtypes(CatalogJsonReader r, Dictionary<string, JsonElement> type, string typePath)
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
            var obj = r.Object(items[i], at, ["name", "base", "category", "review"]);
            if (obj is null)
            {
                complete = false;
                continue;
            }
            var name = r.Name(obj, at, "name", SubtypeNamePattern(), "lower_snake_case (a-z, 0-9, _)");
            var baseScore = r.Decimal(obj, at, "base", NumberRule.Positive);
            var category = r.Name(obj, at, "category", CategoryPattern(), "an identifier (letters, digits, _), like contentCreation");
            var review = r.Bool(obj, at, "review");
            if (name is not null && !names.TryAdd(name, at))
            {
                r.Error(CatalogJsonReader.Member(at, "name"), $"duplicate subtype name '{name}' (first at {names[name]})");
            }
            if (name is null || baseScore is null || category is null || review is null)
            {
                complete = false;
                continue;
            }
            subtypes.Add(new SubtypeRule(name, baseScore.Value, category, review.Value));
        }
        return complete ? subtypes : null;
    }

    private static Dictionary<QualityTier, decimal>? ReadQuality(CatalogJsonReader r, JsonElement element, string path)
    {
        var names = s_tiers.Select(WireNames.Of).ToArray();
        var obj = r.Object(element, path, names, member: "quality tier");
        if (obj is null)
        {
            return null;
        }
        var factors = new Dictionary<QualityTier, decimal>();
        foreach (var tier in s_tiers)
        {
            if (r.Decimal(obj, path, WireNames.Of(tier), NumberRule.Positive) is { } factor)
            {
                factors[tier] = factor;
            }
        }
        if (factors.Count != s_tiers.Length)
        {
            return null;
        }
        // A better tier must never score less: scores stay monotonic in quality.
        for (var i = 1; i < s_tiers.Length; i++)
        {
            if (factors[s_tiers[i]] < factors[s_tiers[i - 1]])
            {
                r.Error(CatalogJsonReader.Member(path, WireNames.Of(s_tiers[i])),
                    $"must not be less than {WireNames.Of(s_tiers[i - 1])} ({Text(factors[s_tiers[i - 1]])})");
                return null;
            }
        }
        return factors;
    }

    private static List<ConsistencyTier>? ReadConsistency(CatalogJsonReader r, Dictionary<string, JsonElement> root, string rootPath)
    {
        var items = r.Array(root, rootPath, "consistency", allowEmpty: true);
        if (items is null)
        {
            return null;
        }
        var path = CatalogJsonReader.Member(rootPath, "consistency");
        var tiers = new List<ConsistencyTier>();
        var complete = true;
        for (var i = 0; i < items.Count; i++)
        {
            var at = CatalogJsonReader.Item(path, i);
            var obj = r.Object(items[i], at, ["minDays", "bonus"]);
            var minDays = obj is null ? null : r.Int(obj, at, "minDays", NumberRule.Positive);
            var bonus = obj is null ? null : r.Decimal(obj, at, "bonus", NumberRule.NonNegative);
            if (minDays is not { } m || bonus is not { } b)
            {
                complete = false;
                continue;
            }
            if (tiers.Count > 0 && tiers[^1] is var previous && m >= previous.MinDays)
            {
                r.Error(CatalogJsonReader.Member(at, "minDays"),
                    $"must be less than the previous tier's minDays ({previous.MinDays}): list tiers from the longest streak down, each streak length once");
            }
            else if (tiers.Count > 0 && b > tiers[^1].Bonus)
            {
                r.Error(CatalogJsonReader.Member(at, "bonus"),
                    $"must not exceed the bonus of the longer streak before it ({Text(tiers[^1].Bonus)})");
            }
            tiers.Add(new ConsistencyTier(m, b));
        }
        return complete ? tiers : null;
    }

    private static (decimal Endorsement, decimal Cap, decimal Blessing, decimal Feature)? ReadCommunity(
        CatalogJsonReader r, JsonElement element, string path)
    {
        var obj = r.Object(element, path, ["endorsementBonus", "endorsementCap", "blessingBonus", "featureBonus"]);
        if (obj is null)
        {
            return null;
        }
        var endorsement = r.Decimal(obj, path, "endorsementBonus", NumberRule.NonNegative);
        var cap = r.Decimal(obj, path, "endorsementCap", NumberRule.NonNegative);
        var blessing = r.Decimal(obj, path, "blessingBonus", NumberRule.NonNegative);
        var feature = r.Decimal(obj, path, "featureBonus", NumberRule.NonNegative);
        return endorsement is { } e && cap is { } c && blessing is { } b && feature is { } f ? (e, c, b, f) : null;
    }

    private static RewardRules? ReadRewards(CatalogJsonReader r, JsonElement element, string path)
    {
        var obj = r.Object(element, path, ["smallThreshold", "scrollCoin", "blessingCoin"], ["halfLifeDays", "decayRatePerDay"]);
        if (obj is null)
        {
            return null;
        }
        var smallThreshold = r.Decimal(obj, path, "smallThreshold", NumberRule.NonNegative);
        decimal? decayRate = null;
        var hasHalfLife = obj.ContainsKey("halfLifeDays");
        if (hasHalfLife == obj.ContainsKey("decayRatePerDay"))
        {
            r.Error(path, "give exactly one of halfLifeDays and decayRatePerDay");
        }
        else if (hasHalfLife)
        {
            decayRate = r.Decimal(obj, path, "halfLifeDays", NumberRule.Positive) is { } days ? RewardMath.Ln2 / days : null;
        }
        else
        {
            decayRate = r.Decimal(obj, path, "decayRatePerDay", NumberRule.NonNegative);
        }

        decimal? perPoint = null, scrollMax = null;
        if (obj.TryGetValue("scrollCoin", out var scroll))
        {
            var at = CatalogJsonReader.Member(path, "scrollCoin");
            if (r.Object(scroll, at, ["perPoint", "maxSupply"]) is { } s)
            {
                perPoint = r.Decimal(s, at, "perPoint", NumberRule.NonNegative);
                scrollMax = r.Decimal(s, at, "maxSupply", NumberRule.Positive);
            }
        }
        decimal? perBlessing = null, perEndorsement = null, perFeature = null, blessingMax = null;
        if (obj.TryGetValue("blessingCoin", out var blessing))
        {
            var at = CatalogJsonReader.Member(path, "blessingCoin");
            if (r.Object(blessing, at, ["perBlessing", "perEndorsement", "perFeature", "maxSupply"]) is { } b)
            {
                perBlessing = r.Decimal(b, at, "perBlessing", NumberRule.NonNegative);
                perEndorsement = r.Decimal(b, at, "perEndorsement", NumberRule.NonNegative);
                perFeature = r.Decimal(b, at, "perFeature", NumberRule.NonNegative);
                blessingMax = r.Decimal(b, at, "maxSupply", NumberRule.Positive);
            }
        }
        if (smallThreshold is not { } st || decayRate is not { } dr || perPoint is not { } pp || scrollMax is not { } sm
            || perBlessing is not { } pb || perEndorsement is not { } pe || perFeature is not { } pf || blessingMax is not { } bm)
        {
            return null;
        }
        return new RewardRules(pp, dr, sm, st, pb, pe, pf, bm);
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex TypeNamePattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SubtypeNamePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex CategoryPattern();
}
