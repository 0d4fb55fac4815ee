using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Tests.Trust;

public sealed class CollusionDetectorTests
{
    private static List<EndorsementFact> Ring(int first, int size, long at = 1_000_000, long spacing = 3_600)
    {
        var facts = new List<EndorsementFact>();
        var contribution = 0L;
        for (var a = first; a < first + size; a++)
        {
            contribution++;
            foreach (var b in Enumerable.Range(first, size).Where(b => b != a))
            {
                facts.Add(new EndorsementFact(b, a, (first * 1000) + contribution, at += spacing));
            }
        }
        return facts;
    }

    [Fact]
    public void Rings_FreshWalletsEndorsingEachOther_AreOneRing()
    {
        var findings = CollusionDetector.Rings(Ring(10, 5), 20, _ => true);
        var ring = Assert.Single(findings);
        Assert.Equal(FindingKind.EndorsementRing, ring.Kind);
        Assert.Equal([10, 11, 12, 13, 14], ring.Members);
    }

    [Fact]
    public void Rings_MembersOfGoodStanding_AreNoRing()
    {
        Assert.Empty(CollusionDetector.Rings(Ring(10, 5), 20, _ => false));
    }

    [Fact]
    public void Rings_GroupThatMostlyEndorsesOthers_IsNoRing()
    {
        var facts = Ring(10, 3);
        for (var i = 0; i < 40; i++)
        {
            facts.Add(new EndorsementFact(10 + (i % 3), i % 10, 5_000 + i, 2_000_000 + i));
        }
        Assert.Empty(CollusionDetector.Rings(facts, 20, _ => true));
    }

    [Fact]
    public void Rings_EstablishedPairTradingEndorsements_IsAReciprocalPair()
    {
        var facts = Enumerable.Range(0, 4).SelectMany(i => new[]
        {
            new EndorsementFact(1, 2, 100 + i, 10_000 + i),
            new EndorsementFact(2, 1, 200 + i, 20_000 + i),
        }).ToList();
        var pair = Assert.Single(CollusionDetector.Rings(facts, 5, _ => false));
        Assert.Equal(FindingKind.ReciprocalPair, pair.Kind);
        Assert.Equal([1, 2], pair.Members);
    }

    [Fact]
    public void Lockstep_SameContributionsWithinMinutes_IsACluster()
    {
        var facts = new List<EndorsementFact>();
        for (var c = 0; c < 4; c++)
        {
            facts.AddRange(Enumerable.Range(5, 4).Select(m => new EndorsementFact(m, 1, c, (c * 86_400) + (m * 10))));
        }
        var cluster = Assert.Single(CollusionDetector.Lockstep(facts, 10));
        Assert.Equal([5, 6, 7, 8], cluster.Members);
    }

    [Fact]
    public void Lockstep_SameContributionsHoursApart_IsNoCluster()
    {
        var facts = new List<EndorsementFact>();
        for (var c = 0; c < 4; c++)
        {
            facts.AddRange(Enumerable.Range(5, 4).Select(m => new EndorsementFact(m, 1, c, (c * 86_400) + (m * 3_600))));
        }
        Assert.Empty(CollusionDetector.Lockstep(facts, 10));
    }

    [Fact]
    public void FreshEndorserBursts_FiveNewAddressesWithinAnHour_NameTheBeneficiaryFirst()
    {
        var facts = Enumerable.Range(10, 5).Select(e => new EndorsementFact(e, 3, 77, 100_000 + (e * 60))).ToList();
        var burst = Assert.Single(CollusionDetector.FreshEndorserBursts(facts, _ => 99_000));
        Assert.Equal(3, burst.Members[0]);
        Assert.Equal(6, burst.Members.Count);
        Assert.Empty(CollusionDetector.FreshEndorserBursts(facts, _ => 0));
    }
}
