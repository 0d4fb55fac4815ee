using System.Globalization;

namespace ServiceTracking.Client;

/// <summary>Standing and anti-gaming (docs/antigaming.md): one's standing, vouching, the moderators' findings, the reputation run.</summary>
public sealed partial class ServiceTrackingClient
{
    /// <summary>The signed-in contributor's standing, with its reasons.</summary>
    public Task<ApiDocument> GetStandingAsync(CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, "api/v1/profile/standing", null, cancellationToken);

    /// <summary>Vouches for a new address (verifiers, elders; audited): its claims then need one approval, its endorsements count.</summary>
    public Task<ApiDocument> VouchAsync(string address, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Post, $"api/v1/contributors/{Id(address)}/vouch", null, cancellationToken);

    public Task<ApiDocument> GetFindingsAsync(CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Get, "api/v1/admin/findings", null, cancellationToken);

    /// <summary>Confirms (or dismisses) a finding with its evidence (moderators; audited).</summary>
    public Task<ApiDocument> DecideFindingAsync(long id, bool confirm, CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Post, $"api/v1/admin/findings/{id.ToString(CultureInfo.InvariantCulture)}/{(confirm ? "confirm" : "dismiss")}", null, cancellationToken);

    /// <summary>Runs the reputation computation now (admin); it also runs on its schedule.</summary>
    public Task<ApiDocument> RunReputationAsync(CancellationToken cancellationToken = default) =>
        AuthedAsync<ApiDocument>(HttpMethod.Post, "api/v1/admin/reputation/run", null, cancellationToken);
}
