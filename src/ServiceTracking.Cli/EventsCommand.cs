using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ServiceTracking.Client;

namespace ServiceTracking.Cli;

/// <summary>
/// <c>svtrack events [--types a,b] [--limit N] [--after ID | --from-now]</c>: follows <c>GET /api/v1/events</c>, one line
/// per event (or the envelope with <c>--json</c>), and resumes where the last run stopped: the last event id is kept per
/// server in <c>$SVTRACK_HOME/events/&lt;host&gt;_&lt;port&gt;.json</c>. Reconnects when the stream drops; Ctrl-C stops it.
/// </summary>
public static class EventsCommand
{
    private sealed record State(string Server, string LastEventId);

    public static Command Create(CliEnvironment env, Option<bool> json)
    {
        var types = new Option<string?>("--types") { Description = "Only these types, comma-separated (e.g. contribution.recorded,leaderboard.changed)" };
        var limit = new Option<int?>("--limit") { Description = "Stop after this many events (default: follow until Ctrl-C)" };
        var after = new Option<string?>("--after") { Description = "Start after this event id (0: every event still kept) instead of where the last run stopped" };
        var fromNow = new Option<bool>("--from-now") { Description = "Ignore where the last run stopped and start from now" };
        var stateOption = new Option<string?>("--state") { Description = "Where the last event id is kept (default: $SVTRACK_HOME/events/<host>_<port>.json)" };
        var server = CommonOptions.Server();
        var session = CommonOptions.Session();
        var command = new Command("events", "Follow the live events (moderators also see activity.suspicious)") { types, limit, after, fromNow, stateOption, server, session };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(limit) is < 1)
            {
                throw new UsageException("--limit must be 1 or more.");
            }
            if (parse.GetValue(after) is { } start && !long.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new UsageException($"--after takes an event id (a decimal number), not '{start}'.");
            }
            var current = Session.TryLoad(Path.GetFullPath(parse.GetValue(session) ?? env.DefaultSessionPath));
            var serverUri = env.ResolveServer(parse.GetValue(server), current?.Server);
            var statePath = parse.GetValue(stateOption) ?? Path.Combine(env.Home, "events", $"{serverUri.Host}_{serverUri.Port}.json");
            var lastId = parse.GetValue(after) ?? (parse.GetValue(fromNow) ? null : Load(statePath, serverUri));
            var wanted = parse.GetValue(types)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var api = env.Connect(serverUri, current?.TokenFor(serverUri, env.Time));
            var follower = new Follower(env, api, wanted, statePath, parse.GetValue(json), parse.GetValue(limit));
            return await follower.RunAsync(lastId, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static string? Load(string path, Uri server)
    {
        try
        {
            var state = File.Exists(path) ? JsonSerializer.Deserialize<State>(File.ReadAllText(path), JsonSerializerOptions.Web) : null;
            return state is not null && ServerUrl.Parse(state.Server) == server ? state.LastEventId : null;
        }
        catch (JsonException)
        {
            return null; // a damaged file: start from now, and the next event rewrites it
        }
    }

    /// <summary>One run of the verb: connect, print, remember, and reconnect after the server's <c>retry</c> when the stream drops.</summary>
    private sealed class Follower(CliEnvironment env, ServiceTrackingClient api, string[]? types, string statePath, bool json, int? limit)
    {
        private int _printed;
        private TimeSpan _retry = TimeSpan.FromSeconds(3);

        public async Task<int> RunAsync(string? lastId, CancellationToken cancellationToken)
        {
            var connected = false;
            try
            {
                while (true)
                {
                    try
                    {
                        var stream = await api.ConnectEventsAsync(types, lastId, cancellationToken).ConfigureAwait(false);
                        await using var _ = stream.ConfigureAwait(false);
                        connected = true;
                        await foreach (var e in stream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                        {
                            lastId = await HandleAsync(e, lastId).ConfigureAwait(false);
                            if (_printed == limit)
                            {
                                return ExitCodes.Ok;
                            }
                        }
                        await env.Error.WriteLineAsync($"The server ended the stream; reconnecting in {_retry.TotalSeconds:0} s.").ConfigureAwait(false);
                    }
                    catch (Exception ex) when (connected && ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                    {
                        await env.Error.WriteLineAsync($"The stream dropped ({ex.Message}); reconnecting in {_retry.TotalSeconds:0} s.").ConfigureAwait(false);
                    }
                    await Task.Delay(_retry, env.Time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok; // Ctrl-C: everything printed is remembered
            }
        }

        private async Task<string?> HandleAsync(ServerSentEvent e, string? lastId)
        {
            if (e.Retry is { } ms)
            {
                _retry = TimeSpan.FromMilliseconds(Math.Clamp(ms, 100, 60_000));
            }
            if (e.Data.Length == 0)
            {
                return lastId;
            }
            if (e.Type == "stream.reset")
            {
                await env.Error.WriteLineAsync($"Cannot resume after event {lastId}: {Detail(e.Data)}").ConfigureAwait(false);
            }
            else
            {
                await env.Out.WriteLineAsync(json ? e.Data : EventLines.Describe(e.Type, e.Data)).ConfigureAwait(false);
                await env.Out.FlushAsync().ConfigureAwait(false);
                _printed++;
            }
            if (e.Id is { } id && id != lastId)
            {
                SecretFile.Write(statePath, JsonSerializer.Serialize(new State(ServerUrl.Display(api.Server), id), JsonSerializerOptions.Web) + "\n");
                return id;
            }
            return lastId;
        }

        private static string Detail(string problem)
        {
            try
            {
                using var document = JsonDocument.Parse(problem);
                return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? problem : problem;
            }
            catch (JsonException)
            {
                return problem;
            }
        }
    }
}
