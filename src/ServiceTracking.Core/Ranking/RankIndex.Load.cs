namespace ServiceTracking.Core.Ranking;

// Bulk loading: at start-up a period's scores arrive all at once (a million contributors), and inserting them one by
// one costs O(n log n) rotations through the tree; sorting once and building the treap from the sorted run is O(n)
// after the sort and touches each node a few times.
public sealed partial class RankIndex<TKey>
{
    /// <summary>
    /// Replaces the index's content with <paramref name="entries"/>: the same as <see cref="Clear"/> and then
    /// <see cref="Set"/> for each in order (a later score of a key wins; a score of 0 or less leaves the key out).
    /// </summary>
    public void Load(IEnumerable<(TKey Key, decimal Score)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Clear();
        if (entries.TryGetNonEnumeratedCount(out var expected))
        {
            _nodeOf.EnsureCapacity(expected);
            Array.Resize(ref _nodes, Math.Max(_nodes.Length, expected + 1));
        }
        // Each key gets its node once (the index's own dictionary, no copy of the input); a later score overwrites.
        foreach (var (key, score) in entries)
        {
            ArgumentNullException.ThrowIfNull(key);
            if (!_nodeOf.TryGetValue(key, out var node))
            {
                node = Allocate();
                _nodeOf.Add(key, node);
                _nodes[node].Key = key;
            }
            _nodes[node].Score = score;
        }
        var order = new int[_nodeOf.Count];
        var count = 0;
        List<TKey>? dropped = null;
        foreach (var (key, node) in _nodeOf)
        {
            if (_nodes[node].Score > 0)
            {
                order[count++] = node;
            }
            else
            {
                (dropped ??= []).Add(key);
            }
        }
        foreach (var key in dropped ?? [])
        {
            _nodeOf.Remove(key, out var node);
            _nodes[node] = default;
            _free.Push(node);
        }
        Array.Sort(order, 0, count, new BoardOrder(this));

        // In board order, a stack holds the right spine of the tree built so far (a max-heap on priority).
        var spine = new Stack<int>();
        for (var i = 0; i < count; i++)
        {
            var node = order[i];
            ref var n = ref _nodes[node];
            (n.Priority, n.Size) = (NextPriority(), 1);
            var last = None;
            while (spine.Count > 0 && _nodes[spine.Peek()].Priority < n.Priority)
            {
                last = spine.Pop();
            }
            n.Left = last;
            if (spine.Count > 0)
            {
                _nodes[spine.Peek()].Right = node;
            }
            spine.Push(node);
        }
        while (spine.Count > 0)
        {
            _root = spine.Pop();
        }
        SetSizes(_root);
    }

    // The treap's depth is O(log n) with high probability, so recursion stays shallow.
    private int SetSizes(int t)
    {
        if (t == None)
        {
            return 0;
        }
        ref var n = ref _nodes[t];
        n.Size = 1 + SetSizes(n.Left) + SetSizes(n.Right);
        return n.Size;
    }

    private sealed class BoardOrder(RankIndex<TKey> index) : IComparer<int>
    {
        // Score descending, then key ascending: the board's order.
        public int Compare(int x, int y)
        {
            ref readonly var a = ref index._nodes[x];
            ref readonly var b = ref index._nodes[y];
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : a.Key.CompareTo(b.Key);
        }
    }
}
