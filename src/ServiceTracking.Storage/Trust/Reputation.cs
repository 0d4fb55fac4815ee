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

    /// <summary>Days of claims read for the streak checks (longer streaks are judged by their last 120 days).</summary>
    private const int StreakHistoryDays = 120;

    public async Task<ReputationRun> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rules = catalog.Trust;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var graph = await ReadAsync(DayNumber(now), cancellationToken).ConfigureAwait(false);
        var n = graph.Names.Count;
        var trust = TrustRank.Relative(TrustRank.Compute(
            TrustGraph.FromEdges(n, graph.From.ToArray(), graph.To.ToArray()), graph.Seeds, rules.Teleport, rules.MaxIterations), graph.Seeds);
        var standings = new Standing[n];
        var seeds = graph.Seeds.ToHashSet();
        for (var u = 0; u < n; u++)
        {
            var h = graph.History.GetValueOrDefault(graph.Names[u]);
            var age = h is null ? 0 : Math.Max(0, DayNumber(now) - h.FirstDay + 1);
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
            .ToList();
        var today = DateOnly.FromDayNumber(DayNumber(now));
        var withhold = new List<(string RecordId, int Streak)>();
        foreach (var claims in graph.Claims.GroupBy(c => c.Contributor))
        {
            var days = claims.GroupBy(c => c.Day).Select(d => new StreakDay(DateOnly.FromDayNumber(d.Key), d.Max(c => c.Base),
                DateOnly.FromDayNumber(d.Min(c => c.RecordedDay)))).ToList();
            if (StreakChecks.Check(days, today) is { } kind)
            {
                found.Add(new NewFinding(kind, [claims.Key], new Dictionary<string, long> { ["claims"] = claims.Count(), ["days"] = days.Count }));
                graph.Withheld.Add(claims.Key);
            }
            if (graph.Withheld.Contains(claims.Key))
            {
                // The response: the farmed or backdated days give no consistency bonus (claims recorded since the finding too).
                foreach (var c in claims)
                {
                    var honest = StreakChecks.Honest(days, DateOnly.FromDayNumber(c.Day));
                    if (honest < c.Streak)
                    {
                        withhold.Add((c.RecordId, honest));
                    }
                }
            }
        }
        found.RemoveAll(f => graph.KnownFindings.Contains(f.Key));
        var result = await writer.ExecuteAsync(ctx => ReputationWrite.Apply(ctx, catalog, new ReputationResult(graph.Names, standings, trust, found, graph.Endorsements, withhold)),
            cancellationToken).ConfigureAwait(false);
        return new ReputationRun(n, graph.Endorsements.Count, standings.Count(s => s.Good), found.Count, result.Voided, result.Raised, clock.ElapsedMilliseconds);
    }

    /// <summary>The UTC day of a unix time as <c>DateOnly.DayNumber</c>, the numbering of <c>PerformedDay</c>.</summary>
    private static int DayNumber(long unixSeconds) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime).DayNumber;

    private async Task<GraphData> ReadAsync(int today, CancellationToken cancellationToken)
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
        foreach (var c in await db.Contributions.AsNoTracking()
            .Where(c => c.Status != (int)ContributionStatus.Rejected && c.PerformedDay > today - StreakHistoryDays)
            .Select(c => new { c.RecordId, c.Contributor, c.Type, c.Subtype, c.PerformedDay, c.RecordedAt, c.StreakDays })
            .ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            var baseScore = catalog.TryGetSubtype(c.Type, c.Subtype, out _, out var rule) ? rule.Base : 0m;
            data.Claims.Add(new StreakClaim(c.RecordId, c.Contributor, c.PerformedDay, baseScore, DayNumber(c.RecordedAt), c.StreakDays));
        }
        foreach (var f in await db.Findings.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            var members = JsonSerializer.Deserialize<List<string>>(f.MembersJson) ?? [];
            data.KnownFindings.Add(NewFinding.KeyOf(f.Kind, members));
            if (f.Status != ReputationWrite.Dismissed && FindingKinds.TryParse(f.Kind, out var streakKind) && streakKind.WithholdsConsistency())
            {
                data.Withheld.UnionWith(members);
            }
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
        public List<StreakClaim> Claims { get; } = [];
        public HashSet<string> Withheld { get; } = new(StringComparer.Ordinal);

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

/// <summary>A claim as the streak checks read it: its day, its subtype's base, the day it was recorded, and the streak it was scored with.</summary>
internal sealed record StreakClaim(string RecordId, string Contributor, int Day, decimal Base, int RecordedDay, int Streak);

/// <summary>What the run computed, for the writer to store and act on (<see cref="Withhold"/>: claims to rescore with an honest streak).</summary>
internal sealed record ReputationResult(IReadOnlyList<string> Names, Standing[] Standings, decimal[] Trust, IReadOnlyList<NewFinding> Findings,
    IReadOnlyList<GivenEndorsement> Endorsements, IReadOnlyList<(string RecordId, int Streak)> Withhold);
