namespace ServiceTracking.Core.Scoring;

/// <summary>Community recognition a contribution has received (SCORING §2).</summary>
/// <remarks>
/// <see cref="Weighted"/> is the endorsements' effective count under the trust rule (docs/catalog.md "Trust"), from 0 to
/// <see cref="Endorsements"/>; when it is not given every endorsement counts in full.
/// </remarks>
public sealed record Recognition(int Endorsements, bool Blessed, bool Featured)
{
    public static Recognition None { get; } = new(0, false, false);

    public decimal? Weighted { get; init; }

    /// <summary>What the endorsement term counts: the weighted count, never more than the endorsements themselves.</summary>
    public decimal EffectiveEndorsements => Math.Clamp(Weighted ?? Endorsements, 0m, Endorsements);
}

/// <summary>
/// An impact score with every term that produced it, so a contributor can see why (SCORING §2).
/// <see cref="ConsistencyTierDays"/> is the <c>MinDays</c> of the tier applied, 0 when none.
/// </summary>
public sealed record ScoreBreakdown(
    decimal Base,
    QualityTier Quality,
    decimal QualityFactor,
    int StreakDays,
    int ConsistencyTierDays,
    decimal Consistency,
    int Endorsements,
    decimal EndorsementBonus,
    decimal BlessingBonus,
    decimal FeatureBonus,
    decimal Community,
    decimal Impact);

/// <summary>The impact score: <c>base × quality × (1 + consistency + community)</c>, rounded to 2 decimals, midpoint away from zero.</summary>
public static class ImpactCalculator
{
    /// <summary>Decimals kept in an impact score; on chain it is an integer in hundredths.</summary>
    public const int ImpactDecimals = 2;

    public static ScoreBreakdown Compute(Catalog catalog, SubtypeRule subtype, QualityTier quality, int streakDays, Recognition recognition)
    {
        ArgumentNullException.ThrowIfNull(subtype);
        return Compute(catalog, subtype.Base, quality, streakDays, recognition);
    }

    /// <summary>
    /// Recomputes a recorded score after recognition arrives or a reassessment replaces the quality tier.
    /// Base and streak stay as recorded (the streak is fixed when the contribution is recorded).
    /// </summary>
    public static ScoreBreakdown Recompute(Catalog catalog, ScoreBreakdown recorded, QualityTier quality, Recognition recognition)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return Compute(catalog, recorded.Base, quality, recorded.StreakDays, recognition);
    }

    private static ScoreBreakdown Compute(Catalog catalog, decimal baseScore, QualityTier quality, int streakDays, Recognition recognition)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(recognition);
        ArgumentOutOfRangeException.ThrowIfNegative(recognition.Endorsements, nameof(recognition));

        var qualityFactor = catalog.QualityFactor(quality);
        var consistency = Consistency(catalog, streakDays, out var tierDays);
        var endorsement = Math.Min(catalog.EndorsementBonus * recognition.EffectiveEndorsements, catalog.EndorsementCap);
        var blessing = recognition.Blessed ? catalog.BlessingBonus : 0m;
        var feature = recognition.Featured ? catalog.FeatureBonus : 0m;
        var community = endorsement + blessing + feature;
        var impact = Round(baseScore * qualityFactor * (1m + consistency + community));

        return new ScoreBreakdown(baseScore, quality, qualityFactor, streakDays, tierDays, consistency,
            recognition.Endorsements, endorsement, blessing, feature, community, impact);
    }

    /// <summary>
    /// The consistency bonus for a streak (counting the day itself): the bonus of the longest tier reached, 0 below all tiers.
    /// <paramref name="tierDays"/> is that tier's <c>MinDays</c>, 0 when none applies.
    /// </summary>
    public static decimal Consistency(Catalog catalog, int streakDays, out int tierDays)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfNegative(streakDays);
        // Do not rely on the tiers' order: a hand-built catalog may not be sorted.
        ConsistencyTier? best = null;
        foreach (var tier in catalog.ConsistencyTiers)
        {
            if (streakDays >= tier.MinDays && (best is null || tier.MinDays > best.MinDays))
            {
                best = tier;
            }
        }
        tierDays = best?.MinDays ?? 0;
        return best?.Bonus ?? 0m;
    }

    private static decimal Round(decimal value) => Math.Round(value, ImpactDecimals, MidpointRounding.AwayFromZero);
}
