using System.Runtime.CompilerServices;
using System.Text;

namespace ServiceTracking.Client;

/// <summary>One Server-Sent Event: its fields as the WHATWG rules assemble them (a <c>retry:</c> alone is an event with only <see cref="Retry"/>).</summary>
public sealed record ServerSentEvent(string? Id, string Type, string Data, int? Retry);

/// <summary>Reads a <c>text/event-stream</c>: fields up to a blank line make an event; comments (heartbeats) are skipped.</summary>
public static class ServerSentEvents
{
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? id = null, type = null;
        int? retry = null;
        var data = new StringBuilder();
        var hasData = false;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData || retry is not null)
                {
                    yield return new ServerSentEvent(id, type ?? "message", data.ToString(), retry);
                }
                (type, retry, hasData) = (null, null, false);
                data.Clear();
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon == 0)
            {
                continue; // a comment: the heartbeat
            }
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            value = value.StartsWith(' ') ? value[1..] : value;
            switch (field)
            {
                case "id" when !value.Contains('\0', StringComparison.Ordinal):
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data.Append(hasData ? "\n" : "").Append(value);
                    hasData = true;
                    break;
                case "retry" when int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms):
                    retry = ms;
                    break;
            }
        }
    }
}
