namespace ServiceTracking.Core.Trust;

/// <summary>
/// Who vouched for whom (endorsed, approved, blessed, vouched) as a compressed adjacency list: node <c>u</c>'s
/// out-edges are <c>Targets[Offsets[u]..Offsets[u + 1]]</c>. Built in O(nodes + edges) with a counting sort, so ten
/// million edges take two int arrays and no per-edge object.
/// </summary>
public sealed class TrustGraph
{
    private TrustGraph(int nodeCount, int[] offsets, int[] targets)
    {
        NodeCount = nodeCount;
        Offsets = offsets;
        Targets = targets;
    }

    public int NodeCount { get; }

    public int EdgeCount => Targets.Length;

    internal int[] Offsets { get; }

    internal int[] Targets { get; }

    public int OutDegree(int node) => Offsets[node + 1] - Offsets[node];

    public ReadOnlySpan<int> Out(int node) => Targets.AsSpan(Offsets[node], OutDegree(node));

    /// <summary>
    /// The graph of edges <c>from[i] → to[i]</c>; self-loops are dropped (nobody earns trust from themselves) and
    /// repeated pairs are kept once, so repeating an endorsement moves no more trust than giving it once.
    /// </summary>
    public static TrustGraph FromEdges(int nodeCount, ReadOnlySpan<int> from, ReadOnlySpan<int> to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        if (from.Length != to.Length)
        {
            throw new ArgumentException("Every edge needs a source and a target.", nameof(to));
        }
        var offsets = new int[nodeCount + 1];
        for (var i = 0; i < from.Length; i++)
        {
            Check(from[i], nodeCount);
            Check(to[i], nodeCount);
            if (from[i] != to[i])
            {
                offsets[from[i] + 1]++;
            }
        }
        for (var u = 0; u < nodeCount; u++)
        {
            offsets[u + 1] += offsets[u];
        }
        var targets = new int[offsets[nodeCount]];
        var next = offsets.AsSpan(0, nodeCount).ToArray();
        for (var i = 0; i < from.Length; i++)
        {
            if (from[i] != to[i])
            {
                targets[next[from[i]]++] = to[i];
            }
        }
        return Deduplicated(nodeCount, offsets, targets);
    }

    private static TrustGraph Deduplicated(int nodeCount, int[] offsets, int[] targets)
    {
        var write = 0;
        var start = 0;
        for (var u = 0; u < nodeCount; u++)
        {
            var end = offsets[u + 1];
            var span = targets.AsSpan(start, end - start);
            span.Sort();
            offsets[u] = write;
            for (var i = 0; i < span.Length; i++)
            {
                if (i == 0 || span[i] != span[i - 1])
                {
                    targets[write++] = span[i];
                }
            }
            start = end;
        }
        offsets[nodeCount] = write;
        return new TrustGraph(nodeCount, offsets, write == targets.Length ? targets : targets[..write]);
    }

    private static void Check(int node, int nodeCount)
    {
        if ((uint)node >= (uint)nodeCount)
        {
            throw new ArgumentOutOfRangeException(nameof(node), node, $"Nodes are 0 to {nodeCount - 1}.");
        }
    }
}
