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
    public static void MapServiceTracking(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/service-tracking").WithTags("Service tracking");
        group.MapPost("/record", Record).RequireAuthorization().RequireRateLimiting(ServiceSetup.RecordLimit)
            .Accepts<JsonObject>("application/json").Produces<RecordResponse>(201).Produces<RecordResponse>(200);
        group.MapGet("/stats/{address}", Stats);
        group.MapGet("/leaderboard", Leaderboard);
        group.MapGet("/community", Community);
        group.MapGet("/contributions/{recordId}", Contribution);
        group.MapGet("/contributions/{recordId}/audit", Audit);
        group.MapGet("/catalog", (Catalog catalog) => TypedResults.Ok(CatalogDto.From(catalog)));
        group.MapGet("/eip712", Eip712Types);
    }

    private static async Task<Results<Created<RecordResponse>, Ok<RecordResponse>, ValidationProblem, ProblemHttpResult>> Record(
        HttpContext http, ClaimsPrincipal user, Catalog catalog, LimitOptions limits, SigningDomain signing,
        ContributionStore store, LedgerReader ledger, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBodies.ReadAllAsync(http.Request, cancellationToken);
        var request = RecordRequest.Parse(body, catalog, limits.MaxDetailsBytes, out var errors, out var tooLarge);
        if (request is null)
        {
            return tooLarge
                ? Problems.Of(413, "Request body too large", errors["details"][0], "details-too-large")
                : Problems.Invalid(errors);
        }

        var caller = user.Address();
        var now = time.GetUtcNow();
        var performedAt = request.PerformedTime ?? now;
        if (performedAt > now.AddSeconds(limits.MaxFutureSeconds))
        {
            return Problems.Invalid("performedAt", $"'performedAt' is in the future (more than {limits.MaxFutureSeconds} s ahead of the server's clock).");
        }
        if (performedAt < now.AddDays(-limits.MaxPastDays))
        {
            return Problems.Invalid("performedAt", $"'performedAt' is more than {limits.MaxPastDays} days ago; older service cannot be recorded.");
        }

        var digest = ServiceTrackingTypedData.ContributionDigest(signing.Domain, request.Message(caller));
        if (!EthSignature.TryRecover(digest, request.Signature, out var signer))
        {
            return Problems.Invalid("signature", "The signature is not a valid secp256k1 signature (check r, s, v; high-s signatures are refused).");
        }
        if (signer != caller)
        {
            return Problems.Forbidden($"The EIP-712 signature recovers to {signer}, not to the signed-in address {caller}: " +
                "sign the Contribution with contributor = your own address and the exact fields you send (see GET /api/v1/service-tracking/eip712).");
        }

        RecordOutcome outcome;
        try
        {
            outcome = await store.RecordAsync(new NewContribution(
                "0x" + Convert.ToHexStringLower(digest), caller, request.Nonce, request.Type, request.Subtype,
                request.DetailsJson, request.DetailsHash, request.ContentCid, request.ContentHash, performedAt, request.SignatureHex), cancellationToken);
        }
        catch (RefusedException refusal)
        {
            return Problems.Refused(refusal);
        }

        var c = outcome.Contribution;
        var points = RewardMath.Points(c.Breakdown);
        var rules = catalog.Rewards;
        var estimate = RewardMath.Amount(points, rules.ScrollPerPoint, rules.DecayRatePerDay, 0m, 0m, rules.ScrollMaxSupply);
        // Every batch is signed before it commits, so the receipt is complete as soon as the write is acknowledged.
        var receipt = outcome is { LedgerIndex: { } index, LeafHash: { } leaf }
            ? await ledger.ReceiptAsync(c.RecordId, index, leaf, cancellationToken)
            : await ledger.ReceiptAsync(c.RecordId, cancellationToken);
        var response = new RecordResponse(c.RecordId, WireNames.Of(c.Status), c.Impact, BreakdownDto.From(c.Breakdown), new TokenAmounts(estimate, 0m),
            receipt is null ? null : LedgerEndpoints.ReceiptDto.From(receipt));
        return outcome.Created
            ? TypedResults.Created($"/api/v1/service-tracking/contributions/{c.RecordId}", response)
            : TypedResults.Ok(response);
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
