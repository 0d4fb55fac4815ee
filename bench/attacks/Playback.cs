using ServiceTracking.Core.Monitor;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Attacks;

/// <summary>
/// Plays a script through the rules, either as they were before anti-gaming (every endorsement counts 1, one approval,
/// no standing, no detection) or defended (the Core.Trust rules as the server applies them, with the nightly job).
/// </summary>
public sealed partial class Playback
{
    private static readonly Catalog s_catalog = Catalog.Default;

    private readonly Script _script;
    private readonly TrustRules _rules = s_catalog.Trust;
    private readonly List<List<Endorsement>> _endorsements = [];
    private readonly Dictionary<long, List<long>> _pairTimes = [];
    private readonly List<(int Reviewer, int Author, long At)> _approvals = [];
    private readonly Dictionary<int, Dictionary<int, StreakDay>> _days = [];
    private readonly Dictionary<int, BurstDetector> _bursts = [];
    private readonly Dictionary<int, long> _routedUntil = [];
    private readonly Dictionary<(int, int), int> _autoToday = [];
    private readonly Dictionary<string, int> _firstByContent = [];
    private readonly List<int> _queue = [];
    private readonly HashSet<int> _dirty = [];

    /// <param name="script">What happens.</param>
    /// <param name="defended">The rules of docs/antigaming.md, or the old rules.</param>
    /// <param name="serverOnly">Leave out the defences the server does not apply yet (docs/antigaming.md; none at present: the newcomer's daily limit was the last).</param>
    public Playback(Script script, bool defended, bool serverOnly = false)
    {
        _script = script;
        Defended = defended;
        ServerOnly = serverOnly;
        var n = script.Nodes;
        Standing = new decimal[n];
        Damped = new bool[n];
        Withheld = new bool[n];
        Flagged = new bool[n];
        Cluster = new string?[n];
        FirstSeen = Enumerable.Repeat(long.MaxValue, n).ToArray();
        State = new ClaimState[script.Claims.Count];
        _endorsements.AddRange(script.Claims.Select(_ => new List<Endorsement>()));
        foreach (var seed in script.Reviewers)
        {
            Standing[seed] = 1m;
        }
    }

    public bool Defended { get; }
    public bool ServerOnly { get; }
    public decimal[] Standing { get; }
    public bool[] Damped { get; }
    public bool[] Withheld { get; }
    public bool[] Flagged { get; }
    public string?[] Cluster { get; }
    public long[] FirstSeen { get; }
    public ClaimState[] State { get; }
    public List<Finding> Findings { get; } = [];

    public sealed class Endorsement(int endorser, long at, decimal weight, EndorsementInput? input)
    {
        public int Endorser { get; } = endorser;
        public long At { get; } = at;
        public decimal Weight { get; set; } = weight;

        /// <summary>What the weight was computed from (defended only), so the nightly job can raise it when standing is earned.</summary>
        public EndorsementInput? Input { get; } = input;
        public bool Voided { get; set; }
    }

    public sealed class ClaimState(ClaimAct act, int streak, int honestStreak)
    {
        public ClaimAct Act { get; } = act;
        public int Streak { get; set; } = streak;

        /// <summary>The streak of on-time, more than trivial days only: what the claim earns without a farmed or backdated streak.</summary>
        public int HonestStreak { get; } = honestStreak;
        public bool Verified { get; set; }
        public bool Rejected { get; set; }
        public bool Blessed { get; set; }
        public decimal PaidRealTime { get; set; }
        public decimal PaidConsistency { get; set; }
        public decimal Paid => PaidRealTime + PaidConsistency;
        public List<int> Approvers { get; } = [];
    }

    public Playback Run()
    {
        var acts = new List<(long At, int Order, int Index)>();
        acts.AddRange(_script.Claims.Select((c, i) => (c.RecordedAt, 0, i)));
        acts.AddRange(_script.Endorsements.Select((e, i) => (e.At, 1, i)));
        acts.AddRange(_script.Blessings.Select((b, i) => (b.At, 2, i)));
        acts.AddRange(Enumerable.Range(1, _script.Days + 1).Select(d => ((long)d * Script.Day, 3, d - 1)));
        foreach (var (at, order, index) in acts.OrderBy(a => a.At).ThenBy(a => a.Order).ThenBy(a => a.Index))
        {
            switch (order)
            {
                case 0: Record(_script.Claims[index]); break;
                case 1: Endorse(_script.Endorsements[index]); break;
                case 2: Bless(_script.Blessings[index]); break;
                default: Nightly(index, at); break;
            }
        }
        return this;
    }

    private bool Limited(int node) => Defended && Standing[node] < _rules.GoodStanding;

    private void Seen(int node, long at) => FirstSeen[node] = Math.Min(FirstSeen[node], at);

    private void Record(ClaimAct c)
    {
        Seen(c.Author, c.RecordedAt);
        if (!_days.TryGetValue(c.Author, out var days))
        {
            _days[c.Author] = days = [];
        }
        var recordedDay = DateOnly.FromDayNumber((int)(c.RecordedAt / Script.Day));
        var day = DateOnly.FromDayNumber(c.Day);
        days[c.Day] = days.TryGetValue(c.Day, out var d)
            ? d with { MaxBase = Math.Max(d.MaxBase, c.Subtype.Base) }
            : new StreakDay(day, c.Subtype.Base, recordedDay);
        var streak = Defended && Withheld[c.Author]
            ? StreakChecks.Honest([.. days.Values], day)
            : Streaks.EndingOn(days.Keys.Select(DateOnly.FromDayNumber).ToHashSet(), day);
        var state = State[c.Id] = new ClaimState(c, streak, StreakChecks.Honest([.. days.Values], day));
        _dirty.Add(c.Id);
        if (NeedsReview(c, Impact(state)))
        {
            _queue.Add(c.Id);
        }
        else
        {
            state.Verified = true;
        }
    }

    private bool NeedsReview(ClaimAct c, decimal impact)
    {
        var review = c.Subtype.Review || impact >= s_catalog.HighImpactThreshold;
        if (!Defended)
        {
            return review;
        }
        if (!_bursts.TryGetValue(c.Author, out var burst))
        {
            _bursts[c.Author] = burst = new BurstDetector(50, 600);
        }
        if (burst.Add(c.RecordedAt))
        {
            _routedUntil[c.Author] = long.MaxValue; // a record burst suspends auto-verification until an admin restores it
        }
        var shared = c.Content is not null && _firstByContent.TryGetValue(c.Content, out var first) && first != c.Author;
        if (c.Content is not null)
        {
            _firstByContent.TryAdd(c.Content, c.Author);
        }
        // The newcomer's daily limit counts the claims auto-verified on the UTC day they are recorded, as the server does.
        var key = (c.Author, (int)(c.RecordedAt / Script.Day));
        var auto = _autoToday.GetValueOrDefault(key);
        review |= shared || _routedUntil.GetValueOrDefault(c.Author) > c.RecordedAt || (Limited(c.Author) && impact >= _rules.NewcomerReviewImpact);
        review |= DailyAutoVerification.MustWait(_rules, Standing[c.Author], vouchedOrOfficial: false, auto);
        if (!review)
        {
            _autoToday[key] = auto + 1;
        }
        return review;
    }

    private void Endorse(EndorseAct e)
    {
        var state = State[e.Claim];
        var author = state.Act.Author;
        var list = _endorsements[e.Claim];
        if (state.Rejected || e.Endorser == author || list.Any(x => x.Endorser == e.Endorser))
        {
            return;
        }
        Seen(e.Endorser, e.At);
        var since = e.At - (_rules.WindowDays * Script.Day);
        var key = CollusionKey(e.Endorser, author);
        if (!_pairTimes.TryGetValue(key, out var times))
        {
            _pairTimes[key] = times = [];
        }
        var weight = 1m;
        EndorsementInput? input = null;
        if (Defended)
        {
            var repeats = times.Count(t => t > since);
            var reciprocal = _pairTimes.TryGetValue(CollusionKey(author, e.Endorser), out var back) && back.Any(t => t > since);
            input = new EndorsementInput(Standing[e.Endorser], repeats, reciprocal, Cluster[e.Endorser]);
            var clusterMax = input.Cluster is null ? 0m : list.Where(x => !x.Voided && Cluster[x.Endorser] == input.Cluster).Select(x => x.Weight).DefaultIfEmpty(0m).Max();
            weight = EndorsementWeights.Added(input, clusterMax, _rules);
        }
        times.Add(e.At);
        list.Add(new Endorsement(e.Endorser, e.At, weight, input));
        _dirty.Add(e.Claim);
    }

    private void Bless(BlessAct b)
    {
        if (!State[b.Claim].Rejected)
        {
            State[b.Claim].Blessed = true;
            _dirty.Add(b.Claim);
        }
    }

    /// <summary>The claim's score now; without the endorsements of <paramref name="leaveOut"/> when given.</summary>
    public ScoreBreakdown Breakdown(ClaimState c, Func<int, bool>? leaveOut = null, bool honestStreak = false)
    {
        var counted = _endorsements[c.Act.Id].Where(e => !e.Voided && (leaveOut is null || !leaveOut(e.Endorser))).ToList();
        var recognition = new Recognition(counted.Count, c.Blessed, false) { Weighted = counted.Sum(e => e.Weight) };
        return ImpactCalculator.Compute(s_catalog, c.Act.Subtype, c.Act.Quality, honestStreak ? Math.Min(c.HonestStreak, c.Streak) : c.Streak, recognition);
    }

    public decimal Impact(ClaimState c) => Breakdown(c).Impact;

    public IReadOnlyList<Endorsement> EndorsementsOf(int claim) => _endorsements[claim];

    private static long CollusionKey(int from, int to) => ((long)from << 32) | (uint)to;
}
