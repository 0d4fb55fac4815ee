using ServiceTracking.Chain.Tests.Node;
using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Chain.Tests.Registry;

/// <summary>
/// Proofs made by the C# ledger code (MerkleFrontier, MerkleProver) checked by the contract's verifyInclusion against
/// anchored roots: the service and the chain agree on RFC 9162, byte for byte.
/// </summary>
[Collection(OnHardhatNode.Name)]
public sealed class InclusionOnChainTests(HardhatNode node)
{
    private sealed class Log
    {
        private readonly Dictionary<(int, long), byte[]> _nodes = [];
        private readonly MerkleFrontier _frontier = new();

        public Log(int size)
        {
            for (var i = 0; i < size; i++)
            {
                var leaf = MerkleHash.Leaf(System.Text.Encoding.UTF8.GetBytes($"{{\"entry\":{i}}}"));
                Leaves.Add(leaf);
                _frontier.Append(leaf, (level, index, hash) => _nodes[(level, index)] = hash);
            }
            Prover = new MerkleProver((level, index) => _nodes[(level, index)]);
        }

        public List<byte[]> Leaves { get; } = [];

        public MerkleProver Prover { get; }

        public byte[] Root => _frontier.Root();
    }

    [Fact]
    public async Task ProofsFromTheLedger_VerifyOnChain_AtEveryAnchoredSize()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var log = new Log(37);
        await registry.Contract.AnchorCheckpointAsync(log.Prover.Root(20), 20);
        await registry.Contract.AnchorCheckpointAsync(log.Root, 37);

        foreach (var (index, size) in new[] { (0L, 37L), (1, 37), (17, 37), (32, 37), (35, 37), (36, 37), (0, 20), (13, 20), (19, 20) })
        {
            var proof = log.Prover.InclusionProof(index, size);
            Assert.True(MerkleVerifier.VerifyInclusion(index, size, log.Leaves[(int)index], proof, log.Prover.Root(size)));
            Assert.True(await registry.Contract.VerifyInclusionAsync(log.Leaves[(int)index], index, size, proof), $"leaf {index} of {size}");
        }
    }

    [Fact]
    public async Task SingleLeafTree_VerifiesWithAnEmptyProof()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var log = new Log(1);
        await registry.Contract.AnchorCheckpointAsync(log.Root, 1);

        Assert.True(await registry.Contract.VerifyInclusionAsync(log.Leaves[0], 0, 1, []));
    }

    [Fact]
    public async Task CorruptedProofs_AndUnanchoredSizes_AreRefusedOnChain()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var log = new Log(37);
        await registry.Contract.AnchorCheckpointAsync(log.Root, 37);
        var proof = log.Prover.InclusionProof(17, 37);
        var leaf = log.Leaves[17];
        var contract = registry.Contract;

        for (var i = 0; i < proof.Count; i++)
        {
            var corrupted = proof.Select(h => (byte[])h.Clone()).ToList();
            corrupted[i][i % 32] ^= 0x40;
            Assert.False(await contract.VerifyInclusionAsync(leaf, 17, 37, corrupted), $"proof element {i} flipped");
        }
        Assert.False(await contract.VerifyInclusionAsync(log.Leaves[18], 17, 37, proof), "another leaf");
        Assert.False(await contract.VerifyInclusionAsync(leaf, 16, 37, proof), "another index");
        Assert.False(await contract.VerifyInclusionAsync(leaf, 17, 37, [.. proof.SkipLast(1)]), "a truncated proof");
        Assert.False(await contract.VerifyInclusionAsync(leaf, 17, 37, [.. proof, log.Leaves[0]]), "a lengthened proof");
        Assert.False(await contract.VerifyInclusionAsync(leaf, 17, 36, log.Prover.InclusionProof(17, 36)), "a size never anchored");
        Assert.False(await contract.VerifyInclusionAsync(leaf, 40, 37, proof), "an index outside the tree");
    }
}
