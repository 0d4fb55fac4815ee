using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceTracking.Cli;

/// <summary>The HTTP API: JSON in and out, bearer token, and problem+json errors raised as <see cref="ApiProblemException"/>.</summary>
public sealed class ApiClient(HttpClient http, Uri server, string? token = null) : IDisposable
{
    public Uri Server { get; } = server;

    public string? Token { get; set; } = token;

    public Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<ApiResponse> PostAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, json, cancellationToken);

    public Task<ApiResponse> PutAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, json, cancellationToken);

    public Task<ApiResponse> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = Request(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var body = TryParse(text);
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiProblemException(ApiProblem.From(status, response.ReasonPhrase, text, body as JsonObject, response.Headers.RetryAfter));
        }
        if (body is null)
        {
            throw new ApiProblemException(new ApiProblem(502, "Unexpected response",
                $"{method} {path} answered {status} without a JSON body.", new Dictionary<string, string[]>(), text, null));
        }
        return new ApiResponse(status, text, body);
    }

    /// <summary>A large answer (an export) handed to <paramref name="consume"/> as a stream as it arrives, never held in memory whole.</summary>
    public async Task DownloadAsync(string path, Func<Stream, Task> consume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consume);
        using var request = Request(HttpMethod.Get, path);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new ApiProblemException(ApiProblem.From((int)response.StatusCode, response.ReasonPhrase, text, TryParse(text) as JsonObject, response.Headers.RetryAfter));
        }
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await consume(body).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Opens a <c>text/event-stream</c> (resuming after <paramref name="lastEventId"/> when given) and returns the
    /// response once its headers are in; the caller reads and disposes it. An error status is raised as a problem.
    /// </summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, string? lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server, path.TrimStart('/')));
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Accept.ParseAdd("application/problem+json");
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new ApiProblemException(ApiProblem.From((int)response.StatusCode, response.ReasonPhrase, text, TryParse(text) as JsonObject, response.Headers.RetryAfter));
        }
    }

    /// <summary>A plain-text resource (the log's checkpoint and key).</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(Server, path.TrimStart('/')), cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiProblemException(ApiProblem.From((int)response.StatusCode, response.ReasonPhrase, text, TryParse(text) as JsonObject, response.Headers.RetryAfter));
        }
        return text;
    }

    public void Dispose() => http.Dispose();

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(Server, path.TrimStart('/')));
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("application/problem+json");
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }
        return request;
    }

    private static JsonNode? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A successful response: the status, the body as sent (for <c>--json</c>) and parsed.</summary>
public sealed record ApiResponse(int Status, string Raw, JsonNode Json);

/// <summary>An RFC 9457 problem (or what could be made of a non-problem error body).</summary>
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

    public int ExitCode => Status is >= 400 and < 500 ? ExitCodes.ClientError : ExitCodes.ServerError;

    public void WriteTo(TextWriter writer)
    {
        writer.WriteLine($"error: {Title} ({Status})");
        if (!string.IsNullOrWhiteSpace(Detail) && Errors.Count == 0)
        {
            writer.WriteLine($"  {Detail}");
        }
        foreach (var (field, messages) in Errors)
        {
            foreach (var message in messages)
            {
                writer.WriteLine($"  {field}: {message}");
            }
        }
        if (RetryAfter is { } wait)
        {
            writer.WriteLine($"  retry after {wait.TotalSeconds:0} s");
        }
    }

    private static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>The server answered with an error status.</summary>
public sealed class ApiProblemException(ApiProblem problem) : Exception($"{problem.Title} ({problem.Status}): {problem.Detail}")
{
    public ApiProblem Problem { get; } = problem;
}
