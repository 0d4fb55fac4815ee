using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceTracking.Client;

/// <summary>The one HTTP layer: JSON in and out, the bearer token, problem+json errors raised as <see cref="ApiProblemException"/>.</summary>
internal sealed class ApiTransport(HttpClient http, Uri server)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerOptions.Web);

    public Uri Server { get; } = server;

    public string? Token { get; set; }

    public async Task<T> SendAsync<T>(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
        where T : ApiDocument
    {
        using var request = Request(method, path, "application/json");
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
        var typed = typeof(T) == typeof(ApiDocument) ? (T)new ApiDocument() : body.Deserialize<T>(s_json)!;
        return typed with { HttpStatus = status, Raw = text, Json = body };
    }

    /// <summary>A plain-text resource (the log's checkpoint and key).</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, "text/plain");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Problem(response, text);
        }
        return text;
    }

    /// <summary>A large answer handed to <paramref name="consume"/> as a stream as it arrives, never held in memory whole.</summary>
    public async Task DownloadAsync(string path, Func<Stream, Task> consume, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, "application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Problem(response, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await consume(body).ConfigureAwait(false);
        }
    }

    /// <summary>Opens a <c>text/event-stream</c>, resuming after <paramref name="lastEventId"/>; the caller reads and disposes the response.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, string? lastEventId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, "text/event-stream");
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
            throw Problem(response, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    private static ApiProblemException Problem(HttpResponseMessage response, string text) =>
        new(ApiProblem.From((int)response.StatusCode, response.ReasonPhrase, text, TryParse(text) as JsonObject, response.Headers.RetryAfter));

    private HttpRequestMessage Request(HttpMethod method, string path, string accept)
    {
        var request = new HttpRequestMessage(method, new Uri(Server, path.TrimStart('/')));
        request.Headers.Accept.ParseAdd(accept);
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
