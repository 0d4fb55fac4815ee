using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using ServiceTracking.Core;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;
using ServiceTracking.Storage.Events;

namespace ServiceTracking.Server;

/// <summary>
/// Events on the wire (API.md "Live events"): <c>{"id", "type", "timestamp", "data"}</c>, the same on the stream and in
/// webhooks. Contributors appear as the public API shows them to the viewer: a private profile is a pseudonym and no
/// address (the profile in force when the event is read, so turning private hides one's past events too).
/// </summary>
public sealed class EventEnvelopes(Visibility visibility)
{
    /// <summary>Nobody signed in: what webhooks and the public stream see.</summary>
    public static ClaimsPrincipal Public { get; } = new(new ClaimsIdentity());

    public byte[] Render(StoredEvent e, ClaimsPrincipal viewer)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var buffer = new MemoryStream(256 + e.DataJson.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id.ToString(CultureInfo.InvariantCulture));
            json.WriteString("type", e.Type.WireName());
            json.WriteNumber("timestamp", e.Timestamp);
            json.WriteStartObject("data");
            if (e.Type.SubjectField() is { } field && e.Subject is { } subject)
            {
                WriteContributor(json, field, subject, viewer);
            }
            using var data = JsonDocument.Parse(e.DataJson);
            foreach (var property in data.RootElement.EnumerateObject())
            {
                if (e.Type == EventType.LeaderboardChanged && property.NameEquals("top"))
                {
                    WriteTop(json, property.Value, viewer);
                }
                else
                {
                    property.WriteTo(json);
                }
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Whether the viewer may see this type at all (moderator-only types: verifiers, elders, admins).</summary>
    public static bool MaySee(EventType type, ClaimsPrincipal viewer) => !type.IsModeratorOnly() || IsModerator(viewer);

    public static bool IsModerator(ClaimsPrincipal viewer) =>
        viewer.IsInRole(Roles.Verifier) || viewer.IsInRole(Roles.Elder) || viewer.IsInRole(Roles.Admin);

    private void WriteContributor(Utf8JsonWriter json, string field, EthAddress contributor, ClaimsPrincipal viewer)
    {
        var identity = visibility.Of(contributor, viewer);
        if (identity.Address is null)
        {
            json.WriteNull(field);
        }
        else
        {
            json.WriteString(field, identity.Address);
        }
        json.WriteString("displayName", identity.DisplayName);
        json.WriteString("profileId", identity.ProfileId); // the contributor's page, as the API's answers name it
    }

    // The top entries are stored with their addresses; each is shown as the leaderboard shows it.
    private void WriteTop(Utf8JsonWriter json, JsonElement top, ClaimsPrincipal viewer)
    {
        json.WriteStartArray("top");
        foreach (var entry in top.EnumerateArray())
        {
            json.WriteStartObject();
            foreach (var property in entry.EnumerateObject())
            {
                if (property.NameEquals("address"))
                {
                    WriteContributor(json, "address", EthAddress.Parse(property.Value.GetString()!), viewer);
                }
                else
                {
                    property.WriteTo(json);
                }
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
