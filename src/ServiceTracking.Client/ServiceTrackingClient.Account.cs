using System.Text.Json;

namespace ServiceTracking.Client;

public sealed partial class ServiceTrackingClient
{
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerOptions.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public Task<ApiDocument> GetHealthAsync(CancellationToken cancellationToken = default) => GetAsync<ApiDocument>("health", cancellationToken);

    // Profiles

    public Task<ApiDocument> GetProfileAsync(CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, "api/v1/profile", null, cancellationToken);

    /// <summary>Sets the display name and whether the profile is public (null leaves a field as it is).</summary>
    public Task<ApiDocument> UpdateProfileAsync(string? displayName, bool? isPublic, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Put, "api/v1/profile", Json(new { displayName, @public = isPublic }), cancellationToken);

    /// <summary>The right to be forgotten: erases the caller's profile and personal data.</summary>
    public Task<ApiDocument> EraseProfileAsync(CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Delete, "api/v1/profile", null, cancellationToken);

    /// <summary>Everything held about the caller as one JSON document, streamed to <paramref name="consume"/>.</summary>
    public async Task ExportProfileAsync(Func<Stream, Task> consume, CancellationToken cancellationToken = default)
    {
        await EnsureSignedInAsync(force: false, cancellationToken).ConfigureAwait(false);
        await _api.DownloadAsync("api/v1/profile/export", consume, cancellationToken).ConfigureAwait(false);
    }

    public Task<ApiDocument> GetAccessLogAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, "api/v1/profile/access-log" + Query(("limit", limit)), null, cancellationToken);

    // Rewards

    /// <summary>Reward grants: the caller's, or (admins) <paramref name="address"/>'s.</summary>
    public Task<ApiDocument> GetRewardsAsync(string? address = null, int? limit = null, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, "api/v1/rewards" + Query(("limit", limit), ("address", address)), null, cancellationToken);

    /// <summary>Runs (or re-runs, idempotently) a scheduled distribution (admin).</summary>
    public Task<ApiDocument> RunRewardsAsync(string schedule, string period, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Post, "api/v1/admin/rewards/run", Json(new { schedule, period }), cancellationToken);

    public Task<ApiDocument> GetRewardRunsAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, "api/v1/admin/rewards/runs" + Query(("limit", limit)), null, cancellationToken);

    /// <summary>
    /// A page of a run's grants (admin), with their recipients and formula inputs, in key order: <c>grants</c>, and
    /// <c>next</c>, to pass as <paramref name="after"/> for the following page (null on the last).
    /// </summary>
    public Task<ApiDocument> GetRunGrantsAsync(string schedule, string period, int? limit = null, string? after = null, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, $"api/v1/admin/rewards/runs/{Id(schedule)}/{Id(period)}/grants" + Query(("limit", limit), ("after", after)), null, cancellationToken);

    // Administration

    public Task<ApiDocument> GetRolesAsync(string address, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, $"api/v1/admin/roles/{Id(address)}", null, cancellationToken);

    public Task<ApiDocument> GrantRoleAsync(string address, string role, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Put, $"api/v1/admin/roles/{Id(address)}/{Id(role)}", null, cancellationToken);

    public Task<ApiDocument> RevokeRoleAsync(string address, string role, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Delete, $"api/v1/admin/roles/{Id(address)}/{Id(role)}", null, cancellationToken);

    /// <summary>Suspends (or restores) automatic verification of a contributor's claims.</summary>
    public Task<ApiDocument> SetAutoVerificationAsync(string address, bool suspended, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Put, $"api/v1/admin/contributors/{Id(address)}/auto-verification", Json(new { suspended }), cancellationToken);

    public Task<ApiDocument> RotatePrivacyKeyAsync(CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Post, "api/v1/admin/privacy/rotate-key", "{}", cancellationToken);

    public Task<ApiDocument> EraseContributorAsync(string address, string reason, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Post, $"api/v1/admin/contributors/{Id(address)}/erase", Json(new { reason }), cancellationToken);

    /// <summary>Suspicion scores within the window (verifiers, elders, admins).</summary>
    public Task<ApiDocument> GetSuspiciousAsync(int? limit = null, int? offset = null, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, "api/v1/admin/suspicious" + Query(("limit", limit), ("offset", offset)), null, cancellationToken);

    // Webhooks (admin)

    /// <summary>Creates a webhook; the answer's <c>secret</c> is shown only here and on rotation.</summary>
    public Task<ApiDocument> CreateWebhookAsync(Uri url, IEnumerable<string>? types = null, string? description = null, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Post, "api/v1/admin/webhooks", Json(new { url, types, description }), cancellationToken);

    public Task<ApiDocument> GetWebhooksAsync(CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, "api/v1/admin/webhooks", null, cancellationToken);

    public Task<ApiDocument> GetWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, $"api/v1/admin/webhooks/{Id(id)}", null, cancellationToken);

    public Task<ApiDocument> UpdateWebhookAsync(string id, Uri? url = null, IEnumerable<string>? types = null, bool? enabled = null, string? description = null, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Put, $"api/v1/admin/webhooks/{Id(id)}", Json(new { url, types, enabled, description }), cancellationToken);

    public Task<ApiDocument> DeleteWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Delete, $"api/v1/admin/webhooks/{Id(id)}", null, cancellationToken);

    public Task<ApiDocument> RotateWebhookSecretAsync(string id, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Post, $"api/v1/admin/webhooks/{Id(id)}/rotate-secret", "{}", cancellationToken);

    public Task<ApiDocument> PingWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Post, $"api/v1/admin/webhooks/{Id(id)}/ping", "{}", cancellationToken);

    public Task<ApiDocument> GetWebhookDeliveriesAsync(string id, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, $"api/v1/admin/webhooks/{Id(id)}/deliveries", null, cancellationToken);

    public Task<ApiDocument> GetWebhookDeliveryAsync(string id, long deliveryId, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, $"api/v1/admin/webhooks/{Id(id)}/deliveries/{deliveryId}", null, cancellationToken);

    public Task<ApiDocument> RedeliverWebhookAsync(string id, long deliveryId, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Post, $"api/v1/admin/webhooks/{Id(id)}/deliveries/{deliveryId}/redeliver", "{}", cancellationToken);

    private static string Json(object value) => JsonSerializer.Serialize(value, s_web);
}
