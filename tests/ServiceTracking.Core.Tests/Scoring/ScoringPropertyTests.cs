using CsCheck;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Scoring;

public sealed class ScoringPropertyTests
{
    private static readonly Catalog s_catalog = Catalog.Default;
    private static readonly SubtypeRule[] s_subtypes = [.. s_catalog.Types.SelectMany(t => t.Subtypes)];

    private static readonly Gen<SubtypeRule> s_subtype = Gen.Int[0, s_subtypes.Length - 1].Select(i => s_subtypes[i]);
    private static readonly Gen<QualityTier> s_quality = Gen.Enum<QualityTier>();
    private static readonly Gen<int> s_streak = Gen.Int[0, 400];
    private static readonly Gen<Recognition> s_recognition =
        Gen.Select(Gen.Int[0, 1000], Gen.Bool, Gen.Bool, (e, b, f) => new Recognition(e, b, f));

    private static ScoreBreakdown Compute(SubtypeRule s, QualityTier q, int streak, Recognition r) =>
        ImpactCalculator.Compute(s_catalog, s, q, streak, r);

    [Fact]
    public void Compute_AnyInput_ImpactIsNeverNegativeAndHasTwoDecimals()
    {
        Gen.Select(s_subtype, s_quality, s_streak, s_recognition).Sample((s, q, streak, r) =>
        {
            var impact = Compute(s, q, streak, r).Impact;
            return impact >= 0 && Math.Round(impact, 2) == impact;
        });
    }

    [Fact]
    public void Compute_AnyInput_EndorsementTermNeverAboveHalf()
    {
        Gen.Select(s_subtype, s_quality, s_streak, s_recognition).Sample((s, q, streak, r) =>
        {
            var b = Compute(s, q, streak, r);
            return b.EndorsementBonus is >= 0m and <= 0.50m && b.Community <= 0.50m + 1.00m + 0.75m;
        });
    }

    [Fact]
    public void Compute_MoreEndorsements_NeverLowersImpact()
    {
        Gen.Select(s_subtype, s_quality, s_streak, Gen.Int[0, 50], Gen.Int[0, 50], Gen.Bool).Sample((s, q, streak, a, b, blessed) =>
        {
            var (low, high) = (Math.Min(a, b), Math.Max(a, b));
            return Compute(s, q, streak, new Recognition(low, blessed, false)).Impact
                <= Compute(s, q, streak, new Recognition(high, blessed, false)).Impact;
        });
    }

    [Fact]
    public void Compute_BetterQuality_NeverLowersImpact()
    {
        Gen.Select(s_subtype, s_quality, s_quality, s_streak, s_recognition).Sample((s, q1, q2, streak, r) =>
        {
            var (low, high) = q1 <= q2 ? (q1, q2) : (q2, q1);
            return Compute(s, low, streak, r).Impact <= Compute(s, high, streak, r).Impact;
        });
    }

    [Fact]
    public void Compute_LongerStreak_NeverLowersImpact()
    {
        Gen.Select(s_subtype, s_quality, s_streak, s_streak, s_recognition).Sample((s, q, a, b, r) =>
            Compute(s, q, Math.Min(a, b), r).Impact <= Compute(s, q, Math.Max(a, b), r).Impact);
    }

    [Fact]
    public void Parts_AnyInput_AddUpToPoints()
    {
        Gen.Select(s_subtype, s_quality, s_streak, s_recognition).Sample((s, q, streak, r) =>
        {
            var b = Compute(s, q, streak, r);
            return RewardMath.RealTimePart(b) + RewardMath.ConsistencyPart(b) == RewardMath.Points(b)
                && RewardMath.Points(b) >= RewardMath.RealTimePart(b);
        });
    }

    private static readonly Gen<decimal> s_points = Gen.Int[0, 10_000_000].Select(i => i / 1000m);
    private static readonly Gen<decimal> s_days = Gen.Int[0, 100_000].Select(i => i / 100m);
    private static readonly Gen<decimal> s_supply = Gen.Long[0, 1_100_000_000].Select(i => (decimal)i);

    [Fact]
    public void Amount_AnyInput_IsNeverNegativeNorAbovePointsAndHasSixDecimals()
    {
        var rate = s_catalog.Rewards.DecayRatePerDay;
        Gen.Select(s_points, s_days, s_supply).Sample((p, d, s) =>
        {
            var amount = RewardMath.Amount(p, 1m, rate, d, s, 1_000_000_000m);
            return amount >= 0 && amount <= p && Math.Round(amount, 6) == amount;
        });
    }

    [Fact]
    public void Amount_LaterOrWithMoreSupply_NeverPaysMore()
    {
        var rate = s_catalog.Rewards.DecayRatePerDay;
        Gen.Select(s_points, s_days, s_days, s_supply, s_supply).Sample((p, d1, d2, s1, s2) =>
            RewardMath.Amount(p, 1m, rate, Math.Max(d1, d2), Math.Max(s1, s2), 1_000_000_000m)
                <= RewardMath.Amount(p, 1m, rate, Math.Min(d1, d2), Math.Min(s1, s2), 1_000_000_000m));
    }
}
