using CsCheck;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Core.Tests.Trust;

public sealed class StandingCalculatorTests
{
    private static readonly TrustRules s_rules = TrustRules.Default;

    private static readonly Gen<StandingInput> s_input = Gen.Select(Gen.Int[0, 200], Gen.Int[0, 50], Gen.Int[0, 60], Gen.Int[0, 400],
        Gen.Int[0, 3000].Select(t => t / 1000m), Gen.Bool, Gen.Bool)
        .Select((v, r, d, a, t, vouched, damped) => new StandingInput(v, r, d, a, t, Vouched: vouched, Damped: damped));

    private static decimal Of(StandingInput input) => StandingCalculator.Compute(input, s_rules).Value;

    [Fact]
    public void Compute_AnyRecord_IsBetweenZeroAndOneWithReasons()
    {
        s_input.Sample(i =>
        {
            var s = StandingCalculator.Compute(i, s_rules);
            return s.Value is >= 0m and <= 1m && s.Reasons.Count > 0 && s.Good == (s.Value >= s_rules.GoodStanding);
        });
    }

    [Fact]
    public void Compute_MoreVerifiedDaysAgeOrTrust_NeverLowersStanding()
    {
        s_input.Sample(i =>
            Of(i) <= Of(i with { Verified = i.Verified + 1 })
            && Of(i) <= Of(i with { ActiveDays = i.ActiveDays + 1 })
            && Of(i) <= Of(i with { AgeDays = i.AgeDays + 1 })
            && Of(i) <= Of(i with { RelativeTrust = i.RelativeTrust + 0.1m })
            && Of(i) <= Of(i with { Vouched = true }));
    }

    [Fact]
    public void Compute_MoreRejections_NeverRaiseStanding()
    {
        s_input.Sample(i => Of(i with { Rejected = i.Rejected + 1 }) <= Of(i));
    }

    [Fact]
    public void Compute_NewAddress_HasNoStanding()
    {
        var standing = StandingCalculator.Compute(new StandingInput(0, 0, 0, 0, 0m), s_rules);
        Assert.Equal(0m, standing.Value);
        Assert.False(standing.Good);
        Assert.Equal("limited", standing.Reasons[^1].Code);
    }

    [Fact]
    public void Compute_LongRecordWithoutAnyTrust_IsExactlyGood()
    {
        Assert.True(StandingCalculator.Compute(new StandingInput(30, 0, 10, 30, 0m), s_rules).Good);
        Assert.False(StandingCalculator.Compute(new StandingInput(30, 0, 9, 30, 0m), s_rules).Good);
    }

    [Fact]
    public void Compute_SeedIsFullAndDampedIsZero()
    {
        Assert.Equal(1m, Of(new StandingInput(0, 0, 0, 0, 0m, Seed: true)));
        Assert.Equal(0m, Of(new StandingInput(100, 0, 60, 400, 3m, Seed: true, Damped: true)));
    }

    [Fact]
    public void Compute_Vouched_StartsAtTheVouchedStanding()
    {
        var standing = StandingCalculator.Compute(new StandingInput(0, 0, 0, 0, 0m, Vouched: true), s_rules);
        Assert.Equal(0.5m, standing.Value);
        Assert.Contains(standing.Reasons, r => r.Code == "vouched");
    }

    [Fact]
    public void Accuracy_RejectionsCountTwice()
    {
        Assert.Equal(1m, StandingCalculator.Accuracy(5, 0));
        Assert.Equal(0.5m, StandingCalculator.Accuracy(1, 1));
    }
}
