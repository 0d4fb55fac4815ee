using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

public sealed class LedgerEntryTests
{
    /// <summary>The example of docs/ledger-entry.md, byte for byte.</summary>
    internal const string ExampleJson =
        """{"action":"CONTRIBUTION_SUBMITTED","actor":"0x71c7656ec7ab88b098defb751b7401b5f6d8976f","fields":{"breakdown":{"base":200,"consistency":1.50,"qualityFactor":1.80},"contributor":"0x71c7656ec7ab88b098defb751b7401b5f6d8976f","detailsCommitment":"0x562adace6681d3f9209c2c9433178d955298bc212f088e4919056adca8536a95","impact":540.00,"reviewRequired":true,"subtype":"workshop_retreat","type":"HEALING_SESSION"},"index":0,"recordId":"0x02ef3e911871d5bab06ad996c97d4402cc8280024326d81b9353eaac88a969ac","timestamp":1735689600,"v":1}""";

    private const string ExampleLeafHash = "8e151c266534cd0e6350393b70d0e1c021738aefafb7ccb1083de07317a33d5c";

    internal static LedgerEntry Example => new(
        LedgerEntry.CurrentVersion, 0, "CONTRIBUTION_SUBMITTED",
        "0x02ef3e911871d5bab06ad996c97d4402cc8280024326d81b9353eaac88a969ac",
        "0x71c7656ec7ab88b098defb751b7401b5f6d8976f", 1735689600,
        Fields("""
            {
              "type": "HEALING_SESSION",
              "subtype": "workshop_retreat",
              "contributor": "0x71c7656ec7ab88b098defb751b7401b5f6d8976f",
              "impact": 540.00,
              "breakdown": { "qualityFactor": 1.80, "consistency": 1.50, "base": 200 },
              "reviewRequired": true,
              "detailsCommitment": "0x562adace6681d3f9209c2c9433178d955298bc212f088e4919056adca8536a95"
            }
            """));

    internal static Dictionary<string, JsonElement> Fields(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private static LedgerEntry Simple(string fieldsJson) =>
        new(1, 3, "QUALITY_ASSESSED", null, "AUTOMATED_SYSTEM", 1, Fields(fieldsJson));

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private static string Encoded(LedgerEntry entry) => Encoding.UTF8.GetString(entry.Encode());

    [Fact]
    public void Encode_DocumentedExample_GivesTheDocumentedBytesAndLeafHash()
    {
        var bytes = Example.Encode();

        Assert.Equal(ExampleJson, Encoding.UTF8.GetString(bytes));
        Assert.Equal(523, bytes.Length);
        Assert.Equal(ExampleLeafHash, Convert.ToHexStringLower(SHA256.HashData([0x00, .. bytes])));
    }

    [Fact]
    public void TryDecode_DocumentedExample_GivesTheEntry()
    {
        Assert.True(LedgerEntry.TryDecode(Encoding.UTF8.GetBytes(ExampleJson), out var entry, out var error), error);

        Assert.Equal(Example, entry);
        Assert.Equal(Example.GetHashCode(), entry.GetHashCode());
        Assert.Equal("540.00", entry.Fields["impact"].GetRawText());
    }

    [Fact]
    public void Encode_NullRecordId_IsWrittenAsNull()
    {
        var json = Encoded(Simple("{}"));

        Assert.Equal("""{"action":"QUALITY_ASSESSED","actor":"AUTOMATED_SYSTEM","fields":{},"index":3,"recordId":null,"timestamp":1,"v":1}""", json);
        Assert.True(LedgerEntry.TryDecode(Encoding.UTF8.GetBytes(json), out var entry, out var error), error);
        Assert.Null(entry.RecordId);
    }

    [Fact]
    public void Encode_Strings_UseMinimalEscapingAndRawUtf8()
    {
        var entry = Simple("""{"s":"q\" b\\ n\n t\t r\r b\b f\f c\u0001\u001F del\u007f \u00e9 \u2028 \ud83d\ude00 \/ \u0041"}""");

        Assert.Equal(
            "{\"action\":\"QUALITY_ASSESSED\",\"actor\":\"AUTOMATED_SYSTEM\",\"fields\":{\"s\":" +
            "\"q\\\" b\\\\ n\\n t\\t r\\r b\\b f\\f c\\u0001\\u001f del\u007f \u00e9 \u2028 \U0001F600 / A\"}," +
            "\"index\":3,\"recordId\":null,\"timestamp\":1,\"v\":1}",
            Encoded(entry));
    }

    [Fact]
    public void Encode_Keys_AreSortedByUtf16CodeUnits()
    {
        // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+E000; by code point it would come after.
        var entry = Simple("""{"b":1,"\uE000":2,"\ud83d\ude00":3,"a":{"z":1,"Z":2,"aa":3,"a":4},"B":5}""");

        Assert.Contains("\"fields\":{\"B\":5,\"a\":{\"Z\":2,\"a\":4,\"aa\":3,\"z\":1},\"b\":1,\"\U0001F600\":3,\"\uE000\":2}",
            Encoded(entry), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("540.00")]
    [InlineData("0")]
    [InlineData("-7")]
    [InlineData("0.50")]
    [InlineData("-0.01")]
    [InlineData("123456789012345678901234567890.000")]
    public void Encode_Number_KeepsItsText(string number)
    {
        Assert.Contains($"\"n\":{number}}}", Encoded(Simple($"{{\"n\":{number}}}")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5.4e2")]
    [InlineData("5E2")]
    [InlineData("-0")]
    [InlineData("-0.00")]
    [InlineData("1e-1")]
    public void Encode_NumberNotPlainDecimal_Throws(string number)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Simple($"{{\"n\":{number}}}").Encode());
        Assert.Contains(number, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_SameNumberOtherScale_IsAnotherEntry()
    {
        Assert.NotEqual(Simple("""{"n":540.00}"""), Simple("""{"n":540.0}"""));
        Assert.Equal(Simple("""{"n":540.00,"m":[1,{"b":2,"a":3}]}"""), Simple("""{"m":[1,{"a":3,"b":2}],"n":540.00}"""));
    }

    public static TheoryData<LedgerEntry, string> Unencodable => new()
    {
        { Example with { Version = 2 }, "version 2" },
        { Example with { Index = -1 }, "index" },
        { Example with { Timestamp = -1 }, "timestamp" },
        { Example with { Action = "contribution_submitted" }, "action" },
        { Example with { Action = "" }, "action" },
        { Example with { Actor = "" }, "actor" },
        { Example with { RecordId = "" }, "record ID" },
        { Example with { Actor = "lone \ud800" }, "surrogate" },
        { Simple("""{"a":{"x":1,"x":2}}"""), "twice" },
        { Simple("""{"a":"\ud800"}"""), "Unicode" },
        { Simple($"{{\"a\":{Nested(33)}}}"), "deeper" },
    };

    [Theory]
    [MemberData(nameof(Unencodable))]
    public void Encode_InvalidEntry_ThrowsSayingWhy(LedgerEntry entry, string why)
    {
        var ex = Assert.Throws<InvalidOperationException>(entry.Encode);
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_NestingAtTheLimit_RoundTrips()
    {
        var entry = Simple($"{{\"a\":{Nested(32)}}}");

        Assert.True(LedgerEntry.TryDecode(entry.Encode(), out var decoded, out var error), error);
        Assert.Equal(entry, decoded);
    }

    public static TheoryData<string, string> NonCanonical => new()
    {
        { ExampleJson.Replace(",\"index\"", ", \"index\"", StringComparison.Ordinal), "whitespace" },
        { ExampleJson + "\n", "trailing newline" },
        { "\uFEFF" + ExampleJson, "byte order mark" },
        { ExampleJson.Replace("\"v\":1", "\"v\":2", StringComparison.Ordinal), "version 2" },
        { ExampleJson.Replace("\"v\":1", "\"v\":1.0", StringComparison.Ordinal), "version 1.0" },
        { ExampleJson.Replace(",\"v\":1}", "}", StringComparison.Ordinal), "no version" },
        { ExampleJson.Replace("\"index\":0", "\"index\":-0", StringComparison.Ordinal), "index -0" },
        { ExampleJson.Replace("\"index\":0", "\"index\":0.0", StringComparison.Ordinal), "index 0.0" },
        { ExampleJson.Replace("\"timestamp\":1735689600", "\"timestamp\":1.7356896e9", StringComparison.Ordinal), "exponent" },
        { ExampleJson.Replace("\"impact\":540.00", "\"impact\":5.4e2", StringComparison.Ordinal), "field exponent" },
        { ExampleJson.Replace("CONTRIBUTION", "\\u0043ONTRIBUTION", StringComparison.Ordinal), "needless escape" },
        { ExampleJson.Replace("workshop_retreat", "workshop\\/retreat", StringComparison.Ordinal), "escaped slash" },
        { "{\"actor\":\"a\",\"action\":\"A\",\"fields\":{},\"index\":0,\"recordId\":null,\"timestamp\":0,\"v\":1}", "members out of order" },
        { ExampleJson.Replace("\"index\":0,", "\"index\":0,\"index\":0,", StringComparison.Ordinal), "duplicate member" },
        { ExampleJson.Replace(",\"v\":1}", ",\"v\":1,\"w\":1}", StringComparison.Ordinal), "unknown member" },
        { ExampleJson.Replace("\"index\":0,", "", StringComparison.Ordinal), "missing index" },
        { ExampleJson.Replace("\"recordId\":\"0x02ef3e911871d5bab06ad996c97d4402cc8280024326d81b9353eaac88a969ac\"", "\"recordId\":\"\"", StringComparison.Ordinal), "empty record ID" },
        { ExampleJson.Replace("\"impact\":540.00,", "\"impact\":540.00,\"impact\":540.00,", StringComparison.Ordinal), "duplicate field" },
        { ExampleJson.Replace("\"fields\":{", "\"fields\":{\"z\":\"\\ud800\",", StringComparison.Ordinal), "lone surrogate" },
        { "[]", "array" },
        { "", "empty" },
        { "{", "truncated" },
    };

    [Theory]
    [MemberData(nameof(NonCanonical))]
    public void TryDecode_NonCanonicalInput_IsRefused(string json, string why)
    {
        Assert.False(LedgerEntry.TryDecode(Encoding.UTF8.GetBytes(json), out var entry, out var error), why);
        Assert.Null(entry);
        Assert.NotNull(error);
    }

    [Fact]
    public void TryDecode_InvalidUtf8_IsRefused()
    {
        var bytes = Encoding.UTF8.GetBytes(ExampleJson);
        bytes[Array.IndexOf(bytes, (byte)'w')] = 0xff; // inside "workshop_retreat"

        Assert.False(LedgerEntry.TryDecode(bytes, out _, out _));
    }

    [Fact]
    public void TryDecode_EverySingleBitFlipOfTheExample_IsRefusedOrAnotherEntry()
    {
        var bytes = Encoding.UTF8.GetBytes(ExampleJson);
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            if (LedgerEntry.TryDecode(flipped, out var entry, out _))
            {
                Assert.NotEqual(Example, entry);
            }
        }
    }
}
