namespace ServiceTracking.Core.Scoring;

/// <summary>
/// Reward formulas (SCORING §5). Points split into a real-time part and a consistency part that add up to
/// <see cref="Points"/>; <see cref="Amount"/> turns points into tokens with time decay and scarcity.
/// </summary>
public static class RewardMath
{
    /// <summary>Token amounts keep 6 decimals, rounded down.</summary>
    public const int AmountDecimals = 6;

    /// <summary>Decimals kept of the decay factor <c>exp(−rate × days)</c>, the one value computed in floating point.</summary>
    public const int DecayDecimals = 12;

    /// <summary>ln 2 to decimal precision: <c>decayRate = Ln2 / halfLifeDays</c>.</summary>
    public const decimal Ln2 = 0.6931471805599453094172321215m;

    /// <summary><c>base × quality × (1 + consistency) × (1 + community)</c>.</summary>
    public static decimal Points(ScoreBreakdown b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return b.Base * b.QualityFactor * (1m + b.Consistency) * (1m + b.Community);
    }

    /// <summary><c>base × quality × (1 + community)</c>: paid at once (at or above the small threshold) or in the daily batch.</summary>
    public static decimal RealTimePart(ScoreBreakdown b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return b.Base * b.QualityFactor * (1m + b.Community);
    }

    /// <summary><c>base × quality × consistency × (1 + community)</c>: paid in the weekly summary.</summary>
    public static decimal ConsistencyPart(ScoreBreakdown b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return b.Base * b.QualityFactor * b.Consistency * (1m + b.Community);
    }

    /// <summary>
    /// BlessingCoin points for a contribution's recognition: per blessing, per endorsement (uncapped) and per feature.
    /// Paid through <see cref="Amount"/> with a <c>perPoint</c> of 1 and the BlessingCoin max supply.
    /// </summary>
    public static decimal BlessingPoints(RewardRules rules, Recognition recognition)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(recognition);
        ArgumentOutOfRangeException.ThrowIfNegative(recognition.Endorsements, nameof(recognition));
        return (recognition.Blessed ? rules.BlessingCoinPerBlessing : 0m)
            + (rules.BlessingCoinPerEndorsement * recognition.EffectiveEndorsements) // weighted: a ring's endorsements earn as little here as in the score
            + (recognition.Featured ? rules.BlessingCoinPerFeature : 0m);
    }

    /// <summary>
    /// <c>points × perPoint × exp(−decayRatePerDay × days) × (1 − supply / maxSupply)</c>, rounded down to 6 decimals.
    /// Never negative, and never more than what is left of the supply (<c>maxSupply − supply</c>): at or past
    /// <paramref name="maxSupply"/> it is 0. The decay factor is computed in <see cref="double"/> once and rounded
    /// to <see cref="DecayDecimals"/> decimals (half away from zero) so that the rest stays exact.
    /// </summary>
    public static decimal Amount(decimal points, decimal perPoint, decimal decayRatePerDay, decimal days, decimal supply, decimal maxSupply)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        ArgumentOutOfRangeException.ThrowIfNegative(perPoint);
        ArgumentOutOfRangeException.ThrowIfNegative(decayRatePerDay);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfNegative(supply);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSupply);

        return ScarceAmount(points * perPoint * DecayFactor(decayRatePerDay, days), supply, maxSupply);
    }

    /// <summary>
    /// <c>weighted × (1 − supply / maxSupply)</c>, rounded down to 6 decimals and never more than what is left of the supply;
    /// <paramref name="weighted"/> is a grant's sum of <c>points × perPoint × decay</c> over what it pays for.
    /// </summary>
    public static decimal ScarceAmount(decimal weighted, decimal supply, decimal maxSupply)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weighted);
        ArgumentOutOfRangeException.ThrowIfNegative(supply);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSupply);
        var remaining = maxSupply - supply;
        if (remaining <= 0 || weighted == 0)
        {
            return 0m;
        }
        var amount = Math.Min(weighted * (remaining / maxSupply), remaining);
        return Math.Round(amount, AmountDecimals, MidpointRounding.ToZero);
    }

    /// <summary><c>exp(−rate × days)</c> rounded to <see cref="DecayDecimals"/> decimals; exactly 1 when there is no decay.</summary>
    public static decimal DecayFactor(decimal decayRatePerDay, decimal days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decayRatePerDay);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var exponent = decayRatePerDay * days;
        if (exponent == 0)
        {
            return 1m;
        }
        // The one place a double is used (SCORING §5): convert once, round, and go back to decimal.
        var factor = Math.Exp(-(double)exponent);
        return Math.Round((decimal)factor, DecayDecimals, MidpointRounding.AwayFromZero);
    }
}
