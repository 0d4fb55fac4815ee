using ServiceTracking.Core.Ledger;

namespace ServiceTracking.Core.Tests.Ledger;

public sealed class AuditActionTests
{
    [Fact]
    public void EveryAction_HasADistinctWireName_ThatParsesBack()
    {
        var actions = Enum.GetValues<AuditAction>();
        Assert.Equal(actions.Length, actions.Select(a => a.WireName()).Distinct(StringComparer.Ordinal).Count());
        foreach (var action in actions)
        {
            Assert.True(AuditActions.TryParse(action.WireName(), out var parsed));
            Assert.Equal(action, parsed);
            Assert.Matches("^[A-Z][A-Z0-9_]*$", action.WireName());
        }
    }

    [Theory]
    [InlineData("CONTRIBUTION_SUBMITTED", AuditAction.ContributionSubmitted)]
    [InlineData("FEATURED", AuditAction.Featured)]
    [InlineData("REWARD_DISTRIBUTED", AuditAction.RewardDistributed)]
    [InlineData("DATA_ERASED", AuditAction.DataErased)]
    public void TheSeedsNames_AreTheWireNames(string name, AuditAction action) => Assert.Equal(name, action.WireName());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("contribution_submitted")]
    [InlineData("SOMETHING_ELSE")]
    public void UnknownNames_DoNotParse(string? name) => Assert.False(AuditActions.TryParse(name, out _));
}
