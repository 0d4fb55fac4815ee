using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Client;

/// <summary>Where the service is and who signs; for <see cref="ServiceTrackingClient"/> and <c>AddServiceTrackingClient</c>.</summary>
public sealed class ServiceTrackingClientOptions
{
    /// <summary>The service's base URL (default <c>http://127.0.0.1:5080/</c>).</summary>
    public Uri Server { get; set; } = new("http://127.0.0.1:5080/");

    /// <summary>Signs in and signs contributions and acts: a <see cref="LocalKeySigner"/> or an external signer. Optional for reads.</summary>
    public IEthereumSigner? Signer { get; set; }

    /// <summary>A bearer token obtained earlier (for example a saved session); renewed through <see cref="Signer"/> when there is one.</summary>
    public string? Token { get; set; }

    /// <summary>When <see cref="Token"/> expires (unix seconds), if known.</summary>
    public long? TokenExpiresAt { get; set; }

    /// <summary>Sign in again this long before the token expires (default one minute).</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromMinutes(1);

    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Uses <paramref name="key"/> as the signer.</summary>
    public ServiceTrackingClientOptions UseKey(EthPrivateKey key)
    {
        Signer = new LocalKeySigner(key);
        return this;
    }
}
