namespace ServiceTracking.Core.Trust;

/// <summary>
/// Trust propagated from seeds the community already trusts (elders, verifiers): a personalized PageRank whose
/// teleport returns to the seeds, stopped early as SybilRank does (at most log₂ of the graph's size steps). A region
/// that no edge from the trusted region reaches gets no trust at all, however densely it endorses itself; the few edges
/// an attacker obtains from honest members pass little, because every step sends a share back to the seeds.
/// A node's trust is the share of the walk's steps spent there (the mean of the steps' distributions), not where the
/// walk stands after the last step: a new endorsement only brings the walk to its target sooner, so it never lowers
/// the target's trust, whoever gives or receives it (where the walk stands at one step falls when it arrives earlier
/// and has moved on).
/// Floating point is used here only (an approximation of a walk, not money or a score), converted once by the caller.
/// </summary>
public static class TrustRank
{
    /// <summary>
    /// Each node's trust: non-negative, summing to 1 over the graph (0 everywhere when there are no seeds). A node
    /// without out-edges gives its trust back to the seeds, so no trust is lost or created.
    /// </summary>
    public static double[] Compute(TrustGraph graph, IReadOnlyCollection<int> seeds, decimal teleport, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(seeds);
        if (teleport is <= 0m or > 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(teleport), teleport, "The teleport probability is above 0 and at most 1.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(maxIterations);
        var n = graph.NodeCount;
        var seedList = seeds.Distinct().ToArray();
        var trust = new double[n];
        if (seedList.Length == 0)
        {
            return trust;
        }
        var seedShare = 1.0 / seedList.Length;
        foreach (var s in seedList)
        {
            if ((uint)s >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(seeds), s, $"Nodes are 0 to {n - 1}.");
            }
            trust[s] = seedShare;
        }
        var steps = Math.Min(maxIterations, EarlyStop(n));
        if (steps == 0)
        {
            return trust;
        }
        var alpha = (double)teleport;
        var next = new double[n];
        var visits = new double[n];
        var offsets = graph.Offsets;
        var targets = graph.Targets;
        for (var step = 0; step < steps; step++)
        {
            Array.Clear(next);
            var toSeeds = alpha;
            for (var u = 0; u < n; u++)
            {
                var t = trust[u];
                if (t == 0)
                {
                    continue;
                }
                var from = offsets[u];
                var to = offsets[u + 1];
                if (from == to)
                {
                    toSeeds += (1 - alpha) * t;
                    continue;
                }
                var share = (1 - alpha) * t / (to - from);
                for (var i = from; i < to; i++)
                {
                    next[targets[i]] += share;
                }
            }
            foreach (var s in seedList)
            {
                next[s] += toSeeds * seedShare;
            }
            (trust, next) = (next, trust);
            for (var v = 0; v < n; v++)
            {
                visits[v] += trust[v];
            }
        }
        for (var v = 0; v < n; v++)
        {
            visits[v] /= steps;
        }
        return visits;
    }

    /// <summary>SybilRank's early stop: ⌈log₂(n + 1)⌉ steps mix the honest region and leave little time to leak into a sybil one.</summary>
    public static int EarlyStop(int nodeCount) => Math.Max(1, (int)Math.Ceiling(Math.Log2(nodeCount + 1.0)));

    /// <summary>
    /// Trust relative to the median non-seed node that has any (1 = a typical trusted member), rounded to 3 decimals.
    /// Seeds are left out of the median: they hold the teleport mass and would raise it.
    /// </summary>
    public static decimal[] Relative(double[] trust, IReadOnlyCollection<int> seeds)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(seeds);
        var isSeed = new bool[trust.Length];
        foreach (var s in seeds)
        {
            isSeed[s] = true;
        }
        var positive = new List<double>();
        for (var i = 0; i < trust.Length; i++)
        {
            if (!isSeed[i] && trust[i] > 0)
            {
                positive.Add(trust[i]);
            }
        }
        var relative = new decimal[trust.Length];
        if (positive.Count == 0)
        {
            return relative;
        }
        positive.Sort();
        var median = positive[positive.Count / 2];
        for (var i = 0; i < trust.Length; i++)
        {
            // Capped well above any rule's use, so the decimal conversion cannot overflow.
            relative[i] = Math.Round((decimal)Math.Min(trust[i] / median, 1_000_000.0), 3, MidpointRounding.ToZero);
        }
        return relative;
    }
}
