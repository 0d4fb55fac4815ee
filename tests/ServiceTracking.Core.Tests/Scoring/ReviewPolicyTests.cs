using CsCheck;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Scoring;

public sealed class ReviewPolicyTests
{
    private static readonly Catalog s_catalog = Catalog.Default;
    private static readonly SubtypeRule s_plain = new("blog_post", 50m, "contentCreation", Review: false);
    private static readonly SubtypeRule s_flagged = new("artwork", 100m, "contentCreation", Review: true);

    [Fact]
    public void InitialStatus_PlainLowImpact_IsVerified()
    {
        Assert.Equal(ContributionStatus.Verified, ReviewPolicy.InitialStatus(s_catalog, s_plain, 50m, false));
    }

    [Theory]
    [InlineData("CONTENT_CREATION", "artwork")]
    [InlineData("HEALING_SESSION", "group_healing")]
    [InlineData("HEALING_SESSION", "workshop_retreat")]
    [InlineData("ATTUNEMENT_SESSION", "energy_transmission")]
    public void InitialStatus_ReviewSubtype_IsUnderReview(string type, string subtype)
    {
        Assert.True(s_catalog.TryGetSubtype(type, subtype, out _, out var rule));
        Assert.Equal(ContributionStatus.UnderReview, ReviewPolicy.InitialStatus(s_catalog, rule, rule.Base, false));
    }

    [Fact]
    public void InitialStatus_ReviewFlagSet_IsUnderReviewEvenWithLowImpact()
    {
        Assert.Equal(ContributionStatus.UnderReview, ReviewPolicy.InitialStatus(s_catalog, s_flagged, 1m, false));
    }

    [Theory]
    [InlineData("499.99", ContributionStatus.Verified)]
    [InlineData("500", ContributionStatus.UnderReview)]
    [InlineData("500.00", ContributionStatus.UnderReview)]
    [InlineData("500.01", ContributionStatus.UnderReview)]
    public void InitialStatus_ImpactThreshold_IsInclusive(string impact, ContributionStatus expected)
    {
        var value = decimal.Parse(impact, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, ReviewPolicy.InitialStatus(s_catalog, s_plain, value, false));
    }

    [Fact]
    public void InitialStatus_AutoVerificationSuspended_IsUnderReview()
    {
        Assert.Equal(ContributionStatus.UnderReview, ReviewPolicy.InitialStatus(s_catalog, s_plain, 10m, autoVerificationSuspended: true));
    }

    [Theory]
    [InlineData(true, true, "600", QueueReasons.Subtype)]
    [InlineData(false, true, "600", QueueReasons.Suspended)]
    [InlineData(false, false, "600", QueueReasons.HighImpact)]
    [InlineData(false, false, "10", null)]
    public void InitialReason_InTheQueuesOrder(bool flagged, bool suspended, string impact, string? expected)
    {
        var value = decimal.Parse(impact, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, ReviewPolicy.InitialReason(s_catalog, flagged ? s_flagged : s_plain, value, suspended));
    }

    [Fact]
    public void InitialReason_IsGiven_ExactlyWhenUnderReview()
    {
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[0, 100_000]).Sample((flagged, suspended, cents) =>
        {
            var subtype = flagged ? s_flagged : s_plain;
            var impact = cents / 100m;
            var reason = ReviewPolicy.InitialReason(s_catalog, subtype, impact, suspended);
            return (reason is null) == (ReviewPolicy.InitialStatus(s_catalog, subtype, impact, suspended) == ContributionStatus.Verified);
        });
    }
}
