using ServiceTracking.Core.Scoring;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Attacks;

// The nightly job: reviewers work the queue, then (defended) standings are computed and detection runs and responds,
// then the daily batch pays what is owed (paid points never go down: nothing is clawed back).
public sealed partial class Playback
{
    private void Nightly(int day, long now)
    {
        Review(now);
        if (Defended)
        {
            Detect(day, now);
            Standings(day);
        }
        // The daily batch pays the real-time part; the weekly summary (every seventh night) the consistency part.
        var weekly = day % 7 == 6;
        foreach (var id in weekly ? Enumerable.Range(0, State.Length) : _dirty)
        {
            if (State[id] is { Verified: true } c)
            {
                var b = Breakdown(c);
                c.PaidRealTime = Math.Max(c.PaidRealTime, RewardMath.RealTimePart(b));
                if (weekly)
                {
                    c.PaidConsistency = Math.Max(c.PaidConsistency, RewardMath.ConsistencyPart(b));
                }
            }
        }
        _dirty.Clear();
    }

    private void Review(long now)
    {
        var honest = _script.Reviewers;
        var since = now - (_rules.WindowDays * Script.Day);
        foreach (var id in _queue.ToList())
        {
            var c = State[id];
            var author = c.Act.Author;
            var needed = !Defended ? 1
                : _script.Reviewers.Contains(author) || Limited(author) ? Math.Max(2, ReviewConflicts.ApprovalsNeeded(Impact(c), s_catalog.HighImpactThreshold, _rules))
                : ReviewConflicts.ApprovalsNeeded(Impact(c), s_catalog.HighImpactThreshold, _rules);
            var candidates = _script.Colluders.Where(k => k.Value.Contains(author)).Select(k => k.Key)
                .Concat(honest.OrderBy(r => (r * 7919) ^ id)).Where(r => r != author).Distinct();
            foreach (var reviewer in candidates)
            {
                if (Defended && (Conflicted(reviewer, author, since) || c.Approvers.Any(a => !ReviewConflicts.Independent(
                    a.ToString(System.Globalization.CultureInfo.InvariantCulture), reviewer.ToString(System.Globalization.CultureInfo.InvariantCulture), Endorsed(a, reviewer, since) || Endorsed(reviewer, a, since)))))
                {
                    continue;
                }
                var colluding = _script.Colluders.TryGetValue(reviewer, out var partners) && partners.Contains(author);
                if (!colluding && c.Act.Kind != ClaimKind.Genuine)
                {
                    c.Rejected = true;
                    break;
                }
                c.Approvers.Add(reviewer);
                _approvals.Add((reviewer, author, now));
                if (c.Approvers.Count >= needed)
                {
                    c.Verified = true;
                    _dirty.Add(id);
                    break;
                }
            }
            _queue.Remove(id);
        }
    }

    private bool Endorsed(int from, int to, long since) => _pairTimes.TryGetValue(CollusionKey(from, to), out var t) && t.Any(x => x > since);

    private bool Conflicted(int reviewer, int author, long since) =>
        ReviewConflicts.Conflict(new ReviewTies(Endorsed(reviewer, author, since), Endorsed(author, reviewer, since),
            _approvals.Any(a => a.Reviewer == author && a.Author == reviewer && a.At > since)), _rules.WindowDays) is not null;

    private void Detect(int day, long now)
    {
        var since = now - (_rules.WindowDays * Script.Day);
        var facts = new List<EndorsementFact>();
        for (var id = 0; id < _endorsements.Count; id++)
        {
            foreach (var e in _endorsements[id].Where(e => !e.Voided && e.At > since))
            {
                facts.Add(new EndorsementFact(e.Endorser, State[id].Act.Author, id, e.At));
            }
        }
        var found = CollusionDetector.Rings(facts, _script.Nodes, n => Standing[n] < _rules.GoodStanding)
            .Concat(CollusionDetector.Lockstep(facts, _script.Nodes))
            .Concat(CollusionDetector.FreshEndorserBursts(facts, n => FirstSeen[n]))
            .ToList();
        foreach (var f in found)
        {
            Respond(f);
        }
        var today = DateOnly.FromDayNumber(day);
        foreach (var (author, days) in _days.Where(d => d.Value.ContainsKey(day)))
        {
            if (!Withheld[author] && StreakChecks.Check([.. days.Values], today) is { } kind)
            {
                Withheld[author] = Flagged[author] = true;
                Findings.Add(new Finding(kind, [author], new Dictionary<string, long>()));
                // The response rescores the farmed or backdated streak's claims with the honest streak (audited).
                foreach (var c in State.Where(c => c is not null && c.Act.Author == author && c.Streak > c.HonestStreak))
                {
                    c.Streak = c.HonestStreak;
                }
            }
        }
        var recent = _approvals.Where(a => a.At > since).Select(a => (a.Reviewer, a.Author)).ToHashSet();
        foreach (var (reviewer, author) in recent.Where(p => p.Reviewer < p.Author && recent.Contains((p.Author, p.Reviewer))))
        {
            Flagged[reviewer] = Flagged[author] = true;
            Findings.Add(new Finding(FindingKind.MutualApprovals, [reviewer, author], new Dictionary<string, long>()));
        }
    }

    private void Respond(Finding f)
    {
        Findings.Add(f);
        // A fresh burst names the one it lifted first: a beneficiary (perhaps a victim), not a suspect.
        var suspects = f.Kind == FindingKind.FreshEndorserBurst ? f.Members.Skip(1).ToHashSet() : f.Members.ToHashSet();
        foreach (var m in suspects)
        {
            Flagged[m] = Damped[m] = true;
            if (f.Kind == FindingKind.Lockstep)
            {
                Cluster[m] = "lockstep:" + f.Members[0];
            }
        }
        // Void the recognition that passed inside a ring or pair; everything a lockstep cluster or fresh burst gave.
        var insideOnly = f.Kind is FindingKind.EndorsementRing or FindingKind.ReciprocalPair;
        for (var id = 0; id < _endorsements.Count; id++)
        {
            if (State[id] is null || (insideOnly && !suspects.Contains(State[id].Act.Author)))
            {
                continue;
            }
            foreach (var e in _endorsements[id].Where(e => !e.Voided && suspects.Contains(e.Endorser)))
            {
                e.Voided = true;
                _dirty.Add(id);
            }
        }
    }

    private void Standings(int day)
    {
        var n = _script.Nodes;
        var from = new List<int>();
        var to = new List<int>();
        var verified = new int[n];
        var rejected = new int[n];
        var active = new HashSet<int>[n];
        var firstDay = Enumerable.Repeat(int.MaxValue, n).ToArray();
        for (var id = 0; id < State.Length; id++)
        {
            var c = State[id];
            if (c is null)
            {
                continue;
            }
            var author = c.Act.Author;
            firstDay[author] = Math.Min(firstDay[author], c.Act.Day);
            if (c.Verified)
            {
                verified[author]++;
                (active[author] ??= []).Add(c.Act.Day);
            }
            rejected[author] += c.Rejected ? 1 : 0;
            foreach (var e in _endorsements[id].Where(e => !e.Voided))
            {
                from.Add(e.Endorser);
                to.Add(author);
            }
            foreach (var a in c.Approvers)
            {
                from.Add(a);
                to.Add(author);
            }
        }
        var graph = TrustGraph.FromEdges(n, from.ToArray(), to.ToArray());
        var seeds = _script.Reviewers;
        var relative = TrustRank.Relative(TrustRank.Compute(graph, seeds, _rules.Teleport, _rules.MaxIterations), seeds);
        for (var u = 0; u < n; u++)
        {
            var input = new StandingInput(verified[u], rejected[u], active[u]?.Count ?? 0, firstDay[u] == int.MaxValue ? 0 : day + 1 - firstDay[u],
                relative[u], Seed: seeds.Contains(u), Damped: Damped[u]);
            Standing[u] = StandingCalculator.Compute(input, _rules).Value;
        }
        Reweigh((day + 1) * Script.Day);
    }

    /// <summary>
    /// Endorsements given within the window by an endorser who has since earned standing count as that standing now
    /// allows (never less than before; clusters keep their own rule): newcomers are limited until they earn standing, not forever.
    /// </summary>
    private void Reweigh(long now)
    {
        var since = now - (_rules.WindowDays * Script.Day);
        for (var id = 0; id < _endorsements.Count; id++)
        {
            foreach (var e in _endorsements[id])
            {
                if (e.Voided || e.At <= since || e.Input is not { Cluster: null } input || Damped[e.Endorser] || Standing[e.Endorser] <= input.Standing)
                {
                    continue;
                }
                var raised = EndorsementWeights.Weight(input with { Standing = Standing[e.Endorser] }, _rules);
                if (raised > e.Weight)
                {
                    e.Weight = raised;
                    _dirty.Add(id);
                }
            }
        }
    }
}
