using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceTracking.Cli;

/// <summary>An event as one line of text: its time, id and type, then the fields that say what happened.</summary>
public static class EventLines
{
    public static string Describe(string type, string envelopeJson)
    {
        JsonObject envelope;
        try
        {
            envelope = JsonNode.Parse(envelopeJson) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return $"{type}  {envelopeJson}";
        }
        var data = envelope["data"] as JsonObject ?? [];
        var when = envelope["timestamp"] is JsonValue t && t.TryGetValue<long>(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "";
        return $"{when}  #{envelope["id"]}  {type}  {Fields(type, data)}";
    }

    private static string Fields(string type, JsonObject d) => type switch
    {
        _ when type.StartsWith("contribution.", StringComparison.Ordinal) =>
            $"{Who(d, "contributor")}  {d["type"]}/{d["subtype"]}  {d["status"]}  impact {d["impactScore"]}  {d["recordId"]}" +
            (d["recognition"] is { } r ? $"  ({r})" : ""),
        "reward.distributed" => $"{Who(d, "recipient")}  {d["schedule"]} {d["period"]}: {d["scrollCoin"]} ScrollCoin, {d["blessingCoin"]} BlessingCoin",
        "badge.granted" => $"{Who(d, "recipient")}  {d["badge"]} ({d["period"]}{(d["rank"] is { } rank ? $", rank {rank}" : "")})",
        "leaderboard.changed" => (d["periodType"]?.ToString() == "all" ? "all-time: " : $"{d["periodType"]} {d["period"]}: ") + string.Join(", ", (d["top"] as JsonArray ?? []).Take(3)
            .Select(e => $"#{e?["rank"]} {e?["displayName"]} {e?["impactScore"]}")) + ((d["top"] as JsonArray)?.Count > 3 ? ", …" : ""),
        "checkpoint.published" => $"log size {d["treeSize"]}, root {d["rootHash"]}",
        "activity.suspicious" => $"{Who(d, "subject")}  score {d["score"]}: " + string.Join(", ", (d["signals"] as JsonArray ?? [])
            .GroupBy(s => s?["kind"]?.ToString()).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}")),
        _ => d.ToJsonString(),
    };

    private static string Who(JsonObject d, string field) =>
        d[field] is { } address ? $"{d["displayName"]} ({address})" : $"{d["displayName"]}";
}
