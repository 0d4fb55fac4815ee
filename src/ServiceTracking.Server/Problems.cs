using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ServiceTracking.Server;

/// <summary>RFC 9457 problem responses, one shape for every error the API returns.</summary>
public static class Problems
{
    private const string TypeBase = "https://scrollverse.dev/problems/";

    public static ProblemHttpResult Of(int status, string title, string detail, string? slug = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + (slug ?? Slug(title)));

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            title: "Invalid request", type: TypeBase + "validation");

    public static ProblemHttpResult NotFound(string what) => Of(404, "Not found", what, "not-found");

    public static ProblemHttpResult Forbidden(string detail) => Of(403, "Forbidden", detail, "forbidden");

    public static ProblemHttpResult Conflict(string detail) => Of(409, "Conflict", detail, "conflict");

    /// <summary>The answer to a store's refusal: nothing was changed.</summary>
    public static ProblemHttpResult Refused(ServiceTracking.Storage.RefusedException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Kind switch
        {
            ServiceTracking.Storage.StoreRefusalKind.NotFound => NotFound(refusal.Message),
            ServiceTracking.Storage.StoreRefusalKind.Forbidden => Forbidden(refusal.Message),
            ServiceTracking.Storage.StoreRefusalKind.Unavailable => Of(503, "Writes refused", refusal.Message, "writes-refused"),
            _ => Conflict(refusal.Message),
        };
    }

    public static async Task Write(HttpContext http, int status, string title, string detail, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypeBase + Slug(title) },
        });
        _ = cancellationToken;
    }

    public static string DefaultDetail(int? status) => status switch
    {
        401 => "Sign in first: send 'Authorization: Bearer <token>' with a token from POST /api/v1/auth/login (a missing, expired or invalid token ends here).",
        403 => "Your roles do not allow this request.",
        404 => "There is nothing at this address.",
        405 => "This method is not allowed on this path.",
        413 => "The request body is larger than the service accepts.",
        415 => "Send the body as application/json.",
        _ => "The request could not be processed.",
    };

    private static string Slug(string title) => title.ToLowerInvariant().Replace(' ', '-');
}
