using System.Security.Claims;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

/// <summary>
/// What the API answers and the dashboard shows, built once for both: standings, the community, a contribution and its
/// audit trail, each as the given viewer may see it (private contributors as pseudonyms, details only for those allowed).
/// </summary>
public sealed class ServiceViews(
    Standings standings, ContributionStore store, GrantBook grants, Visibility visibility, Catalog catalog, DetailsAccess details)
{
    public async Task<CommunityResponse> CommunityAsync(ClaimsPrincipal viewer, CancellationToken cancellationToken)
    {
        var totals = await standings.TotalsAsync(cancellationToken);
        var (scroll, blessing) = await grants.SupplyAsync(cancellationToken);
        var (top, _) = await standings.LeaderboardAsync(new PeriodKey(PeriodKind.All, "all"), 0, 10, cancellationToken);
        var recent = await store.LatestAsync(null, 20, cancellationToken, verifiedOnly: true);
        return new CommunityResponse(
            new EcosystemDto(totals.Lightworkers, totals.Contributions, totals.Impact, new TokenAmounts(scroll, blessing)),
            Entries(top, viewer),
            recent.Select(c =>
            {
                var identity = visibility.Of(c.Contributor, viewer);
                return new ActivityDto(c.RecordId, c.Type, c.Subtype, identity.DisplayName, c.RecordedAt, c.Impact, identity.ProfileId);
            }).ToList());
    }

    public async Task<LeaderboardResponse> LeaderboardAsync(ClaimsPrincipal viewer, PeriodKey period, int offset, int limit, CancellationToken cancellationToken)
    {
        var (rows, total) = await standings.LeaderboardAsync(period, offset, limit, cancellationToken);
        return new LeaderboardResponse(period.Label, WireNames.Of(period.Kind), total, offset, Entries(rows, viewer));
    }

    /// <summary>
    /// A contributor's stats, or null when the service holds no standing for them (nothing recorded, or erased); a
    /// signed-in contributor asking for their own gets their empty standing (nothing is revealed to them about themselves).
    /// </summary>
    public async Task<StatsResponse?> StatsAsync(ClaimsPrincipal viewer, EthAddress who, CancellationToken cancellationToken)
    {
        var stats = await standings.StatsAsync(who, cancellationToken);
        if (stats.Rank is null && stats.Latest.Count == 0 && !(viewer.Identity?.IsAuthenticated == true && viewer.Address() == who))
        {
            return null;
        }
        var identity = visibility.Of(who, viewer);
        var breakdown = new Dictionary<string, int>();
        foreach (var category in catalog.Categories)
        {
            breakdown[category] = stats.CategoryCounts.GetValueOrDefault(category);
        }
        var balance = stats.Rewards;
        var opened = await details.ReadAsync(stats.Latest, viewer, cancellationToken);
        var rewards = new RewardsEarnedDto(balance.ScrollCoin, balance.BlessingCoin, balance.Badges.Count);
        var metrics = new StatsMetrics(stats.VerifiedContributions, stats.TotalImpact, stats.Rank, stats.CurrentStreak, rewards, breakdown);
        return new StatsResponse(identity.Address, identity.DisplayName, stats.TotalImpact, stats.Rank, metrics,
            stats.Latest.Select(c => ContributionDto.From(c, identity, opened.TryGetValue(c.RecordId, out var d) ? d : null)).ToList(), RewardsDto.From(balance));
    }

    /// <summary>A contributor's contributions, newest first, as the viewer may see them (details only where allowed).</summary>
    public async Task<IReadOnlyList<ContributionDto>> ContributionsAsync(ClaimsPrincipal viewer, EthAddress who, int limit, CancellationToken cancellationToken)
    {
        var latest = await store.LatestAsync(who, limit, cancellationToken);
        var identity = visibility.Of(who, viewer);
        var opened = await details.ReadAsync(latest, viewer, cancellationToken);
        return latest.Select(c => ContributionDto.From(c, identity, opened.TryGetValue(c.RecordId, out var d) ? d : null)).ToList();
    }

    public async Task<ContributionDto?> ContributionAsync(ClaimsPrincipal viewer, string recordId, CancellationToken cancellationToken)
    {
        var contribution = await store.FindAsync(recordId.ToLowerInvariant(), cancellationToken);
        return contribution is null
            ? null
            : ContributionDto.From(contribution, visibility.Of(contribution.Contributor, viewer), await details.ReadAsync(contribution, viewer, cancellationToken));
    }

    public async Task<ContributionEndpoints.AuditResponse?> AuditAsync(ClaimsPrincipal viewer, string recordId, CancellationToken cancellationToken)
    {
        var contribution = await store.FindAsync(recordId.ToLowerInvariant(), cancellationToken);
        if (contribution is null)
        {
            return null;
        }
        var identity = visibility.Of(contribution.Contributor, viewer);
        var events = await store.AuditLogAsync(contribution.RecordId, cancellationToken);
        return new ContributionEndpoints.AuditResponse(contribution.RecordId, events.Select(e => ContributionEndpoints.AuditEventJson(e, identity)).ToList());
    }

    /// <summary>
    /// The contributor a page id names: an address (their profile must be public, or the viewer themselves or an admin),
    /// or a private page id (<see cref="Visibility.PrivateProfileId"/>), found among ranked contributors when not yet known.
    /// </summary>
    public async Task<EthAddress?> ResolveProfileAsync(string id, ClaimsPrincipal viewer, CancellationToken cancellationToken)
    {
        if (EthAddress.TryParse(id, out var address))
        {
            // An address does not open a private profile's page: that would confirm who is behind a pseudonym.
            return visibility.Of(address, viewer).Revealed ? address : null;
        }
        if (!id.StartsWith('~') || id.Length != 25)
        {
            return null;
        }
        if (visibility.TryResolvePrivateProfileId(id, out var known))
        {
            return known;
        }
        // A full scan leaves every ranked contributor's id known: until someone new is ranked, an unknown id is simply
        // unknown, so a stream of made-up ids costs one count each, not a pass over every contributor.
        var all = new PeriodKey(PeriodKind.All, "all");
        if ((await standings.LeaderboardAsync(all, 0, 1, cancellationToken)).Total == Volatile.Read(ref _scannedTotal))
        {
            return null;
        }
        const int Page = 10_000;
        for (var offset = 0; ; offset += Page)
        {
            var (rows, total) = await standings.LeaderboardAsync(all, offset, Page, cancellationToken);
            foreach (var row in rows)
            {
                if (visibility.PrivateProfileId(row.Address) == id)
                {
                    return row.Address;
                }
            }
            if (offset + Page >= total || rows.Count == 0)
            {
                Volatile.Write(ref _scannedTotal, total);
                return null;
            }
        }
    }

    /// <summary>How many ranked contributors the last complete scan for a private page id covered (-1: none yet).</summary>
    private int _scannedTotal = -1;

    public List<LeaderboardEntry> Entries(IEnumerable<LeaderboardRow> rows, ClaimsPrincipal viewer) =>
        rows.Select(r =>
        {
            var identity = visibility.Of(r.Address, viewer);
            return new LeaderboardEntry(r.Rank, identity.Address, identity.DisplayName, r.Score, identity.ProfileId);
        }).ToList();
}
