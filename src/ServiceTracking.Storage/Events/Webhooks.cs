using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Events;
using ServiceTracking.Core.Privacy;
using ServiceTracking.Core.Webhooks;

namespace ServiceTracking.Storage.Events;

/// <summary>A webhook endpoint with its secrets opened (they never leave the process but in a signature, and once to the admin).</summary>
public sealed record WebhookEndpoint(string Id, string Url, IReadOnlyList<EventType>? Types, string? Description, bool Enabled,
    string? DisabledReason, long Cursor, long CreatedAt, string Secret, string? PreviousSecret, long? PreviousUntil)
{
    /// <summary>Whether this endpoint receives <paramref name="type"/>: the types it asked for, or every public type.</summary>
    public bool Wants(EventType type) => Types?.Contains(type) ?? !type.IsModeratorOnly();

    /// <summary>The secrets to sign with at <paramref name="now"/>: the current one, and the previous during its grace period.</summary>
    public IReadOnlyList<string> SecretsAt(long now) => PreviousSecret is not null && PreviousUntil > now ? [Secret, PreviousSecret] : [Secret];
}

public sealed record WebhookDelivery(long Id, string EndpointId, long EventId, EventType Type, DeliveryState State, int Attempts,
    int? LastStatus, string? LastError, int? LastDurationMs, long NextAttemptAt, long CreatedAt);

public sealed record WebhookAttempt(long At, int? Status, int DurationMs, string? Error);

/// <summary>What one HTTP attempt produced, and what follows: delivered, retried at <see cref="RetryAt"/>, or given up; <see cref="Disable"/> for a 410.</summary>
public sealed record AttemptOutcome(int? Status, int DurationMs, string? Error, DeliveryState State, long? RetryAt, string? Disable = null);

/// <summary>Webhook endpoints and their delivery queues (API.md "Live events"), kept through the writer.</summary>
public sealed class Webhooks(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, DataKeys keys)
{
    public Task<WebhookEndpoint> CreateAsync(string url, IReadOnlyList<EventType>? types, string? description, CancellationToken cancellationToken)
    {
        var id = "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = WebhookSignature.NewSecret();
        return writer.ExecuteAsync(ctx =>
        {
            var row = new WebhookEndpointRow
            {
                Id = id, Url = url, TypesJson = TypesJson(types), Description = description, Enabled = true,
                SealedSecret = Seal(id, secret), Cursor = ctx.LastCommittedEventId, CreatedAt = ctx.Now.ToUnixTimeSeconds(),
            };
            ctx.AddWebhook(row);
            return Open(row);
        }, cancellationToken);
    }

    /// <summary>Replaces the endpoint's settings; null when there is no such endpoint.</summary>
    public Task<WebhookEndpoint?> UpdateAsync(string id, string url, IReadOnlyList<EventType>? types, bool enabled, string? description, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            if (ctx.Webhook(id) is not { } row)
            {
                return null;
            }
            (row.Url, row.TypesJson, row.Description) = (url, TypesJson(types), description);
            if (enabled != row.Enabled)
            {
                (row.Enabled, row.DisabledReason) = (enabled, enabled ? null : "disabled by an admin");
            }
            return Open(row);
        }, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            if (ctx.Webhook(id) is not { } row)
            {
                return false;
            }
            ctx.DeleteWebhook(row);
            return true;
        }, cancellationToken);

    /// <summary>A new secret; the old one still signs (a second signature) until <paramref name="graceUntil"/>.</summary>
    public Task<WebhookEndpoint?> RotateSecretAsync(string id, DateTimeOffset graceUntil, CancellationToken cancellationToken)
    {
        var secret = WebhookSignature.NewSecret();
        return writer.ExecuteAsync(ctx =>
        {
            if (ctx.Webhook(id) is not { } row)
            {
                return null;
            }
            (row.SealedPreviousSecret, row.PreviousUntil) = (row.SealedSecret, graceUntil.ToUnixTimeSeconds());
            row.SealedSecret = Seal(id, secret);
            return Open(row);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return rows.Select(Open).ToList();
    }

    public async Task<WebhookEndpoint?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken) is { } row ? Open(row) : null;
    }

    /// <summary>Queues a delivery of each event (those the endpoint wants, in order) and moves the endpoint's cursor past <paramref name="through"/>.</summary>
    public Task EnqueueAsync(string endpointId, IReadOnlyList<StoredEvent> events, long through, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            if (ctx.Webhook(endpointId) is not { } row || row.Cursor >= through)
            {
                return false; // deleted meanwhile, or already queued
            }
            var now = ctx.Now.ToUnixTimeSeconds();
            foreach (var e in events.Where(e => e.Id > row.Cursor))
            {
                ctx.AddDelivery(new WebhookDeliveryRow
                {
                    EndpointId = endpointId, EventId = e.Id, Type = e.Type.WireName(), State = (int)DeliveryState.Pending,
                    NextAttemptAt = now, CreatedAt = now,
                });
            }
            row.Cursor = through;
            return true;
        }, cancellationToken);

    /// <summary>The endpoint's oldest waiting deliveries, in order: they go out one at a time, each after the one before it arrived.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> WaitingAsync(string endpointId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId && d.State == (int)DeliveryState.Pending)
            .OrderBy(d => d.Id).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(From).ToList();
    }

    /// <summary>Records an attempt and its consequence (the delivery's new state; a 410 disables the endpoint).</summary>
    public Task RecordAttemptAsync(long deliveryId, AttemptOutcome outcome, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            if (ctx.Delivery(deliveryId) is not { } delivery)
            {
                return false; // its endpoint was deleted meanwhile
            }
            var now = ctx.Now.ToUnixTimeSeconds();
            ctx.AddAttempt(new WebhookAttemptRow { DeliveryId = deliveryId, At = now, Status = outcome.Status, DurationMs = outcome.DurationMs, Error = outcome.Error });
            delivery.Attempts++;
            (delivery.LastStatus, delivery.LastError, delivery.LastDurationMs) = (outcome.Status, outcome.Error, outcome.DurationMs);
            delivery.State = (int)outcome.State;
            delivery.NextAttemptAt = outcome.RetryAt ?? now;
            if (outcome.Disable is not null && ctx.Webhook(delivery.EndpointId) is { } endpoint)
            {
                (endpoint.Enabled, endpoint.DisabledReason) = (false, outcome.Disable);
            }
            return true;
        }, cancellationToken);

    /// <summary>Sends a delivery again (whatever its state) as the endpoint's next; false when the endpoint has no such delivery.</summary>
    public Task<bool> RedeliverAsync(string endpointId, long deliveryId, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            if (ctx.Delivery(deliveryId) is not { } delivery || delivery.EndpointId != endpointId)
            {
                return false;
            }
            (delivery.State, delivery.NextAttemptAt) = ((int)DeliveryState.Pending, ctx.Now.ToUnixTimeSeconds());
            return true;
        }, cancellationToken);

    public async Task<(IReadOnlyList<WebhookDelivery> Items, int Total)> DeliveriesAsync(string endpointId, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(d => d.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return (rows.Select(From).ToList(), total);
    }

    public async Task<WebhookDelivery?> DeliveryAsync(string endpointId, long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == endpointId, cancellationToken);
        return row is null ? null : From(row);
    }

    public async Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Id)
            .Select(a => new WebhookAttempt(a.At, a.Status, a.DurationMs, a.Error)).ToListAsync(cancellationToken);
    }

    private static WebhookDelivery From(WebhookDeliveryRow d)
    {
        if (!EventTypes.TryParse(d.Type, out var type))
        {
            throw new InvalidDataException($"Delivery {d.Id} has an unknown type '{d.Type}'.");
        }
        return new WebhookDelivery(d.Id, d.EndpointId, d.EventId, type, (DeliveryState)d.State, d.Attempts, d.LastStatus, d.LastError,
            d.LastDurationMs, d.NextAttemptAt, d.CreatedAt);
    }

    private static string? TypesJson(IReadOnlyList<EventType>? types) =>
        types is null ? null : JsonSerializer.Serialize(types.Select(t => t.WireName()));

    private WebhookEndpoint Open(WebhookEndpointRow row)
    {
        var types = row.TypesJson is null ? null : JsonSerializer.Deserialize<string[]>(row.TypesJson)!
            .Select(name => EventTypes.TryParse(name, out var type) ? type : throw new InvalidDataException($"Webhook {row.Id} asks for an unknown type '{name}'.")).ToList();
        return new WebhookEndpoint(row.Id, row.Url, types, row.Description, row.Enabled, row.DisabledReason, row.Cursor, row.CreatedAt,
            Unseal(row.Id, row.SealedSecret), row.SealedPreviousSecret is null ? null : Unseal(row.Id, row.SealedPreviousSecret), row.PreviousUntil);
    }

    // Bound to the endpoint's id: a sealed secret copied to another row does not open.
    private byte[] Seal(string id, string secret) => SecretBox.Seal(keys.SecretsKey, Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes("webhook:" + id));

    private string Unseal(string id, byte[] sealedSecret) => Encoding.UTF8.GetString(SecretBox.Open(keys.SecretsKey, sealedSecret, Encoding.UTF8.GetBytes("webhook:" + id)));
}
