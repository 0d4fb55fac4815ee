using System.Globalization;
using CsCheck;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Tests.Trust;

public sealed class EndorsementWeightsTests
{
    private static readonly TrustRules s_rules = TrustRules.Default;

    private static readonly Gen<EndorsementInput> s_endorsement = Gen.Select(Gen.Int[0, 1000].Select(s => s / 1000m), Gen.Int[0, 6], Gen.Bool,
        Gen.Int[0, 3].Select(c => c == 0 ? null : "c" + c)).Select((s, r, rec, c) => new EndorsementInput(s, r, rec, c));

    [Fact]
    public void Effective_AnyEndorsements_IsBetweenZeroAndTheirCount()
    {
        s_endorsement.Array[0, 30].Sample(es =>
        {
            var effective = EndorsementWeights.Effective(es, s_rules);
            return effective >= 0m && effective <= es.Length;
        });
    }

    [Fact]
    public void Effective_IndependentEndorsersOfGoodStanding_CountInFull()
    {
        Gen.Select(Gen.Int[500, 1000], Gen.Int[0, 30]).Sample((s, n) =>
            EndorsementWeights.Effective(Enumerable.Repeat(new EndorsementInput(s / 1000m), n), s_rules) == n);
    }

    [Fact]
    public void Weight_HigherStanding_NeverCountsLess()
    {
        Gen.Select(s_endorsement, Gen.Int[0, 1000]).Sample((e, more) =>
            EndorsementWeights.Weight(e, s_rules) <= EndorsementWeights.Weight(e with { Standing = Math.Min(1m, e.Standing + (more / 1000m)) }, s_rules));
    }

    [Fact]
    public void Weight_EachRepeat_NeverCountsMore()
    {
        s_endorsement.Sample(e => EndorsementWeights.Weight(e with { Repeats = e.Repeats + 1 }, s_rules) <= EndorsementWeights.Weight(e, s_rules));
    }

    [Fact]
    public void Weight_NewcomerRepeatAndReciprocity_AsDocumented()
    {
        Assert.Equal(0.05m, EndorsementWeights.Weight(new EndorsementInput(0m), s_rules));
        Assert.Equal(0.525m, EndorsementWeights.Weight(new EndorsementInput(0.25m), s_rules));
        Assert.Equal(1m, EndorsementWeights.Weight(new EndorsementInput(1m, Repeats: 3), s_rules));
        Assert.Equal(0.25m, EndorsementWeights.Weight(new EndorsementInput(1m, Repeats: 5), s_rules));
        Assert.Equal(0.025m, EndorsementWeights.Weight(new EndorsementInput(0m, Reciprocal: true), s_rules));
        Assert.Equal(1m, EndorsementWeights.Weight(new EndorsementInput(0.5m, Reciprocal: true), s_rules));
    }

    [Fact]
    public void Effective_OneCluster_CountsAsItsHeaviestMember()
    {
        var ring = Enumerable.Range(0, 20).Select(i => new EndorsementInput(i == 3 ? 1m : 0m, Cluster: "ring")).ToList();
        Assert.Equal(1m, EndorsementWeights.Effective(ring, s_rules));
    }

    [Fact]
    public void Added_InOrder_SumsToEffective()
    {
        s_endorsement.Array[0, 20].Sample(es =>
        {
            var sum = 0m;
            var clusterMax = new Dictionary<string, decimal>();
            foreach (var e in es)
            {
                var max = e.Cluster is null ? 0m : clusterMax.GetValueOrDefault(e.Cluster);
                sum += EndorsementWeights.Added(e, max, s_rules);
                if (e.Cluster is not null)
                {
                    clusterMax[e.Cluster] = Math.Max(max, EndorsementWeights.Weight(e, s_rules));
                }
            }
            return sum == EndorsementWeights.Effective(es, s_rules);
        });
    }

    [Theory]
    [InlineData("0.8", "0.15", "540.00")] // SCORING §2's worked example: three endorsers of good standing
    [InlineData("0", "0.0075", "507.94")] // the same with three fresh wallets: 3 × 0.05 of an endorsement
    public void WorkedExample_GroupHealing_ByTheEndorsersStanding(string standing, string bonus, string impact)
    {
        // group_healing (150), high (1.5), 7-day streak (0.25), 3 endorsements, blessed (1.00).
        var catalog = Catalog.Default;
        Assert.True(catalog.TryGetSubtype("HEALING_SESSION", "group_healing", out _, out var subtype));
        var weighted = EndorsementWeights.Effective(Enumerable.Repeat(new EndorsementInput(decimal.Parse(standing, CultureInfo.InvariantCulture)), 3), catalog.Trust);
        var breakdown = ImpactCalculator.Compute(catalog, subtype, QualityTier.High, 7, new Recognition(3, true, false) { Weighted = weighted });
        Assert.Equal(decimal.Parse(bonus, CultureInfo.InvariantCulture), breakdown.EndorsementBonus);
        Assert.Equal(decimal.Parse(impact, CultureInfo.InvariantCulture), breakdown.Impact);
    }
}
