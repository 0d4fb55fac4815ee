using System.Diagnostics;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Attacks;

/// <summary>
/// The nightly trust computation at scale: a random graph of <c>contributors</c> nodes and <c>endorsements</c> edges
/// (endorsers chosen with a skew, as real communities have), 1% seeds; builds the graph, propagates trust, computes every
/// standing, and prints the time of each step and the process's peak memory.
/// </summary>
public static class Scale
{
    public static void Run(int contributors, int endorsements, int seed)
    {
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var from = new int[endorsements];
        var to = new int[endorsements];
        for (var i = 0; i < endorsements; i++)
        {
            from[i] = (int)(contributors * Math.Pow(random.NextDouble(), 2));
            to[i] = random.Next(contributors);
        }
        var generated = clock.Elapsed;
        var graph = TrustGraph.FromEdges(contributors, from, to);
        var built = clock.Elapsed;
        var seeds = Enumerable.Range(0, contributors / 100).ToArray();
        var rules = TrustRules.Default;
        var trust = TrustRank.Compute(graph, seeds, rules.Teleport, rules.MaxIterations);
        var propagated = clock.Elapsed;
        var relative = TrustRank.Relative(trust, seeds);
        var standings = new decimal[contributors];
        for (var u = 0; u < contributors; u++)
        {
            standings[u] = StandingCalculator.Compute(new StandingInput(u % 40, u % 7 == 0 ? 1 : 0, u % 25, u % 60, relative[u], Seed: u < seeds.Length), rules).Value;
        }
        var stood = clock.Elapsed;
        // Detection over the same endorsements as one 30-day window (the worst case: all of them are recent), one
        // contribution per endorsed contributor and day.
        var facts = new EndorsementFact[endorsements];
        for (var i = 0; i < endorsements; i++)
        {
            var at = 1_700_000_000L + random.Next(30 * 86_400);
            facts[i] = new EndorsementFact(from[i], to[i], ((long)to[i] << 5) | ((at / 86_400) & 31), at);
        }
        from = to = [];
        var rings = CollusionDetector.Rings(facts, contributors, u => standings[u] < rules.GoodStanding);
        var ringed = clock.Elapsed;
        var lockstep = CollusionDetector.Lockstep(facts, contributors);
        var detected = clock.Elapsed;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"{contributors:N0} contributors, {graph.EdgeCount:N0} distinct endorsement pairs ({endorsements:N0} generated), {seeds.Length:N0} seeds, " +
            $"{Math.Min(rules.MaxIterations, TrustRank.EarlyStop(contributors))} steps");
        Console.WriteLine($"  generate {generated.TotalSeconds:0.0} s, build graph {(built - generated).TotalSeconds:0.0} s, propagate {(propagated - built).TotalSeconds:0.0} s, " +
            $"standings {(stood - propagated).TotalSeconds:0.0} s; total {stood.TotalSeconds:0.0} s (without generation {(stood - generated).TotalSeconds:0.0} s)");
        Console.WriteLine($"  detection over all {endorsements:N0} as one window: rings and pairs {(ringed - stood).TotalSeconds:0.0} s ({rings.Count:N0} found), " +
            $"lockstep {(detected - ringed).TotalSeconds:0.0} s ({lockstep.Count:N0} found)");
        Console.WriteLine($"  peak working set {process.PeakWorkingSet64 / (1024 * 1024):N0} MiB; with good standing: {standings.Count(s => s >= rules.GoodStanding):N0}");
    }
}
