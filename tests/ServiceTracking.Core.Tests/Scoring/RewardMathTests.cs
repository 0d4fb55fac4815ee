using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Scoring;

public sealed class RewardMathTests
{
    private static readonly Catalog s_catalog = Catalog.Default;
    private static readonly decimal s_rate = s_catalog.Rewards.DecayRatePerDay;
    private const decimal MaxSupply = 1_000_000_000m;

    private static ScoreBreakdown WorkedExample()
    {
        Assert.True(s_catalog.TryGetSubtype("HEALING_SESSION", "group_healing", out _, out var subtype));
        return ImpactCalculator.Compute(s_catalog, subtype, QualityTier.High, 7, new Recognition(3, true, false));
    }

    [Fact]
    public void Points_WorkedExample_MultipliesConsistencyAndCommunitySeparately()
    {
        // 150 × 1.5 × (1 + 0.25) × (1 + 1.15)
        Assert.Equal(604.6875m, RewardMath.Points(WorkedExample()));
    }

    [Fact]
    public void Parts_WorkedExample_AddUpToPoints()
    {
        var b = WorkedExample();
        Assert.Equal(483.75m, RewardMath.RealTimePart(b));
        Assert.Equal(120.9375m, RewardMath.ConsistencyPart(b));
        Assert.Equal(RewardMath.Points(b), RewardMath.RealTimePart(b) + RewardMath.ConsistencyPart(b));
    }

    [Fact]
    public void Amount_NoDecayNoSupply_IsPointsTimesPerPoint()
    {
        Assert.Equal(604.6875m, RewardMath.Amount(604.6875m, 1m, s_rate, 0m, 0m, MaxSupply));
        Assert.Equal(1209.375m, RewardMath.Amount(604.6875m, 2m, s_rate, 0m, 0m, MaxSupply));
    }

    [Theory]
    [InlineData("1.2345679", "1.234567")]
    [InlineData("0.0000019", "0.000001")]
    [InlineData("0.0000009", "0")]
    [InlineData("2.9999999999", "2.999999")]
    public void Amount_MoreThanSixDecimals_RoundsDown(string points, string expected)
    {
        var p = decimal.Parse(points, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), RewardMath.Amount(p, 1m, 0m, 0m, 0m, MaxSupply));
    }

    [Fact]
    public void Amount_OneThird_RoundsDown()
    {
        Assert.Equal(0.333333m, RewardMath.Amount(1m / 3m, 1m, 0m, 0m, 0m, MaxSupply));
        Assert.Equal(0.666666m, RewardMath.Amount(2m / 3m, 1m, 0m, 0m, 0m, MaxSupply));
    }

    [Theory]
    [InlineData(90, "50")]
    [InlineData(180, "25")]
    [InlineData(270, "12.5")]
    public void Amount_EachHalfLife_HalvesTheAmount(int days, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), RewardMath.Amount(100m, 1m, s_rate, days, 0m, MaxSupply));
    }

    [Fact]
    public void DecayFactor_HalfLife_IsExactlyOneHalf()
    {
        Assert.Equal(0.5m, RewardMath.DecayFactor(s_rate, 90m));
        Assert.Equal(1m, RewardMath.DecayFactor(s_rate, 0m));
        Assert.Equal(1m, RewardMath.DecayFactor(0m, 1000m));
    }

    [Fact]
    public void Amount_FractionalDays_DecaysContinuously()
    {
        // exp(−ln2/90 × 0.5) = 0.9961565872...
        var amount = RewardMath.Amount(1000m, 1m, s_rate, 0.5m, 0m, MaxSupply);
        Assert.Equal(996.156587m, amount);
    }

    [Fact]
    public void Amount_HalfSupplyGranted_HalvesTheAmount()
    {
        Assert.Equal(50m, RewardMath.Amount(100m, 1m, 0m, 0m, MaxSupply / 2, MaxSupply));
    }

    [Theory]
    [InlineData("1000000000")]
    [InlineData("1000000001")]
    public void Amount_SupplyAtOrPastMax_IsZero(string supply)
    {
        var s = decimal.Parse(supply, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0m, RewardMath.Amount(100m, 1m, s_rate, 0m, s, MaxSupply));
    }

    [Fact]
    public void Amount_NearlyExhaustedSupply_NeverExceedsWhatIsLeft()
    {
        // 1000 × (1 − 50/100) = 500, but only 50 are left.
        Assert.Equal(50m, RewardMath.Amount(1000m, 1m, 0m, 0m, 50m, 100m));
    }

    [Fact]
    public void Amount_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RewardMath.Amount(-1m, 1m, 0m, 0m, 0m, MaxSupply));
        Assert.Throws<ArgumentOutOfRangeException>(() => RewardMath.Amount(1m, 1m, 0m, -1m, 0m, MaxSupply));
        Assert.Throws<ArgumentOutOfRangeException>(() => RewardMath.Amount(1m, 1m, 0m, 0m, -1m, MaxSupply));
        Assert.Throws<ArgumentOutOfRangeException>(() => RewardMath.Amount(1m, 1m, 0m, 0m, 0m, 0m));
    }

    [Fact]
    public void BlessingPoints_Default_TenPerBlessingOnePerEndorsementFivePerFeature()
    {
        var rules = s_catalog.Rewards;
        Assert.Equal(0m, RewardMath.BlessingPoints(rules, Recognition.None));
        Assert.Equal(10m, RewardMath.BlessingPoints(rules, new Recognition(0, true, false)));
        Assert.Equal(5m, RewardMath.BlessingPoints(rules, new Recognition(0, false, true)));
        Assert.Equal(27m, RewardMath.BlessingPoints(rules, new Recognition(12, true, true)));
    }
}
