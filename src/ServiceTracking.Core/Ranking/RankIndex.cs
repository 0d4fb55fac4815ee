namespace ServiceTracking.Core.Ranking;

/// <summary>
/// Scores of keys (contributors) ordered by score descending, then key ascending, with competition ranks
/// (1, 2, 2, 4) and leaderboard pages in O(log n + page size). A key with a score of 0 or less has no rank and is not held.
/// </summary>
/// <remarks>
/// A treap (randomised balanced binary search tree) whose nodes carry subtree sizes, plus a dictionary from key to node.
/// Nodes live in one array of structs (index 0 is the empty tree), which keeps them close in memory, gives the
/// garbage collector one object instead of one per contributor, and makes an update allocation-free.
/// Priorities come from a fixed-seed generator, so the shape (and the time taken) is the same from run to run.
/// Not thread-safe: the caller serialises access (a lock, or one index per writer and a swap).
/// </remarks>
public sealed partial class RankIndex<TKey>
    where TKey : notnull, IComparable<TKey>
{
    private const int None = 0;

    private readonly Dictionary<TKey, int> _nodeOf = [];
    private readonly Stack<int> _free = new();
    private Node[] _nodes = new Node[16];
    private int _used = 1; // slot 0 is the empty tree: Size 0
    private int _root = None;
    private uint _seed = 0x9E3779B9;

    public int Count => _nodeOf.Count;

    /// <summary>Inserts or updates a key's score; a score of 0 or less removes the key.</summary>
    public void Set(TKey key, decimal score)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (score <= 0)
        {
            Remove(key);
            return;
        }
        if (_nodeOf.TryGetValue(key, out var node))
        {
            if (_nodes[node].Score == score)
            {
                return;
            }
            _root = Delete(_root, _nodes[node].Score, key);
        }
        else
        {
            node = Allocate();
            _nodeOf.Add(key, node);
            _nodes[node].Key = key;
            _nodes[node].Priority = NextPriority();
        }
        ref var n = ref _nodes[node];
        (n.Score, n.Left, n.Right, n.Size) = (score, None, None, 1);
        _root = Insert(_root, node);
    }

    public bool Remove(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_nodeOf.Remove(key, out var node))
        {
            return false;
        }
        _root = Delete(_root, _nodes[node].Score, key);
        _nodes[node] = default;
        _free.Push(node);
        return true;
    }

    public void Clear()
    {
        _nodeOf.Clear();
        _free.Clear();
        Array.Clear(_nodes);
        (_used, _root) = (1, None);
    }

    public decimal? ScoreOf(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _nodeOf.TryGetValue(key, out var node) ? _nodes[node].Score : null;
    }

    /// <summary>Competition rank: 1 + the number of keys with a strictly higher score; null when the key is absent.</summary>
    public int? RankOf(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _nodeOf.TryGetValue(key, out var node) ? CountAbove(_nodes[node].Score) + 1 : null;
    }

    /// <summary>The rank a key with this score would have: 1 + the number of keys with a strictly higher score.</summary>
    public int RankOfScore(decimal score) => CountAbove(score) + 1;

    /// <summary>
    /// Up to <paramref name="limit"/> entries starting at position <paramref name="offset"/> (0-based),
    /// ordered by score descending then key ascending, with competition ranks.
    /// </summary>
    public IReadOnlyList<(int Rank, TKey Key, decimal Score)> Page(int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var page = new List<(int Rank, TKey Key, decimal Score)>(Math.Min(limit, Math.Max(0, Count - offset)));
        if (page.Capacity == 0)
        {
            return page;
        }

        // Descend to the node at `offset`, keeping the ancestors still to visit in order.
        var stack = new Stack<int>();
        var t = _root;
        var k = offset;
        while (t != None)
        {
            var leftSize = _nodes[_nodes[t].Left].Size;
            if (k <= leftSize)
            {
                stack.Push(t);
                if (k == leftSize)
                {
                    break;
                }
                t = _nodes[t].Left;
            }
            else
            {
                k -= leftSize + 1;
                t = _nodes[t].Right;
            }
        }

        var position = offset;
        var rank = 0;
        while (page.Count < limit && stack.TryPop(out var current))
        {
            ref readonly var n = ref _nodes[current];
            // Ties share the rank of the first of them; the first of a page may continue a tie from the page before.
            if (page.Count == 0)
            {
                rank = CountAbove(n.Score) + 1;
            }
            else if (n.Score != page[^1].Score)
            {
                rank = position + 1;
            }
            page.Add((rank, n.Key, n.Score));
            position++;
            for (var next = n.Right; next != None; next = _nodes[next].Left)
            {
                stack.Push(next);
            }
        }
        return page;
    }

    private int CountAbove(decimal score)
    {
        // Higher scores sit to the left.
        var count = 0;
        var t = _root;
        while (t != None)
        {
            ref readonly var n = ref _nodes[t];
            if (n.Score > score)
            {
                count += _nodes[n.Left].Size + 1;
                t = n.Right;
            }
            else
            {
                t = n.Left;
            }
        }
        return count;
    }
}
