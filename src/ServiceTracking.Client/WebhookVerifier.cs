using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ServiceTracking.Core.Webhooks;

namespace ServiceTracking.Client;

/// <summary>
/// Verifies Standard Webhooks deliveries from the service for a receiver (ASP.NET or any other): the signature over the
/// exact bytes received, a timestamp within the tolerance, then the envelope. In ASP.NET:
/// <c>verifier.Verify(name =&gt; request.Headers[name], body)</c> after reading the body's bytes.
/// </summary>
public sealed class WebhookVerifier(string secret, TimeProvider? time = null, TimeSpan? tolerance = null)
{
    private readonly byte[] _key = WebhookSignature.KeyOf(secret);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _tolerance = tolerance ?? TimeSpan.FromMinutes(5);

    /// <summary>The delivery's envelope; throws <see cref="WebhookVerificationException"/> when it does not verify.</summary>
    /// <param name="header">Reads a request header by name (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>).</param>
    /// <param name="body">The body's bytes as received.</param>
    public EventEnvelope Verify(Func<string, string?> header, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(header);
        var id = header("webhook-id");
        var timestamp = header("webhook-timestamp");
        var signatures = header("webhook-signature");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            throw new WebhookVerificationException("Missing webhook-id, webhook-timestamp or webhook-signature.");
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt)
            || Math.Abs(_time.GetUtcNow().ToUnixTimeSeconds() - sentAt) > _tolerance.TotalSeconds)
        {
            throw new WebhookVerificationException($"webhook-timestamp {timestamp} is not within {_tolerance.TotalSeconds:0} s of now.");
        }
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var expected = HMACSHA256.HashData(_key, signed);
        var matches = signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(entry =>
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || entry[..comma] != "v1")
            {
                return false;
            }
            var given = new byte[32];
            return Convert.TryFromBase64String(entry[(comma + 1)..], given, out var written) && written == 32
                && CryptographicOperations.FixedTimeEquals(given, expected);
        });
        if (!matches)
        {
            throw new WebhookVerificationException("No webhook-signature matches the body.");
        }
        try
        {
            return JsonSerializer.Deserialize<EventEnvelope>(body, JsonSerializerOptions.Web)
                ?? throw new WebhookVerificationException("The body is not an event envelope.");
        }
        catch (JsonException ex)
        {
            throw new WebhookVerificationException($"The body is not an event envelope: {ex.Message}");
        }
    }
}

/// <summary>A webhook delivery that does not verify; answer it 400.</summary>
public sealed class WebhookVerificationException(string message) : Exception(message);
