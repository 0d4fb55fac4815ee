using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using ServiceTracking.Core.Events;
using ServiceTracking.Storage.Events;

namespace ServiceTracking.Server;

/// <summary>
/// <c>GET /api/v1/events</c>: the live events as Server-Sent Events (API.md "Live events"). Resumes after
/// <c>Last-Event-ID</c> (header, or <c>?lastEventId=</c>) while the events are kept; otherwise starts from now.
/// </summary>
public static class EventEndpoints
{
    private const int ReadBatch = 256;

    public static void MapEvents(this WebApplication app)
    {
        app.MapGet("/api/v1/events", Stream).WithTags("Events")
            .WithSummary("Live events (text/event-stream): id, event (its type) and data (the envelope) per event; ': heartbeat' comments when idle.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> Stream(HttpContext http, ClaimsPrincipal user, EventFeed feed, EventEnvelopes envelopes, EventOptions options,
        TimeProvider time, string? types = null, string? lastEventId = null)
    {
        var resume = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? lastEventId;
        if (!TryParseTypes(types, user, out var wanted, out var typeError))
        {
            return typeError;
        }
        long? after = null;
        if (!string.IsNullOrEmpty(resume))
        {
            if (!long.TryParse(resume, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return Problems.Invalid("lastEventId", $"'{Truncated(resume)}' is not an event id (a decimal number from an earlier event's 'id:').");
            }
            after = id;
        }
        var cancellationToken = http.RequestAborted;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var body = http.Response.Body;
        try
        {
            await Write(body, "retry: 3000\n\n", cancellationToken);
            var cursor = await StartAsync(body, feed, after, cancellationToken);
            var heartbeat = TimeSpan.FromSeconds(options.HeartbeatSeconds);
            while (true)
            {
                var events = await feed.ReadAsync(cursor, ReadBatch, cancellationToken);
                if (events.Count > 0)
                {
                    foreach (var e in events.Where(e => wanted.Contains(e.Type)))
                    {
                        await Write(body, $"id: {e.Id.ToString(CultureInfo.InvariantCulture)}\nevent: {e.Type.WireName()}\ndata: ", cancellationToken);
                        await body.WriteAsync(envelopes.Render(e, user), cancellationToken);
                        await Write(body, "\n\n", cancellationToken);
                    }
                    cursor = events[^1].Id;
                    await body.FlushAsync(cancellationToken);
                    continue;
                }
                try
                {
                    await feed.WaitAsync(cursor, cancellationToken).WaitAsync(heartbeat, time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    await Write(body, ": heartbeat\n\n", cancellationToken);
                    await body.FlushAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Results.Empty; // the subscriber left
        }
    }

    /// <summary>Where the stream starts: after the given id while the events after it are kept, else now (with a <c>stream.reset</c> event saying why).</summary>
    private static async Task<long> StartAsync(Stream body, EventFeed feed, long? after, CancellationToken cancellationToken)
    {
        var last = feed.LastId;
        if (after is not { } id)
        {
            await body.FlushAsync(cancellationToken);
            return last;
        }
        string? reason = null;
        if (id > last)
        {
            reason = $"Event {id} does not exist (the newest is {last}); the stream starts from now.";
        }
        else if (id < last && await feed.OldestKeptAsync(cancellationToken) is { } oldest && id + 1 < oldest)
        {
            reason = $"Events after {id} are no longer kept (the oldest kept is {oldest}; see Events:RetentionDays); the stream starts from now.";
        }
        if (reason is not null)
        {
            var problem = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["type"] = "https://scrollverse.dev/problems/events-expired",
                ["title"] = "Cannot resume",
                ["status"] = 410,
                ["detail"] = reason,
            });
            await Write(body, $"id: {last.ToString(CultureInfo.InvariantCulture)}\nevent: stream.reset\ndata: {problem}\n\n", cancellationToken);
            id = last;
        }
        await body.FlushAsync(cancellationToken);
        return id;
    }

    private static bool TryParseTypes(string? types, ClaimsPrincipal user, out HashSet<EventType> wanted, out IResult error)
    {
        error = Results.Empty;
        wanted = EventTypes.All.Where(t => EventEnvelopes.MaySee(t, user)).ToHashSet();
        if (string.IsNullOrWhiteSpace(types))
        {
            return true;
        }
        var asked = new HashSet<EventType>();
        foreach (var name in types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!EventTypes.TryParse(name, out var type))
            {
                error = Problems.Invalid("types", $"'{Truncated(name)}' is not an event type; the types are {string.Join(", ", EventTypes.All.Select(t => t.WireName()))}.");
                return false;
            }
            if (!EventEnvelopes.MaySee(type, user))
            {
                error = Problems.Forbidden($"'{type.WireName()}' events are for verifiers, elders and admins; sign in with such a role.");
                return false;
            }
            asked.Add(type);
        }
        wanted = asked;
        return true;
    }

    private static string Truncated(string value) => value.Length <= 64 ? value : value[..64] + "…";

    private static async Task Write(Stream body, string text, CancellationToken cancellationToken) =>
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
}
