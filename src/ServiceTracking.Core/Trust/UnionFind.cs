namespace ServiceTracking.Core.Trust;

/// <summary>Disjoint sets over nodes 0..n-1 (path halving, union by size), for grouping colluding addresses.</summary>
internal sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public UnionFind(int count)
    {
        _parent = new int[count];
        _size = new int[count];
        for (var i = 0; i < count; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }
    }

    public int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }
        return x;
    }

    public void Union(int a, int b)
    {
        var (ra, rb) = (Find(a), Find(b));
        if (ra == rb)
        {
            return;
        }
        if (_size[ra] < _size[rb])
        {
            (ra, rb) = (rb, ra);
        }
        _parent[rb] = ra;
        _size[ra] += _size[rb];
    }

    /// <summary>The groups of at least <paramref name="minSize"/> nodes, each sorted, in order of their smallest node.</summary>
    public List<List<int>> Components(int minSize)
    {
        var groups = new Dictionary<int, List<int>>();
        for (var i = 0; i < _parent.Length; i++)
        {
            if (_size[Find(i)] >= minSize)
            {
                var root = Find(i);
                if (!groups.TryGetValue(root, out var list))
                {
                    groups[root] = list = [];
                }
                list.Add(i);
            }
        }
        return [.. groups.Values];
    }
}
