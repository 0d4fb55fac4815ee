using ServiceTracking.Chain.Contracts;

namespace ServiceTracking.Chain.Tests.Registry;

/// <summary>The typed client's human-readable ABI against the contract build's own ABI: every selector and topic agrees.</summary>
public sealed class RegistryArtifactTests
{
    private static readonly IReadOnlyList<string> s_signatures = DeployedRegistry.Artifact.Signatures();

    [Fact]
    public void EveryFunctionTheClientCalls_IsInTheArtifact()
    {
        Assert.All(RegistryAbi.Functions, f => Assert.Contains("function " + f.Signature, s_signatures));
    }

    [Fact]
    public void EveryEventTheClientDecodes_IsInTheArtifact()
    {
        Assert.All(RegistryAbi.Events, e => Assert.Contains("event " + e.Signature, s_signatures));
    }

    [Fact]
    public void EveryErrorInTheArtifact_IsKnownToTheClient()
    {
        var known = RegistryContract.Errors.Select(e => "error " + e.Signature).ToHashSet();

        Assert.All(s_signatures.Where(s => s.StartsWith("error ", StringComparison.Ordinal)), s => Assert.Contains(s, known));
    }

    [Fact]
    public void GetServiceHistory_ReturnsAnArrayOfTheRecordTuple()
    {
        Assert.Equal("(address,uint8,uint256,uint256,bytes32,bool,uint256)[]", RegistryAbi.GetServiceHistory.Outputs[0].Type.Name);
    }

    [Fact]
    public void Artifact_HasCreationCode()
    {
        Assert.Equal("LightworkerServiceRegistry", DeployedRegistry.Artifact.ContractName);
        Assert.True(DeployedRegistry.Artifact.Bytecode.Length > 1000);
    }
}
