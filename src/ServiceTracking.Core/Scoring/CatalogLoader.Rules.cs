using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Text.Json;

namespace ServiceTracking.Core.Scoring;

// The numeric sections of the catalog: quality, consistency, community and rewards.
public static partial class CatalogLoader
{
    private static readonly QualityTier[] s_tiers = Enum.GetValues<QualityTier>();

    private static FrozenDictionary<QualityTier, decimal>? ReadQuality(CatalogJsonReader r, JsonElement element, string path)
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
        return factors.ToFrozenDictionary();
    }

    private static ReadOnlyCollection<ConsistencyTier>? ReadConsistency(CatalogJsonReader r, Dictionary<string, JsonElement> root, string rootPath)
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
        return complete ? tiers.AsReadOnly() : null;
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
}
