namespace ServiceTracking.Core.Trust;

/// <summary>One endorsement as the weighting rule reads it.</summary>
/// <param name="Standing">The endorser's standing (0–1) when endorsing.</param>
/// <param name="Repeats">Earlier endorsements by this endorser of this contributor's work within the window (the first <see cref="TrustRules.RepeatsInFull"/> are free).</param>
/// <param name="Reciprocal">The contributor endorsed the endorser's work within the window.</param>
/// <param name="Cluster">The endorser's lockstep cluster, when detection put them in one (members of one cluster count as one).</param>
public sealed record EndorsementInput(decimal Standing, int Repeats = 0, bool Reciprocal = false, string? Cluster = null);

/// <summary>
/// Trust-weighted recognition (docs/catalog.md "Trust"): an endorsement counts 1 from an endorser of good standing
/// and less from one without (down to the newcomer weight), halves with each repeat between the same pair beyond the
/// first few in the window, counts less
/// again when it returns a recent endorsement from an endorser below good standing, and endorsers of one lockstep
/// cluster count together as their heaviest member. The sum is never above the number of endorsements, so SCORING's
/// +5% per endorsement (cap 50%) stays the maximum, reached exactly when every endorser is of good standing and independent.
/// </summary>
public static class EndorsementWeights
{
    /// <summary>Decimals kept in an endorsement's weight.</summary>
    public const int WeightDecimals = 4;

    /// <summary>What an endorsement from <paramref name="standing"/> counts before repeats and reciprocity: 1 at good standing.</summary>
    public static decimal StandingFactor(decimal standing, TrustRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var s = Math.Clamp(standing, 0m, 1m);
        if (s >= rules.GoodStanding || rules.GoodStanding <= 0)
        {
            return 1m;
        }
        return rules.NewcomerWeight + ((1m - rules.NewcomerWeight) * s / rules.GoodStanding);
    }

    /// <summary>The weight of one endorsement, from 0 to 1, on its own (clusters are applied by <see cref="Effective"/>).</summary>
    public static decimal Weight(EndorsementInput endorsement, TrustRules rules)
    {
        ArgumentNullException.ThrowIfNull(endorsement);
        ArgumentNullException.ThrowIfNull(rules);
        var weight = StandingFactor(endorsement.Standing, rules);
        for (var i = rules.RepeatsInFull; i < endorsement.Repeats && weight > 0; i++)
        {
            weight *= rules.RepeatDecay;
        }
        if (endorsement.Reciprocal && endorsement.Standing < rules.GoodStanding)
        {
            weight *= rules.ReciprocalFactor;
        }
        return Math.Round(Math.Clamp(weight, 0m, 1m), WeightDecimals, MidpointRounding.ToZero);
    }

    /// <summary>The endorsements' effective count: the sum of their weights, each cluster counted once at its heaviest member.</summary>
    public static decimal Effective(IEnumerable<EndorsementInput> endorsements, TrustRules rules)
    {
        ArgumentNullException.ThrowIfNull(endorsements);
        var independent = 0m;
        var clusters = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var e in endorsements)
        {
            var w = Weight(e, rules);
            if (e.Cluster is null)
            {
                independent += w;
            }
            else
            {
                clusters[e.Cluster] = Math.Max(clusters.GetValueOrDefault(e.Cluster), w);
            }
        }
        return independent + clusters.Values.Sum();
    }

    /// <summary>
    /// The weight one more endorsement adds to a contribution whose earlier endorsements from the same cluster weigh
    /// at most <paramref name="clusterMax"/> (0 when none): what keeps the stored sum equal to <see cref="Effective"/>.
    /// </summary>
    public static decimal Added(EndorsementInput endorsement, decimal clusterMax, TrustRules rules)
    {
        var w = Weight(endorsement, rules);
        return endorsement.Cluster is null ? w : Math.Max(0m, w - clusterMax);
    }
}
