using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;
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

    public static Recognition RecognitionOf(ContributionRow row) =>
        new(row.Endorsements, row.Blessed, row.Featured) { Weighted = row.WeightedEndorsements / (decimal)Trust.EndorsementWeighing.Full };

    /// <summary>The row's reward points and what has been paid of them.</summary>
    public static RewardState StateOf(ContributionRow row) =>
        new(row.RealTimePoints, row.ConsistencyPoints, row.BlessingPoints, row.RealTimePaid, row.BlessingPaid, row.ConsistencyPaid);

    /// <summary>Makes <paramref name="row"/> verified at <paramref name="at"/>: it counts from now on, and is paid what is due at once.</summary>
    public static void Verify(WriteContext ctx, Catalog catalog, ContributionRow row, DateTimeOffset at)
    {
        var contributor = EthAddress.Parse(row.Contributor);
        row.Status = (int)ContributionStatus.Verified;
        row.VerifiedAt = at.ToUnixTimeSeconds();
        row.ConsistencyDue = true;
        ctx.AddScore(contributor, DateOnly.FromDayNumber(row.PerformedDay), row.ImpactCents, 1);
        var decision = ContributionRewards.Verify(catalog.Rewards, Rescored(catalog, row));
        if (decision.GrantsRealTime)
        {
            var day = Periods.Label(PeriodKind.Daily, DateOnly.FromDateTime(at.UtcDateTime));
            ctx.Grant(catalog, new GrantRequest(GrantKeys.RealTime(row.RecordId), contributor, "realtime", day, row.RecordId, at,
                [new RewardItem(row.RecordId, RewardPart.RealTime, decision.RealTimeGrant, row.PerformedAt)]));
        }
        Apply(row, decision.State);
        // Granted once: a taken key makes Grant a no-op.
        ctx.Grant(catalog, new GrantRequest(GrantKeys.Badge(Badges.FirstContribution, contributor, Badges.Lifetime), contributor, "badge",
            Badges.Lifetime, row.RecordId, at, [], Badges.FirstContribution));
        MarkDue(row, at);
        ctx.EmitContribution(EventType.ContributionVerified, row);
    }

    /// <summary>Replaces the score after recognition or a reassessment; a verified contribution's totals and rewards follow.</summary>
    public static void Rescore(WriteContext ctx, Catalog catalog, ContributionRow row, ScoreBreakdown breakdown)
    {
        var cents = Hundredths.From(breakdown.Impact);
        var previous = row.ImpactCents;
        if (row.Status == (int)ContributionStatus.Verified && cents != row.ImpactCents)
        {
            ctx.AddScore(EthAddress.Parse(row.Contributor), DateOnly.FromDayNumber(row.PerformedDay), cents - row.ImpactCents, 0);
        }
        row.ImpactCents = cents;
        ctx.EmitIfHighImpact(row, previous);
        row.Quality = (int)breakdown.Quality;
        row.BreakdownJson = JsonSerializer.Serialize(breakdown, StoreJson.Options);
        Apply(row, ContributionRewards.Rescored(catalog.Rewards, StateOf(row), breakdown, RecognitionOf(row)));
        if (row.Status == (int)ContributionStatus.Verified)
        {
            MarkDue(row, ctx.Now);
        }
    }

    private static RewardState Rescored(Catalog catalog, ContributionRow row) =>
        ContributionRewards.Rescored(catalog.Rewards, StateOf(row), Breakdown(row), RecognitionOf(row));

    private static void Apply(ContributionRow row, RewardState state)
    {
        row.RealTimePoints = state.RealTimePoints;
        row.ConsistencyPoints = state.ConsistencyPoints;
        row.BlessingPoints = state.BlessingPoints;
        row.RealTimePaid = state.RealTimePaid;
        row.BlessingPaid = state.BlessingPaid;
        row.ConsistencyPaid = state.ConsistencyPaid;
    }

    /// <summary>Marks the row for the daily batch when something is owed to it, since <paramref name="at"/> unless it already waits.</summary>
    private static void MarkDue(ContributionRow row, DateTimeOffset at)
    {
        if (!row.RewardDue && !ContributionRewards.OwedDaily(StateOf(row)).IsEmpty)
        {
            row.RewardDue = true;
            row.DueSince = at.ToUnixTimeSeconds();
        }
    }
}
