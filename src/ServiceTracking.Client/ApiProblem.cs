using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ServiceTracking.Client;

/// <summary>An RFC 9457 problem as the server sent it (or what could be made of a non-problem error body).</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors, string Raw, TimeSpan? RetryAfter)
{
    public static ApiProblem From(int status, string? reason, string raw, JsonObject? body, RetryConditionHeaderValue? retryAfter)
    {
        var errors = new Dictionary<string, string[]>();
        if (body?["errors"] is JsonObject fields)
        {
            foreach (var (name, messages) in fields)
            {
                errors[name] = messages is JsonArray list ? [.. list.Select(m => m?.ToString() ?? "")] : [messages?.ToString() ?? ""];
            }
        }
        var title = Text(body, "title") ?? reason ?? ((HttpStatusCode)status).ToString();
        var detail = Text(body, "detail") ?? (body is null && raw.Length > 0 ? raw : null);
        return new ApiProblem(status, title, detail, errors, raw, retryAfter?.Delta);
    }

    private static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>The server answered with an error status; <see cref="Problem"/> carries its problem details.</summary>
public sealed class ApiProblemException(ApiProblem problem) : Exception($"{problem.Title} ({problem.Status}): {problem.Detail}")
{
    public ApiProblem Problem { get; } = problem;
}
