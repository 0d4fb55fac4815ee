using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ServiceTracking.Client;

/// <summary>A JSON answer: the body exactly as the server sent it, parsed; typed answers add properties over it.</summary>
public record ApiDocument
{
    /// <summary>The HTTP status (200, 201, ...).</summary>
    [JsonIgnore]
    public int HttpStatus { get; init; }

    /// <summary>The body as sent, for logging or printing unchanged.</summary>
    [JsonIgnore]
    public string Raw { get; init; } = "";

    /// <summary>The body as a JSON tree, for fields this version of the client does not model.</summary>
    [JsonIgnore]
    public JsonNode Json { get; init; } = new JsonObject();
}
