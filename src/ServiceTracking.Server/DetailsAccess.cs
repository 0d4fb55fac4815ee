using System.Security.Claims;
using System.Text.Json;
using ServiceTracking.Core;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Privacy;

namespace ServiceTracking.Server;

/// <summary>
/// Who reads a contribution's details (API "Profiles"; ADR 10): the contributor, admins, and reviewers (verifiers,
/// elders) — for a sensitive subtype (healing, attunement) only while the claim is under review. Details are opened
/// only here, and every read by someone other than the contributor goes into the contributor's access log.
/// </summary>
public sealed class DetailsAccess(PersonalData personal, Catalog catalog, TimeProvider time)
{
    /// <summary>The details <paramref name="viewer"/> may read, by record id (opened, and their reads logged).</summary>
    public async Task<IReadOnlyDictionary<string, JsonElement>> ReadAsync(IEnumerable<ContributionView> contributions, ClaimsPrincipal viewer,
        CancellationToken cancellationToken)
    {
        var opened = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var reads = new List<AccessLogRow>();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var c in contributions)
        {
            if (opened.ContainsKey(c.RecordId) || ReaderRole(c, viewer) is not { } role)
            {
                continue;
            }
            string json;
            try
            {
                json = await personal.DetailsAsync(c, cancellationToken);
            }
            catch (InvalidDataException) when (!Exists(c))
            {
                continue;
            }
            opened[c.RecordId] = JsonDocument.Parse(json).RootElement.Clone();
            if (role != Roles.Contributor)
            {
                reads.Add(new AccessLogRow
                {
                    Contributor = c.Contributor.ToLowerHex(), Reader = viewer.Address().ToLowerHex(), Role = role, RecordId = c.RecordId,
                    What = "details", At = now,
                });
            }
        }
        await personal.RecordAccessAsync(reads, cancellationToken);
        return opened;
    }

    public async Task<JsonElement?> ReadAsync(ContributionView contribution, ClaimsPrincipal viewer, CancellationToken cancellationToken) =>
        (await ReadAsync([contribution], viewer, cancellationToken)).TryGetValue(contribution.RecordId, out var details) ? details : null;

    /// <summary>In which capacity the viewer reads these details, or null when they may not.</summary>
    private string? ReaderRole(ContributionView c, ClaimsPrincipal viewer)
    {
        if (viewer.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        if (viewer.Address() == c.Contributor)
        {
            return Roles.Contributor;
        }
        if (viewer.IsInRole(Roles.Admin))
        {
            return Roles.Admin;
        }
        if (!viewer.IsReviewer())
        {
            return null;
        }
        var sensitive = catalog.TryGetSubtype(c.Type, c.Subtype, out _, out var rule) && rule.Sensitive;
        return sensitive && c.Status != ContributionStatus.UnderReview ? null : viewer.IsInRole(Roles.Elder) ? Roles.Elder : Roles.Verifier;
    }

    // A contribution whose contributor was erased keeps no details: nothing to show, not an error.
    private static bool Exists(ContributionView c) => c.SealedDetails.Length > 0;
}
