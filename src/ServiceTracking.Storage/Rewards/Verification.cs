using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage.Rewards;

/// <summary>
/// What follows a contribution's score and state (SCORING §3, §5): it counts once verified, the real-time part is
/// granted at once when large enough, and whatever is still owed waits for the daily batch or weekly summary.
/// </summary>
internal static class Verification
{
    public static ScoreBreakdown Breakdown(ContributionRow row) => JsonSerializer.Deserialize<ScoreBreakdown>(row.BreakdownJson, StoreJson.Options)!;

    public static Recognition RecognitionOf(ContributionRow row) => new(row.Endorsements, row.Blessed, row.Featured);

    /// <summary>Makes <paramref name="row"/> verified at <paramref name="at"/>: it counts from now on, and is paid what is due at once.</summary>
    public static void Verify(WriteContext ctx, Catalog catalog, ContributionRow row, DateTimeOffset at)
    {
        var contributor = EthAddress.Parse(row.Contributor);
        row.Status = (int)ContributionStatus.Verified;
        row.VerifiedAt = at.ToUnixTimeSeconds();
        row.ConsistencyDue = true;
        ctx.AddScore(contributor, DateOnly.FromDayNumber(row.PerformedDay), row.ImpactCents, 1);
        RefreshPoints(catalog, row);

        if (row.RealTimePoints >= catalog.Rewards.SmallThreshold)
        {
            var day = Periods.Label(PeriodKind.Daily, DateOnly.FromDateTime(at.UtcDateTime));
            ctx.Grant(catalog, new GrantRequest(GrantKeys.RealTime(row.RecordId), contributor, "realtime", day, row.RecordId, at,
                [new RewardItem(row.RecordId, RewardPart.RealTime, row.RealTimePoints, row.PerformedAt)]));
            row.RealTimePaid = row.RealTimePoints;
        }
        // Granted once: a taken key makes Grant a no-op.
        ctx.Grant(catalog, new GrantRequest(GrantKeys.Badge(Badges.FirstContribution, contributor, Badges.Lifetime), contributor, "badge",
            Badges.Lifetime, row.RecordId, at, [], Badges.FirstContribution));
        MarkDue(row, at);
    }

    /// <summary>Replaces the score after recognition or a reassessment; a verified contribution's totals and rewards follow.</summary>
    public static void Rescore(WriteContext ctx, Catalog catalog, ContributionRow row, ScoreBreakdown breakdown)
    {
        var cents = Hundredths.From(breakdown.Impact);
        if (row.Status == (int)ContributionStatus.Verified && cents != row.ImpactCents)
        {
            ctx.AddScore(EthAddress.Parse(row.Contributor), DateOnly.FromDayNumber(row.PerformedDay), cents - row.ImpactCents, 0);
        }
        row.ImpactCents = cents;
        row.Quality = (int)breakdown.Quality;
        row.BreakdownJson = JsonSerializer.Serialize(breakdown, StoreJson.Options);
        RefreshPoints(catalog, row);
        if (row.Status == (int)ContributionStatus.Verified)
        {
            MarkDue(row, ctx.Now);
        }
    }

    /// <summary>The points of each part not yet paid; the consistency part only once its weekly summary has paid it.</summary>
    public static IEnumerable<RewardItem> OwedDaily(ContributionRow row)
    {
        if (row.RealTimePoints > row.RealTimePaid)
        {
            yield return new RewardItem(row.RecordId, RewardPart.RealTime, row.RealTimePoints - row.RealTimePaid, row.PerformedAt);
        }
        if (row.ConsistencyPaid is { } paid && row.ConsistencyPoints > paid)
        {
            yield return new RewardItem(row.RecordId, RewardPart.Consistency, row.ConsistencyPoints - paid, row.PerformedAt);
        }
        if (row.BlessingPoints > row.BlessingPaid)
        {
            yield return new RewardItem(row.RecordId, RewardPart.Blessing, row.BlessingPoints - row.BlessingPaid, row.PerformedAt);
        }
    }

    public static void SettleDaily(ContributionRow row)
    {
        row.RealTimePaid = Math.Max(row.RealTimePaid, row.RealTimePoints);
        row.BlessingPaid = Math.Max(row.BlessingPaid, row.BlessingPoints);
        if (row.ConsistencyPaid is { } paid)
        {
            row.ConsistencyPaid = Math.Max(paid, row.ConsistencyPoints);
        }
        row.RewardDue = false;
        row.DueSince = null;
    }

    public static void SettleWeekly(ContributionRow row)
    {
        row.ConsistencyPaid = row.ConsistencyPoints;
        row.ConsistencyDue = false;
    }

    private static void RefreshPoints(Catalog catalog, ContributionRow row)
    {
        var breakdown = Breakdown(row);
        row.RealTimePoints = RewardMath.RealTimePart(breakdown);
        row.ConsistencyPoints = RewardMath.ConsistencyPart(breakdown);
        row.BlessingPoints = RewardMath.BlessingPoints(catalog.Rewards, RecognitionOf(row));
    }

    private static void MarkDue(ContributionRow row, DateTimeOffset at)
    {
        if (OwedDaily(row).Any() && !row.RewardDue)
        {
            row.RewardDue = true;
            row.DueSince = at.ToUnixTimeSeconds();
        }
    }
}
