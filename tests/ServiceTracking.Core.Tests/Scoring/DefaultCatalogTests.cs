using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Scoring;

public sealed class DefaultCatalogTests
{
    private static readonly Catalog s_catalog = Catalog.Default;

    [Theory]
    [InlineData("CONTENT_CREATION", 0, "blog_post", 50, "contentCreation", false)]
    [InlineData("CONTENT_CREATION", 0, "video", 75, "contentCreation", false)]
    [InlineData("CONTENT_CREATION", 0, "artwork", 100, "contentCreation", true)]
    [InlineData("CONTENT_CREATION", 0, "documentation", 40, "contentCreation", false)]
    [InlineData("CONTENT_CREATION", 0, "tutorial", 60, "contentCreation", false)]
    [InlineData("HEALING_SESSION", 1, "individual_session", 50, "healingSessions", false)]
    [InlineData("HEALING_SESSION", 1, "group_healing", 150, "healingSessions", true)]
    [InlineData("HEALING_SESSION", 1, "workshop_retreat", 200, "healingSessions", true)]
    [InlineData("COMMUNITY_MODERATION", 2, "daily_moderation", 25, "communityService", false)]
    [InlineData("COMMUNITY_MODERATION", 2, "conflict_resolution", 50, "communityService", false)]
    [InlineData("COMMUNITY_MODERATION", 2, "new_member_support", 15, "communityService", false)]
    [InlineData("TEACHING", 3, "teaching_session", 60, "communityService", false)]
    [InlineData("TEACHING", 3, "mentoring", 25, "communityService", false)]
    [InlineData("GOVERNANCE_PARTICIPATION", 4, "proposal_creation", 50, "governance", false)]
    [InlineData("GOVERNANCE_PARTICIPATION", 4, "voting", 10, "governance", false)]
    [InlineData("GOVERNANCE_PARTICIPATION", 4, "discussion", 15, "governance", false)]
    [InlineData("GOVERNANCE_PARTICIPATION", 4, "implementation_work", 40, "governance", false)]
    [InlineData("TECHNICAL_CONTRIBUTION", 5, "code_change", 60, "technical", false)]
    [InlineData("TECHNICAL_CONTRIBUTION", 5, "code_review", 25, "technical", false)]
    [InlineData("TECHNICAL_CONTRIBUTION", 5, "bug_report", 15, "technical", false)]
    [InlineData("ATTUNEMENT_SESSION", 6, "energy_transmission", 100, "healingSessions", true)]
    [InlineData("EVENT_HOSTING", 7, "event_organizing", 75, "communityService", false)]
    [InlineData("ECONOMIC_ACTIVITY", 8, "transaction", 5, "economic", false)]
    [InlineData("ECONOMIC_ACTIVITY", 8, "staking", 20, "economic", false)]
    [InlineData("ECONOMIC_ACTIVITY", 8, "liquidity_provision", 30, "economic", false)]
    public void TryGetSubtype_TableRow_HasBaseCategoryOrdinalAndReview(
        string type, int ordinal, string subtype, int baseScore, string category, bool review)
    {
        Assert.True(s_catalog.TryGetSubtype(type, subtype, out var typeRule, out var subtypeRule));
        Assert.Equal(ordinal, typeRule.Ordinal);
        Assert.Equal(new SubtypeRule(subtype, baseScore, category, review, Sensitive: type is "HEALING_SESSION" or "ATTUNEMENT_SESSION"), subtypeRule);
    }

    [Fact]
    public void Types_Default_AreTheNineContractTypesInOrdinalOrder()
    {
        string[] expected =
        [
            "CONTENT_CREATION", "HEALING_SESSION", "COMMUNITY_MODERATION", "TEACHING", "GOVERNANCE_PARTICIPATION",
            "TECHNICAL_CONTRIBUTION", "ATTUNEMENT_SESSION", "EVENT_HOSTING", "ECONOMIC_ACTIVITY",
        ];
        Assert.Equal(expected, s_catalog.Types.Select(t => t.Name));
        Assert.Equal(Enumerable.Range(0, 9), s_catalog.Types.Select(t => t.Ordinal));
    }

    [Fact]
    public void Review_Default_IsTrueExactlyForBaseOfAtLeast100()
    {
        foreach (var subtype in s_catalog.Types.SelectMany(t => t.Subtypes))
        {
            Assert.Equal(subtype.Base >= 100, subtype.Review);
        }
    }

    [Fact]
    public void ValidPairs_Default_ListsAll25PairsAsTypeSlashSubtype()
    {
        Assert.Equal(25, s_catalog.ValidPairs.Count);
        Assert.Equal("CONTENT_CREATION/blog_post", s_catalog.ValidPairs[0]);
        Assert.Contains("ECONOMIC_ACTIVITY/liquidity_provision", s_catalog.ValidPairs);
    }

    [Fact]
    public void Categories_Default_InOrderOfFirstAppearance()
    {
        Assert.Equal(
            ["contentCreation", "healingSessions", "communityService", "governance", "technical", "economic"],
            s_catalog.Categories);
    }

    [Theory]
    [InlineData("content_creation", "blog_post")]
    [InlineData("CONTENT_CREATION", "Blog_Post")]
    [InlineData("CONTENT_CREATION", "voting")]
    [InlineData("UNKNOWN", "blog_post")]
    [InlineData("", "")]
    public void TryGetSubtype_WrongCaseOrUnknownPair_ReturnsFalse(string type, string subtype)
    {
        Assert.False(s_catalog.TryGetSubtype(type, subtype, out var typeRule, out var subtypeRule));
        Assert.Null(typeRule);
        Assert.Null(subtypeRule);
    }

    [Fact]
    public void TryGetType_ByOrdinal_FindsType()
    {
        Assert.True(s_catalog.TryGetType(8, out var type));
        Assert.Equal("ECONOMIC_ACTIVITY", type.Name);
        Assert.False(s_catalog.TryGetType(9, out _));
    }

    [Theory]
    [InlineData(QualityTier.Standard, "1.0")]
    [InlineData(QualityTier.Good, "1.2")]
    [InlineData(QualityTier.High, "1.5")]
    [InlineData(QualityTier.Exceptional, "2.0")]
    public void QualityFactor_EachTier_MatchesSeed(QualityTier tier, string factor)
    {
        Assert.Equal(decimal.Parse(factor, System.Globalization.CultureInfo.InvariantCulture), s_catalog.QualityFactor(tier));
    }

    [Fact]
    public void ConsistencyTiers_Default_AreSortedByMinDaysDescending()
    {
        Assert.Equal(
            [new ConsistencyTier(100, 1.00m), new ConsistencyTier(30, 0.50m), new ConsistencyTier(7, 0.25m), new ConsistencyTier(2, 0.10m)],
            s_catalog.ConsistencyTiers);
    }

    [Fact]
    public void CommunityAndThreshold_Default_MatchScoringRules()
    {
        Assert.Equal(0.05m, s_catalog.EndorsementBonus);
        Assert.Equal(0.50m, s_catalog.EndorsementCap);
        Assert.Equal(1.00m, s_catalog.BlessingBonus);
        Assert.Equal(0.75m, s_catalog.FeatureBonus);
        Assert.Equal(500m, s_catalog.HighImpactThreshold);
    }

    [Fact]
    public void Rewards_Default_MatchScoringRules()
    {
        var r = s_catalog.Rewards;
        Assert.Equal(1m, r.ScrollPerPoint);
        Assert.Equal(RewardMath.Ln2 / 90m, r.DecayRatePerDay);
        Assert.Equal(0.0077016353395549m, Math.Round(r.DecayRatePerDay, 16));
        Assert.Equal(1_000_000_000m, r.ScrollMaxSupply);
        Assert.Equal(50m, r.SmallThreshold);
        Assert.Equal(10m, r.BlessingCoinPerBlessing);
        Assert.Equal(1m, r.BlessingCoinPerEndorsement);
        Assert.Equal(5m, r.BlessingCoinPerFeature);
        Assert.Equal(100_000_000m, r.BlessingMaxSupply);
    }

    [Fact]
    public void DefaultJson_Parsed_EqualsDefaultRules()
    {
        var parsed = CatalogLoader.Parse(Catalog.DefaultJson);
        Assert.Equal(s_catalog.ValidPairs, parsed.ValidPairs);
        Assert.Equal(s_catalog.Rewards, parsed.Rewards);
    }

    [Fact]
    public void With_NewTypes_RebuildsLookups()
    {
        var one = new ContributionTypeRule("ONLY", 0, [new SubtypeRule("thing", 1m, "misc", false)]);
        var changed = s_catalog with { Types = [one] };
        Assert.Equal(["ONLY/thing"], changed.ValidPairs);
        Assert.False(changed.TryGetSubtype("CONTENT_CREATION", "blog_post", out _, out _));
        Assert.True(s_catalog.TryGetSubtype("CONTENT_CREATION", "blog_post", out _, out _));
    }

    [Fact]
    public void Default_SharedCollections_CannotBeModifiedThroughCasts()
    {
        var rule = new SubtypeRule("x", 1m, "c", false);
        Assert.Throws<NotSupportedException>(() => ((IList<ContributionTypeRule>)s_catalog.Types).Clear());
        Assert.Throws<NotSupportedException>(() => ((IList<SubtypeRule>)s_catalog.Types[0].Subtypes).Add(rule));
        Assert.Throws<NotSupportedException>(() => ((IDictionary<QualityTier, decimal>)s_catalog.QualityFactors)[QualityTier.High] = 9m);
        Assert.Throws<NotSupportedException>(() => ((IList<ConsistencyTier>)s_catalog.ConsistencyTiers).Clear());
        Assert.Throws<NotSupportedException>(() => ((IList<string>)s_catalog.ValidPairs).Clear());
        Assert.Throws<NotSupportedException>(() => ((IList<string>)s_catalog.Categories).Clear());
    }
}
