namespace ServiceTracking.Storage;

/// <summary>The monitor's thresholds (<c>Monitor:</c>): what makes a contribution high-impact and a contributor suspicious.</summary>
public sealed record MonitorOptions
{
    /// <summary>A contribution whose impact reaches this is announced as <c>contribution.high_impact</c> (the seed's 500).</summary>
    public decimal HighImpactThreshold { get; init; } = 500m;
}
