namespace ServiceTracking.Storage;

/// <summary>Webhook endpoints and their deliveries: written by the writer, like everything else, so a delivery never outruns its event's commit.</summary>
public sealed partial class WriteContext
{
    /// <summary>The newest committed event: a new endpoint receives what comes after it.</summary>
    public long LastCommittedEventId => _feed.LastId;

    public void AddWebhook(WebhookEndpointRow endpoint) => Db.WebhookEndpoints.Add(endpoint);

    /// <summary>The endpoint, tracked: changes to it are saved with the batch.</summary>
    public WebhookEndpointRow? Webhook(string id) => Db.WebhookEndpoints.Find(id);

    /// <summary>Deletes the endpoint with its deliveries and their attempts.</summary>
    public void DeleteWebhook(WebhookEndpointRow endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Sql.Execute("DELETE FROM webhook_attempts WHERE \"DeliveryId\" IN (SELECT \"Id\" FROM webhook_deliveries WHERE \"EndpointId\" = @p0)", endpoint.Id);
        Sql.Execute("DELETE FROM webhook_deliveries WHERE \"EndpointId\" = @p0", endpoint.Id);
        Db.WebhookEndpoints.Remove(endpoint);
    }

    public void AddDelivery(WebhookDeliveryRow delivery) => Db.WebhookDeliveries.Add(delivery);

    /// <summary>The delivery, tracked.</summary>
    public WebhookDeliveryRow? Delivery(long id) => Db.WebhookDeliveries.Find(id);

    public void AddAttempt(WebhookAttemptRow attempt) => Db.WebhookAttempts.Add(attempt);
}
