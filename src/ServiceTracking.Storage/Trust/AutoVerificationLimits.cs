using ServiceTracking.Core.Scoring;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Storage.Trust;

/// <summary>
/// Why a claim that SCORING §3 would auto-verify waits for review all the same (docs/antigaming.md "Review"), decided
/// in the writer as it is recorded, so concurrent records are counted exactly: a new address's larger claim, a copy of
/// another address's content, a new address's claim beyond its daily limit of auto-verified claims.
/// </summary>
internal static class AutoVerificationLimits
{
    /// <summary>The queue reason, or null: the claim is auto-verified and counted for its contributor's UTC day <paramref name="day"/> (a day number).</summary>
    public static string? WaitReason(WriteContext ctx, TrustRules rules, string contributor, byte[] contentHash, decimal impact, int day)
    {
        if (impact >= rules.NewcomerReviewImpact && EndorsementWeighing.StandingOf(ctx, rules, contributor, out _) < rules.GoodStanding)
        {
            return QueueReasons.Newcomer; // until it earns standing or is vouched for
        }
        if (ctx.SharesContent(contentHash, contributor))
        {
            return QueueReasons.SharedContent;
        }
        // The count is the writer's; standing is looked up only once the day's allowance is used up.
        if (DailyAutoVerification.LimitReached(rules, ctx.AutoVerifiedOn(contributor, day))
            && DailyAutoVerification.AppliesTo(rules, EndorsementWeighing.StandingOf(ctx, rules, contributor, out _), VouchedOrOfficial(ctx, contributor)))
        {
            return QueueReasons.DailyLimit;
        }
        ctx.AddAutoVerified(contributor, day);
        return null;
    }

    // Every role grant is an official's (verifier, elder, curator, admin): being a contributor needs none.
    private static bool VouchedOrOfficial(WriteContext ctx, string address) =>
        ctx.Db.Vouches.Find(address) is not null || ctx.Db.RoleGrants.Any(g => g.Address == address);
}
