namespace ServiceTracking.Core.Ranking;

/// <summary>
/// Scores of keys (contributors) ordered by score descending, then key ascending, with competition ranks
/// (1, 2, 2, 4) and leaderboard pages in O(log n + page size). A key with a score of 0 or less has no rank and is not held.
/// </summary>
/// <remarks>
/// A treap (randomised balanced binary search tree) whose nodes carry subtree sizes, plus a dictionary from key to score.
/// Priorities come from a fixed-seed generator, so the shape (and the time taken) is the same from run to run.
/// Not thread-safe: the caller serialises access (a lock, or one index per writer and a swap).
/// </remarks>
public sealed class RankIndex<TKey>
    where TKey : notnull, IComparable<TKey>
{
    private readonly Dictionary<TKey, decimal> _scores = [];
    private Node? _root;
    private ulong _seed = 0x9E3779B97F4A7C15;

    public int Count => _scores.Count;

    /// <summary>Inserts or updates a key's score; a score of 0 or less removes the key.</summary>
    public void Set(TKey key, decimal score)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (score <= 0)
        {
            Remove(key);
            return;
        }
        if (_scores.TryGetValue(key, out var old))
        {
            if (old == score)
            {
                return;
            }
            _root = Delete(_root, old, key);
        }
        _scores[key] = score;
        _root = Insert(_root, new Node(key, score, NextPriority()));
    }

    public bool Remove(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_scores.Remove(key, out var old))
        {
            return false;
        }
        _root = Delete(_root, old, key);
        return true;
    }

    public void Clear()
    {
        _scores.Clear();
        _root = null;
    }

    public decimal? ScoreOf(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _scores.TryGetValue(key, out var score) ? score : null;
    }

    /// <summary>Competition rank: 1 + the number of keys with a strictly higher score; null when the key is absent.</summary>
    public int? RankOf(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _scores.TryGetValue(key, out var score) ? CountAbove(score) + 1 : null;
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
        if (limit == 0 || offset >= Count)
        {
            return page;
        }

        // Descend to the node at `offset`, keeping the ancestors still to visit in order.
        var stack = new Stack<Node>();
        var node = _root;
        var k = offset;
        while (node is not null)
        {
            var leftSize = Size(node.Left);
            if (k < leftSize)
            {
                stack.Push(node);
                node = node.Left;
            }
            else if (k == leftSize)
            {
                stack.Push(node);
                break;
            }
            else
            {
                k -= leftSize + 1;
                node = node.Right;
            }
        }

        var position = offset;
        var rank = 0;
        decimal previous = 0;
        while (page.Count < limit && stack.TryPop(out var current))
        {
            // Ties share the rank of the first of them; the first of a page may continue a tie from the page before.
            if (page.Count == 0)
            {
                rank = CountAbove(current.Score) + 1;
            }
            else if (current.Score != previous)
            {
                rank = position + 1;
            }
            page.Add((rank, current.Key, current.Score));
            previous = current.Score;
            position++;
            for (var next = current.Right; next is not null; next = next.Left)
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
        var node = _root;
        while (node is not null)
        {
            if (node.Score > score)
            {
                count += Size(node.Left) + 1;
                node = node.Right;
            }
            else
            {
                node = node.Left;
            }
        }
        return count;
    }

    // Order: score descending, then key ascending.
    private static int Compare(decimal score, TKey key, Node node)
    {
        var byScore = node.Score.CompareTo(score);
        return byScore != 0 ? byScore : key.CompareTo(node.Key);
    }

    private static Node Insert(Node? root, Node item)
    {
        if (root is null)
        {
            return item;
        }
        if (item.Priority > root.Priority)
        {
            (item.Left, item.Right) = Split(root, item.Score, item.Key);
            item.Update();
            return item;
        }
        if (Compare(item.Score, item.Key, root) < 0)
        {
            root.Left = Insert(root.Left, item);
        }
        else
        {
            root.Right = Insert(root.Right, item);
        }
        root.Update();
        return root;
    }

    private static Node? Delete(Node? root, decimal score, TKey key)
    {
        if (root is null)
        {
            return null;
        }
        var c = Compare(score, key, root);
        if (c == 0)
        {
            return Merge(root.Left, root.Right);
        }
        if (c < 0)
        {
            root.Left = Delete(root.Left, score, key);
        }
        else
        {
            root.Right = Delete(root.Right, score, key);
        }
        root.Update();
        return root;
    }

    // Splits into the entries ordered before (score, key) and those after; (score, key) itself is not in the tree.
    private static (Node? Before, Node? After) Split(Node? root, decimal score, TKey key)
    {
        if (root is null)
        {
            return (null, null);
        }
        if (Compare(score, key, root) < 0)
        {
            (var before, root.Left) = Split(root.Left, score, key);
            root.Update();
            return (before, root);
        }
        (root.Right, var after) = Split(root.Right, score, key);
        root.Update();
        return (root, after);
    }

    private static Node? Merge(Node? before, Node? after)
    {
        if (before is null)
        {
            return after;
        }
        if (after is null)
        {
            return before;
        }
        if (before.Priority > after.Priority)
        {
            before.Right = Merge(before.Right, after);
            before.Update();
            return before;
        }
        after.Left = Merge(before, after.Left);
        after.Update();
        return after;
    }

    private static int Size(Node? node) => node?.Size ?? 0;

    // xorshift64*: cheap, deterministic priorities.
    private ulong NextPriority()
    {
        _seed ^= _seed >> 12;
        _seed ^= _seed << 25;
        _seed ^= _seed >> 27;
        return _seed * 0x2545F4914F6CDD1D;
    }

    private sealed class Node(TKey key, decimal score, ulong priority)
    {
        public TKey Key { get; } = key;

        public decimal Score { get; } = score;

        public ulong Priority { get; } = priority;

        public Node? Left { get; set; }

        public Node? Right { get; set; }

        public int Size { get; private set; } = 1;

        public void Update() => Size = 1 + RankIndex<TKey>.Size(Left) + RankIndex<TKey>.Size(Right);
    }
}
