using ServiceTracking.Chain;
using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Chain.Transactions;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Server;

/// <summary>
/// The configured chain (registered only when <c>Chain:RpcUrl</c> is set): one JSON-RPC client, the service's key
/// behind one transaction sender, and the registry. It connects on first use, because the node may be down when the
/// service starts, and checks then that the node is on <c>Chain:ChainId</c> and that the registry has code.
/// </summary>
public sealed class ChainConnection : IDisposable
{
    // One request may take the RPC client's attempt timeout; HttpClient's own must not cut it shorter.
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly EthPrivateKey _key;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TransactionSender? _sender;
    private RegistryContract? _registry;

    /// <exception cref="InvalidOperationException">The settings are unusable (every problem is listed) or the key does not load.</exception>
    public ChainConnection(ChainSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Validate() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("The Chain settings are unusable:" + string.Concat(problems.Select(p => Environment.NewLine + "  " + p)));
        }
        Settings = settings;
        Mode = settings.ParsedMode;
        Registry = settings.ParsedRegistryAddress;
        try
        {
            _key = settings.LoadSignerKey();
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            // The message names the setting, never the key.
            throw new InvalidOperationException($"Chain:SignerKey or Chain:SignerKeyFile does not hold a usable key: {ex.Message}", ex);
        }
        Rpc = new JsonRpcClient(_http, new Uri(settings.RpcUrl!), RetryPolicy);
    }

    /// <summary>A few quick attempts per call: the anchorer and the publisher retry on their own, slower schedule.</summary>
    public static RpcRetryPolicy RetryPolicy { get; } = new() { MaxAttempts = 3, AttemptTimeout = TimeSpan.FromSeconds(20) };

    public ChainSettings Settings { get; }

    public ChainMode Mode { get; }

    public EthAddress Registry { get; }

    /// <summary>The service's account, which needs ANCHORER_ROLE (and RECORDER_ROLE in per-record mode) on the registry.</summary>
    public EthAddress Signer => _key.Address;

    public JsonRpcClient Rpc { get; }

    /// <summary>The registry, writable with the service's key, once the node is known to be on the configured chain.</summary>
    /// <exception cref="ChainConfigurationException">The node is on another chain, or the registry address has no code.</exception>
    /// <exception cref="ChainUnavailableException">The node cannot be reached now.</exception>
    public async Task<RegistryContract> RegistryAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _registry) is { } connected)
        {
            return connected;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_registry is not null)
            {
                return _registry;
            }
            var chainId = await Rpc.ChainIdAsync(cancellationToken).ConfigureAwait(false);
            if (chainId != Settings.ChainId)
            {
                throw new ChainConfigurationException(
                    $"The node at {Rpc.EndpointForDisplay} is on chain {chainId}, but Chain:ChainId is {Settings.ChainId}, and the service " +
                    $"signs for that chain only. Point Chain:RpcUrl at a node of chain {Settings.ChainId}, or set Chain:ChainId " +
                    "(sign-in messages and the EIP-712 domain follow it).");
            }
            _sender = new TransactionSender(Rpc, _key, chainId);
            var registry = new RegistryContract(_sender, Registry);
            if (!await registry.IsDeployedAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new ChainConfigurationException(
                    $"There is no contract at Chain:RegistryAddress {Registry} on chain {chainId} ({Rpc.EndpointForDisplay}); deploy one with 'svtrack chain deploy'.");
            }
            return _registry = registry;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>EIP-1271 through the node, once it is known to be on the configured chain (a wallet is only a wallet on its chain).</summary>
    public async Task<bool> IsValidContractSignatureAsync(EthAddress account, byte[] hash, byte[] signature, CancellationToken cancellationToken)
    {
        await RegistryAsync(cancellationToken).ConfigureAwait(false);
        return await Erc1271.IsValidSignatureAsync(Rpc, account, hash, signature, BlockTag.Latest, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _sender?.Dispose();
        _gate.Dispose();
        _http.Dispose();
    }
}

/// <summary>The chain is not the one configured, or the registry is not this log's: retrying will not help, an operator must.</summary>
public sealed class ChainConfigurationException(string message) : Exception(message);
