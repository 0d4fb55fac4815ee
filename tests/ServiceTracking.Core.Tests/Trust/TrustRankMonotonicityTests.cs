using CsCheck;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Tests.Trust;

/// <summary>
/// A new endorsement never lowers its target's trust, whoever gives it and whoever receives it (seeds included):
/// trust is what a walk from the seeds spends at a node over the early-stopped steps, and an edge into a node only
/// brings walks there sooner (docs/antigaming.md "Standing").
/// </summary>
public sealed class TrustRankMonotonicityTests
{
    private const decimal Teleport = 0.25m;

    private static readonly Gen<(int N, (int From, int To)[] Edges, int[] Seeds, int Endorser, int Target)> s_endorsement =
        Gen.Int[2, 12].SelectMany(n => Gen.Select(
            Gen.Select(Gen.Int[0, n - 1], Gen.Int[0, n - 1]).Array[0, 40],
            Gen.Int[0, n - 1].Array[1, 3],
            Gen.Int[0, n - 1],
            Gen.Int[1, n - 1],
            (edges, seeds, endorser, offset) => (N: n, Edges: edges, Seeds: seeds, Endorser: endorser, Target: (endorser + offset) % n)));

    /// <summary>The same, the endorser being one of the seeds.</summary>
    private static readonly Gen<(int N, (int From, int To)[] Edges, int[] Seeds, int Endorser, int Target)> s_seedsEndorsement =
        s_endorsement.Select(g => (g.N, g.Edges, g.Seeds, Endorser: g.Seeds[0], Target: g.Target == g.Seeds[0] ? g.Endorser : g.Target));

    private static double[] Compute(int n, (int From, int To)[] edges, int[] seeds) =>
        TrustRank.Compute(TrustGraph.FromEdges(n, edges.Select(e => e.From).ToArray(), edges.Select(e => e.To).ToArray()), seeds, Teleport, 20);

    private static double Lift(int n, (int From, int To)[] edges, int[] seeds, int endorser, int target) =>
        Compute(n, [.. edges, (endorser, target)], seeds)[target] - Compute(n, edges, seeds)[target];

    [Fact]
    public void Compute_SeedEndorsingAnotherSeed_RaisesItsTrust()
    {
        // The generator's counterexample (CsCheck_Seed=buwnmUsn2YC2): seeds 0 and 5, seed 0 starts endorsing seed 5.
        (int, int)[] edges = [(5, 1), (1, 2), (3, 3), (0, 1), (4, 3)];
        int[] seeds = [0, 5];
        var before = Compute(6, edges, seeds);
        var after = Compute(6, [.. edges, (0, 5)], seeds);
        Assert.True(after[5] > before[5], $"seed 5: {before[5]} before, {after[5]} after");
    }

    [Fact]
    public void Compute_SeedEndorsingTheEndOfItsChain_RaisesItsTrust()
    {
        // Seed 0 → 1 → 2; the seed then endorses 2 directly. The walk reaches 2 a step sooner, and leaves it sooner:
        // a walk's position after the last step alone would put less on 2 than before.
        (int, int)[] edges = [(0, 1), (1, 2)];
        var before = Compute(3, edges, [0]);
        var after = Compute(3, [.. edges, (0, 2)], [0]);
        Assert.True(after[2] > before[2], $"node 2: {before[2]} before, {after[2]} after");
    }

    [Fact]
    public void Compute_AnyNewEndorsement_NeverLowersItsTargetsTrust()
    {
        s_endorsement.Sample(g => Lift(g.N, g.Edges, g.Seeds, g.Endorser, g.Target) >= -1e-12);
    }

    [Fact]
    public void Compute_SeedsNewEndorsement_NeverLowersItsTargetsTrust()
    {
        s_seedsEndorsement.Sample(g => Lift(g.N, g.Edges, g.Seeds, g.Endorser, g.Target) >= -1e-12);
    }

    [Fact]
    public void Relative_SeedsNewEndorsementOfAMember_NeverLowersTheirRelativeTrust()
    {
        s_seedsEndorsement.Where(g => !g.Seeds.Contains(g.Target)).Sample(g =>
        {
            var before = TrustRank.Relative(Compute(g.N, g.Edges, g.Seeds), g.Seeds)[g.Target];
            var after = TrustRank.Relative(Compute(g.N, [.. g.Edges, (g.Endorser, g.Target)], g.Seeds), g.Seeds)[g.Target];
            return after >= before;
        });
    }
}
