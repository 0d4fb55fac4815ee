using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceTracking.Chain.Rpc;

/// <summary>
/// Ethereum JSON-RPC over HTTP. Transport failures and timeouts are retried with exponential backoff
/// (<see cref="RpcRetryPolicy"/>) and end in <see cref="ChainUnavailableException"/>; error answers become
/// <see cref="JsonRpcException"/> at once. The typed methods live in JsonRpcClient.Methods.cs.
/// </summary>
public sealed partial class JsonRpcClient
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly RpcRetryPolicy _retry;
    private readonly TimeProvider _time;
    private long _nextId;

    /// <summary>A client of <paramref name="endpoint"/> over <paramref name="http"/>, which the caller owns (its Timeout should exceed the attempt timeout).</summary>
    public JsonRpcClient(HttpClient http, Uri endpoint, RpcRetryPolicy? retryPolicy = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        _endpoint = endpoint;
        _retry = retryPolicy ?? RpcRetryPolicy.Default;
        _time = timeProvider ?? TimeProvider.System;
        if (_retry.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(retryPolicy), "A retry policy makes at least one attempt.");
        }
    }

    /// <summary>The endpoint without path, query or credentials, which may hold an API key: safe to log.</summary>
    public string EndpointForDisplay => $"{_endpoint.Scheme}://{_endpoint.Host}:{_endpoint.Port}";

    /// <summary>Calls <paramref name="method"/> and returns its <c>result</c> (a detached copy).</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="ChainUnavailableException">Every attempt failed in transport.</exception>
    public async Task<JsonElement> SendAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parameters);
        var id = Interlocked.Increment(ref _nextId);
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters.DeepClone() }.ToJsonString();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptAsync(method, body, cancellationToken).ConfigureAwait(false);
            }
            catch (TransportFailure failure)
            {
                if (attempt >= _retry.MaxAttempts)
                {
                    throw new ChainUnavailableException(
                        $"The JSON-RPC endpoint {EndpointForDisplay} did not answer {method} after {attempt} attempts: {failure.Message}",
                        failure.InnerException ?? failure)
                    { Attempts = attempt };
                }
                // ±20% jitter, so clients that failed together do not retry together.
                var delay = _retry.DelayAfter(attempt) * (0.8 + 0.4 * Random.Shared.NextDouble());
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<JsonElement> AttemptAsync(string method, string body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_retry.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string text;
        HttpStatusCode status;
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(_endpoint, content, linked.Token).ConfigureAwait(false);
            status = response.StatusCode;
            text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TransportFailure(ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Our attempt timeout or HttpClient.Timeout fired, not the caller's token.
            throw new TransportFailure($"no answer within {_retry.AttemptTimeout.TotalSeconds:0.#} s", ex);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw IsRetryable(status)
                ? new TransportFailure($"HTTP {(int)status}", ex)
                : new JsonRpcException($"{method}: HTTP {(int)status} with a body that is not JSON-RPC.", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
                var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
                JsonElement? data = error.TryGetProperty("data", out var d) ? d.Clone() : null;
                throw new JsonRpcException(method, code, message, data);
            }
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("result", out var result))
            {
                return result.Clone();
            }
            throw IsRetryable(status)
                ? new TransportFailure($"HTTP {(int)status}")
                : new JsonRpcException($"{method}: HTTP {(int)status} with neither result nor error.");
        }
    }

    private static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>Marks a failure worth retrying; never escapes this class.</summary>
    private sealed class TransportFailure : Exception
    {
        public TransportFailure(string message)
            : base(message)
        {
        }

        public TransportFailure(string message, Exception innerException)
            : base(message, innerException)
        {
        }

        public TransportFailure()
        {
        }
    }
}
