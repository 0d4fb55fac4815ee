using CsCheck;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Tests.Rewards;

public sealed class GrantCalculatorTests
{
    private static readonly RewardRules s_rules = Catalog.Default.Rewards;
    private static readonly DateTimeOffset s_grant = new(2025, 12, 15, 0, 0, 0, TimeSpan.Zero);

    private static long DaysBefore(decimal days) => s_grant.ToUnixTimeSeconds() - (long)(days * 86_400m);

    [Fact]
    public void Decay_Over90Days_Halves()
    {
        var amounts = GrantCalculator.Compute(s_rules, [new RewardItem("0x1", RewardPart.RealTime, 100m, DaysBefore(90))], s_grant, 0m, 0m);
        Assert.Equal(50.000000m, amounts.ScrollCoin.Amount);
        Assert.Equal(0.5m, amounts.Items[0].Decay);
        Assert.Equal(90m, amounts.Items[0].Days);
    }

    [Fact]
    public void Scarcity_ShrinksTheGrant_AsSupplyApproachesTheCap_AndNothingIsPaidPastIt()
    {
        RewardItem[] items = [new("0x1", RewardPart.RealTime, 100m, s_grant.ToUnixTimeSeconds())];
        Assert.Equal(100m, GrantCalculator.Compute(s_rules, items, s_grant, 0m, 0m).ScrollCoin.Amount);
        Assert.Equal(50m, GrantCalculator.Compute(s_rules, items, s_grant, 500_000_000m, 0m).ScrollCoin.Amount);
        Assert.Equal(0.000010m, GrantCalculator.Compute(s_rules, items, s_grant, 999_999_900m, 0m).ScrollCoin.Amount);
        Assert.Equal(0m, GrantCalculator.Compute(s_rules, items, s_grant, 999_999_999.99999m, 0m).ScrollCoin.Amount); // rounds down to 0
        Assert.Equal(0m, GrantCalculator.Compute(s_rules, items, s_grant, 1_000_000_000m, 0m).ScrollCoin.Amount);
    }

    [Fact]
    public void BlessingCoin_HasItsOwnSupply_AndNoPerPointRate()
    {
        RewardItem[] items = [new("0x1", RewardPart.Blessing, 11m, s_grant.ToUnixTimeSeconds()), new("0x1", RewardPart.RealTime, 3m, s_grant.ToUnixTimeSeconds())];
        var amounts = GrantCalculator.Compute(s_rules with { ScrollPerPoint = 2m }, items, s_grant, 0m, 50_000_000m);
        Assert.Equal(6m, amounts.ScrollCoin.Amount);
        Assert.Equal(5.5m, amounts.BlessingCoin.Amount); // 11 × (1 − 50M / 100M)
        Assert.Equal(50_000_000m, amounts.BlessingCoin.SupplyBefore);
    }

    [Fact]
    public void Amounts_AreRoundedDownTo6Decimals_NeverNegative_AndNeverMoreThanWhatIsLeft()
    {
        Gen.Select(Gen.Int[0, 1_000_000].Select(c => c / 100m), Gen.Int[0, 400], Gen.Long[0, 1_000_000_000_000_000].Select(m => m / 1_000_000m)).Sample((points, days, supply) =>
        {
            var amounts = GrantCalculator.Compute(s_rules, [new RewardItem("0x1", RewardPart.RealTime, points, DaysBefore(days))], s_grant, supply, 0m);
            var amount = amounts.ScrollCoin.Amount;
            return amount >= 0m && amount == Math.Round(amount, 6, MidpointRounding.ToZero) && amount <= 1_000_000_000m - supply && amount <= points;
        });
    }
}
