using System.Text.Json.Nodes;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Scoring;

public sealed class CatalogLoaderTests
{
    private static string Edit(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Catalog.DefaultJson)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    private static JsonObject Type(JsonObject root, int i) => root["types"]![i]!.AsObject();

    private static JsonObject Subtype(JsonObject root, int type, int i) => Type(root, type)["subtypes"]![i]!.AsObject();

    private static IReadOnlyList<string> Errors(string json) => Assert.Throws<CatalogException>(() => CatalogLoader.Parse(json)).Errors;

    private static void AssertError(string json, string expected)
    {
        var errors = Errors(json);
        Assert.True(errors.Any(e => e.StartsWith(expected, StringComparison.Ordinal)),
            $"Expected an error starting '{expected}', got:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void Parse_DefaultJson_Succeeds()
    {
        var catalog = CatalogLoader.Parse(Catalog.DefaultJson);
        Assert.Equal(9, catalog.Types.Count);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreAllowed()
    {
        var json = Catalog.DefaultJson.Replace("\"highImpactThreshold\": 500,", "// reviewed by hand above this\n\"highImpactThreshold\": 500,", StringComparison.Ordinal)
            .Replace("\"maxSupply\": 100000000 }", "\"maxSupply\": 100000000, }", StringComparison.Ordinal);
        Assert.Equal(500m, CatalogLoader.Parse(json).HighImpactThreshold);
    }

    [Fact]
    public void Parse_InvalidJson_ReportsSyntaxError()
    {
        AssertError("{ \"types\": [", "$: not valid JSON");
    }

    [Fact]
    public void Parse_RootNotObject_ReportsIt()
    {
        AssertError("[]", "$: must be an object, not an array");
    }

    [Fact]
    public void Parse_UnknownField_ReportsPath()
    {
        AssertError(Edit(r => Subtype(r, 1, 2)["bonus"] = 3), "$.types[1].subtypes[2].bonus: unknown property");
    }

    [Fact]
    public void Parse_MissingField_ReportsPath()
    {
        AssertError(Edit(r => Subtype(r, 0, 1).Remove("review")), "$.types[0].subtypes[1].review: missing property");
        AssertError(Edit(r => r.Remove("rewards")), "$.rewards: missing property");
    }

    [Fact]
    public void Parse_DuplicateProperty_ReportsIt()
    {
        var json = Catalog.DefaultJson.Replace("\"highImpactThreshold\": 500,", "\"highImpactThreshold\": 500, \"highImpactThreshold\": 600,", StringComparison.Ordinal);
        AssertError(json, "$.highImpactThreshold: duplicate property");
    }

    [Fact]
    public void Parse_DuplicateTypeName_ReportsBoth()
    {
        AssertError(Edit(r => Type(r, 3)["name"] = "HEALING_SESSION"), "$.types[3].name: duplicate type name 'HEALING_SESSION' (first at $.types[1])");
    }

    [Fact]
    public void Parse_DuplicateSubtypeName_ReportsIt()
    {
        AssertError(Edit(r => Subtype(r, 0, 4)["name"] = "video"), "$.types[0].subtypes[4].name: duplicate subtype name 'video' (first at $.types[0].subtypes[1])");
    }

    [Fact]
    public void Parse_DuplicateOrdinal_ReportsDuplicateAndGap()
    {
        var errors = Errors(Edit(r => Type(r, 8)["ordinal"] = 7));
        Assert.Contains(errors, e => e.StartsWith("$.types[8].ordinal: duplicate ordinal 7 (first at $.types[7])", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.types: ordinal 8 is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_GappedOrdinal_ReportsMissingOrdinal()
    {
        AssertError(Edit(r => Type(r, 8)["ordinal"] = 9), "$.types: ordinal 8 is missing");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Parse_NonPositiveBase_ReportsIt(int value)
    {
        AssertError(Edit(r => Subtype(r, 2, 0)["base"] = value), "$.types[2].subtypes[0].base: must be greater than 0");
    }

    [Fact]
    public void Parse_BaseAsString_ReportsType()
    {
        AssertError(Edit(r => Subtype(r, 2, 0)["base"] = "25"), "$.types[2].subtypes[0].base: must be a number, not the string \"25\"");
    }

    [Fact]
    public void Parse_BadNames_ReportShape()
    {
        var errors = Errors(Edit(r =>
        {
            Type(r, 0)["name"] = "content creation";
            Subtype(r, 1, 0)["name"] = "Individual";
            Subtype(r, 1, 1)["category"] = "";
        }));
        Assert.Contains(errors, e => e.StartsWith("$.types[0].name: 'content creation' must be UPPER_SNAKE_CASE", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.types[1].subtypes[0].name: 'Individual' must be lower_snake_case", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.types[1].subtypes[1].category: '' must be an identifier", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EmptyTypesOrSubtypes_ReportsIt()
    {
        AssertError(Edit(r => r["types"] = new JsonArray()), "$.types: must not be empty");
        AssertError(Edit(r => Type(r, 4)["subtypes"] = new JsonArray()), "$.types[4].subtypes: must not be empty");
    }

    [Fact]
    public void Parse_UnknownQualityTier_ReportsIt()
    {
        AssertError(Edit(r => r["quality"]!["excellent"] = 3.0), "$.quality.excellent: unknown quality tier (expected one of: standard, good, high, exceptional)");
    }

    [Fact]
    public void Parse_MissingQualityTier_ReportsIt()
    {
        AssertError(Edit(r => r["quality"]!.AsObject().Remove("good")), "$.quality.good: missing quality tier");
    }

    [Fact]
    public void Parse_QualityNotAscending_ReportsIt()
    {
        AssertError(Edit(r => r["quality"]!["high"] = 1.1), "$.quality.high: must not be less than good (1.2)");
    }

    [Fact]
    public void Parse_NegativeBonuses_ReportEach()
    {
        var errors = Errors(Edit(r =>
        {
            r["community"]!["endorsementBonus"] = -0.05;
            r["community"]!["endorsementCap"] = -1;
            r["community"]!["blessingBonus"] = -1;
            r["community"]!["featureBonus"] = -0.75;
            r["consistency"]![3]!["bonus"] = -0.1;
        }));
        Assert.Contains("$.community.endorsementBonus: must not be negative, not -0.05", errors);
        Assert.Contains("$.community.endorsementCap: must not be negative, not -1", errors);
        Assert.Contains("$.community.blessingBonus: must not be negative, not -1", errors);
        Assert.Contains("$.community.featureBonus: must not be negative, not -0.75", errors);
        Assert.Contains("$.consistency[3].bonus: must not be negative, not -0.1", errors);
    }

    [Fact]
    public void Parse_TiersNotStrictlyDescending_ReportsIt()
    {
        AssertError(Edit(r => r["consistency"]![2]!["minDays"] = 30), "$.consistency[2].minDays: must be less than the previous tier's minDays (30)");
        AssertError(Edit(r => r["consistency"]![2]!["minDays"] = 31), "$.consistency[2].minDays: must be less than the previous tier's minDays (30)");
    }

    [Fact]
    public void Parse_LongerStreakWithSmallerBonus_ReportsIt()
    {
        AssertError(Edit(r => r["consistency"]![1]!["bonus"] = 1.5), "$.consistency[1].bonus: must not exceed the bonus of the longer streak before it (1.00)");
    }

    [Fact]
    public void Parse_FractionalOrZeroMinDays_ReportsIt()
    {
        AssertError(Edit(r => r["consistency"]![3]!["minDays"] = 1.5), "$.consistency[3].minDays: must be a whole number, not 1.5");
        AssertError(Edit(r => r["consistency"]![3]!["minDays"] = 0), "$.consistency[3].minDays: must be greater than 0");
    }

    [Fact]
    public void Parse_EmptyConsistency_IsAllowed()
    {
        var catalog = CatalogLoader.Parse(Edit(r => r["consistency"] = new JsonArray()));
        Assert.Empty(catalog.ConsistencyTiers);
    }

    [Fact]
    public void Parse_NonPositiveThresholdAndSupply_ReportsIt()
    {
        var errors = Errors(Edit(r =>
        {
            r["highImpactThreshold"] = 0;
            r["rewards"]!["scrollCoin"]!["maxSupply"] = 0;
            r["rewards"]!["blessingCoin"]!["maxSupply"] = -1;
        }));
        Assert.Contains("$.highImpactThreshold: must be greater than 0, not 0", errors);
        Assert.Contains("$.rewards.scrollCoin.maxSupply: must be greater than 0, not 0", errors);
        Assert.Contains("$.rewards.blessingCoin.maxSupply: must be greater than 0, not -1", errors);
    }

    [Fact]
    public void Parse_DecayRateInsteadOfHalfLife_IsUsedAsIs()
    {
        var catalog = CatalogLoader.Parse(Edit(r =>
        {
            r["rewards"]!.AsObject().Remove("halfLifeDays");
            r["rewards"]!["decayRatePerDay"] = 0.01;
        }));
        Assert.Equal(0.01m, catalog.Rewards.DecayRatePerDay);
    }

    [Fact]
    public void Parse_BothOrNeitherDecaySetting_ReportsIt()
    {
        AssertError(Edit(r => r["rewards"]!["decayRatePerDay"] = 0.01), "$.rewards: give exactly one of halfLifeDays and decayRatePerDay");
        AssertError(Edit(r => r["rewards"]!.AsObject().Remove("halfLifeDays")), "$.rewards: give exactly one of halfLifeDays and decayRatePerDay");
    }

    [Fact]
    public void Parse_ExponentNumbers_AreAccepted()
    {
        var catalog = CatalogLoader.Parse(Catalog.DefaultJson.Replace("1000000000", "1e9", StringComparison.Ordinal));
        Assert.Equal(1_000_000_000m, catalog.Rewards.ScrollMaxSupply);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsAllInOneException()
    {
        var json = Edit(r =>
        {
            Subtype(r, 0, 0)["base"] = 0;
            Type(r, 2)["name"] = "TEACHING";
            r["quality"]!.AsObject().Remove("exceptional");
            r["community"]!["featureBonus"] = -1;
            r["rewards"]!["extra"] = true;
        });
        var e = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(json));
        Assert.Equal(5, e.Errors.Count);
        foreach (var error in e.Errors)
        {
            Assert.StartsWith("$", error, StringComparison.Ordinal);
            Assert.Contains(error, e.Message, StringComparison.Ordinal);
        }
        Assert.StartsWith("Invalid scoring catalog (5 errors)", e.Message, StringComparison.Ordinal);
    }
}
