namespace ServiceTracking.Core.Trust;

/// <summary>
/// Finds endorsement rings, reciprocal pairs, lockstep clusters and bursts of fresh endorsers in a window of
/// endorsements (the caller passes only the window). Costs O(endorsements) plus, for lockstep, the pairs of endorsers
/// of one contribution within the lockstep span (at most <see cref="MaxEndorsersPerContribution"/> per contribution).
/// </summary>
public static class CollusionDetector
{
    /// <summary>Share of a group's endorsements that must stay inside it to make it a ring or a pair.</summary>
    public const decimal InsideShare = 0.5m;

    /// <summary>Endorsements each way that make two established members a reciprocal pair.</summary>
    public const int PairRepeats = 3;

    /// <summary>Seconds within which two endorsements of one contribution are "together".</summary>
    public const long LockstepSeconds = 600;

    /// <summary>Contributions two addresses must have endorsed together to be in lockstep.</summary>
    public const int LockstepShared = 3;

    public const int MaxEndorsersPerContribution = 200;

    /// <summary>Fresh endorsers (first seen within a day) of one contributor within an hour that make a burst.</summary>
    public const int FreshBurst = 5;

    /// <summary>
    /// Rings (3+) and reciprocal pairs among addresses below good standing (<paramref name="limited"/>): groups joined
    /// by endorsements both ways, most of whose endorsements stay inside. Also pairs of any standing that endorsed
    /// each other <see cref="PairRepeats"/>+ times each way, each direction being most of what its endorser gave.
    /// </summary>
    public static List<Finding> Rings(IReadOnlyList<EndorsementFact> facts, int nodeCount, Func<int, bool> limited)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(limited);
        // Sorted pair keys instead of a hash map: ten million endorsements cost one long array and a sort.
        var given = new int[nodeCount];
        var keys = new long[facts.Count];
        var k = 0;
        foreach (var f in facts)
        {
            if (f.Endorser != f.Contributor)
            {
                given[f.Endorser]++;
                keys[k++] = Key(f.Endorser, f.Contributor);
            }
        }
        Array.Sort(keys, 0, k);
        var pairs = new List<long>();
        var counts = new List<int>();
        for (var i = 0; i < k; i++)
        {
            if (i == 0 || keys[i] != keys[i - 1])
            {
                pairs.Add(keys[i]);
                counts.Add(0);
            }
            counts[^1]++;
        }
        var groups = new UnionFind(nodeCount);
        var findings = new List<Finding>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (u, v) = Split(pairs[i]);
            var j = u < v ? pairs.BinarySearch(Key(v, u)) : -1;
            if (j < 0)
            {
                continue;
            }
            var (count, back) = (counts[i], counts[j]);
            if (limited(u) && limited(v))
            {
                groups.Union(u, v);
            }
            else if (count >= PairRepeats && back >= PairRepeats && count * 2 >= given[u] && back * 2 >= given[v])
            {
                findings.Add(new Finding(FindingKind.ReciprocalPair, [u, v],
                    new Dictionary<string, long> { ["endorsements"] = count, ["returned"] = back, ["given"] = given[u] + given[v] }));
            }
        }
        var components = groups.Components(2);
        if (components.Count == 0)
        {
            return findings;
        }
        var inside = new Dictionary<int, long>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (u, v) = Split(pairs[i]);
            var root = groups.Find(u);
            if (root == groups.Find(v) && u != v)
            {
                inside[root] = inside.GetValueOrDefault(root) + counts[i];
            }
        }
        foreach (var members in components)
        {
            var within = inside.GetValueOrDefault(groups.Find(members[0]));
            var total = members.Sum(m => (long)given[m]);
            if (total > 0 && within >= InsideShare * total)
            {
                findings.Add(new Finding(members.Count >= 3 ? FindingKind.EndorsementRing : FindingKind.ReciprocalPair, members,
                    new Dictionary<string, long> { ["members"] = members.Count, ["endorsementsInside"] = within, ["endorsementsGiven"] = total }));
            }
        }
        return findings;
    }

    /// <summary>
    /// Lockstep clusters: addresses that endorsed at least <see cref="LockstepShared"/> contributions within
    /// <see cref="LockstepSeconds"/> of each other, those being most of what the quieter of the two endorsed; clusters of 3+.
    /// </summary>
    public static List<Finding> Lockstep(IReadOnlyList<EndorsementFact> facts, int nodeCount)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var given = new int[nodeCount];
        foreach (var f in facts)
        {
            given[f.Endorser]++;
        }
        var sorted = facts.ToArray();
        Array.Sort(sorted, static (a, b) => a.Contribution != b.Contribution ? a.Contribution.CompareTo(b.Contribution) : a.At.CompareTo(b.At));
        var together = new Dictionary<long, int>();
        for (var start = 0; start < sorted.Length;)
        {
            var end = start;
            while (end < sorted.Length && sorted[end].Contribution == sorted[start].Contribution)
            {
                end++;
            }
            var last = Math.Min(end, start + MaxEndorsersPerContribution);
            for (var i = start; i < last; i++)
            {
                for (var j = i + 1; j < last && sorted[j].At - sorted[i].At <= LockstepSeconds; j++)
                {
                    var (a, b) = (Math.Min(sorted[i].Endorser, sorted[j].Endorser), Math.Max(sorted[i].Endorser, sorted[j].Endorser));
                    if (a != b)
                    {
                        together[Key(a, b)] = together.GetValueOrDefault(Key(a, b)) + 1;
                    }
                }
            }
            start = end;
        }
        var groups = new UnionFind(nodeCount);
        foreach (var (key, count) in together)
        {
            var (a, b) = Split(key);
            if (count >= LockstepShared && count * 2 >= Math.Min(given[a], given[b]))
            {
                groups.Union(a, b);
            }
        }
        return groups.Components(3).Select(m => new Finding(FindingKind.Lockstep, m,
            new Dictionary<string, long> { ["members"] = m.Count, ["endorsements"] = m.Sum(x => (long)given[x]) })).ToList();
    }

    /// <summary>
    /// Contributors endorsed by at least <see cref="FreshBurst"/> fresh addresses within an hour; the finding names the
    /// contributor first, then the fresh endorsers. <paramref name="firstSeen"/> is when each address first acted.
    /// </summary>
    public static List<Finding> FreshEndorserBursts(IReadOnlyList<EndorsementFact> facts, Func<int, long> firstSeen)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(firstSeen);
        var findings = new List<Finding>();
        foreach (var group in facts.Where(f => f.At - firstSeen(f.Endorser) < 86_400).GroupBy(f => f.Contributor))
        {
            var list = group.OrderBy(f => f.At).ToArray();
            var start = 0;
            for (var end = 0; end < list.Length; end++)
            {
                while (list[end].At - list[start].At > 3_600)
                {
                    start++;
                }
                var endorsers = list[start..(end + 1)].Select(f => f.Endorser).Distinct().Count();
                if (endorsers >= FreshBurst)
                {
                    var all = list.Select(f => f.Endorser).Distinct().ToList();
                    findings.Add(new Finding(FindingKind.FreshEndorserBurst, [group.Key, .. all],
                        new Dictionary<string, long> { ["freshEndorsers"] = all.Count, ["withinHour"] = endorsers }));
                    break;
                }
            }
        }
        return findings;
    }

    internal static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    private static (int From, int To) Split(long key) => ((int)(key >> 32), (int)(key & 0xffffffff));
}
