using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Tests.Node;
using ServiceTracking.Chain.Transactions;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests.Registry;

/// <summary>A freshly deployed registry whose admin (holding every role) is a new funded key.</summary>
internal sealed class DeployedRegistry : IDisposable
{
    private DeployedRegistry(HardhatNode node, EthPrivateKey adminKey, TransactionSender admin, RegistryContract contract, long deployBlock)
    {
        Node = node;
        AdminKey = adminKey;
        Admin = admin;
        Contract = contract;
        DeployBlock = deployBlock;
    }

    public static ContractArtifact Artifact => RegistryContract.Artifact;

    public HardhatNode Node { get; }

    public EthPrivateKey AdminKey { get; }

    public TransactionSender Admin { get; }

    public RegistryContract Contract { get; }

    public long DeployBlock { get; }

    public static async Task<DeployedRegistry> DeployAsync(HardhatNode node)
    {
        var key = await node.FundedKeyAsync();
        var sender = node.CreateSender(key);
        var contract = await RegistryContract.DeployAsync(sender, Artifact, key.Address);
        return new DeployedRegistry(node, key, sender, contract, await sender.Rpc.BlockNumberAsync());
    }

    /// <summary>The registry as seen by another funded key with no role.</summary>
    public async Task<(RegistryContract Contract, EthAddress Address, TransactionSender Sender)> StrangerAsync()
    {
        var key = await Node.FundedKeyAsync();
        var sender = Node.CreateSender(key);
        return (new RegistryContract(sender, Contract.Address), key.Address, sender);
    }

    public void Dispose() => Admin.Dispose();
}
