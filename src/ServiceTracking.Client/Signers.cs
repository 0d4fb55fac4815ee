using System.Text.Json.Nodes;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Client;

/// <summary>What a signer is asked to sign as EIP-712: the digest, and the <c>eth_signTypedData_v4</c> payload for wallets and KMS that want it.</summary>
public sealed record TypedDataToSign(byte[] Digest, JsonObject Payload);

/// <summary>Signs for one address: a local key (<see cref="LocalKeySigner"/>) or an external signer (a wallet, a KMS, an HSM).</summary>
public interface IEthereumSigner
{
    EthAddress Address { get; }

    /// <summary>An EIP-191 personal-message signature (65 bytes r ‖ s ‖ v), as for Sign-In with Ethereum.</summary>
    Task<byte[]> SignPersonalMessageAsync(byte[] message, CancellationToken cancellationToken);

    /// <summary>An EIP-712 signature (65 bytes r ‖ s ‖ v) of <see cref="TypedDataToSign.Digest"/>.</summary>
    Task<byte[]> SignTypedDataAsync(TypedDataToSign data, CancellationToken cancellationToken);
}

/// <summary>Signs with a secp256k1 key held in this process.</summary>
public sealed class LocalKeySigner(EthPrivateKey key) : IEthereumSigner
{
    public EthAddress Address => key.Address;

    public Task<byte[]> SignPersonalMessageAsync(byte[] message, CancellationToken cancellationToken) =>
        Task.FromResult(key.SignPersonalMessage(message));

    public Task<byte[]> SignTypedDataAsync(TypedDataToSign data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Task.FromResult(key.SignHash(data.Digest));
    }
}
