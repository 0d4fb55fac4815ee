namespace ServiceTracking.Core.Webhooks;

/// <summary>Where a webhook delivery stands: waiting (first try or a retry), received (2xx), or given up (attempts exhausted, or the endpoint is gone).</summary>
public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}
