using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

/// <summary>Recognition and review (API.md): endorsements, blessings, features, assessments and the review queue.</summary>
public static class RecognitionEndpoints
{
    public sealed record EndorsementRequest(string? Signature, long? IssuedAt);
    public sealed record QueueItem(ContributionDto Contribution, string QueueReason);
    public sealed record QueueResponse(int Total, int Offset, IReadOnlyList<QueueItem> Items);

    public static void MapRecognition(this WebApplication app)
    {
        var contributions = app.MapGroup("/api/v1/service-tracking/contributions/{recordId}").WithTags("Recognition and review");
        contributions.MapPost("/endorsements", Endorse).RequireAuthorization();
        contributions.MapPost("/blessing", (string recordId, OfficialActRequest? body, ClaimsPrincipal user, OfficialActRequests requests, Recognitions r, Visibility v, CancellationToken ct) =>
            Act(OfficialActType.Blessing, "", recordId, body, user, requests, r, v, ct)).RequireAuthorization(Roles.Elder);
        contributions.MapPost("/feature", (string recordId, OfficialActRequest? body, ClaimsPrincipal user, OfficialActRequests requests, Recognitions r, Visibility v, CancellationToken ct) =>
            Act(OfficialActType.Feature, "", recordId, body, user, requests, r, v, ct)).RequireAuthorization(Roles.Curator);
        contributions.MapPost("/assessment", (string recordId, OfficialActRequest? body, ClaimsPrincipal user, OfficialActRequests requests, Recognitions r, Visibility v, CancellationToken ct) =>
            Act(OfficialActType.Assessment, "", recordId, body, user, requests, r, v, ct)).RequireAuthorization(Roles.Reviewer);

        var review = app.MapGroup("/api/v1/review").WithTags("Recognition and review").RequireAuthorization(Roles.Reviewer);
        review.MapGet("/queue", Queue);
        review.MapPost("/{recordId}/approve", (string recordId, OfficialActRequest? body, ClaimsPrincipal user, OfficialActRequests requests, Recognitions r, Visibility v, CancellationToken ct) =>
            Act(OfficialActType.ReviewDecision, OfficialAct.Approve, recordId, body, user, requests, r, v, ct));
        review.MapPost("/{recordId}/reject", (string recordId, OfficialActRequest? body, ClaimsPrincipal user, OfficialActRequests requests, Recognitions r, Visibility v, CancellationToken ct) =>
            Act(OfficialActType.ReviewDecision, OfficialAct.Reject, recordId, body, user, requests, r, v, ct));
    }

    /// <summary>An official's act (issue 16): the token authenticates, the EIP-712 signature proves the official did it.</summary>
    private static async Task<Results<Ok<ContributionDto>, ValidationProblem, ProblemHttpResult>> Act(OfficialActType type, string decision, string recordId,
        OfficialActRequest? body, ClaimsPrincipal user, OfficialActRequests requests, Recognitions recognitions, Visibility visibility, CancellationToken cancellationToken)
    {
        var (act, problem) = await requests.CheckAsync(type, decision, recordId, body, user.Address(), cancellationToken);
        if (act is null)
        {
            return problem!.Result switch
            {
                ValidationProblem invalid => invalid,
                var other => (ProblemHttpResult)other,
            };
        }
        return await Apply(recordId, user, visibility, () => type switch
        {
            OfficialActType.Blessing => recognitions.BlessAsync(act.Act, cancellationToken),
            OfficialActType.Feature => recognitions.FeatureAsync(act.Act, cancellationToken),
            OfficialActType.Assessment => recognitions.AssessAsync(act.Act, act.Reason!, cancellationToken),
            _ => recognitions.DecideAsync(act.Act, act.Reason!, cancellationToken),
        });
    }

    private static async Task<Results<Ok<ContributionDto>, ValidationProblem, ProblemHttpResult>> Endorse(
        string recordId, EndorsementRequest body, ClaimsPrincipal user, Recognitions recognitions, Visibility visibility,
        SigningDomain signing, LimitOptions limits, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (body.IssuedAt is not { } issuedAt || issuedAt < 0)
        {
            errors["issuedAt"] = ["'issuedAt' (unix seconds, the value you signed) is required."];
        }
        else if (issuedAt > now + limits.MaxFutureSeconds || issuedAt < now - (limits.MaxPastDays * 86_400L))
        {
            errors["issuedAt"] = [$"'issuedAt' must be within {limits.MaxPastDays} days before and {limits.MaxFutureSeconds} s after the server's clock."];
        }
        var recordBytes = RecordIdBytes(recordId);
        if (recordBytes is null)
        {
            errors["recordId"] = ["A record id is 0x followed by 64 hex digits."];
        }
        var signature = Hex.TryDecode(body.Signature, 65, out var bytes) ? bytes : null;
        if (signature is null)
        {
            errors["signature"] = ["'signature' is the 65-byte EIP-712 signature as 0x + 130 hex digits."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var endorser = user.Address();
        var digest = ServiceTrackingTypedData.EndorsementDigest(signing.Domain, new EndorsementMessage(recordBytes!, endorser, (ulong)body.IssuedAt!.Value));
        if (!EthSignature.TryRecover(digest, signature!, out var signer))
        {
            return Problems.Invalid("signature", "The signature is not a valid secp256k1 signature (check r, s, v; high-s signatures are refused).");
        }
        if (signer != endorser)
        {
            return Problems.Forbidden($"The Endorsement signature recovers to {signer}, not to the signed-in address {endorser}: sign " +
                "Endorsement(recordId, endorser = your own address, issuedAt) (see GET /api/v1/service-tracking/eip712?primaryType=Endorsement).");
        }
        return await Apply(recordId, user, visibility,
            () => recognitions.EndorseAsync(Id(recordId), endorser, body.IssuedAt.Value, body.Signature!.ToLowerInvariant(), cancellationToken));
    }

    private static async Task<Results<Ok<QueueResponse>, ValidationProblem>> Queue(
        ClaimsPrincipal user, Recognitions recognitions, Visibility visibility, DetailsAccess details, CancellationToken cancellationToken, int? limit = null, int? offset = null)
    {
        if (limit is < 1 or > 500 || offset is < 0)
        {
            return Problems.Invalid(limit is < 1 or > 500 ? "limit" : "offset", "'limit' is 1 to 500 (default 100); 'offset' is 0 or more.");
        }
        var (items, total) = await recognitions.QueueAsync(offset ?? 0, limit ?? 100, cancellationToken);
        var opened = await details.ReadAsync(items.Select(q => q.Contribution), user, cancellationToken);
        return TypedResults.Ok(new QueueResponse(total, offset ?? 0, items.Select(q => new QueueItem(
            ContributionDto.From(q.Contribution, visibility.Of(q.Contribution.Contributor, user), opened.TryGetValue(q.Contribution.RecordId, out var d) ? d : null), q.Reason)).ToList()));
    }

    private static async Task<Results<Ok<ContributionDto>, ValidationProblem, ProblemHttpResult>> Apply(
        string recordId, ClaimsPrincipal user, Visibility visibility, Func<Task<ContributionView>> change)
    {
        if (RecordIdBytes(recordId) is null)
        {
            return Problems.NotFound($"No contribution has record id '{recordId}'.");
        }
        try
        {
            var c = await change();
            return TypedResults.Ok(ContributionDto.From(c, visibility.Of(c.Contributor, user), null)); // the act's answer: no details (read them with GET)
        }
        catch (RefusedException refusal)
        {
            return Problems.Refused(refusal);
        }
    }

    private static string Id(string recordId) => recordId.ToLowerInvariant();

    private static byte[]? RecordIdBytes(string recordId) => Hex.TryDecode(recordId, 32, out var bytes) ? bytes : null;
}
