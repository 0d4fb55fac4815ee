using CsCheck;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Tests.Trust;

/// <summary>The early-stopped, seeded propagation against a reference written the slow, obvious way over an edge list.</summary>
public sealed class TrustRankPropertyTests
{
    private const decimal Teleport = 0.25m;

    private static readonly Gen<(int N, (int From, int To)[] Edges, int[] Seeds)> s_graph =
        Gen.Int[1, 12].SelectMany(n => Gen.Select(
            Gen.Select(Gen.Int[0, n - 1], Gen.Int[0, n - 1]).Array[0, 40],
            Gen.Int[0, n - 1].Array[0, 3],
            (edges, seeds) => (n, edges, seeds)));

    private static double[] Reference(int n, (int From, int To)[] edges, int[] seeds, int steps)
    {
        var pairs = edges.Where(e => e.From != e.To).Distinct().ToList();
        var seedSet = seeds.Distinct().ToList();
        var trust = new double[n];
        if (seedSet.Count == 0)
        {
            return trust;
        }
        foreach (var s in seedSet)
        {
            trust[s] = 1.0 / seedSet.Count;
        }
        var alpha = (double)Teleport;
        var mean = new double[n];
        for (var step = 0; step < steps; step++)
        {
            var next = new double[n];
            for (var u = 0; u < n; u++)
            {
                var outs = pairs.Where(e => e.From == u).Select(e => e.To).ToList();
                var keep = (1 - alpha) * trust[u];
                if (outs.Count == 0)
                {
                    seedSet.ForEach(s => next[s] += keep / seedSet.Count);
                }
                outs.ForEach(v => next[v] += keep / outs.Count);
            }
            seedSet.ForEach(s => next[s] += alpha / seedSet.Count);
            trust = next;
            for (var v = 0; v < n; v++)
            {
                mean[v] += trust[v] / steps;
            }
        }
        return mean;
    }

    private static double[] Compute(int n, (int From, int To)[] edges, int[] seeds, int maxIterations = 20) =>
        TrustRank.Compute(TrustGraph.FromEdges(n, edges.Select(e => e.From).ToArray(), edges.Select(e => e.To).ToArray()), seeds, Teleport, maxIterations);

    [Fact]
    public void Compute_AnyGraph_MatchesTheReference()
    {
        s_graph.Sample(g =>
        {
            var expected = Reference(g.N, g.Edges, g.Seeds, TrustRank.EarlyStop(g.N));
            var actual = Compute(g.N, g.Edges, g.Seeds);
            return expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) < 1e-12);
        });
    }

    [Fact]
    public void Compute_AnyGraph_TrustIsNeverNegativeAndSumsToOneWithSeeds()
    {
        s_graph.Sample(g =>
        {
            var trust = Compute(g.N, g.Edges, g.Seeds);
            var sum = trust.Sum();
            return trust.All(t => t is >= 0 and <= 1.0 + 1e-12) && (g.Seeds.Length == 0 ? sum == 0 : Math.Abs(sum - 1) < 1e-9);
        });
    }

    [Fact]
    public void Compute_RegionNoSeedReaches_GetsNoTrustWhateverItsOwnEdges()
    {
        // Nodes 0..honest-1 hold the seeds; the sybil region honest..n-1 may endorse itself and the honest region freely.
        Gen.Select(Gen.Int[1, 8], Gen.Int[1, 8]).SelectMany((honest, sybils) => Gen.Select(
            Gen.Select(Gen.Int[0, honest - 1], Gen.Int[0, honest - 1]).Array[0, 20],
            Gen.Select(Gen.Int[honest, honest + sybils - 1], Gen.Int[0, honest + sybils - 1]).Array[0, 40],
            Gen.Int[0, honest - 1].Array[1, 3],
            (inside, fromSybils, seeds) => (honest, sybils, inside, fromSybils, seeds)))
            .Sample(g =>
            {
                var n = g.honest + g.sybils;
                var trust = Compute(n, [.. g.inside, .. g.fromSybils], g.seeds);
                return trust.Skip(g.honest).All(t => t == 0);
            });
    }

    [Fact]
    public void Compute_EdgesInsideAnUnreachedRegion_ChangeNobodysTrust()
    {
        Gen.Select(Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5]).Array[0, 15], Gen.Select(Gen.Int[6, 9], Gen.Int[6, 9]).Array[1, 20], Gen.Int[0, 5].Array[1, 3])
            .Sample((honest, sybil, seeds) => Compute(10, honest, seeds).SequenceEqual(Compute(10, [.. honest, .. sybil], seeds)));
    }

    [Fact]
    public void Compute_RepeatedEdges_CountOnce()
    {
        s_graph.Sample(g => Compute(g.N, g.Edges, g.Seeds).SequenceEqual(Compute(g.N, [.. g.Edges, .. g.Edges], g.Seeds)));
    }

    [Fact]
    public void Relative_TypicalMemberIsOneAndNothingIsNegative()
    {
        var trust = Compute(6, [(0, 1), (1, 2), (2, 3), (3, 1), (1, 4)], [0]);
        var relative = TrustRank.Relative(trust, [0]);
        Assert.All(relative, r => Assert.True(r >= 0));
        Assert.Equal(0m, relative[5]);
        Assert.Contains(relative.Skip(1).Take(4), r => r == 1m);
    }

    [Fact]
    public void EarlyStop_IsLogTwoOfTheSize()
    {
        Assert.Equal(1, TrustRank.EarlyStop(1));
        Assert.Equal(20, TrustRank.EarlyStop(1_000_000));
    }
}
