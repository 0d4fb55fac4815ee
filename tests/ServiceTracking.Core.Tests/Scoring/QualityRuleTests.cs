using System.Text.Json;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Scoring;

public sealed class QualityRuleTests
{
    private static Catalog WithRules(string rules) =>
        CatalogLoader.Parse(Catalog.DefaultJson.Replace("\"qualityRules\": []", "\"qualityRules\": " + rules, StringComparison.Ordinal));

    [Fact]
    public void DefaultCatalog_HasNoRules_SoEveryNewContributionIsStandard()
    {
        Assert.Empty(Catalog.Default.QualityRules);
        using var details = JsonDocument.Parse("""{"url":"https://example.org"}""");
        Assert.Equal((QualityTier.Standard, null), QualityRule.Assess(Catalog.Default.QualityRules, "CONTENT_CREATION", "tutorial", true, details.RootElement));
    }

    [Fact]
    public void FirstMatchingRule_SetsTheTier()
    {
        var catalog = WithRules("""
            [
              { "name": "tutorial with evidence", "subtypes": ["tutorial"], "requireContentCid": true, "requireDetails": ["url"], "quality": "high" },
              { "name": "any content", "types": ["CONTENT_CREATION"], "quality": "good" }
            ]
            """);
        using var withUrl = JsonDocument.Parse("""{"url":"https://example.org"}""");
        using var blankUrl = JsonDocument.Parse("""{"url":"  "}""");

        Assert.Equal((QualityTier.High, "tutorial with evidence"), QualityRule.Assess(catalog.QualityRules, "CONTENT_CREATION", "tutorial", true, withUrl.RootElement));
        Assert.Equal((QualityTier.Good, "any content"), QualityRule.Assess(catalog.QualityRules, "CONTENT_CREATION", "tutorial", true, blankUrl.RootElement));
        Assert.Equal((QualityTier.Good, "any content"), QualityRule.Assess(catalog.QualityRules, "CONTENT_CREATION", "tutorial", false, withUrl.RootElement));
        Assert.Equal((QualityTier.Standard, null), QualityRule.Assess(catalog.QualityRules, "TEACHING", "mentoring", true, withUrl.RootElement));
    }

    [Fact]
    public void BadRules_AreListedWithTheirPaths()
    {
        var error = Assert.Throws<CatalogException>(() => WithRules("""
            [{ "name": "", "subtypes": ["sonnet"], "quality": "stellar", "colour": "red" }]
            """));
        Assert.Contains(error.Errors, e => e.StartsWith("$.qualityRules[0].name:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("$.qualityRules[0].subtypes[0]: 'sonnet' is not in the catalog", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("$.qualityRules[0].quality:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("$.qualityRules[0].colour: unknown", StringComparison.Ordinal));
    }
}
