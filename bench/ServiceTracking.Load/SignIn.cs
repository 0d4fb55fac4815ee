using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Siwe;

namespace ServiceTracking.Load;

/// <summary>Sign-In with Ethereum over HTTP, as a wallet does it: a nonce, an EIP-4361 message, a personal_sign signature.</summary>
public static class SignIn
{
    /// <summary>Bearer tokens for every key, in key order; a few sign-ins at a time.</summary>
    public static async Task<string[]> TokensAsync(Uri server, IReadOnlyList<EthPrivateKey> keys, int parallel = 8)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var tokens = new string[keys.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (i, cancellationToken) => tokens[i] = await TokenAsync(http, server, keys[i], cancellationToken).ConfigureAwait(false))
            .ConfigureAwait(false);
        return tokens;
    }

    private static async Task<string> TokenAsync(HttpClient http, Uri server, EthPrivateKey key, CancellationToken cancellationToken)
    {
        var nonce = (await http.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/auth/nonce", UriKind.Relative), cancellationToken)
            .ConfigureAwait(false))!["nonce"]!.GetValue<string>();
        // The domain is the Host header the server sees: 127.0.0.1:port.
        var domain = server.Authority;
        var message = new SiweMessage("http", domain, key.Address, "Sign in to ScrollVerse Service Tracking", $"http://{domain}", "1", 1, nonce,
            TimeProvider.System.GetUtcNow(), null, null, null, []).ToMessageString();
        var signature = "0x" + Convert.ToHexStringLower(key.SignPersonalMessage(Encoding.UTF8.GetBytes(message)));
        using var response = await http.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), new { message, signature }, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in of {key.Address} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        return body!["token"]!.GetValue<string>();
    }
}
