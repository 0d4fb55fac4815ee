using System.Text;
using System.Text.Json;

namespace ServiceTracking.Core.Tests.Siwe;

/// <summary>The spruceid/siwe test vectors in ../shared/testdata/siwe, by case name.</summary>
internal static class SiweVectors
{
    public static JsonElement File(string name)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(TestData.SharedPath("testdata", "siwe", name + ".json")));
        return document.RootElement.Clone();
    }

    public static TheoryData<string> Names(string file) => new(File(file).EnumerateObject().Select(p => p.Name));

    public static JsonElement Case(string file, string name) => File(file).GetProperty(name);

    public static string? OptionalString(JsonElement fields, string name) =>
        fields.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The message text spruceid's SiweMessage.toMessage() builds from a verification case's fields, times verbatim.</summary>
    public static string MessageText(JsonElement fields)
    {
        var text = new StringBuilder();
        if (OptionalString(fields, "scheme") is { } scheme)
        {
            text.Append(scheme).Append("://");
        }
        text.Append(fields.GetProperty("domain").GetString()).Append(" wants you to sign in with your Ethereum account:\n")
            .Append(fields.GetProperty("address").GetString()).Append("\n\n");
        if (OptionalString(fields, "statement") is { } statement)
        {
            text.Append(statement).Append('\n');
        }
        text.Append("\nURI: ").Append(fields.GetProperty("uri").GetString())
            .Append("\nVersion: ").Append(fields.GetProperty("version").GetString())
            .Append("\nChain ID: ").Append(fields.GetProperty("chainId").GetRawText())
            .Append("\nNonce: ").Append(fields.GetProperty("nonce").GetString())
            .Append("\nIssued At: ").Append(fields.GetProperty("issuedAt").GetString());
        AppendOptional(text, fields, "expirationTime", "\nExpiration Time: ");
        AppendOptional(text, fields, "notBefore", "\nNot Before: ");
        AppendOptional(text, fields, "requestId", "\nRequest ID: ");
        if (fields.TryGetProperty("resources", out var resources))
        {
            text.Append("\nResources:");
            foreach (var resource in resources.EnumerateArray())
            {
                text.Append("\n- ").Append(resource.GetString());
            }
        }
        return text.ToString();
    }

    private static void AppendOptional(StringBuilder text, JsonElement fields, string name, string label)
    {
        if (OptionalString(fields, name) is { } value)
        {
            text.Append(label).Append(value);
        }
    }
}
