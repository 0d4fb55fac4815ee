using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Tests.Trust;

public sealed class ReviewConflictsTests
{
    [Theory]
    [InlineData(true, false, false, "you endorsed")]
    [InlineData(false, true, false, "endorsed your work")]
    [InlineData(false, false, true, "reciprocal approval")]
    public void Conflict_AnyTie_SaysWhich(bool endorsed, bool endorsedBy, bool approvedBy, string expected)
    {
        Assert.Contains(expected, ReviewConflicts.Conflict(new ReviewTies(endorsed, endorsedBy, approvedBy), 30), StringComparison.Ordinal);
    }

    [Fact]
    public void Conflict_NoTie_IsNone() => Assert.Null(ReviewConflicts.Conflict(new ReviewTies(false, false, false), 30));

    [Fact]
    public void ApprovalsNeeded_AtTheThreshold_IsTheQuorum()
    {
        Assert.Equal(2, ReviewConflicts.ApprovalsNeeded(500m, 500m, TrustRules.Default));
        Assert.Equal(1, ReviewConflicts.ApprovalsNeeded(499.99m, 500m, TrustRules.Default));
    }

    [Fact]
    public void Independent_SameAddressOrMutualEndorsers_AreNot()
    {
        Assert.False(ReviewConflicts.Independent("0xab", "0xAB", endorsedEachOther: false));
        Assert.False(ReviewConflicts.Independent("0xab", "0xcd", endorsedEachOther: true));
        Assert.True(ReviewConflicts.Independent("0xab", "0xcd", endorsedEachOther: false));
    }
}
