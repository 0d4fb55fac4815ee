namespace ServiceTracking.Core.Ranking;

// The treap itself: nodes in _nodes, ordered by score descending then key ascending, heap-ordered by priority.
public sealed partial class RankIndex<TKey>
{
    // Negative when (score, key) comes before node t: score descending, then key ascending.
    private int Compare(decimal score, TKey key, int t)
    {
        ref readonly var n = ref _nodes[t];
        var byScore = n.Score.CompareTo(score);
        return byScore != 0 ? byScore : key.CompareTo(n.Key);
    }

    private int Insert(int t, int x)
    {
        if (t == None)
        {
            return x;
        }
        if (_nodes[x].Priority > _nodes[t].Priority)
        {
            Split(t, _nodes[x].Score, _nodes[x].Key, out var before, out var after);
            (_nodes[x].Left, _nodes[x].Right) = (before, after);
            Update(x);
            return x;
        }
        if (Compare(_nodes[x].Score, _nodes[x].Key, t) < 0)
        {
            var left = Insert(_nodes[t].Left, x);
            _nodes[t].Left = left;
        }
        else
        {
            var right = Insert(_nodes[t].Right, x);
            _nodes[t].Right = right;
        }
        Update(t);
        return t;
    }

    private int Delete(int t, decimal score, TKey key)
    {
        if (t == None)
        {
            return None;
        }
        var c = Compare(score, key, t);
        if (c == 0)
        {
            return Merge(_nodes[t].Left, _nodes[t].Right);
        }
        if (c < 0)
        {
            var left = Delete(_nodes[t].Left, score, key);
            _nodes[t].Left = left;
        }
        else
        {
            var right = Delete(_nodes[t].Right, score, key);
            _nodes[t].Right = right;
        }
        Update(t);
        return t;
    }

    // Splits tree t into the entries ordered before (score, key) and those after; (score, key) itself is not in t.
    private void Split(int t, decimal score, TKey key, out int before, out int after)
    {
        if (t == None)
        {
            (before, after) = (None, None);
            return;
        }
        if (Compare(score, key, t) < 0)
        {
            Split(_nodes[t].Left, score, key, out before, out var rest);
            _nodes[t].Left = rest;
            after = t;
        }
        else
        {
            Split(_nodes[t].Right, score, key, out var rest, out after);
            _nodes[t].Right = rest;
            before = t;
        }
        Update(t);
    }

    private int Merge(int before, int after)
    {
        if (before == None || after == None)
        {
            return before == None ? after : before;
        }
        if (_nodes[before].Priority > _nodes[after].Priority)
        {
            var right = Merge(_nodes[before].Right, after);
            _nodes[before].Right = right;
            Update(before);
            return before;
        }
        var left = Merge(before, _nodes[after].Left);
        _nodes[after].Left = left;
        Update(after);
        return after;
    }

    private void Update(int t)
    {
        ref var n = ref _nodes[t];
        n.Size = 1 + _nodes[n.Left].Size + _nodes[n.Right].Size;
    }

    private int Allocate()
    {
        if (_free.TryPop(out var slot))
        {
            return slot;
        }
        if (_used == _nodes.Length)
        {
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }
        return _used++;
    }

    // xorshift32: cheap, deterministic priorities.
    private uint NextPriority()
    {
        _seed ^= _seed << 13;
        _seed ^= _seed >> 17;
        _seed ^= _seed << 5;
        return _seed;
    }

    private struct Node
    {
        public decimal Score;
        public TKey Key;
        public int Left;
        public int Right;
        public int Size;
        public uint Priority;
    }
}
