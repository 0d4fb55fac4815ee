using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Ledger;

namespace ServiceTracking.Server;

/// <summary>Contributions: recording them (one, or a batch), reading one and its audit trail, the rules and the typed data to sign.</summary>
public static class ContributionEndpoints
{
    public const int MaxBatchItems = 1000;

    public static void MapContributions(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/service-tracking").WithTags("Contributions");
        group.MapPost("/record", Record).RequireAuthorization()
            .Accepts<JsonObject>("application/json").Produces<RecordResponse>(201).Produces<RecordResponse>(200);
        group.MapPost("/records", RecordBatch).RequireAuthorization()
            .Accepts<JsonObject>("application/json").Produces<BatchResponse>(200);
        group.MapGet("/contributions/{recordId}", Contribution);
        group.MapGet("/contributions/{recordId}/audit", Audit);
        group.MapGet("/catalog", (Catalog catalog) => TypedResults.Ok(CatalogDto.From(catalog)));
        group.MapGet("/eip712", Eip712Types);
        group.MapPost("/eip712/contribution", ContributionTypedData).RequireAuthorization();
    }

    /// <summary>What a wallet without a keccak library (a browser's EIP-1193 <c>eth_signTypedData_v4</c>) needs to sign a contribution.</summary>
    public sealed record ContributionDraft(string? Type, string? Subtype, string? DetailsText, string? ContentCid, ulong? PerformedAt, ulong? Nonce);

    /// <summary>
    /// The full <c>eth_signTypedData_v4</c> payload of the caller's contribution, with <c>detailsHash</c> over the UTF-8
    /// bytes of <c>detailsText</c> (send that exact text as <c>details</c>) and <c>contentHash</c> from the CID. Pure:
    /// nothing is stored; <c>POST /record</c> checks everything again.
    /// </summary>
    private static Results<Ok<JsonObject>, ValidationProblem> ContributionTypedData(ContributionDraft body, ClaimsPrincipal user, SigningDomain signing)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Type) || string.IsNullOrWhiteSpace(body.Subtype))
        {
            errors["type"] = ["'type' and 'subtype' are required (see GET /catalog)."];
        }
        if (body.DetailsText is null)
        {
            errors["detailsText"] = ["'detailsText' is the details' JSON text, exactly as it will be sent as 'details'."];
        }
        byte[] contentHash = new byte[32];
        if (!string.IsNullOrEmpty(body.ContentCid) && !Core.Ipfs.ContentId.TryGetSha256Digest(body.ContentCid, out contentHash!, out var cidError))
        {
            errors["contentCid"] = [cidError ?? "Not a CID."];
        }
        if (body.PerformedAt is null || body.Nonce is null)
        {
            errors["nonce"] = ["'performedAt' (unix seconds) and 'nonce' are required."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var message = new ContributionMessage(user.Address(), body.Type!, body.Subtype!, Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(body.DetailsText!)),
            contentHash, body.PerformedAt!.Value, body.Nonce!.Value);
        return TypedResults.Ok(ServiceTrackingTypedData.ContributionTypedData(signing.Domain, message));
    }

    private static async Task<Results<Created<RecordResponse>, Ok<RecordResponse>, ProblemHttpResult>> Record(
        HttpContext http, ClaimsPrincipal user, RecordIntake intake, RecordQuota quota, CancellationToken cancellationToken)
    {
        var caller = user.Address();
        if (await quota.RefusalAsync(http, caller, 1, cancellationToken) is { } tooMany)
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
        if (await quota.RefusalAsync(http, caller, items.Count, cancellationToken) is { } tooMany)
        {
            return tooMany;
        }
        // Checking is pure CPU (JSON, keccak, ecrecover): spread over the cores, then recorded in the items' order.
        var checkedItems = new (NewContribution?, Microsoft.AspNetCore.Mvc.ProblemDetails?)[items.Count];
        Parallel.For(0, items.Count, i => checkedItems[i] = intake.Check(items[i], caller));
        var outcomes = await intake.RecordAsync(checkedItems, cancellationToken);
        return TypedResults.Ok(new BatchResponse(outcomes.Select(o => new BatchItemResult(o.Status, o.Record, o.Problem)).ToList()));
    }

    private static async Task<Results<Ok<ContributionDto>, ProblemHttpResult>> Contribution(
        string recordId, ClaimsPrincipal user, ServiceViews views, CancellationToken cancellationToken) =>
        await views.ContributionAsync(user, recordId, cancellationToken) is { } contribution
            ? TypedResults.Ok(contribution)
            : Problems.NotFound($"No contribution has record id '{recordId}'.");

    private static async Task<Results<Ok<AuditResponse>, ProblemHttpResult>> Audit(
        string recordId, ClaimsPrincipal user, ServiceViews views, CancellationToken cancellationToken) =>
        await views.AuditAsync(user, recordId, cancellationToken) is { } audit
            ? TypedResults.Ok(audit)
            : Problems.NotFound($"No contribution has record id '{recordId}'.");

    public sealed record AuditResponse(string ContributionId, IReadOnlyList<JsonObject> AuditLog);

    /// <summary>An audit event as the seed shows it; the log names the contributor only by commitment, so the actor is filled in for the viewer.</summary>
    internal static JsonObject AuditEventJson(AuditEntry e, Visibility.Identity identity)
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
        primaryType is null or ServiceTrackingTypedData.ContributionTypeName or ServiceTrackingTypedData.EndorsementTypeName
            || OfficialActs.TryParseType(primaryType, out _)
            ? TypedResults.Ok(ServiceTrackingTypedData.Describe(signing.Domain, primaryType ?? ServiceTrackingTypedData.ContributionTypeName))
            : Problems.Invalid("primaryType", "'primaryType' is Contribution (the default), Endorsement, Blessing, Feature, Assessment or ReviewDecision.");
}
