using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Attacks;

/// <summary>What an attack tries to inflate, and so how its leak is measured.</summary>
public enum Inflation
{
    /// <summary>The lift the attackers' endorsements give their own claims.</summary>
    RecognitionLift,

    /// <summary>The whole score of claims that should never count (fabricated, spam, copies).</summary>
    IllegitimateClaims,

    /// <summary>The consistency bonus beyond what on-time, more than trivial days give.</summary>
    ConsistencyLift,
}

/// <summary>One attack at one size: how to add it to a community, and what it inflates.</summary>
public sealed record Attack(string Name, string Size, Inflation Inflation, Action<Script, Random> Play);

/// <summary>The attack set of issue 14, each at several sizes; attacks start two thirds into the script and run to its end.</summary>
public static class Attacks
{
    private static readonly SubtypeRule s_blog = Script.Subtype("CONTENT_CREATION", "blog_post");
    private static readonly SubtypeRule s_tutorial = Script.Subtype("CONTENT_CREATION", "tutorial");
    private static readonly SubtypeRule s_vote = Script.Subtype("GOVERNANCE_PARTICIPATION", "voting");
    private static readonly SubtypeRule s_discussion = Script.Subtype("GOVERNANCE_PARTICIPATION", "discussion");
    private static readonly SubtypeRule s_transaction = Script.Subtype("ECONOMIC_ACTIVITY", "transaction");
    private static readonly SubtypeRule s_event = Script.Subtype("EVENT_HOSTING", "event_organizing");
    private static readonly SubtypeRule s_video = Script.Subtype("CONTENT_CREATION", "video");
    private static readonly SubtypeRule s_group = Script.Subtype("HEALING_SESSION", "group_healing");
    private static readonly SubtypeRule s_workshop = Script.Subtype("HEALING_SESSION", "workshop_retreat");

    public static IEnumerable<Attack> All()
    {
        foreach (var k in new[] { 5, 20, 100 })
        {
            yield return new("endorsement ring (fresh wallets)", $"{k}", Inflation.RecognitionLift, (s, r) => Ring(s, r, k));
        }
        foreach (var k in new[] { 5, 20 })
        {
            yield return new("reciprocal pairs (fresh)", $"{k} pairs", Inflation.RecognitionLift, (s, r) => Pairs(s, r, k, established: false));
            yield return new("reciprocal pairs (established)", $"{k} pairs", Inflation.RecognitionLift, (s, r) => Pairs(s, r, k, established: true));
        }
        foreach (var k in new[] { 10, 30, 100 })
        {
            yield return new("endorsement burst in minutes", $"{k} wallets", Inflation.RecognitionLift, (s, r) => Burst(s, r, k));
        }
        foreach (var (minutes, fresh) in new[] { (10, true), (60, true), (10, false), (60, false) })
        {
            yield return new($"spam at the rate limit ({(fresh ? "fresh" : "established")})", $"{minutes} min", Inflation.IllegitimateClaims, (s, r) => Spam(s, r, minutes, fresh));
        }
        yield return new("spam spread over past days (fresh)", "8 d × 10", Inflation.IllegitimateClaims, (s, r) => SpreadSpam(s, 8, 10));
        foreach (var k in new[] { 5, 20, 100 })
        {
            yield return new("same content, many addresses", $"{k}", Inflation.IllegitimateClaims, (s, r) => Copies(s, r, k));
        }
        foreach (var gap in new[] { 2, 4, 6 })
        {
            yield return new("backdating inside the window", $"gaps of {gap} d", Inflation.ConsistencyLift, (s, r) => Backdate(s, r, gap, s_vote));
        }
        yield return new("backdating with invented discussions", "gaps of 4 d", Inflation.ConsistencyLift, (s, r) => Backdate(s, r, 4, s_discussion));
        foreach (var days in new[] { 14, 30, 60 })
        {
            yield return new("streak farming", $"{days} d", Inflation.ConsistencyLift, (s, r) => Farm(s, r, days));
        }
        foreach (var k in new[] { 5, 20 })
        {
            yield return new("self-review via second address", $"{k} claims", Inflation.IllegitimateClaims, (s, r) => SelfReview(s, r, k));
            yield return new("two colluding reviewers", $"{k} claims", Inflation.IllegitimateClaims, (s, r) => ColludingReviewers(s, r, k));
        }
        foreach (var k in new[] { 20, 50, 200 })
        {
            yield return new("lockstep sybil cluster", $"{k}", Inflation.RecognitionLift, (s, r) => Lockstep(s, r, k));
        }
    }

    private static int Start(Script s) => s.Days * 2 / 3;

    private static long At(int day, Random r, int fromHour = 1, int hours = 22) => (day * Script.Day) + (fromHour * 3_600) + r.Next(hours * 3_600);

    private static List<int> Fresh(Script s, int count)
    {
        var nodes = Enumerable.Range(0, count).Select(_ => s.NewNode()).ToList();
        s.Attackers.UnionWith(nodes);
        return nodes;
    }

    /// <summary>An attacker with an honest-looking past: active on 40% of days from day 0, endorsing honest work now and then.</summary>
    private static int Veteran(Script s, Random r)
    {
        var node = Fresh(s, 1)[0];
        var byDay = s.Claims.Where(c => c.Author < s.Honest).GroupBy(c => c.Day).ToDictionary(g => g.Key, g => g.ToList());
        for (var day = 0; day < Start(s); day++)
        {
            if (r.NextDouble() < 0.4)
            {
                var c = s.Claim(node, day, At(day, r), s_video, QualityTier.Standard, ClaimKind.Genuine);
                if (byDay.TryGetValue(day, out var today) && today.Count > 0)
                {
                    var target = today[r.Next(today.Count)];
                    s.Endorsements.Add(new EndorseAct(node, target.Id, Math.Max(target.RecordedAt, c.RecordedAt) + 60));
                }
            }
        }
        return node;
    }

    /// <summary>Each member records a blog post a day; every other member endorses it, spread over the day.</summary>
    private static void Ring(Script s, Random r, int size)
    {
        var ring = Fresh(s, size);
        for (var day = Start(s); day < s.Days; day++)
        {
            foreach (var m in ring)
            {
                var c = s.Claim(m, day, At(day, r, 1, 4), s_blog, QualityTier.Standard, ClaimKind.Genuine);
                foreach (var other in ring.Where(o => o != m))
                {
                    s.Endorsements.Add(new EndorseAct(other, c.Id, At(day, r, 6, 17)));
                }
            }
        }
    }

    private static void Pairs(Script s, Random r, int pairs, bool established)
    {
        for (var p = 0; p < pairs; p++)
        {
            var (a, b) = established ? (Veteran(s, r), Veteran(s, r)) : (Fresh(s, 1)[0], Fresh(s, 1)[0]);
            for (var day = Start(s); day < s.Days; day++)
            {
                var ca = s.Claim(a, day, At(day, r, 1, 4), s_blog, QualityTier.Standard, ClaimKind.Genuine);
                var cb = s.Claim(b, day, At(day, r, 1, 4), s_blog, QualityTier.Standard, ClaimKind.Genuine);
                s.Endorsements.Add(new EndorseAct(b, ca.Id, At(day, r, 6, 17)));
                s.Endorsements.Add(new EndorseAct(a, cb.Id, At(day, r, 6, 17)));
            }
        }
    }

    /// <summary>An established attacker's last ten claims get endorsements from fresh wallets within ten minutes.</summary>
    private static void Burst(Script s, Random r, int wallets)
    {
        var main = Veteran(s, r);
        var start = Start(s);
        var claims = Enumerable.Range(start, 10).Select(d => s.Claim(main, d, At(d, r, 1, 2), s_video, QualityTier.Standard, ClaimKind.Genuine)).ToList();
        var at = ((start + 10) * Script.Day) + (12 * 3_600);
        foreach (var w in Fresh(s, wallets))
        {
            foreach (var c in claims)
            {
                s.Endorsements.Add(new EndorseAct(w, c.Id, at + r.Next(600)));
            }
        }
    }

    private static void Spam(Script s, Random r, int minutes, bool fresh)
    {
        var node = fresh ? Fresh(s, 1)[0] : Veteran(s, r);
        var start = (Start(s) * Script.Day) + (10 * 3_600);
        for (var i = 0; i < minutes * 120; i++)
        {
            s.Claim(node, Start(s), start + (i / 2), s_transaction, QualityTier.Standard, ClaimKind.Spam);
        }
    }

    /// <summary>
    /// A fresh wallet records, in one sitting below the burst limit, <paramref name="perDay"/> claims performed on each of
    /// the last <paramref name="days"/> days: counted per day performed, each day stays within the newcomer's daily limit.
    /// </summary>
    private static void SpreadSpam(Script s, int days, int perDay)
    {
        var node = Fresh(s, 1)[0];
        var at = (Start(s) * Script.Day) + (10 * 3_600);
        for (var day = Start(s) - days + 1; day <= Start(s); day++)
        {
            for (var i = 0; i < perDay; i++, at += 30)
            {
                s.Claim(node, day, at, s_transaction, QualityTier.Standard, ClaimKind.Spam);
            }
        }
    }

    /// <summary>Addresses record the same tutorial within an hour (the first one's copy counts as legitimate).</summary>
    private static void Copies(Script s, Random r, int addresses)
    {
        var day = Start(s);
        var nodes = Fresh(s, addresses);
        for (var i = 0; i < nodes.Count; i++)
        {
            s.Claim(nodes[i], day, (day * Script.Day) + 36_000 + (i * 30), s_tutorial, QualityTier.Standard, i == 0 ? ClaimKind.Genuine : ClaimKind.Copy, "same-tutorial");
        }
    }

    /// <summary>Active one day in gap + 1, the attacker backfills the gap with <paramref name="filler"/> claims recorded late (within the 7-day window).</summary>
    private static void Backdate(Script s, Random r, int gap, SubtypeRule filler)
    {
        var node = Fresh(s, 1)[0];
        for (var day = Start(s) - 20; day < s.Days; day += gap + 1)
        {
            var at = At(day, r, 1, 4);
            for (var back = 1; back <= gap && day - back >= 0; back++)
            {
                s.Claim(node, day - back, at + back, filler, QualityTier.Standard, ClaimKind.Genuine);
            }
            s.Claim(node, day, at + 100, s_event, QualityTier.Standard, ClaimKind.Genuine);
        }
    }

    /// <summary>A vote a day keeps a streak alive; every seventh day a real event collects the consistency bonus.</summary>
    private static void Farm(Script s, Random r, int days)
    {
        var node = Fresh(s, 1)[0];
        for (var day = Math.Max(0, s.Days - days); day < s.Days; day++)
        {
            var at = At(day, r, 1, 4);
            s.Claim(node, day, at, s_vote, QualityTier.Standard, ClaimKind.Genuine);
            if (day % 7 == 6)
            {
                s.Claim(node, day, at + 60, s_event, QualityTier.Standard, ClaimKind.Genuine);
            }
        }
    }

    /// <summary>A verifier's second address records fabricated group healings; the verifier approves them.</summary>
    private static void SelfReview(Script s, Random r, int claims)
    {
        var verifier = s.Reviewers[^1];
        var sock = Fresh(s, 1)[0];
        s.Attackers.Add(verifier);
        s.Colluders[verifier] = [sock];
        for (var i = 0; i < claims; i++)
        {
            var day = Start(s) + (i % (s.Days - Start(s)));
            s.Claim(sock, day, At(day, r), s_group, QualityTier.High, ClaimKind.Fabricated);
        }
    }

    /// <summary>Two verifiers record fabricated workshops and approve each other's.</summary>
    private static void ColludingReviewers(Script s, Random r, int claims)
    {
        var (a, b) = (s.Reviewers[^2], s.Reviewers[^3]);
        s.Attackers.UnionWith([a, b]);
        s.Colluders[a] = [b];
        s.Colluders[b] = [a];
        for (var i = 0; i < claims; i++)
        {
            var day = Start(s) + (i % (s.Days - Start(s)));
            s.Claim(i % 2 == 0 ? a : b, day, At(day, r), s_workshop, QualityTier.Standard, ClaimKind.Fabricated);
        }
    }

    /// <summary>Sybils endorse an established attacker's claims, and one honest claim as cover, all within the same two minutes.</summary>
    private static void Lockstep(Script s, Random r, int size)
    {
        var main = Veteran(s, r);
        var sybils = Fresh(s, size);
        var honest = s.Claims.Where(c => c.Author < s.Honest && c.Day >= Start(s)).ToList();
        for (var day = Start(s); day < s.Days; day++)
        {
            var claim = s.Claim(main, day, At(day, r, 1, 2), s_video, QualityTier.Standard, ClaimKind.Genuine);
            var cover = honest[r.Next(honest.Count)];
            var at = Math.Max((day * Script.Day) + (14 * 3_600), cover.RecordedAt + 60);
            foreach (var m in sybils)
            {
                s.Endorsements.Add(new EndorseAct(m, claim.Id, at + r.Next(120)));
                s.Endorsements.Add(new EndorseAct(m, cover.Id, at + r.Next(120)));
            }
        }
    }
}
