using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

/// <summary>The seed's endpoints and their neighbours under <c>/api/v1/service-tracking</c>.</summary>
public static class ServiceTrackingEndpoints
{
    public const int MaxBatchItems = 1000;

    public static void MapServiceTracking(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/service-tracking").WithTags("Service tracking");
        group.MapPost("/record", Record).RequireAuthorization()
            .Accepts<JsonObject>("application/json").Produces<RecordResponse>(201).Produces<RecordResponse>(200);
        group.MapPost("/records", RecordBatch).RequireAuthorization()
            .Accepts<JsonObject>("application/json").Produces<BatchResponse>(200);
        group.MapGet("/stats/{address}", Stats);
        group.MapGet("/leaderboard", Leaderboard);
        group.MapGet("/community", Community);
        group.MapGet("/contributions/{recordId}", Contribution);
        group.MapGet("/contributions/{recordId}/audit", Audit);
        group.MapGet("/catalog", (Catalog catalog) => TypedResults.Ok(CatalogDto.From(catalog)));
        group.MapGet("/eip712", Eip712Types);
    }

    private static async Task<Results<Created<RecordResponse>, Ok<RecordResponse>, ProblemHttpResult>> Record(
        HttpContext http, ClaimsPrincipal user, RecordIntake intake, RecordQuota quota, CancellationToken cancellationToken)
    {
        var caller = user.Address();
        if (quota.Refusal(http, caller, 1) is { } tooMany)
        {
            return tooMany;
        }
        var item = intake.Check(await JsonBodies.ReadAllAsync(http.Request, cancellationToken), caller);
        var outcome = (await intake.RecordAsync([item], cancellationToken))[0];
        return outcome switch
        {
            { Status: 201, Record: { } record } => TypedResults.Created($"/api/v1/service-tracking/contributions/{record.RecordId}", record),
            { Record: { } record } => TypedResults.Ok(record),
            _ => TypedResults.Problem(outcome.Problem!),
        };
    }

    public sealed record BatchResponse(IReadOnlyList<BatchItemResult> Results);

    /// <summary>One item's answer: its status, and the record (as POST /record answers) or the problem (typed <c>object</c> so a validation problem keeps its <c>errors</c>).</summary>
    public sealed record BatchItemResult(
        int Status,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] RecordResponse? Record,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] object? Problem);

    private static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> RecordBatch(
        HttpContext http, ClaimsPrincipal user, RecordIntake intake, RecordQuota quota, LimitOptions limits, CancellationToken cancellationToken)
    {
        // The batch has its own body limit; each item keeps the per-record ones.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxBatchBodyBytes;
        }
        var body = await JsonBodies.ReadAllAsync(http.Request, cancellationToken);
        var items = RecordIntake.BatchItems(body, MaxBatchItems, out var errors);
        if (items is null)
        {
            return TypedResults.Problem(Problems.Invalid(errors).ProblemDetails);
        }
        var caller = user.Address();
        if (quota.Refusal(http, caller, items.Count) is { } tooMany)
        {
            return tooMany;
        }
        // Checking is pure CPU (JSON, keccak, ecrecover): spread over the cores, then recorded in the items' order.
        var checkedItems = new (NewContribution?, Microsoft.AspNetCore.Mvc.ProblemDetails?)[items.Count];
        Parallel.For(0, items.Count, i => checkedItems[i] = intake.Check(items[i], caller));
        var outcomes = await intake.RecordAsync(checkedItems, cancellationToken);
        return TypedResults.Ok(new BatchResponse(outcomes.Select(o => new BatchItemResult(o.Status, o.Record, o.Problem)).ToList()));
    }

    private static async Task<Results<Ok<StatsResponse>, ValidationProblem>> Stats(
        string address, ClaimsPrincipal user, Standings standings, GrantBook grants, Visibility visibility, Catalog catalog, CancellationToken cancellationToken)
    {
        if (!EthAddress.TryParse(address, out var who))
        {
            return Problems.Invalid("address", "Not an Ethereum address (0x + 40 hex digits; mixed case must be a valid EIP-55 checksum).");
        }
        var stats = await standings.StatsAsync(who, cancellationToken);
        var identity = visibility.Of(who, user);
        var breakdown = new Dictionary<string, int>();
        foreach (var category in catalog.Categories)
        {
            breakdown[category] = stats.CategoryCounts.GetValueOrDefault(category);
        }
        var balance = await grants.BalanceAsync(who, cancellationToken);
        var rewards = new RewardsEarnedDto(balance.ScrollCoin, balance.BlessingCoin, balance.Badges.Count);
        var metrics = new StatsMetrics(stats.VerifiedContributions, stats.TotalImpact, stats.Rank, stats.CurrentStreak, rewards, breakdown);
        return TypedResults.Ok(new StatsResponse(identity.Address, identity.DisplayName, stats.TotalImpact, stats.Rank, metrics,
            stats.Latest.Select(c => ContributionDto.From(c, identity, user)).ToList(), RewardsDto.From(balance)));
    }

    private static async Task<Results<Ok<LeaderboardResponse>, ValidationProblem>> Leaderboard(
        ClaimsPrincipal user, Standings standings, Visibility visibility, TimeProvider time, CancellationToken cancellationToken,
        string? period = null, string? at = null, int? limit = null, int? offset = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (!WireNames.TryParse(period ?? "all", out PeriodKind kind))
        {
            errors["period"] = ["'period' must be one of all, daily, weekly, monthly."];
        }
        var label = Periods.Label(kind, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (at is not null && !errors.ContainsKey("period"))
        {
            if (Periods.TryNormalizeLabel(kind, at, out var normalized))
            {
                label = normalized;
            }
            else
            {
                errors["at"] = [$"'{at}' is not a {WireNames.Of(kind)} period label (e.g. 2025-12-14, 2025-W50, 2025-12, all)."];
            }
        }
        if (limit is < 1 or > 1000)
        {
            errors["limit"] = ["'limit' must be between 1 and 1000."];
        }
        if (offset is < 0)
        {
            errors["offset"] = ["'offset' must be 0 or more."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var (rows, total) = await standings.LeaderboardAsync(new PeriodKey(kind, label), offset ?? 0, limit ?? 100, cancellationToken);
        return TypedResults.Ok(new LeaderboardResponse(label, WireNames.Of(kind), total, offset ?? 0, Entries(rows, user, visibility)));
    }

    internal static List<LeaderboardEntry> Entries(IEnumerable<LeaderboardRow> rows, ClaimsPrincipal user, Visibility visibility) =>
        rows.Select(r =>
        {
            var identity = visibility.Of(r.Address, user);
            return new LeaderboardEntry(r.Rank, identity.Address, identity.DisplayName, r.Score);
        }).ToList();

    private static async Task<Ok<CommunityResponse>> Community(
        ClaimsPrincipal user, Standings standings, ContributionStore store, GrantBook grants, Visibility visibility, CancellationToken cancellationToken)
    {
        var totals = await standings.TotalsAsync(cancellationToken);
        var (scroll, blessing) = await grants.SupplyAsync(cancellationToken);
        var (top, _) = await standings.LeaderboardAsync(new PeriodKey(PeriodKind.All, "all"), 0, 10, cancellationToken);
        var recent = await store.LatestAsync(null, 20, cancellationToken, verifiedOnly: true);
        return TypedResults.Ok(new CommunityResponse(
            new EcosystemDto(totals.Lightworkers, totals.Contributions, totals.Impact, new TokenAmounts(scroll, blessing)),
            Entries(top, user, visibility),
            recent.Select(c => new ActivityDto(c.RecordId, c.Type, c.Subtype, visibility.Of(c.Contributor, user).DisplayName, c.RecordedAt, c.Impact)).ToList()));
    }

    private static async Task<Results<Ok<ContributionDto>, ProblemHttpResult>> Contribution(
        string recordId, ClaimsPrincipal user, ContributionStore store, Visibility visibility, CancellationToken cancellationToken)
    {
        var contribution = await store.FindAsync(recordId.ToLowerInvariant(), cancellationToken);
        return contribution is null
            ? Problems.NotFound($"No contribution has record id '{recordId}'.")
            : TypedResults.Ok(ContributionDto.From(contribution, visibility.Of(contribution.Contributor, user), user));
    }

    private static async Task<Results<Ok<AuditResponse>, ProblemHttpResult>> Audit(
        string recordId, ClaimsPrincipal user, ContributionStore store, Visibility visibility, CancellationToken cancellationToken)
    {
        var contribution = await store.FindAsync(recordId.ToLowerInvariant(), cancellationToken);
        if (contribution is null)
        {
            return Problems.NotFound($"No contribution has record id '{recordId}'.");
        }
        var identity = visibility.Of(contribution.Contributor, user);
        var events = await store.AuditLogAsync(contribution.RecordId, cancellationToken);
        return TypedResults.Ok(new AuditResponse(contribution.RecordId, events.Select(e => AuditEventJson(e, identity)).ToList()));
    }

    public sealed record AuditResponse(string ContributionId, IReadOnlyList<JsonObject> AuditLog);

    /// <summary>An audit event as the seed shows it; the log names the contributor only by commitment, so the actor is filled in for the viewer.</summary>
    private static JsonObject AuditEventJson(AuditEntry e, Visibility.Identity identity)
    {
        var json = new JsonObject
        {
            ["timestamp"] = e.Timestamp,
            ["action"] = e.Action,
            ["actor"] = e.Actor == Commitments.ContributorActor ? identity.Address ?? identity.DisplayName : e.Actor,
            ["ledgerIndex"] = e.Seq,
        };
        foreach (var (name, value) in e.Fields)
        {
            json[name] = JsonNode.Parse(value.GetRawText());
        }
        return json;
    }

    private static Results<Ok<JsonObject>, ValidationProblem> Eip712Types(SigningDomain signing, string? primaryType = null) =>
        primaryType is null or "Contribution" or "Endorsement"
            ? TypedResults.Ok(ServiceTrackingTypedData.Describe(signing.Domain, primaryType ?? "Contribution"))
            : Problems.Invalid("primaryType", "'primaryType' is Contribution (the default) or Endorsement.");
}
