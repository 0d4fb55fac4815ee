using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Scoring;

public sealed class WireNamesTests
{
    [Theory]
    [InlineData(QualityTier.Standard, "standard")]
    [InlineData(QualityTier.Good, "good")]
    [InlineData(QualityTier.High, "high")]
    [InlineData(QualityTier.Exceptional, "exceptional")]
    public void Of_QualityTier_RoundTrips(QualityTier tier, string wire)
    {
        Assert.Equal(wire, WireNames.Of(tier));
        Assert.True(WireNames.TryParse(wire, out QualityTier parsed));
        Assert.Equal(tier, parsed);
    }

    [Theory]
    [InlineData(ContributionStatus.UnderReview, "under_review")]
    [InlineData(ContributionStatus.Verified, "verified")]
    [InlineData(ContributionStatus.Rejected, "rejected")]
    public void Of_ContributionStatus_RoundTrips(ContributionStatus status, string wire)
    {
        Assert.Equal(wire, WireNames.Of(status));
        Assert.True(WireNames.TryParse(wire, out ContributionStatus parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData(PeriodKind.All, "all")]
    [InlineData(PeriodKind.Daily, "daily")]
    [InlineData(PeriodKind.Weekly, "weekly")]
    [InlineData(PeriodKind.Monthly, "monthly")]
    public void Of_PeriodKind_RoundTrips(PeriodKind kind, string wire)
    {
        Assert.Equal(wire, WireNames.Of(kind));
        Assert.True(WireNames.TryParse(wire, out PeriodKind parsed));
        Assert.Equal(kind, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("High")]
    [InlineData("1")]
    [InlineData("Weekly")]
    [InlineData("under-review")]
    public void TryParse_OtherSpellings_AreRejected(string? text)
    {
        Assert.False(WireNames.TryParse(text, out QualityTier _));
        Assert.False(WireNames.TryParse(text, out PeriodKind _));
        Assert.False(WireNames.TryParse(text, out ContributionStatus _));
    }

    [Fact]
    public void Of_UndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WireNames.Of((QualityTier)42));
    }
}
