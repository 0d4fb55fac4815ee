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

    private static string Slug(string title) => title.ToLowerInvariant().Replace(' ', '-');
}
