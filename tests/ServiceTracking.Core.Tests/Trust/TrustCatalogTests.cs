using ServiceTracking.Core.Scoring;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Tests.Trust;

public sealed class TrustCatalogTests
{
    [Fact]
    public void Default_ShipsTheDocumentedTrustRules() => Assert.Equal(TrustRules.Default, Catalog.Default.Trust);

    [Fact]
    public void Parse_WithoutTrustSection_KeepsTheDefaults()
    {
        var json = Catalog.DefaultJson;
        var start = json.IndexOf("  \"trust\"", StringComparison.Ordinal);
        var end = json.IndexOf("  \"rewards\"", StringComparison.Ordinal);
        Assert.Equal(TrustRules.Default, CatalogLoader.Parse(json.Remove(start, end - start)).Trust);
    }

    [Fact]
    public void Parse_OperatorsValues_AreUsed()
    {
        var catalog = CatalogLoader.Parse(Catalog.DefaultJson.Replace("\"newcomerWeight\": 0.05", "\"newcomerWeight\": 0", StringComparison.Ordinal));
        Assert.Equal(0m, catalog.Trust.NewcomerWeight);
        Assert.Equal(TrustRules.Default with { NewcomerWeight = 0m }, catalog.Trust);
    }

    [Theory]
    [InlineData("\"goodStanding\": 0.5", "\"goodStanding\": 1.5", "$.trust.goodStanding: must be at most 1")]
    [InlineData("\"teleport\": 0.25", "\"teleport\": 0", "$.trust.teleport")]
    [InlineData("\"highImpactApprovals\": 2", "\"highImpactApprovals\": 9", "$.trust.highImpactApprovals: must be 1 to 5")]
    [InlineData("\"windowDays\": 30", "\"windowDayz\": 30", "$.trust.windowDayz: unknown property")]
    public void Parse_BadTrustValue_IsReportedWithItsPath(string from, string to, string expected)
    {
        var error = Assert.Throws<CatalogException>(() => CatalogLoader.Parse(Catalog.DefaultJson.Replace(from, to, StringComparison.Ordinal)));
        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
