using System.Numerics;
using ServiceTracking.Chain.Codec;
using ServiceTracking.Chain.Contracts;
using ServiceTracking.Chain.Rpc;
using ServiceTracking.Chain.Tests.Node;
using ServiceTracking.Chain.Transactions;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Tests.Registry;

[Collection(OnHardhatNode.Name)]
public sealed class RegistryContractTests(HardhatNode node)
{
    private static byte[] Hash(string text) => Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Deploy_AdminHoldsEveryRole()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var contract = registry.Contract;

        Assert.True(await contract.IsDeployedAsync());
        foreach (var role in Enum.GetValues<RegistryRole>())
        {
            Assert.True(await contract.HasRoleAsync(role, registry.AdminKey.Address), role.ToString());
            Assert.False(await contract.HasRoleAsync(role, EthPrivateKey.Generate().Address), role.ToString());
        }
    }

    [Fact]
    public async Task RecordService_ReturnsIndexAndDecodedEvent_AndHistoryHoldsTheRecords()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var lightworker = EthPrivateKey.Generate().Address;

        var first = await registry.Contract.RecordServiceAsync(lightworker, ServiceType.HealingSession, 150, Hash("one"));
        var second = await registry.Contract.RecordServiceAsync(lightworker, ServiceType.EconomicActivity, 25, Hash("two"));
        var history = await registry.Contract.GetServiceHistoryAsync(lightworker);

        Assert.Equal((0L, 1L), (first.Index, second.Index));
        Assert.Equal(lightworker, first.Event.Lightworker);
        Assert.Equal(ServiceType.HealingSession, first.Event.ServiceType);
        Assert.Equal(new BigInteger(150), first.Event.ImpactScore);
        Assert.True(first.Event.Timestamp > 1_600_000_000);
        Assert.True(first.Receipt.Succeeded);
        Assert.Equal(2, history.Count);
        var latest = history[1];
        Assert.Equal((lightworker, ServiceType.EconomicActivity, second.Event.Timestamp), (latest.Lightworker, latest.ServiceType, latest.Timestamp));
        Assert.Equal((new BigInteger(25), false, BigInteger.Zero), (latest.ImpactScore, latest.Verified, latest.RewardAmount));
        Assert.Equal(Hash("two"), latest.VerificationHash);
        Assert.Equal(Hash("one"), history[0].VerificationHash);
    }

    [Fact]
    public async Task RecordService_SeveralInOneBlock_EachGetsItsOwnIndex()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var lightworker = EthPrivateKey.Generate().Address;
        await registry.Contract.RecordServiceAsync(lightworker, ServiceType.Teaching, 1, Hash("before"));
        var client = node.CreateClient();
        var pendingBefore = await client.GetTransactionCountAsync(registry.AdminKey.Address, BlockTag.Pending);
        await client.SendAsync("evm_setAutomine", [false]);
        Task<RecordedService>[] records;
        try
        {
            records = [.. Enumerable.Range(0, 3).Select(i => registry.Contract.RecordServiceAsync(lightworker, ServiceType.Teaching, 10 + i, Hash($"in block {i}")))];
            while (await client.GetTransactionCountAsync(registry.AdminKey.Address, BlockTag.Pending) < pendingBefore + 3)
            {
                await Task.Delay(20);
            }
            await client.SendAsync("evm_mine", []);
        }
        finally
        {
            await client.SendAsync("evm_setAutomine", [true]);
        }
        var results = await Task.WhenAll(records);

        Assert.Single(results.Select(r => r.Receipt.BlockNumber).Distinct());
        Assert.Equal([1L, 2L, 3L], results.Select(r => r.Index).Order());
        var history = await registry.Contract.GetServiceHistoryAsync(lightworker);
        Assert.All(results, r => Assert.Equal(r.Event.ImpactScore, history[(int)r.Index].ImpactScore));
    }

    [Fact]
    public async Task VerifyService_MarksTheRecordAndEmitsServiceVerified()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var lightworker = EthPrivateKey.Generate().Address;
        await registry.Contract.RecordServiceAsync(lightworker, ServiceType.Teaching, 10, Hash("a"));
        var recorded = await registry.Contract.RecordServiceAsync(lightworker, ServiceType.Teaching, 20, Hash("b"));

        var receipt = await registry.Contract.VerifyServiceAsync(lightworker, recorded.Index);

        var verified = Assert.IsType<ServiceVerified>(Assert.Single(RegistryEvent.DecodeAll(receipt.Logs, registry.Contract.Address)));
        Assert.Equal((lightworker, 1L), (verified.Lightworker, verified.Index));
        var history = await registry.Contract.GetServiceHistoryAsync(lightworker);
        Assert.Equal([false, true], history.Select(r => r.Verified));
    }

    [Fact]
    public async Task VerifyService_Twice_RevertsWithAlreadyVerified()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var lightworker = EthPrivateKey.Generate().Address;
        await registry.Contract.RecordServiceAsync(lightworker, ServiceType.Teaching, 10, Hash("a"));
        await registry.Contract.VerifyServiceAsync(lightworker, 0);

        var error = await Assert.ThrowsAsync<ContractRevertException>(() => registry.Contract.VerifyServiceAsync(lightworker, 0));

        Assert.Equal("AlreadyVerified", error.ErrorName);
        Assert.Equal(new object?[] { lightworker, BigInteger.Zero }, error.Arguments);
    }

    [Fact]
    public async Task DistributeReward_BooksTheAmountAndEmitsTheRunningTotal()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var lightworker = EthPrivateKey.Generate().Address;
        await registry.Contract.RecordServiceAsync(lightworker, ServiceType.EventHosting, 10, Hash("a"));

        await registry.Contract.DistributeRewardAsync(lightworker, 0, 700);
        var receipt = await registry.Contract.DistributeRewardAsync(lightworker, 0, 300);

        var reward = Assert.IsType<RewardDistributed>(Assert.Single(RegistryEvent.DecodeAll(receipt.Logs, registry.Contract.Address)));
        Assert.Equal((lightworker, new BigInteger(300), new BigInteger(1000)), (reward.Lightworker, reward.Amount, reward.TotalEarned));
        Assert.Equal(new BigInteger(1000), (await registry.Contract.GetServiceHistoryAsync(lightworker))[0].RewardAmount);
    }

    [Fact]
    public async Task Ranks_FollowTotals_WithTiesSharingARank()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var (a, b, c, nobody) = (EthPrivateKey.Generate().Address, EthPrivateKey.Generate().Address, EthPrivateKey.Generate().Address, EthPrivateKey.Generate().Address);
        await registry.Contract.RecordServiceAsync(a, ServiceType.Teaching, 100, Hash("a"));
        await registry.Contract.RecordServiceAsync(b, ServiceType.Teaching, 300, Hash("b"));
        await registry.Contract.RecordServiceAsync(c, ServiceType.Teaching, 50, Hash("c1"));
        await registry.Contract.RecordServiceAsync(c, ServiceType.Teaching, 50, Hash("c2"));

        Assert.Equal(new LightworkerRank(1, 300), await registry.Contract.GetLightworkerRankAsync(b));
        Assert.Equal(new LightworkerRank(2, 100), await registry.Contract.GetLightworkerRankAsync(a));
        Assert.Equal(new LightworkerRank(2, 100), await registry.Contract.GetLightworkerRankAsync(c));
        Assert.Equal(new LightworkerRank(0, 0), await registry.Contract.GetLightworkerRankAsync(nobody));
        Assert.Equal(3, await registry.Contract.LightworkerCountAsync());
    }

    [Fact]
    public async Task RecordService_ByAStranger_RevertsWithAccessControlUnauthorizedAccount()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var (stranger, strangerAddress, sender) = await registry.StrangerAsync();
        using (sender)
        {
            var error = await Assert.ThrowsAsync<ContractRevertException>(() =>
                stranger.RecordServiceAsync(EthPrivateKey.Generate().Address, ServiceType.Teaching, 1, Hash("x")));

            Assert.Equal("AccessControlUnauthorizedAccount", error.ErrorName);
            Assert.Equal(strangerAddress, error.Arguments[0]);
            Assert.Equal(RegistryRoles.HashOf(RegistryRole.Recorder), error.Arguments[1]);
            Assert.Contains("AccessControlUnauthorizedAccount", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GrantRole_LetsAnotherKeyAnchor()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var (stranger, strangerAddress, sender) = await registry.StrangerAsync();
        using (sender)
        {
            var refused = await Assert.ThrowsAsync<ContractRevertException>(() => stranger.AnchorCheckpointAsync(Hash("root"), 1));
            var grant = await registry.Contract.GrantRoleAsync(RegistryRole.Anchorer, strangerAddress);
            await stranger.AnchorCheckpointAsync(Hash("root"), 1);

            Assert.Equal(RegistryRoles.HashOf(RegistryRole.Anchorer), refused.Arguments[1]);
            var granted = Assert.IsType<RoleChanged>(Assert.Single(RegistryEvent.DecodeAll(grant.Logs, registry.Contract.Address)));
            Assert.True(granted.Granted);
            Assert.Equal(strangerAddress, granted.Account);
            Assert.True(RegistryRoles.TryFromHash(granted.Role, out var role) && role == RegistryRole.Anchorer);
            Assert.Equal(1, (await registry.Contract.LatestAnchorAsync()).TreeSize);
        }
    }

    [Fact]
    public async Task AnchorCheckpoint_IsTheLatestAnchor_AndSizesMustGrow()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        Assert.Equal(0, (await registry.Contract.LatestAnchorAsync()).TreeSize);

        var receipt = await registry.Contract.AnchorCheckpointAsync(Hash("root 5"), 5);
        var repeated = await Assert.ThrowsAsync<ContractRevertException>(() => registry.Contract.AnchorCheckpointAsync(Hash("root 5 again"), 5));

        var anchored = Assert.IsType<CheckpointAnchored>(Assert.Single(RegistryEvent.DecodeAll(receipt.Logs, registry.Contract.Address)));
        Assert.Equal(Hash("root 5"), anchored.RootHash);
        Assert.Equal(5, anchored.TreeSize);
        var latest = await registry.Contract.LatestAnchorAsync();
        Assert.Equal(Hash("root 5"), latest.RootHash);
        Assert.Equal((5L, anchored.Timestamp), (latest.TreeSize, latest.Timestamp));
        Assert.Equal(Hash("root 5"), await registry.Contract.AnchoredRootAsync(5));
        Assert.Equal(new byte[32], await registry.Contract.AnchoredRootAsync(4));
        Assert.Equal("TreeSizeNotIncreasing", repeated.ErrorName);
    }

    [Fact]
    public async Task MinedRevert_IsDecodedWithItsReceipt()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var data = AbiFunction.Parse("verifyService(address,uint256)").EncodeCall(EthPrivateKey.Generate().Address, 7);

        // A fixed gas limit skips the estimate, so the transaction is mined and fails on chain (status 0).
        var error = await Assert.ThrowsAsync<ContractRevertException>(() =>
            registry.Admin.SendAsync(new TransactionRequest(registry.Contract.Address, data, GasLimit: 100_000, Errors: RegistryContract.Errors)));

        Assert.Equal("RecordNotFound", error.ErrorName);
        Assert.NotNull(error.Receipt);
        Assert.Equal(0, error.Receipt.Status);
        Assert.True((await registry.Contract.AnchorCheckpointAsync(Hash("after"), 1)).Succeeded); // the nonce moved on
    }

    [Fact]
    public async Task GetEvents_FromTheDeployBlock_ListsRolesRecordsAndAnchors()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var lightworker = EthPrivateKey.Generate().Address;
        await registry.Contract.RecordServiceAsync(lightworker, ServiceType.GovernanceParticipation, 5, Hash("g"));
        await registry.Contract.AnchorCheckpointAsync(Hash("r"), 3);

        var events = await registry.Contract.GetEventsAsync(registry.DeployBlock);

        Assert.Equal(4, events.OfType<RoleChanged>().Count());
        Assert.Equal(ServiceType.GovernanceParticipation, Assert.Single(events.OfType<ServiceRecorded>()).ServiceType);
        Assert.Equal(3, Assert.Single(events.OfType<CheckpointAnchored>()).TreeSize);
    }

    [Fact]
    public async Task ReadOnlyClient_ReadsButRefusesToWrite()
    {
        using var registry = await DeployedRegistry.DeployAsync(node);
        var readOnly = new RegistryContract(node.CreateClient(), registry.Contract.Address);

        Assert.Equal(0, await readOnly.LightworkerCountAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => readOnly.AnchorCheckpointAsync(Hash("r"), 1));
    }

    [Fact]
    public async Task AddressWithoutCode_IsNotDeployedAndReadsFailClearly()
    {
        var missing = new RegistryContract(node.CreateClient(), EthPrivateKey.Generate().Address);

        Assert.False(await missing.IsDeployedAsync());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => missing.LightworkerCountAsync());
        Assert.Contains("LightworkerServiceRegistry", error.Message, StringComparison.Ordinal);
    }
}
