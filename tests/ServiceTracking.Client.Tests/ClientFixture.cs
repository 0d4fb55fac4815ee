using ServiceTracking.Core.Ethereum;
using ServiceTracking.Server.Tests;

namespace ServiceTracking.Client.Tests;

/// <summary>An external signer as an integrator would write one (here over a local key), counting what it is asked to sign.</summary>
public sealed class CountingSigner(EthPrivateKey key) : IEthereumSigner
{
    public int PersonalMessages { get; private set; }

    public int TypedData { get; private set; }

    public EthAddress Address => key.Address;

    public Task<byte[]> SignPersonalMessageAsync(byte[] message, CancellationToken cancellationToken)
    {
        PersonalMessages++;
        return Task.FromResult(key.SignPersonalMessage(message));
    }

    public Task<byte[]> SignTypedDataAsync(TypedDataToSign data, CancellationToken cancellationToken)
    {
        TypedData++;
        Assert.Equal("Contribution", data.Payload["primaryType"]!.GetValue<string>()); // a wallet would show this payload
        return Task.FromResult(key.SignHash(data.Digest));
    }
}

/// <summary>Clients of the real service over its HTTP pipeline.</summary>
public static class Clients
{
    public static ServiceTrackingClient For(ServiceHost host, EthPrivateKey? key = null, string? token = null, long? expiresAt = null) =>
        new(host.CreateClient(), new ServiceTrackingClientOptions
        {
            Server = new Uri("http://localhost/"),
            Signer = new LocalKeySigner(key ?? EthPrivateKey.Generate()),
            Token = token,
            TokenExpiresAt = expiresAt,
            Time = host.Clock,
        });

    public static ContributionDraft Draft(ServiceHost host, string type = "CONTENT_CREATION", string subtype = "tutorial", object? details = null, ulong nonce = 1) =>
        ContributionDraft.Create(type, subtype, details ?? new { title = "Guide to Sacred Geometry", url = "https://scrollverse.com/guides/sacred-geometry" },
            (ulong)host.Clock.GetUtcNow().ToUnixTimeSeconds(), nonce);
}
