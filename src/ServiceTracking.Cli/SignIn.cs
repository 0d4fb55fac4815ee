using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Siwe;

namespace ServiceTracking.Cli;

/// <summary>Sign-In with Ethereum against the API: a nonce, an EIP-4361 message signed per EIP-191, a bearer token back.</summary>
public static class SignIn
{
    public const string Statement = "Sign in to ScrollVerse Service Tracking";

    /// <summary>Signs in and sets the client's token; returns the login response.</summary>
    public static async Task<ApiResponse> SignInAsync(ApiClient api, EthPrivateKey key, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(key);
        var nonce = (await api.GetAsync("api/v1/auth/nonce", cancellationToken).ConfigureAwait(false)).Json["nonce"]?.GetValue<string>()
            ?? throw new CliException("The server's nonce response has no 'nonce'.");
        var domain = await SigningDomain.FetchAsync(api, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var issuedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var message = new SiweMessage(
            api.Server.Scheme, api.Server.Authority, key.Address, Statement, ServerUrl.Display(api.Server), "1", domain.ChainId, nonce,
            issuedAt, issuedAt.AddMinutes(10), null, null, []).ToMessageString();
        var signature = "0x" + Convert.ToHexStringLower(key.SignPersonalMessage(Encoding.UTF8.GetBytes(message)));
        var body = new JsonObject { ["message"] = message, ["signature"] = signature }.ToJsonString();
        var response = await api.PostAsync("api/v1/auth/login", body, cancellationToken).ConfigureAwait(false);
        api.Token = response.Json["token"]?.GetValue<string>() ?? throw new CliException("The server's login response has no 'token'.");
        return response;
    }

    public static Session ToSession(ApiResponse login, Uri server) => new(
        ServerUrl.Display(server),
        login.Json["address"]?.GetValue<string>() ?? "",
        login.Json["token"]!.GetValue<string>(),
        login.Json["expiresAt"] is JsonValue expires && expires.TryGetValue<long>(out var at) ? at : 0);

    internal static string When(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
