using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ServiceTracking.Server.Tests;

/// <summary>A webhook as the receiver saw it: its headers and the exact body bytes.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string ContentType, byte[] Body)
{
    public System.Text.Json.Nodes.JsonObject Envelope => System.Text.Json.Nodes.JsonNode.Parse(Body)!.AsObject();
}

/// <summary>What the receiver answers to the next request: a status, an optional Retry-After, and a delay before answering.</summary>
public sealed record ScriptedAnswer(int Status, string? RetryAfter = null, TimeSpan Delay = default);

/// <summary>A real HTTP receiver on 127.0.0.1 (Kestrel on a free port) that records every request and answers from a script (<see cref="Default"/> when it runs out).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedAnswer> _script = new();
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>The answer when the script is empty (a quick 200 unless changed).</summary>
    public ScriptedAnswer Default { get; set; } = new(200);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var headers = http.Request.Headers;
            await receiver._received.Writer.WriteAsync(new ReceivedWebhook(headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
                headers["webhook-signature"].ToString(), http.Request.ContentType ?? "", body.ToArray()));
            var answer = receiver._script.TryDequeue(out var next) ? next : receiver.Default;
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay, http.RequestAborted);
            }
            if (answer.RetryAfter is not null)
            {
                http.Response.Headers.RetryAfter = answer.RetryAfter;
            }
            http.Response.StatusCode = answer.Status;
        });
        await app.StartAsync();
        receiver.Url = app.Urls.Single() + "/hook";
        return receiver;
    }

    public void Answer(params ScriptedAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }
    }

    /// <summary>The next request received; fails the test when none comes in 20 s.</summary>
    public async Task<ReceivedWebhook> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Every request as it is received, until <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<ReceivedWebhook> ReadAllAsync(CancellationToken cancellationToken) => _received.Reader.ReadAllAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
