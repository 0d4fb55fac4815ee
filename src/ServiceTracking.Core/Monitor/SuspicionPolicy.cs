using System.Globalization;

namespace ServiceTracking.Core.Monitor;

/// <summary>A signal's weight and, for a burst, how many occurrences within how many minutes make one ("more than <see cref="Limit"/> in <see cref="Minutes"/>").</summary>
public sealed record SignalRule(decimal Weight, int Limit = 0, int Minutes = 0)
{
    /// <summary>A weight of 0 turns the signal off.</summary>
    public bool Enabled => Weight > 0;

    public long SpanSeconds => Minutes * 60L;
}

/// <summary>An operator's change to one signal's rule (<c>Monitor:Signals:&lt;kind&gt;</c>); what is left out keeps its default.</summary>
public sealed record SignalOverride
{
    public decimal? Weight { get; init; }
    public int? Limit { get; init; }
    public int? Minutes { get; init; }
}

/// <summary>
/// The monitor's rules in force: a weight (and burst shape) per signal kind, the window over which a contributor's
/// signals are summed, and the score at which they become suspicious.
/// </summary>
public sealed record SuspicionPolicy(IReadOnlyDictionary<SignalKind, SignalRule> Rules, decimal Threshold, TimeSpan Window)
{
    public const int MaxBurstLimit = 10_000;

    /// <summary>The documented defaults (README "Suspicious activity").</summary>
    public static SuspicionPolicy Default { get; } = new(new Dictionary<SignalKind, SignalRule>
    {
        [SignalKind.RateLimited] = new(10m),
        [SignalKind.RecordBurst] = new(25m, Limit: 50, Minutes: 10),
        [SignalKind.SharedContentHash] = new(40m),
        [SignalKind.SharedDetailsHash] = new(20m),
        [SignalKind.EndorsementBurst] = new(25m, Limit: 20, Minutes: 10),
        [SignalKind.MutualEndorsement] = new(15m),
        [SignalKind.ClaimRejected] = new(30m),
        [SignalKind.EndorsementRing] = new(100m),
        [SignalKind.ReciprocalPair] = new(50m),
        [SignalKind.Lockstep] = new(100m),
        [SignalKind.FreshEndorserBurst] = new(50m),
        [SignalKind.StreakFarming] = new(50m),
        [SignalKind.Backdating] = new(50m),
    }, 100m, TimeSpan.FromHours(24));

    public SignalRule this[SignalKind kind] => Rules[kind];

    public long WindowSeconds => (long)Window.TotalSeconds;

    /// <summary>The defaults with the operator's threshold, window and per-kind overrides; every mistake is listed in <paramref name="errors"/>.</summary>
    public static bool TryCreate(decimal threshold, int windowHours, IEnumerable<KeyValuePair<string, SignalOverride>> overrides,
        out SuspicionPolicy policy, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var problems = new List<string>();
        var rules = new Dictionary<SignalKind, SignalRule>(Default.Rules);
        if (threshold <= 0)
        {
            problems.Add($"Monitor:SuspiciousThreshold must be above 0 (it is {threshold.ToString(CultureInfo.InvariantCulture)}).");
        }
        if (windowHours is < 1 or > 24 * 366)
        {
            problems.Add($"Monitor:SuspicionWindowHours must be 1 to {24 * 366} (it is {windowHours.ToString(CultureInfo.InvariantCulture)}).");
        }
        foreach (var (name, change) in overrides)
        {
            if (!SignalKinds.TryParse(name, out var kind))
            {
                problems.Add($"Monitor:Signals:{name} is not a signal; the signals are {string.Join(", ", SignalKinds.All.Select(k => k.WireName()))}.");
                continue;
            }
            var rule = rules[kind] with
            {
                Weight = change.Weight ?? rules[kind].Weight,
                Limit = change.Limit ?? rules[kind].Limit,
                Minutes = change.Minutes ?? rules[kind].Minutes,
            };
            if (rule.Weight < 0)
            {
                problems.Add($"Monitor:Signals:{name}:Weight must be 0 (off) or more.");
            }
            if (kind.IsBurst() && (rule.Limit is < 1 or > MaxBurstLimit || rule.Minutes is < 1 or > 24 * 60))
            {
                problems.Add($"Monitor:Signals:{name}: Limit must be 1 to {MaxBurstLimit} and Minutes 1 to {24 * 60}.");
            }
            else if (!kind.IsBurst() && (change.Limit is not null || change.Minutes is not null))
            {
                problems.Add($"Monitor:Signals:{name} takes only a Weight (Limit and Minutes are for bursts).");
            }
            rules[kind] = rule;
        }
        errors = problems;
        policy = new SuspicionPolicy(rules, threshold, TimeSpan.FromHours(windowHours));
        return problems.Count == 0;
    }
}
