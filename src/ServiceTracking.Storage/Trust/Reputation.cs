using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Storage.Trust;

/// <summary>What one reputation run did.</summary>
public sealed record ReputationRun(int Contributors, int Endorsements, int GoodStanding, int Findings, int Voided, int Raised, long Milliseconds);

/// <summary>
/// The scheduled reputation run (docs/antigaming.md): reads the endorsement, review, blessing and vouch graph and every
/// contributor's record, computes standings (trust propagated from elders and verifiers), runs collusion detection over
/// the window, and hands the result to the writer, which stores changed standings, records findings with their signals,
/// voids the recognition they concern and raises the weight of endorsements whose endorsers have since earned standing.
/// Memory and time grow with contributors plus endorsements (bench/attacks <c>scale</c>).
/// </summary>
public sealed class Reputation(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, Catalog catalog, TimeProvider time)
{
    private static readonly string[] s_seedRoles = ["verifier", "elder"];
    private static readonly string[] s_vouchingKinds = ["approval", "blessing"];

    public async Task<ReputationRun> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rules = catalog.Trust;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var graph = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var n = graph.Names.Count;
        var trust = TrustRank.Relative(TrustRank.Compute(
            TrustGraph.FromEdges(n, graph.From.ToArray(), graph.To.ToArray()), graph.Seeds, rules.Teleport, rules.MaxIterations), graph.Seeds);
        var standings = new Standing[n];
        var seeds = graph.Seeds.ToHashSet();
        for (var u = 0; u < n; u++)
        {
            var h = graph.History.GetValueOrDefault(graph.Names[u]);
            var age = h is null ? 0 : Math.Max(0, (int)(now / 86_400) - h.FirstDay + 1);
            standings[u] = StandingCalculator.Compute(new StandingInput(h?.Verified ?? 0, h?.Rejected ?? 0, graph.ActiveDays.GetValueOrDefault(graph.Names[u]),
                age, trust[u], seeds.Contains(u), graph.Vouched.Contains(graph.Names[u]), graph.Damped.Contains(graph.Names[u])), rules);
        }
        var since = now - (rules.WindowDays * 86_400L);
        var facts = graph.Endorsements.Where(e => e.At > since)
            .Select(e => new EndorsementFact(graph.Index[e.Endorser], graph.Index[e.Contributor], e.Contribution, e.At)).ToList();
        var found = CollusionDetector.Rings(facts, n, u => !standings[u].Good)
            .Concat(CollusionDetector.Lockstep(facts, n))
            .Concat(CollusionDetector.FreshEndorserBursts(facts, u => graph.FirstSeen.GetValueOrDefault(graph.Names[u], now)))
            .Select(f => new NewFinding(f.Kind, f.Members.Select(m => graph.Names[m]).ToList(), f.Evidence))
            .Where(f => !graph.KnownFindings.Contains(f.Key))
            .ToList();
        var result = await writer.ExecuteAsync(ctx => ReputationWrite.Apply(ctx, catalog, new ReputationResult(graph.Names, standings, trust, found, graph.Endorsements)),
            cancellationToken).ConfigureAwait(false);
        return new ReputationRun(n, graph.Endorsements.Count, standings.Count(s => s.Good), found.Count, result.Voided, result.Raised, clock.ElapsedMilliseconds);
    }

    private async Task<GraphData> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var data = new GraphData();
        foreach (var h in await db.Contributions.AsNoTracking().GroupBy(c => c.Contributor).Select(g => new
        {
            g.Key,
            Verified = g.Count(c => c.Status == (int)ContributionStatus.Verified),
            Rejected = g.Count(c => c.Status == (int)ContributionStatus.Rejected),
            FirstDay = g.Min(c => c.PerformedDay),
            FirstAt = g.Min(c => c.RecordedAt),
        }).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            data.Node(h.Key);
            data.History[h.Key] = new History(h.Verified, h.Rejected, h.FirstDay);
            data.SeenAt(h.Key, h.FirstAt);
        }
        foreach (var d in await db.ContributorDays.AsNoTracking().Where(d => d.Accepted > 0).GroupBy(d => d.Address)
            .Select(g => new { g.Key, Days = g.Count() }).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            data.ActiveDays[d.Key] = d.Days;
        }
        data.Endorsements.AddRange(await (from e in db.Endorsements.AsNoTracking()
                                          where !e.Voided
                                          join c in db.Contributions.AsNoTracking() on e.RecordId equals c.RecordId
                                          select new GivenEndorsement(e.RecordId, e.Endorser, c.Contributor, e.At, e.Weight, e.Repeats, e.Reciprocal))
            .ToListAsync(cancellationToken).ConfigureAwait(false));
        var contribution = 0L;
        foreach (var group in data.Endorsements.GroupBy(e => e.RecordId))
        {
            contribution++;
            foreach (var e in group)
            {
                e.Contribution = contribution;
                data.Edge(e.Endorser, e.Contributor);
                data.SeenAt(e.Endorser, e.At);
            }
        }
        foreach (var v in await (from r in db.RecognitionEvents.AsNoTracking()
                                 where s_vouchingKinds.Contains(r.Kind)
                                 join c in db.Contributions.AsNoTracking() on r.RecordId equals c.RecordId
                                 select new { r.Actor, c.Contributor }).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            data.Edge(v.Actor, v.Contributor);
        }
        foreach (var v in await db.Vouches.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            data.Edge(v.Voucher, v.Address);
            data.Vouched.Add(v.Address);
        }
        foreach (var seed in await db.RoleGrants.AsNoTracking().Where(g => s_seedRoles.Contains(g.Role)).Select(g => g.Address).Distinct()
            .ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            data.Seeds.Add(data.Node(seed));
        }
        foreach (var f in await db.Findings.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            var members = JsonSerializer.Deserialize<List<string>>(f.MembersJson) ?? [];
            data.KnownFindings.Add(NewFinding.KeyOf(f.Kind, members));
            if (f.Status != ReputationWrite.Dismissed)
            {
                data.Damped.UnionWith(FindingKinds.TryParse(f.Kind, out var kind) && kind == FindingKind.FreshEndorserBurst ? members.Skip(1) : members);
            }
        }
        return data;
    }

    internal sealed record History(int Verified, int Rejected, int FirstDay);

    private sealed class GraphData
    {
        public Dictionary<string, int> Index { get; } = new(StringComparer.Ordinal);
        public List<string> Names { get; } = [];
        public List<int> From { get; } = [];
        public List<int> To { get; } = [];
        public List<int> Seeds { get; } = [];
        public Dictionary<string, History> History { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> ActiveDays { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> FirstSeen { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Vouched { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Damped { get; } = new(StringComparer.Ordinal);
        public HashSet<string> KnownFindings { get; } = new(StringComparer.Ordinal);
        public List<GivenEndorsement> Endorsements { get; } = [];

        public int Node(string address)
        {
            if (!Index.TryGetValue(address, out var node))
            {
                Index[address] = node = Names.Count;
                Names.Add(address);
            }
            return node;
        }

        public void Edge(string from, string to)
        {
            From.Add(Node(from));
            To.Add(Node(to));
        }

        public void SeenAt(string address, long at) => FirstSeen[address] = Math.Min(FirstSeen.GetValueOrDefault(address, long.MaxValue), at);
    }
}

/// <summary>An endorsement as the reputation run reads it (<see cref="Contribution"/>: a number for the detectors).</summary>
internal sealed record GivenEndorsement(string RecordId, string Endorser, string Contributor, long At, int Weight, int Repeats, bool Reciprocal)
{
    public long Contribution { get; set; }
}

/// <summary>A finding not seen before, with the addresses it concerns.</summary>
internal sealed record NewFinding(FindingKind Kind, IReadOnlyList<string> Members, IReadOnlyDictionary<string, long> Evidence)
{
    public string Key => KeyOf(Kind.WireName(), Members);

    public static string KeyOf(string kind, IEnumerable<string> members) => kind + ":" + string.Join(",", members.Order(StringComparer.Ordinal));
}

/// <summary>What the run computed, for the writer to store and act on.</summary>
internal sealed record ReputationResult(IReadOnlyList<string> Names, Standing[] Standings, decimal[] Trust, IReadOnlyList<NewFinding> Findings,
    IReadOnlyList<GivenEndorsement> Endorsements);
