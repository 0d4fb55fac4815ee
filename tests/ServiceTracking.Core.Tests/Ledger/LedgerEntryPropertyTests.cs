using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

/// <summary>The entry encoding's invariants over random entries: round trip, one encoding per entry, no silent change.</summary>
public sealed class LedgerEntryPropertyTests
{
    // A JSON value as a tree, written out as text in any member order and spacing, then parsed into a JsonElement.
    private abstract record Json;
    private sealed record Scalar(string Text) : Json;
    private sealed record Array(Json[] Items) : Json;
    private sealed record Object((string Key, Json Value)[] Members) : Json;

    private sealed record Model(long Index, string Action, string? RecordId, string Actor, long Timestamp, (string Key, Json Value)[] Fields);

    private static readonly Gen<string> s_text = Gen.OneOfConst(
            "a", "Z", "0", "_", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "\u007f", "é", "\u2028", "😀", "\uE000", "price")
        .Array[0, 5].Select(string.Concat);

    private static readonly Gen<string> s_number = Gen.Select(Gen.Long[-1_000_000_000_000, 1_000_000_000_000], Gen.Int[0, 4], (n, scale) =>
    {
        if (scale == 0)
        {
            return n.ToString(CultureInfo.InvariantCulture);
        }
        var digits = Math.Abs(n).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        return (n < 0 ? "-" : "") + digits[..^scale] + "." + digits[^scale..];
    });

    private static readonly Gen<Json> s_scalar = Gen.OneOf(
        s_number,
        s_text.Select(s => JsonSerializer.Serialize(s)),
        Gen.OneOfConst("true", "false", "null")).Select(t => (Json)new Scalar(t));

    private static readonly Gen<Json> s_value = Value(3);

    private static readonly Gen<Model> s_model = Gen.Select(
        Gen.Long[0, long.MaxValue],
        Gen.OneOfConst("CONTRIBUTION_SUBMITTED", "QUALITY_ASSESSED", "REVIEW_APPROVED", "DATA_ERASED", "X1_2"),
        s_text.Where(s => s.Length > 0).Null(),
        Gen.OneOfConst("AUTOMATED_SYSTEM", "SMART_CONTRACT", "0x71c7656ec7ab88b098defb751b7401b5f6d8976f", "é😀"),
        Gen.Long[0, 4_000_000_000],
        Members(s_value),
        (index, action, recordId, actor, timestamp, fields) => new Model(index, action, recordId, actor, timestamp, fields));

    private static Gen<Json> Value(int depth) => depth == 0
        ? s_scalar
        : Gen.Frequency(
            (4, s_scalar),
            (1, Value(depth - 1).Array[0, 3].Select(items => (Json)new Array(items))),
            (1, Members(Value(depth - 1)).Select(members => (Json)new Object(members))));

    private static Gen<(string Key, Json Value)[]> Members(Gen<Json> value) =>
        Gen.Select(s_text, value).Array[0, 5].Select(members => members.DistinctBy(m => m.Item1, StringComparer.Ordinal).ToArray());

    /// <summary>JSON text of a value; <paramref name="scrambled"/> reverses member order and adds spacing.</summary>
    private static void Write(StringBuilder text, Json value, bool scrambled)
    {
        var space = scrambled ? " " : "";
        switch (value)
        {
            case Scalar scalar:
                text.Append(scalar.Text);
                break;
            case Array array:
                text.Append('[').AppendJoin(',' + space, array.Items.Select(i => Text(i, scrambled))).Append(']');
                break;
            case Object obj:
                var members = scrambled ? obj.Members.Reverse() : obj.Members;
                text.Append('{').Append(space)
                    .AppendJoin(',' + space, members.Select(m => JsonSerializer.Serialize(m.Key) + space + ":" + space + Text(m.Value, scrambled)))
                    .Append(space).Append('}');
                break;
        }
    }

    private static string Text(Json value, bool scrambled)
    {
        var text = new StringBuilder();
        Write(text, value, scrambled);
        return text.ToString();
    }

    private static LedgerEntry Entry(Model model, bool scrambled)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in scrambled ? model.Fields.Reverse() : model.Fields)
        {
            using var document = JsonDocument.Parse(Text(value, scrambled));
            fields.Add(key, document.RootElement.Clone());
        }
        return new LedgerEntry(LedgerEntry.CurrentVersion, model.Index, model.Action, model.RecordId, model.Actor, model.Timestamp, fields);
    }

    [Fact]
    public void TryDecode_EncodedEntry_GivesTheSameEntryAndBytes()
    {
        s_model.Sample(model =>
        {
            var entry = Entry(model, scrambled: false);
            var bytes = entry.Encode();

            Assert.True(LedgerEntry.TryDecode(bytes, out var decoded, out var error), error);
            Assert.Equal(entry, decoded);
            Assert.Equal(bytes, decoded.Encode());
        });
    }

    [Fact]
    public void Encode_FieldsInAnyOrderAndSpacing_GiveIdenticalBytes()
    {
        s_model.Sample(model =>
        {
            var plain = Entry(model, scrambled: false);
            var scrambled = Entry(model, scrambled: true);

            Assert.Equal(plain.Encode(), scrambled.Encode());
            Assert.Equal(plain, scrambled);
            Assert.Equal(plain.GetHashCode(), scrambled.GetHashCode());
        });
    }

    [Fact]
    public void TryDecode_AnySingleBitFlip_IsRefusedOrAnotherEntry()
    {
        Gen.Select(s_model, Gen.Int[0, int.MaxValue]).Sample((model, position) =>
        {
            var entry = Entry(model, scrambled: false);
            var bytes = entry.Encode();
            var bit = position % (bytes.Length * 8);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));

            if (LedgerEntry.TryDecode(bytes, out var decoded, out _))
            {
                Assert.NotEqual(entry, decoded);
                Assert.Equal(bytes, decoded.Encode());
            }
        });
    }
}
