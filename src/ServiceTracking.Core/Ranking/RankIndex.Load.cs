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
        var latest = new Dictionary<TKey, decimal>();
        foreach (var (key, score) in entries)
        {
            ArgumentNullException.ThrowIfNull(key);
            latest[key] = score;
        }
        var sorted = new (TKey Key, decimal Score)[latest.Count];
        var count = 0;
        foreach (var (key, score) in latest)
        {
            if (score > 0)
            {
                sorted[count++] = (key, score);
            }
        }
        Array.Sort(sorted, 0, count, EntryOrder.Instance);

        if (_nodes.Length < count + 1)
        {
            _nodes = new Node[count + 1];
        }
        _nodeOf.EnsureCapacity(count);
        // Nodes 1..count in board order; a stack holds the right spine of the tree built so far (max-heap on priority).
        var spine = new Stack<int>();
        for (var i = 0; i < count; i++)
        {
            var node = i + 1;
            _nodeOf.Add(sorted[i].Key, node);
            _nodes[node] = new Node { Key = sorted[i].Key, Score = sorted[i].Score, Priority = NextPriority(), Size = 1 };
            var last = None;
            while (spine.Count > 0 && _nodes[spine.Peek()].Priority < _nodes[node].Priority)
            {
                last = spine.Pop();
            }
            _nodes[node].Left = last;
            if (spine.Count > 0)
            {
                _nodes[spine.Peek()].Right = node;
            }
            spine.Push(node);
        }
        _used = count + 1;
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

    private sealed class EntryOrder : IComparer<(TKey Key, decimal Score)>
    {
        public static readonly EntryOrder Instance = new();

        // Score descending, then key ascending: the board's order.
        public int Compare((TKey Key, decimal Score) x, (TKey Key, decimal Score) y)
        {
            var byScore = y.Score.CompareTo(x.Score);
            return byScore != 0 ? byScore : x.Key.CompareTo(y.Key);
        }
    }
}
