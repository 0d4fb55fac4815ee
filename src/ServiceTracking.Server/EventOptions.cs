namespace ServiceTracking.Server;

/// <summary>The live-event stream (<c>Events:</c>).</summary>
public sealed record EventOptions
{
    /// <summary>How long events are kept for resumption (<c>Last-Event-ID</c>) and redelivery.</summary>
    public int RetentionDays { get; init; } = 7;

    /// <summary>A comment line this often on an idle stream, so proxies and clients know the connection is alive.</summary>
    public int HeartbeatSeconds { get; init; } = 15;
}
