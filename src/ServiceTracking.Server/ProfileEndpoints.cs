using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceTracking.Storage;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Privacy;

namespace ServiceTracking.Server;

/// <summary><c>GET</c>/<c>PUT /api/v1/profile</c>: a contributor's display name and whether their profile is public.</summary>
public static class ProfileEndpoints
{
    public sealed record ProfileDto(string Address, string? DisplayName, bool Public, string Pseudonym,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Notice = null);

    /// <summary>What going public means, said when a profile becomes public (issue 11: warn at that moment).</summary>
    public const string PublicNotice =
        "Your profile is now public: your address, display name, scores, contributions and signatures are shown to anyone, " +
        "and with a chain in per-record mode your verified records are published on chain, where erasure cannot reach them. " +
        "Make it private again at any time; erasure (DELETE /api/v1/profile) removes what the service holds, not what others copied.";
    public sealed record ProfileUpdate(string? DisplayName, bool? Public);
    public sealed record AccessLogEntryDto(long Timestamp, string Reader, string Role, string RecordId, string What);
    public sealed record AccessLogDto(IReadOnlyList<AccessLogEntryDto> Entries);

    public static void MapProfiles(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/profile").WithTags("Profiles").RequireAuthorization();
        group.MapGet("/export", Export).Produces<System.Text.Json.Nodes.JsonObject>(200, "application/json");
        group.MapGet("/", (ClaimsPrincipal user, Profiles profiles, Visibility visibility) => TypedResults.Ok(Dto(user, profiles.Get(user.Address()), visibility)));
        group.MapPut("/", Update);
        group.MapGet("/access-log", AccessLog);
        group.MapDelete("/", Erase);
    }

    public sealed record ErasureDto(bool Erased, long? LedgerIndex);

    /// <summary>How recent the sign-in must be to erase: a stolen, older token cannot erase anyone.</summary>
    public static readonly TimeSpan FreshSignIn = TimeSpan.FromMinutes(10);

    /// <summary>The right to be forgotten (API "Profiles"; LEDGER.md "Erasure"): after a fresh sign-in, idempotent.</summary>
    private static async Task<Results<Ok<ErasureDto>, ProblemHttpResult>> Erase(ClaimsPrincipal user, Erasure erasure, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!long.TryParse(user.FindFirst("iat")?.Value, out var issuedAt) || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issuedAt) > FreshSignIn)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "Fresh sign-in required",
                $"Erasing your data needs a sign-in from the last {FreshSignIn.TotalMinutes:F0} minutes: sign in again, then repeat the request.", "fresh-sign-in");
        }
        var outcome = await erasure.EraseAsync(user.Address(), Commitments.ContributorActor, null, cancellationToken);
        return TypedResults.Ok(new ErasureDto(outcome.Erased, outcome.LedgerIndex));
    }

    /// <summary>Who read the caller's details (reviewers, admins) and when, newest first.</summary>
    private static async Task<Results<Ok<AccessLogDto>, ValidationProblem>> AccessLog(ClaimsPrincipal user, PersonalData personal, CancellationToken cancellationToken,
        int? limit = null)
    {
        if (limit is < 1 or > 1000)
        {
            return Problems.Invalid("limit", "'limit' is 1 to 1000 (default 200).");
        }
        var entries = await personal.AccessLogAsync(user.Address(), limit ?? 200, cancellationToken);
        return TypedResults.Ok(new AccessLogDto(entries.Select(e => new AccessLogEntryDto(e.At, e.Reader.ToChecksumString(), e.Role, e.RecordId, e.What)).ToList()));
    }

    private static async Task<Results<Ok<ProfileDto>, ValidationProblem>> Update(
        ProfileUpdate update, ClaimsPrincipal user, Profiles profiles, Visibility visibility, CancellationToken cancellationToken)
    {
        var name = update.DisplayName?.Trim();
        if (name is not null && (name.Length is 0 or > 64 || name.Any(char.IsControl)))
        {
            return Problems.Invalid("displayName", "A display name is 1 to 64 characters, without control characters (or null for none).");
        }
        var current = profiles.Get(user.Address());
        var saved = await profiles.UpdateAsync(user.Address(), new Profile(name, update.Public ?? current.IsPublic), cancellationToken);
        return TypedResults.Ok(Dto(user, saved, visibility) with { Notice = saved.IsPublic && !current.IsPublic ? PublicNotice : null });
    }

    private static ProfileDto Dto(ClaimsPrincipal user, Profile profile, Visibility visibility) =>
        new(user.Address().ToChecksumString(), profile.DisplayName, profile.IsPublic, visibility.Pseudonym(user.Address()));

    /// <summary>Everything held about the caller, decrypted (right of access), streamed as it is read: <see cref="ProfileExportWriter"/>.</summary>
    private static PushStreamHttpResult Export(HttpContext http, ClaimsPrincipal user, ProfileExportWriter export)
    {
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(body => export.WriteAsync(user, body, http.RequestAborted), "application/json");
    }
}
