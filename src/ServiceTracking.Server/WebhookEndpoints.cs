using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core;
using ServiceTracking.Core.Events;
using ServiceTracking.Storage.Events;

namespace ServiceTracking.Server;

/// <summary>Webhook administration (API.md "Live events"): endpoints, their secrets, their delivery logs, redelivery and a test ping.</summary>
public static class WebhookEndpoints
{
    public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Types, string? Description, bool? Enabled);
    public sealed record WebhookDto(string Id, string Url, IReadOnlyList<string>? Types, string? Description, bool Enabled, string? DisabledReason,
        long CreatedAt, string? Secret = null);
    public sealed record WebhookListDto(IReadOnlyList<WebhookDto> Webhooks);
    public sealed record SecretDto(string Secret);
    public sealed record PingDto(int? Status, int DurationMs, string? Error);
    public sealed record DeliveryDto(string Id, string EventId, string Type, int Attempts, int? LastStatus, string State, long NextAttemptAt,
        string? LastError, int? LastDurationMs, long CreatedAt, IReadOnlyList<WebhookAttempt>? Log = null);
    public sealed record DeliveryListDto(IReadOnlyList<DeliveryDto> Deliveries, int Total, int Offset);

    private const int MaxUrl = 2048;
    private const int MaxDescription = 256;

    public static void MapWebhooks(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/admin/webhooks").WithTags("Webhooks").RequireAuthorization(Roles.Admin);
        group.MapPost("/", Create);
        group.MapGet("/", async (Webhooks webhooks, CancellationToken ct) => TypedResults.Ok(new WebhookListDto((await webhooks.ListAsync(ct)).Select(e => Dto(e)).ToList())));
        group.MapGet("/{id}", async Task<Results<Ok<WebhookDto>, ProblemHttpResult>> (string id, Webhooks webhooks, CancellationToken ct) =>
            await webhooks.FindAsync(id, ct) is { } endpoint ? TypedResults.Ok(Dto(endpoint)) : Missing(id));
        group.MapPut("/{id}", Update);
        group.MapDelete("/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, Webhooks webhooks, WebhookDispatcher dispatcher, CancellationToken ct) =>
        {
            if (!await webhooks.DeleteAsync(id, ct))
            {
                return Missing(id);
            }
            dispatcher.Wake();
            return TypedResults.NoContent();
        });
        group.MapPost("/{id}/rotate-secret", async Task<Results<Ok<SecretDto>, ProblemHttpResult>> (string id, Webhooks webhooks, WebhookOptions options, TimeProvider time, CancellationToken ct) =>
            await webhooks.RotateSecretAsync(id, time.GetUtcNow().AddHours(options.RotationGraceHours), ct) is { } endpoint ? TypedResults.Ok(new SecretDto(endpoint.Secret)) : Missing(id));
        group.MapPost("/{id}/ping", Ping);
        group.MapGet("/{id}/deliveries", Deliveries);
        group.MapGet("/{id}/deliveries/{deliveryId:long}", Delivery);
        group.MapPost("/{id}/deliveries/{deliveryId:long}/redeliver", Redeliver);
    }

    private static async Task<Results<Created<WebhookDto>, ValidationProblem>> Create(WebhookRequest body, Webhooks webhooks, WebhookSender sender,
        WebhookDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var (types, errors) = await CheckAsync(body, sender, cancellationToken);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var endpoint = await webhooks.CreateAsync(body.Url!, types, body.Description, cancellationToken);
        dispatcher.Wake();
        return TypedResults.Created($"/api/v1/admin/webhooks/{endpoint.Id}", Dto(endpoint, withSecret: true));
    }

    private static async Task<Results<Ok<WebhookDto>, ValidationProblem, ProblemHttpResult>> Update(string id, WebhookRequest body, Webhooks webhooks,
        WebhookSender sender, WebhookDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var (types, errors) = await CheckAsync(body, sender, cancellationToken);
        if (body.Enabled is null)
        {
            errors["enabled"] = ["'enabled' (true or false) is required."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        if (await webhooks.UpdateAsync(id, body.Url!, types, body.Enabled!.Value, body.Description, cancellationToken) is not { } endpoint)
        {
            return Missing(id);
        }
        dispatcher.Wake();
        return TypedResults.Ok(Dto(endpoint));
    }

    /// <summary>Sends a signed <c>webhook.ping</c> at once and answers what the receiver said (not queued, not logged).</summary>
    private static async Task<Results<Ok<PingDto>, ProblemHttpResult>> Ping(string id, Webhooks webhooks, WebhookSender sender, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await webhooks.FindAsync(id, cancellationToken) is not { } endpoint)
        {
            return Missing(id);
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var pingId = "ping_" + Guid.NewGuid().ToString("N");
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { id = pingId, type = "webhook.ping", timestamp = now, data = new { webhookId = id } });
        var result = await sender.SendAsync(endpoint.Url, endpoint.SecretsAt(now), pingId, body, cancellationToken);
        return TypedResults.Ok(new PingDto(result.Status, result.DurationMs, result.Error));
    }

    private static async Task<Results<Ok<DeliveryListDto>, ValidationProblem, ProblemHttpResult>> Deliveries(string id, Webhooks webhooks, CancellationToken cancellationToken,
        int? limit = null, int? offset = null)
    {
        if (limit is < 1 or > 500 || offset is < 0)
        {
            return Problems.Invalid(limit is < 1 or > 500 ? "limit" : "offset", "'limit' must be between 1 and 500 and 'offset' 0 or more.");
        }
        if (await webhooks.FindAsync(id, cancellationToken) is null)
        {
            return Missing(id);
        }
        var (items, total) = await webhooks.DeliveriesAsync(id, offset ?? 0, limit ?? 50, cancellationToken);
        return TypedResults.Ok(new DeliveryListDto(items.Select(d => Dto(d)).ToList(), total, offset ?? 0));
    }

    private static async Task<Results<Ok<DeliveryDto>, ProblemHttpResult>> Delivery(string id, long deliveryId, Webhooks webhooks, CancellationToken cancellationToken)
    {
        return await webhooks.DeliveryAsync(id, deliveryId, cancellationToken) is { } delivery
            ? TypedResults.Ok(Dto(delivery, await webhooks.AttemptsAsync(deliveryId, cancellationToken)))
            : Problems.NotFound($"Webhook '{id}' has no delivery {deliveryId}.");
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> Redeliver(string id, long deliveryId, Webhooks webhooks, WebhookDispatcher dispatcher, CancellationToken cancellationToken)
    {
        if (!await webhooks.RedeliverAsync(id, deliveryId, cancellationToken))
        {
            return Problems.NotFound($"Webhook '{id}' has no delivery {deliveryId}.");
        }
        dispatcher.Wake();
        return TypedResults.Accepted($"/api/v1/admin/webhooks/{id}/deliveries/{deliveryId}");
    }

    private static async Task<(IReadOnlyList<EventType>? Types, Dictionary<string, string[]> Errors)> CheckAsync(WebhookRequest body, WebhookSender sender, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Url) || body.Url.Length > MaxUrl)
        {
            errors["url"] = [$"'url' is required (at most {MaxUrl} characters)."];
        }
        else if (await sender.RefusalAsync(body.Url, cancellationToken) is { } refusal)
        {
            errors["url"] = [refusal];
        }
        if (body.Description is { Length: > MaxDescription })
        {
            errors["description"] = [$"'description' is at most {MaxDescription} characters."];
        }
        List<EventType>? types = null;
        if (body.Types is not null)
        {
            types = [];
            foreach (var name in body.Types)
            {
                if (EventTypes.TryParse(name, out var type))
                {
                    types.Add(type);
                }
                else
                {
                    errors["types"] = [$"'{name}' is not an event type; the types are {string.Join(", ", EventTypes.All.Select(t => t.WireName()))}."];
                }
            }
            if (types.Count == 0 && !errors.ContainsKey("types"))
            {
                errors["types"] = ["'types' lists at least one type (leave it out for every public type)."];
            }
        }
        return (types?.Distinct().ToList(), errors);
    }

    private static ProblemHttpResult Missing(string id) => Problems.NotFound($"There is no webhook '{id}'.");

    private static WebhookDto Dto(WebhookEndpoint e, bool withSecret = false) =>
        new(e.Id, e.Url, e.Types?.Select(t => t.WireName()).ToList(), e.Description, e.Enabled, e.DisabledReason, e.CreatedAt, withSecret ? e.Secret : null);

    private static DeliveryDto Dto(WebhookDelivery d, IReadOnlyList<WebhookAttempt>? log = null) =>
        new(d.Id.ToString(CultureInfo.InvariantCulture), d.EventId.ToString(CultureInfo.InvariantCulture), d.Type.WireName(), d.Attempts, d.LastStatus,
            d.State.ToString().ToLowerInvariant(), d.NextAttemptAt, d.LastError, d.LastDurationMs, d.CreatedAt, log);
}
