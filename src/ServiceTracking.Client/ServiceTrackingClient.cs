using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Siwe;

namespace ServiceTracking.Client;

/// <summary>
/// The .NET client of the ScrollVerse Service Tracking API v1: one typed method per endpoint, Sign-In with Ethereum
/// through a local key or an external signer (the token kept and renewed), EIP-712 signing of contributions,
/// endorsements and official acts, and the live event stream as <see cref="IAsyncEnumerable{T}"/>.
/// </summary>
public sealed partial class ServiceTrackingClient
{
    public const string SignInStatement = "Sign in to ScrollVerse Service Tracking";

    private readonly ApiTransport _api;
    private readonly ServiceTrackingClientOptions _options;
    private readonly Lock _gate = new();
    private Task? _signingIn;
    private Eip712Domain? _domain;

    public ServiceTrackingClient(HttpClient http, ServiceTrackingClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var server = options.Server.AbsolutePath.EndsWith('/') ? options.Server : new Uri(options.Server.GetLeftPart(UriPartial.Path) + "/");
        _api = new ApiTransport(http, server) { Token = options.Token };
        _options = options;
        TokenExpiresAt = options.TokenExpiresAt;
    }

    /// <summary>The service's base URL, ending in '/'.</summary>
    public Uri Server => _api.Server;

    /// <summary>The bearer token in use, if any.</summary>
    public string? Token => _api.Token;

    /// <summary>When <see cref="Token"/> expires (unix seconds), when known.</summary>
    public long? TokenExpiresAt { get; private set; }

    public IEthereumSigner? Signer => _options.Signer;

    /// <summary>Signs in with Ethereum (EIP-4361) through the signer; the token is kept for later calls.</summary>
    public async Task<SignInResult> SignInAsync(CancellationToken cancellationToken = default)
    {
        var signer = _options.Signer ?? throw new InvalidOperationException("Signing in needs a signer (ServiceTrackingClientOptions.Signer).");
        var nonce = (await _api.SendAsync<ApiDocument>(HttpMethod.Get, "api/v1/auth/nonce", null, cancellationToken).ConfigureAwait(false)).Json["nonce"]?.GetValue<string>()
            ?? throw new ApiProblemException(Unexpected("The server's nonce response has no 'nonce'."));
        var domain = await GetSigningDomainAsync(cancellationToken).ConfigureAwait(false);
        var now = _options.Time.GetUtcNow();
        var issuedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var message = new SiweMessage(
            Server.Scheme, Server.Authority, signer.Address, SignInStatement, Server.ToString().TrimEnd('/'), "1", domain.ChainId, nonce,
            issuedAt, issuedAt.AddMinutes(10), null, null, []).ToMessageString();
        var signature = await signer.SignPersonalMessageAsync(Encoding.UTF8.GetBytes(message), cancellationToken).ConfigureAwait(false);
        var body = new JsonObject { ["message"] = message, ["signature"] = Hex.Encode(signature) }.ToJsonString();
        var login = await _api.SendAsync<SignInResult>(HttpMethod.Post, "api/v1/auth/login", body, cancellationToken).ConfigureAwait(false);
        _api.Token = login.Token;
        TokenExpiresAt = login.ExpiresAt;
        return login;
    }

    /// <summary>The EIP-712 domain the server verifies signatures against (read once).</summary>
    public async Task<Eip712Domain> GetSigningDomainAsync(CancellationToken cancellationToken = default)
    {
        if (_domain is { } known)
        {
            return known;
        }
        var response = await _api.SendAsync<ApiDocument>(HttpMethod.Get, "api/v1/service-tracking/eip712", null, cancellationToken).ConfigureAwait(false);
        if (response.Json["domain"] is not JsonObject domain || !TryUInt64(domain["chainId"], out var chainId))
        {
            throw new ApiProblemException(Unexpected("The server's EIP-712 description has no domain with a chainId."));
        }
        EthAddress? contract = null;
        if (domain["verifyingContract"]?.GetValue<string>() is { Length: > 0 } text)
        {
            contract = EthAddress.TryParse(text, out var parsed) ? parsed : throw new ApiProblemException(Unexpected($"The server's verifyingContract '{text}' is not an address."));
        }
        return _domain = new Eip712Domain(
            domain["name"]?.GetValue<string>() ?? ServiceTrackingTypedData.DomainName,
            domain["version"]?.GetValue<string>() ?? ServiceTrackingTypedData.DomainVersion,
            chainId, contract);
    }

    private Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) where T : ApiDocument =>
        _api.SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>A call that needs the caller signed in: signs in first when the token is missing or about to expire, and once more on a 401.</summary>
    private async Task<T> AuthedAsync<T>(HttpMethod method, string path, string? json, CancellationToken cancellationToken) where T : ApiDocument
    {
        await EnsureSignedInAsync(force: false, cancellationToken).ConfigureAwait(false);
        try
        {
            return await _api.SendAsync<T>(method, path, json, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiProblemException ex) when (ex.Problem.Status == (int)HttpStatusCode.Unauthorized && _options.Signer is not null)
        {
            await EnsureSignedInAsync(force: true, cancellationToken).ConfigureAwait(false);
            return await _api.SendAsync<T>(method, path, json, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task EnsureSignedInAsync(bool force, CancellationToken cancellationToken)
    {
        if (_options.Signer is null)
        {
            return Task.CompletedTask; // a token given by the caller, or none: the server says what it thinks
        }
        lock (_gate)
        {
            if (_signingIn is { IsCompleted: false } pending)
            {
                return pending; // one sign-in at a time; the others wait for it
            }
            var expiring = TokenExpiresAt is { } at && at - (long)_options.RenewBefore.TotalSeconds <= _options.Time.GetUtcNow().ToUnixTimeSeconds();
            if (_api.Token is not null && !expiring && !force)
            {
                return Task.CompletedTask;
            }
            return _signingIn = SignInAsync(cancellationToken);
        }
    }

    private IEthereumSigner RequireSigner() =>
        _options.Signer ?? throw new InvalidOperationException("Signing needs a signer (ServiceTrackingClientOptions.Signer).");

    private ulong Now() => (ulong)_options.Time.GetUtcNow().ToUnixTimeSeconds();

    private static ApiProblem Unexpected(string detail) => new(502, "Unexpected response", detail, new Dictionary<string, string[]>(), "", null);

    private static string Id(string recordId) => Uri.EscapeDataString(recordId);

    private static string Query(params (string Name, object? Value)[] values)
    {
        var parts = values.Where(v => v.Value is not null)
            .Select(v => $"{v.Name}={Uri.EscapeDataString(Convert.ToString(v.Value, CultureInfo.InvariantCulture)!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static bool TryUInt64(JsonNode? node, out ulong value)
    {
        value = 0;
        return node is JsonValue v && (v.TryGetValue(out value)
            || v.TryGetValue<string>(out var text) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value));
    }
}
