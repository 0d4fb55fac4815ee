using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Core.Rewards;

/// <summary>Which part of a contribution's points a grant pays (SCORING §5).</summary>
public enum RewardPart
{
    /// <summary><c>base × quality × (1 + community)</c>, in ScrollCoin.</summary>
    RealTime,

    /// <summary><c>base × quality × consistency × (1 + community)</c>, in ScrollCoin.</summary>
    Consistency,

    /// <summary>BlessingCoin points for recognition received.</summary>
    Blessing,
}

/// <summary>Points of one contribution that a grant pays for: the part's points not yet paid.</summary>
public sealed record RewardItem(string RecordId, RewardPart Part, decimal Points, long PerformedAt);

/// <summary>One item as paid: its points, the days from the service to the grant, and the decay factor applied.</summary>
public sealed record ItemInput(string RecordId, string Part, decimal Points, decimal Days, decimal Decay);

/// <summary>A token's amount in a grant with every formula input: <c>amount = ⌊weighted × (1 − supplyBefore / maxSupply)⌋₆</c>.</summary>
public sealed record TokenAmount(decimal Amount, decimal Weighted, decimal PerPoint, decimal SupplyBefore, decimal MaxSupply)
{
    public static TokenAmount Zero(decimal perPoint, decimal supply, decimal maxSupply) => new(0m, 0m, perPoint, supply, maxSupply);
}

/// <summary>A grant's amounts in both tokens and the inputs that produced them.</summary>
public sealed record GrantAmounts(TokenAmount ScrollCoin, TokenAmount BlessingCoin, IReadOnlyList<ItemInput> Items, decimal DecayRatePerDay)
{
    public bool IsEmpty => ScrollCoin.Amount == 0 && BlessingCoin.Amount == 0;
}

/// <summary>
/// Turns points into token amounts (SCORING §5): each item decays from its service time to the grant time,
/// the grant's sum is scaled by scarcity at the supply before it, and rounded down to 6 decimals once per grant.
/// </summary>
public static class GrantCalculator
{
    private const int DaysDecimals = 6;

    public static GrantAmounts Compute(RewardRules rules, IReadOnlyList<RewardItem> items, DateTimeOffset grantTime, decimal scrollSupply, decimal blessingSupply)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(items);
        var inputs = new List<ItemInput>(items.Count);
        decimal scrollWeighted = 0m, blessingWeighted = 0m;
        foreach (var item in items)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(item.Points, nameof(items));
            var days = Math.Max(0m, (grantTime.ToUnixTimeSeconds() - item.PerformedAt) / 86_400m);
            var decay = RewardMath.DecayFactor(rules.DecayRatePerDay, days);
            if (item.Part == RewardPart.Blessing)
            {
                blessingWeighted += item.Points * decay;
            }
            else
            {
                scrollWeighted += item.Points * rules.ScrollPerPoint * decay;
            }
            inputs.Add(new ItemInput(item.RecordId, PartName(item.Part), item.Points,
                Math.Round(days, DaysDecimals, MidpointRounding.AwayFromZero), decay));
        }
        var scroll = new TokenAmount(RewardMath.ScarceAmount(scrollWeighted, scrollSupply, rules.ScrollMaxSupply),
            scrollWeighted, rules.ScrollPerPoint, scrollSupply, rules.ScrollMaxSupply);
        var blessing = new TokenAmount(RewardMath.ScarceAmount(blessingWeighted, blessingSupply, rules.BlessingMaxSupply),
            blessingWeighted, 1m, blessingSupply, rules.BlessingMaxSupply);
        return new GrantAmounts(scroll, blessing, inputs, rules.DecayRatePerDay);
    }

    public static string PartName(RewardPart part) => part switch
    {
        RewardPart.RealTime => "realtime",
        RewardPart.Consistency => "consistency",
        _ => "blessing",
    };
}
