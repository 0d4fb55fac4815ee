namespace ServiceTracking.Server;

/// <summary>Webhook delivery (<c>Webhooks:</c>).</summary>
public sealed record WebhookOptions
{
    /// <summary>
    /// Lets webhooks reach loopback, private and link-local addresses, and plain http (tests, a receiver beside the service).
    /// Off by default: a webhook must not become a way to probe the operator's own network.
    /// </summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>How long one attempt may take (connect, send, answer), the spec's 15 s.</summary>
    public int TimeoutSeconds { get; init; } = 15;

    /// <summary>How long a rotated-out secret still signs (a second signature), so receivers can switch without losing events.</summary>
    public int RotationGraceHours { get; init; } = 24;
}
