using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Server;

/// <summary>Recognition and review (API.md): endorsements, blessings, features, assessments and the review queue.</summary>
public static class RecognitionEndpoints
{
    public sealed record EndorsementRequest(string? Signature, long? IssuedAt);
    public sealed record AssessmentRequest(string? Quality, string? Reason);
    public sealed record QueueItem(ContributionDto Contribution, string QueueReason);
    public sealed record QueueResponse(int Total, int Offset, IReadOnlyList<QueueItem> Items);

    private const int MaxReasonLength = 1000;

    public static void MapRecognition(this WebApplication app)
    {
        var contributions = app.MapGroup("/api/v1/service-tracking/contributions/{recordId}").WithTags("Recognition and review");
        contributions.MapPost("/endorsements", Endorse).RequireAuthorization();
        contributions.MapPost("/blessing", (string recordId, ClaimsPrincipal user, Recognitions r, Visibility v, CancellationToken ct) =>
            Apply(recordId, user, v, () => r.BlessAsync(Id(recordId), user.Address(), ct))).RequireAuthorization(Roles.Elder);
        contributions.MapPost("/feature", (string recordId, ClaimsPrincipal user, Recognitions r, Visibility v, CancellationToken ct) =>
            Apply(recordId, user, v, () => r.FeatureAsync(Id(recordId), user.Address(), ct))).RequireAuthorization(Roles.Curator);
        contributions.MapPost("/assessment", Assess).RequireAuthorization(Roles.Reviewer);

        var review = app.MapGroup("/api/v1/review").WithTags("Recognition and review").RequireAuthorization(Roles.Reviewer);
        review.MapGet("/queue", Queue);
        review.MapPost("/{recordId}/approve", (string recordId, AssessmentRequest body, ClaimsPrincipal user, Recognitions r, Visibility v, CancellationToken ct) =>
            Decide(recordId, body, approve: true, user, r, v, ct));
        review.MapPost("/{recordId}/reject", (string recordId, AssessmentRequest body, ClaimsPrincipal user, Recognitions r, Visibility v, CancellationToken ct) =>
            Decide(recordId, body, approve: false, user, r, v, ct));
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

    private static async Task<Results<Ok<ContributionDto>, ValidationProblem, ProblemHttpResult>> Assess(
        string recordId, AssessmentRequest body, ClaimsPrincipal user, Recognitions recognitions, Visibility visibility, CancellationToken cancellationToken)
    {
        var errors = Validate(body, qualityRequired: true, out var quality, out var reason);
        return errors.Count > 0
            ? Problems.Invalid(errors)
            : await Apply(recordId, user, visibility, () => recognitions.AssessAsync(Id(recordId), user.Address(), quality!.Value, reason!, cancellationToken));
    }

    private static async Task<Results<Ok<ContributionDto>, ValidationProblem, ProblemHttpResult>> Decide(
        string recordId, AssessmentRequest body, bool approve, ClaimsPrincipal user, Recognitions recognitions, Visibility visibility, CancellationToken cancellationToken)
    {
        var errors = Validate(body, qualityRequired: false, out var quality, out var reason);
        if (!approve && quality is not null)
        {
            errors["quality"] = ["A rejection sets no quality; leave 'quality' out."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        return await Apply(recordId, user, visibility, () => approve
            ? recognitions.ApproveAsync(Id(recordId), user.Address(), reason!, quality, cancellationToken)
            : recognitions.RejectAsync(Id(recordId), user.Address(), reason!, cancellationToken));
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

    private static Dictionary<string, string[]> Validate(AssessmentRequest body, bool qualityRequired, out QualityTier? quality, out string? reason)
    {
        var errors = new Dictionary<string, string[]>();
        quality = null;
        if (body.Quality is not null && WireNames.TryParse(body.Quality, out QualityTier tier))
        {
            quality = tier;
        }
        else if (body.Quality is not null || qualityRequired)
        {
            errors["quality"] = [$"'quality' must be one of {string.Join(", ", WireNames.QualityTiers)}."];
        }
        reason = body.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            errors["reason"] = [$"'reason' is required: 1 to {MaxReasonLength} characters saying why."];
        }
        return errors;
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
