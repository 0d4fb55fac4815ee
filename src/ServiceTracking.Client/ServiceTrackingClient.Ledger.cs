using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceTracking.Client;

public sealed partial class ServiceTrackingClient
{
    /// <summary>The latest signed checkpoint (a C2SP signed note).</summary>
    public Task<string> GetCheckpointAsync(CancellationToken cancellationToken = default) => _api.GetTextAsync("api/v1/ledger/checkpoint", cancellationToken);

    /// <summary>The log's verifier key as the server states it; pin it from a source you trust for offline checks.</summary>
    public async Task<string> GetLogKeyAsync(CancellationToken cancellationToken = default) =>
        (await _api.GetTextAsync("api/v1/ledger/key", cancellationToken).ConfigureAwait(false)).Trim();

    public Task<ApiDocument> GetLedgerEntryAsync(long index, CancellationToken cancellationToken = default) =>
        GetAsync<ApiDocument>($"api/v1/ledger/entries/{index}", cancellationToken);

    /// <summary>Entries from <paramref name="start"/> up to (not including) <paramref name="end"/>; the server bounds a page.</summary>
    public Task<ApiDocument> GetLedgerEntriesAsync(long start, long end, CancellationToken cancellationToken = default) =>
        GetAsync<ApiDocument>("api/v1/ledger/entries" + Query(("start", start), ("end", end)), cancellationToken);

    public Task<ApiDocument> GetInclusionProofAsync(long index, long treeSize, CancellationToken cancellationToken = default) =>
        GetAsync<ApiDocument>("api/v1/ledger/proof/inclusion" + Query(("index", index), ("treeSize", treeSize)), cancellationToken);

    public Task<ApiDocument> GetConsistencyProofAsync(long from, long to, CancellationToken cancellationToken = default) =>
        GetAsync<ApiDocument>("api/v1/ledger/proof/consistency" + Query(("from", from), ("to", to)), cancellationToken);

    /// <summary>
    /// Opens one connection to the event stream (resuming after <paramref name="lastEventId"/>); an error status is raised
    /// as <see cref="ApiProblemException"/> here, before any event is read.
    /// </summary>
    public async Task<EventStreamConnection> ConnectEventsAsync(IEnumerable<string>? types, string? lastEventId, CancellationToken cancellationToken = default)
    {
        var wanted = types?.ToList() is { Count: > 0 } list ? string.Join(',', list) : null;
        var response = await _api.OpenStreamAsync("api/v1/events" + Query(("types", wanted)), lastEventId, cancellationToken).ConfigureAwait(false);
        return new EventStreamConnection(response);
    }

    /// <summary>
    /// One connection to the event stream, as raw Server-Sent Events (heartbeats skipped, <c>retry:</c> and
    /// <c>stream.reset</c> included), resuming after <paramref name="lastEventId"/>; it ends when the server or the network does.
    /// </summary>
    public async IAsyncEnumerable<ServerSentEvent> ReadEventStreamAsync(IEnumerable<string>? types, string? lastEventId,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var connection = await ConnectEventsAsync(types, lastEventId, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await foreach (var e in connection.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
    }

    /// <summary>
    /// The live events after <paramref name="lastEventId"/> (or from now), following the stream until cancelled: after a
    /// dropped connection or a server restart it reconnects with Last-Event-ID, so no event is missed or repeated.
    /// An error status, or a stream that cannot resume (<c>stream.reset</c>), ends it with <see cref="ApiProblemException"/>.
    /// </summary>
    public async IAsyncEnumerable<EventEnvelope> EventsAsync(IEnumerable<string>? types = null, string? lastEventId = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var wanted = types?.ToList();
        var retry = TimeSpan.FromSeconds(1);
        while (true)
        {
            var events = ReadEventStreamAsync(wanted, lastEventId, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (await NextAsync(events).ConfigureAwait(false) is { } e)
                {
                    if (e.Retry is { } ms)
                    {
                        retry = TimeSpan.FromMilliseconds(Math.Clamp(ms, 100, 60_000));
                    }
                    if (e.Type == "stream.reset")
                    {
                        throw new ApiProblemException(ApiProblem.From(410, "Cannot resume", e.Data, JsonNode.Parse(e.Data) as JsonObject, null));
                    }
                    if (e.Data.Length == 0 || e.Id is null || e.Id == lastEventId)
                    {
                        continue;
                    }
                    var envelope = JsonSerializer.Deserialize<EventEnvelope>(e.Data, JsonSerializerOptions.Web)
                        ?? throw new ApiProblemException(Unexpected($"Event {e.Id} has no envelope."));
                    lastEventId = e.Id;
                    yield return envelope;
                }
            }
            finally
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }
            await Task.Delay(retry, _options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The next event, or null when the connection ended or dropped (the caller reconnects).</summary>
    private static async Task<ServerSentEvent?> NextAsync(IAsyncEnumerator<ServerSentEvent> events)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false) ? events.Current : null;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return null;
        }
    }
}

/// <summary>An open event stream: read its events until it ends, then dispose it.</summary>
public sealed class EventStreamConnection(HttpResponseMessage response) : IAsyncDisposable
{
    public async IAsyncEnumerable<ServerSentEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await foreach (var e in ServerSentEvents.ReadAsync(body, cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
