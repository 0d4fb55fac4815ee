namespace ServiceTracking.Core.Trust;

/// <summary>
/// The newcomer's daily limit of auto-verified claims (docs/antigaming.md "Review"): an address below good standing,
/// neither vouched for nor an official, gets at most <see cref="TrustRules.NewcomerDailyAutoVerified"/> claims a UTC
/// day verified without review. A further claim that would be auto-verified is not refused: it waits for review
/// (queue reason <see cref="Scoring.QueueReasons.DailyLimit"/>). The day is the day the service records the claim, not the day
/// the service was performed, so spreading claims over past days gains nothing (docs/interpretations.md).
/// </summary>
public static class DailyAutoVerification
{
    /// <summary>Whether <paramref name="autoVerifiedToday"/> claims of the current UTC day have used up a limited address's allowance.</summary>
    public static bool LimitReached(TrustRules rules, int autoVerifiedToday)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return autoVerifiedToday >= rules.NewcomerDailyAutoVerified;
    }

    /// <summary>Whether the limit applies to an address: below good standing, and neither vouched for nor holding an official role.</summary>
    public static bool AppliesTo(TrustRules rules, decimal standing, bool vouchedOrOfficial)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return !vouchedOrOfficial && standing < rules.GoodStanding;
    }

    /// <summary>
    /// Whether a further claim that would be auto-verified must wait for review instead: the limit applies to the
    /// address and is reached. (The writer asks <see cref="LimitReached"/> first, so that only the address's
    /// claims beyond the limit cost a look at its standing.)
    /// </summary>
    public static bool MustWait(TrustRules rules, decimal standing, bool vouchedOrOfficial, int autoVerifiedToday) =>
        LimitReached(rules, autoVerifiedToday) && AppliesTo(rules, standing, vouchedOrOfficial);
}
