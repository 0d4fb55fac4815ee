using ServiceTracking.Chain;
using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Storage.OnChain;

namespace ServiceTracking.Server;

/// <summary>Wires the chain (CHAIN.md): nothing without <c>Chain:RpcUrl</c>; anchoring with it; per-record publishing on request.</summary>
public static partial class ChainSetup
{
    public static void AddChain(this IServiceCollection services, ChainSettings settings)
    {
        services.AddSingleton(settings).AddSingleton<ChainJournal>();
        if (!settings.Enabled)
        {
            return;
        }
        // Built now, so that unusable settings or an unreadable key stop the start with the reason.
        var connection = new ChainConnection(settings);
        services.AddSingleton(_ => connection).AddSingleton<ChainStatus>();
        services.AddHostedService<ChainAnchorer>();
        if (connection.Mode == ChainMode.PerRecord)
        {
            services.AddHostedService<ChainPublisher>();
        }
    }

    /// <summary>
    /// Checks the chain before serving: a node on another chain, or no registry at the address, stops the start. A node
    /// that does not answer does not: recording goes on and anchoring waits for it.
    /// </summary>
    /// <exception cref="ChainConfigurationException">The configuration points at the wrong chain or at no registry.</exception>
    public static async Task ConnectChainAsync(this WebApplication app)
    {
        if (app.Services.GetService<ChainConnection>() is not { } chain)
        {
            return;
        }
        var endpoint = chain.Rpc.EndpointForDisplay;
        try
        {
            var registry = await chain.RegistryAsync(CancellationToken.None);
            Connected(app.Logger, chain.Settings.ChainId, endpoint, chain.Registry.ToChecksumString(), chain.Settings.Mode, chain.Signer.ToChecksumString());
            var roles = chain.Mode == ChainMode.PerRecord ? new[] { RegistryRole.Anchorer, RegistryRole.Recorder } : [RegistryRole.Anchorer];
            foreach (var role in roles)
            {
                if (!await registry.HasRoleAsync(role, chain.Signer))
                {
                    MissingRole(app.Logger, chain.Signer.ToChecksumString(), role);
                }
            }
        }
        catch (ChainUnavailableException ex)
        {
            Unreachable(app.Logger, endpoint, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "On chain {ChainId} through {Endpoint}: registry {Registry}, mode {Mode}, signing as {Signer}")]
    private static partial void Connected(ILogger logger, long chainId, string endpoint, string registry, string mode, string signer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The service's account {Signer} lacks the registry's {Role} role: its transactions will revert until an admin grants it")]
    private static partial void MissingRole(ILogger logger, string signer, RegistryRole role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chain node at {Endpoint} does not answer ({Reason}); recording goes on, anchoring waits for it")]
    private static partial void Unreachable(ILogger logger, string endpoint, string reason);
}
