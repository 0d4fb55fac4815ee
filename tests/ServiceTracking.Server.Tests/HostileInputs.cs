using System.Text;
using System.Text.RegularExpressions;

namespace ServiceTracking.Server.Tests;

/// <summary>
/// Generates hostile requests for an OpenAPI operation: hostile path and query values, bodies of wrong types,
/// boundary and huge numbers, invalid UTF-8 and UTF-16, deep nesting, oversized, unknown charsets and content types,
/// and signed contributions with one field spoiled. Some values are valid, so that checks beyond the first are reached.
/// </summary>
internal sealed partial class HostileInputs(Wallet member, string recordId, TimeProvider clock)
{
    private static readonly string[] s_fields = ["type", "subtype", "details", "contentCid", "performedAt", "nonce", "signature", "message",
        "issuedAt", "quality", "reason", "displayName", "public", "schedule", "period", "suspended", "contributions", "url", "types"];

    private static readonly string[] s_recordFields = ["type", "subtype", "details", "performedAt", "nonce", "signature", "contentCid", "none"];

    private static readonly string[] s_contentTypes = ["application/json", "application/json; charset=utf-8", "application/json; charset=bogus",
        "application/json; charset=utf-16", "application/json; charset=\"\"", "application/json;;;", "text/plain", "application/xml",
        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "garbage", "application/problem+json", "*/*"];

    /// <summary>JSON values (as text) of every kind a field should not hold, and a few it may.</summary>
    private readonly string[] _jsonValues =
    [
        "0", "-1", "1.5", "1e308", "-1e308", "1e-400", "703189576277", "253402300800", "9223372036854775807", "9223372036854775808",
        "18446744073709551615", "18446744073709551616", "-9223372036854775809", "true", "false", "null", "[]", "{}", "[1,2,3]",
        "\"\"", "\" \"", "\"\\ud800\"", "\"\\udc00x\"", "\"a\\ud800b\"", "\"\\u0000\"", "\"" + new string('x', 20_000) + "\"",
        "\"CONTENT_CREATION\"", "\"tutorial\"", "\"exceptional\"", "\"daily\"", "\"2025-02-30\"", "\"" + recordId + "\"",
        "\"" + member.Address + "\"", "\"0x" + new string('f', 130) + "\"", "\"0x" + new string('0', 130) + "\"", "{\"title\":\"\\ud800\"}",
        Nested(100), "\"\\ud83d\\ude00\"", "\"ü\"",
    ];

    /// <summary>Path and query values, escaped when placed in the URL (<see cref="s_escapedUrlValues"/> go in as they are).</summary>
    private readonly string[] _urlValues =
    [
        "", " ", "0", "-1", "1", "9223372036854775807", "9223372036854775808", "18446744073709551616", "1e309", "703189576277", "NaN",
        "null", "true", "all", "daily", "weekly", "monthly", "2025-W53", "2025-02-30", "2026-13", recordId, recordId.ToUpperInvariant(),
        recordId[..^1], member.Address.ToString(), member.Address.ToLowerHex(), "0x" + new string('A', 40), "verifier", "admin", "ü",
        "\ud83d\ude00", new string('9', 5_000), "../../etc/passwd", "a,b,c",
    ];

    private static readonly string[] s_escapedUrlValues = ["%00", "%ff%fe", "%ed%a0%80", "%C0%AF", "%", "%zz", "..%2F..%2F"];

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public HostileInputTests.HostileRequest Request(Random random, HostileInputTests.Operation operation, string method)
    {
        var path = Placeholder().Replace(operation.Path, _ => UrlValue(random));
        var query = operation.Parameters.Where(p => p.In == "query" && random.Next(3) > 0)
            .Select(p => $"{Uri.EscapeDataString(p.Name)}={UrlValue(random)}").ToList();
        if (random.Next(8) == 0)
        {
            query.Add($"{UrlValue(random)}={UrlValue(random)}");
        }
        var url = query.Count == 0 ? path : path + "?" + string.Join("&", query);
        var withBody = method is "POST" or "PUT" or "PATCH" ? random.Next(10) > 0 : random.Next(6) == 0;
        if (!withBody)
        {
            return new(method, url, null, null);
        }
        var contentType = random.Next(3) == 0 ? (random.Next(4) == 0 ? null : Pick(random, s_contentTypes)) : "application/json";
        return new(method, url, Body(random, operation), contentType);
    }

    /// <summary>
    /// Beside the random cases, every content type on an operation that takes a body, and on POST /record every field
    /// of a signed contribution replaced by every hostile value: the deepest parser gets the most thorough treatment.
    /// </summary>
    public IEnumerable<HostileInputTests.HostileRequest> Systematic(Random random, HostileInputTests.Operation operation)
    {
        if (!operation.HasBody)
        {
            yield break;
        }
        var path = Placeholder().Replace(operation.Path, _ => UrlValue(random));
        foreach (var contentType in s_contentTypes)
        {
            yield return new(operation.Method, path, "{}"u8.ToArray(), contentType, AsMember: true);
        }
        if (!operation.Path.EndsWith("/record", StringComparison.Ordinal))
        {
            yield break;
        }
        foreach (var field in s_recordFields)
        {
            foreach (var value in _jsonValues)
            {
                yield return new(operation.Method, path, Encoding.UTF8.GetBytes(SpoiledRecord(random, field, value)), "application/json", AsMember: true);
            }
        }
    }

    private string UrlValue(Random random) =>
        random.Next(6) == 0 ? Pick(random, s_escapedUrlValues) : Uri.EscapeDataString(Pick(random, _urlValues));

    private byte[] Body(Random random, HostileInputTests.Operation operation)
    {
        switch (random.Next(12))
        {
            case 0:
                return Pick<byte[]>(random, [[], [0xC3, 0x28], [0xFF, 0xFE, 0x7B, 0x00], [0xEF, 0xBB, 0xBF, .. "{}"u8], [.. "{\"type\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8],
                    "{"u8.ToArray(), "null"u8.ToArray(), "[]"u8.ToArray(), "\"x\""u8.ToArray(), "{\"a\":1,\"a\":2}"u8.ToArray(), "{}garbage"u8.ToArray()]);
            case 1:
                return Encoding.UTF8.GetBytes(Nested(random.Next(60, 5_000)));
            case 2:
                return Encoding.UTF8.GetBytes("{\"details\":\"" + new string('x', random.Next(60_000, 200_000)) + "\"}");
            case 3 or 4 or 5 when operation.Path.EndsWith("/record", StringComparison.Ordinal):
                return Encoding.UTF8.GetBytes(SpoiledRecord(random, Pick(random, s_recordFields), Pick(random, _jsonValues)));
            default:
                var fields = Enumerable.Range(0, random.Next(0, 6)).Select(_ => Pick(random, s_fields)).Distinct()
                    .Select(f => $"\"{f}\":{Pick(random, _jsonValues)}");
                return Encoding.UTF8.GetBytes("{" + string.Join(",", fields) + "}");
        }
    }

    /// <summary>A contribution signed by the member, then one field replaced by a hostile value (or left valid).</summary>
    private string SpoiledRecord(Random random, string field, string value)
    {
        var body = member.RecordBody(nonce: (ulong)random.NextInt64(1, long.MaxValue), performedAt: (ulong)clock.GetUtcNow().ToUnixTimeSeconds());
        var spoiled = FieldValue().Replace(body, m => m.Groups["name"].Value == field ? $"\"{field}\":{value}" : m.Value);
        return field == "contentCid" ? spoiled.Insert(1, $"\"contentCid\":{value},") : spoiled;
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("\"(?<name>type|subtype|details|performedAt|nonce|signature)\":(\"[^\"]*\"|[0-9]+|\\{[^}]*\\})")]
    private static partial Regex FieldValue();
}
