using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace ServiceTracking.Server;

/// <summary>
/// How request bodies are read, for every endpoint at once: a JSON body is UTF-8 (RFC 8259 §8.1) and declared as JSON,
/// and every string in it is well-formed text, so no handler ever meets a body it cannot decode.
/// </summary>
internal static class JsonBodies
{
    /// <summary>Refuses, before any handler runs, a body that an endpoint taking JSON could not decode: 415 with a problem.</summary>
    public static IApplicationBuilder UseJsonBodyCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var accepts = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (accepts is not null && HasBody(http.Request) && Unacceptable(http.Request.ContentType, accepts) is { } reason)
        {
            await Problems.Write(http, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", reason, http.RequestAborted);
            return;
        }
        await next(http);
    });

    /// <summary>Reads the whole body; Kestrel's MaxRequestBodySize turns an oversized one into a 413.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAllAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>
    /// Parses a JSON body and checks that every property name and string decodes to well-formed UTF-16 (a lone
    /// surrogate escape such as <c>"\ud800"</c> is valid JSON syntax but not text); on failure, the error names the field.
    /// </summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> body, out KeyValuePair<string, string>? error)
    {
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            error = new("body", $"Malformed JSON: {ex.Message}");
            return null;
        }
        if (FirstMalformedString(body.Span) is { } field)
        {
            document.Dispose();
            error = new(field, $"'{field}' holds an escape that is not text (a lone UTF-16 surrogate such as \\ud800).");
            return null;
        }
        return document;
    }

    private static string? FirstMalformedString(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var field = "body";
        while (reader.Read())
        {
            var topLevelName = reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1;
            if (!topLevelName && (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped))
            {
                continue; // only escapes can be malformed text; top-level names are kept to name the field
            }
            try
            {
                var text = reader.GetString()!;
                field = topLevelName ? text : field;
            }
            catch (InvalidOperationException)
            {
                return topLevelName ? "body" : field;
            }
        }
        return null;
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static string? Unacceptable(string? contentType, IAcceptsMetadata accepts)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return "Send the body as application/json (UTF-8).";
        }
        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        if (!json && !accepts.ContentTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            return $"The body's content type '{type}' is not accepted here; send application/json (UTF-8).";
        }
        var charset = media.Charset.Value;
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return $"JSON bodies are UTF-8 (RFC 8259 §8.1); charset '{charset}' is not accepted.";
        }
        return null;
    }
}
