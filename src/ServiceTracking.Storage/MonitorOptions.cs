using ServiceTracking.Core.Monitor;

namespace ServiceTracking.Storage;

/// <summary>The monitor's thresholds (<c>Monitor:</c>): what makes a contribution high-impact and a contributor suspicious.</summary>
public sealed record MonitorOptions
{
    /// <summary>A contribution whose impact reaches this is announced as <c>contribution.high_impact</c> (the seed's 500).</summary>
    public decimal HighImpactThreshold { get; init; } = 500m;

    /// <summary>Whether <c>leaderboard.changed</c> is announced (a tick a second that writes through the writer after changes).</summary>
    public bool LeaderboardEvents { get; init; } = true;

    /// <summary>A contributor whose suspicion score reaches this is announced as <c>activity.suspicious</c> (the seed's 100).</summary>
    public decimal SuspiciousThreshold { get; init; } = 100m;

    /// <summary>The hours over which a contributor's signals are summed.</summary>
    public int SuspicionWindowHours { get; init; } = 24;

    /// <summary>Per-signal changes to the default rules (<c>Monitor:Signals:record_burst:Weight</c>, <c>...:Limit</c>, <c>...:Minutes</c>).</summary>
    public IDictionary<string, SignalOverride> Signals { get; init; } = new Dictionary<string, SignalOverride>();

    /// <summary>The rules in force; throws with every mistake listed when the configuration is wrong (checked at start).</summary>
    public SuspicionPolicy Suspicion() =>
        SuspicionPolicy.TryCreate(SuspiciousThreshold, SuspicionWindowHours, Signals, out var policy, out var errors)
            ? policy
            : throw new InvalidOperationException("The Monitor configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
}
