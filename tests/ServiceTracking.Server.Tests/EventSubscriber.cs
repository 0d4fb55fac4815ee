using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ServiceTracking.Server.Tests;

/// <summary>One Server-Sent Event as a client parses it (the WHATWG rules: fields up to a blank line; comments kept for the heartbeat test).</summary>
public sealed record ServerEvent(string? Id, string? Event, string Data, string? Comment)
{
    public JsonObject Envelope => JsonNode.Parse(Data)!.AsObject();
    public JsonObject Body => Envelope["data"]!.AsObject();
}

/// <summary>A subscriber of <c>GET /api/v1/events</c> reading the stream as it arrives.</summary>
public sealed class EventSubscriber : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ServerEvent> _events = Channel.CreateUnbounded<ServerEvent>();
    private readonly Task _reader;

    private EventSubscriber(HttpResponseMessage response)
    {
        _response = response;
        _reader = Task.Run(ReadAsync);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream and waits for its first frame (the <c>retry:</c> line), so events committed after this returns are seen.</summary>
    public static async Task<EventSubscriber> OpenAsync(HttpClient http, string query = "", string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events" + query);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = new EventSubscriber(response);
        if (response.IsSuccessStatusCode)
        {
            var first = await stream.NextAsync(includeComments: true);
            Assert.Equal("retry", first.Comment);
        }
        return stream;
    }

    /// <summary>The next event (a comment only when asked for); fails the test when none comes in 20 s.</summary>
    public async Task<ServerEvent> NextAsync(bool includeComments = false)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var next = await _events.Reader.ReadAsync(timeout.Token);
            if (includeComments || next.Comment is null)
            {
                return next;
            }
        }
    }

    /// <summary>The next event or comment if one arrives within <paramref name="wait"/>, else null.</summary>
    public async Task<ServerEvent?> TryNextAsync(TimeSpan wait, bool includeComments = false)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(timeout.Token);
                if (includeComments || next.Comment is null)
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Events up to and including the first of <paramref name="type"/>.</summary>
    public async Task<List<ServerEvent>> UntilAsync(string type, Func<ServerEvent, bool>? also = null)
    {
        var seen = new List<ServerEvent>();
        while (true)
        {
            var next = await NextAsync();
            seen.Add(next);
            if (next.Event == type && (also is null || also(next)))
            {
                return seen;
            }
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token), Encoding.UTF8);
            string? id = null, type = null, comment = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0 || comment is not null)
                    {
                        await _events.Writer.WriteAsync(new ServerEvent(id, type, data.ToString(), comment));
                    }
                    (type, comment) = (null, null);
                    data.Clear();
                    continue;
                }
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "": comment = value; break;
                    case "id": id = value; break;
                    case "event": type = value; break;
                    case "data": data.Append(data.Length > 0 ? "\n" : "").Append(value); break;
                    case "retry": comment = "retry"; break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reader;
        _stop.Dispose();
    }
}
