using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Scoring;

public sealed class ImpactCalculatorTests
{
    private static readonly Catalog s_catalog = Catalog.Default;

    private static SubtypeRule Subtype(string type, string subtype) =>
        s_catalog.TryGetSubtype(type, subtype, out _, out var rule) ? rule : throw new InvalidOperationException(subtype);

    private static readonly SubtypeRule s_groupHealing = Subtype("HEALING_SESSION", "group_healing");
    private static readonly SubtypeRule s_blogPost = Subtype("CONTENT_CREATION", "blog_post");

    [Fact]
    public void Compute_WorkedExample_Is540()
    {
        var b = ImpactCalculator.Compute(s_catalog, s_groupHealing, QualityTier.High, 7, new Recognition(3, Blessed: true, Featured: false));

        Assert.Equal(540.00m, b.Impact);
        Assert.Equal(150m, b.Base);
        Assert.Equal(QualityTier.High, b.Quality);
        Assert.Equal(1.5m, b.QualityFactor);
        Assert.Equal(7, b.StreakDays);
        Assert.Equal(7, b.ConsistencyTierDays);
        Assert.Equal(0.25m, b.Consistency);
        Assert.Equal(3, b.Endorsements);
        Assert.Equal(0.15m, b.EndorsementBonus);
        Assert.Equal(1.00m, b.BlessingBonus);
        Assert.Equal(0m, b.FeatureBonus);
        Assert.Equal(1.15m, b.Community);
        Assert.Equal("540.00", b.Impact.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(QualityTier.Standard, "50")]
    [InlineData(QualityTier.Good, "60")]
    [InlineData(QualityTier.High, "75")]
    [InlineData(QualityTier.Exceptional, "100")]
    public void Compute_EachQualityTier_MultipliesBase(QualityTier tier, string expected)
    {
        var b = ImpactCalculator.Compute(s_catalog, s_blogPost, tier, 1, Recognition.None);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), b.Impact);
    }

    [Theory]
    [InlineData(0, 0, "0")]
    [InlineData(1, 0, "0")]
    [InlineData(2, 2, "0.10")]
    [InlineData(6, 2, "0.10")]
    [InlineData(7, 7, "0.25")]
    [InlineData(29, 7, "0.25")]
    [InlineData(30, 30, "0.50")]
    [InlineData(99, 30, "0.50")]
    [InlineData(100, 100, "1.00")]
    [InlineData(1000, 100, "1.00")]
    public void Consistency_TierBoundaries_HighestTierOnly(int streak, int tierDays, string bonus)
    {
        var value = ImpactCalculator.Consistency(s_catalog, streak, out var days);
        Assert.Equal(decimal.Parse(bonus, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(tierDays, days);
    }

    [Theory]
    [InlineData(1, "52.50")]
    [InlineData(7, "65")]
    [InlineData(100, "102.50")]
    public void Compute_StreakAndEndorsement_AddConsistencyAndCommunity(int streak, string expected)
    {
        // blog_post 50 × 1.0 × (1 + consistency + 0.05)
        var b = ImpactCalculator.Compute(s_catalog, s_blogPost, QualityTier.Standard, streak, new Recognition(1, false, false));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), b.Impact);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "0.05")]
    [InlineData(9, "0.45")]
    [InlineData(10, "0.50")]
    [InlineData(11, "0.50")]
    [InlineData(1000, "0.50")]
    public void Compute_Endorsements_CappedAtHalf(int endorsements, string bonus)
    {
        var b = ImpactCalculator.Compute(s_catalog, s_blogPost, QualityTier.Standard, 0, new Recognition(endorsements, false, false));
        var expected = decimal.Parse(bonus, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, b.EndorsementBonus);
        Assert.Equal(expected, b.Community);
        Assert.Equal(50m * (1 + expected), b.Impact);
    }

    [Fact]
    public void Compute_Blessed_AddsOne()
    {
        var b = ImpactCalculator.Compute(s_catalog, s_blogPost, QualityTier.Standard, 0, new Recognition(0, Blessed: true, Featured: false));
        Assert.Equal(1.00m, b.BlessingBonus);
        Assert.Equal(100m, b.Impact);
    }

    [Fact]
    public void Compute_Featured_AddsThreeQuarters()
    {
        var b = ImpactCalculator.Compute(s_catalog, s_blogPost, QualityTier.Standard, 0, new Recognition(0, Blessed: false, Featured: true));
        Assert.Equal(0.75m, b.FeatureBonus);
        Assert.Equal(87.5m, b.Impact);
    }

    [Fact]
    public void Compute_EverythingAtOnce_SumsAllTerms()
    {
        // workshop_retreat 200 × 2.0 × (1 + 1.00 + 0.50 + 1.00 + 0.75) = 1700
        var subtype = Subtype("HEALING_SESSION", "workshop_retreat");
        var b = ImpactCalculator.Compute(s_catalog, subtype, QualityTier.Exceptional, 365, new Recognition(20, true, true));
        Assert.Equal(2.25m, b.Community);
        Assert.Equal(1700m, b.Impact);
    }

    [Fact]
    public void Compute_MidpointAtThirdDecimal_RoundsAwayFromZero()
    {
        // transaction 5 × 1.5 × (1 + 0.10 + 0.05) = 8.625: away from zero gives 8.63 (to-even would give 8.62).
        var subtype = Subtype("ECONOMIC_ACTIVITY", "transaction");
        var b = ImpactCalculator.Compute(s_catalog, subtype, QualityTier.High, 2, new Recognition(1, false, false));
        Assert.Equal(8.63m, b.Impact);
    }

    [Fact]
    public void Compute_BelowMidpoint_RoundsDown()
    {
        // 0.004 base: 0.004 → 0.00; 0.005 → 0.01
        Assert.Equal(0.00m, ImpactCalculator.Compute(s_catalog, new SubtypeRule("x", 0.004m, "c", false), QualityTier.Standard, 0, Recognition.None).Impact);
        Assert.Equal(0.01m, ImpactCalculator.Compute(s_catalog, new SubtypeRule("x", 0.005m, "c", false), QualityTier.Standard, 0, Recognition.None).Impact);
    }

    [Fact]
    public void Compute_NegativeEndorsementsOrStreak_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImpactCalculator.Compute(s_catalog, s_blogPost, QualityTier.Standard, 0, new Recognition(-1, false, false)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImpactCalculator.Compute(s_catalog, s_blogPost, QualityTier.Standard, -1, Recognition.None));
    }

    [Fact]
    public void Recompute_NewRecognitionAndQuality_KeepsBaseAndStreak()
    {
        var recorded = ImpactCalculator.Compute(s_catalog, s_groupHealing, QualityTier.Standard, 7, Recognition.None);
        var updated = ImpactCalculator.Recompute(s_catalog, recorded, QualityTier.High, new Recognition(3, true, false));
        Assert.Equal(ImpactCalculator.Compute(s_catalog, s_groupHealing, QualityTier.High, 7, new Recognition(3, true, false)), updated);
        Assert.Equal(540.00m, updated.Impact);
    }

    [Fact]
    public void Consistency_UnsortedTiers_StillPicksLongestReached()
    {
        var catalog = s_catalog with { ConsistencyTiers = [new ConsistencyTier(2, 0.10m), new ConsistencyTier(30, 0.50m), new ConsistencyTier(7, 0.25m)] };
        Assert.Equal(0.25m, ImpactCalculator.Consistency(catalog, 10, out var days));
        Assert.Equal(7, days);
    }
}
