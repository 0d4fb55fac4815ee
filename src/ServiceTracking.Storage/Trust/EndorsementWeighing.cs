using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Storage.Trust;

/// <summary>
/// The weight of a new endorsement (docs/catalog.md "Trust"), from the endorser's standing as the last reputation run
/// left it (none yet: a seed counts in full, a vouched address the vouched standing, anyone else the newcomer weight),
/// their earlier endorsements of the same contributor and the contributor's of theirs within the window, and their
/// lockstep cluster. Weights are in ten-thousandths of a full endorsement.
/// </summary>
internal static class EndorsementWeighing
{
    public const int Full = 10_000;

    private static readonly string[] s_seedRoles = ["verifier", "elder"];

    /// <summary>Sets the new endorsement's weight and what it was computed from; returns it.</summary>
    public static EndorsementRow Weighed(WriteContext ctx, TrustRules rules, ContributionRow row, EndorsementRow endorsement)
    {
        var endorser = endorsement.Endorser;
        var since = ctx.Now.ToUnixTimeSeconds() - (rules.WindowDays * 86_400L);
        var standing = StandingOf(ctx, rules, endorser, out var cluster);
        var input = new EndorsementInput(standing, Given(ctx, endorser, row.Contributor, since), Given(ctx, row.Contributor, endorser, since) > 0, cluster);
        endorsement.Repeats = input.Repeats;
        endorsement.Reciprocal = input.Reciprocal;
        var clusterMax = 0m;
        if (cluster is not null)
        {
            var others = ctx.Db.Endorsements.Where(e => e.RecordId == row.RecordId && !e.Voided).Select(e => new { e.Endorser, e.Weight }).ToList()
                .Concat(Added(ctx).Where(e => e.RecordId == row.RecordId && !e.Voided).Select(e => new { e.Endorser, e.Weight }));
            foreach (var other in others)
            {
                if (ctx.Db.Reputations.Find(other.Endorser)?.Cluster == cluster)
                {
                    clusterMax = Math.Max(clusterMax, other.Weight / (decimal)Full);
                }
            }
        }
        endorsement.Weight = (int)(EndorsementWeights.Added(input, clusterMax, rules) * Full);
        return endorsement;
    }

    /// <summary>The standing an endorsement is weighed with: the last run's, else full for a seed, the vouched standing, or none.</summary>
    public static decimal StandingOf(WriteContext ctx, TrustRules rules, string address, out string? cluster)
    {
        var reputation = ctx.Db.Reputations.Find(address);
        cluster = reputation?.Cluster;
        if (reputation is not null)
        {
            return reputation.Standing / 1000m;
        }
        if (ctx.Db.RoleGrants.Any(g => g.Address == address && s_seedRoles.Contains(g.Role)))
        {
            return 1m;
        }
        return ctx.Db.Vouches.Find(address) is not null ? rules.VouchedStanding : 0m;
    }

    /// <summary>Endorsements (not voided) by <paramref name="endorser"/> of <paramref name="contributor"/>'s work since <paramref name="since"/>, this batch's included.</summary>
    public static int Given(WriteContext ctx, string endorser, string contributor, long since)
    {
        var saved = 0;
        ctx.Sql.Read("SELECT COUNT(*) FROM endorsements e JOIN contributions c ON c.\"RecordId\" = e.\"RecordId\" " +
                     "WHERE e.\"Endorser\" = @p0 AND e.\"At\" > @p1 AND c.\"Contributor\" = @p2 AND NOT e.\"Voided\"",
            r => saved = Convert.ToInt32(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), endorser, since, contributor);
        return saved + Added(ctx).Count(e => e.Endorser == endorser && e.At > since && !e.Voided && ctx.Db.Contributions.Find(e.RecordId)?.Contributor == contributor);
    }

    private static IEnumerable<EndorsementRow> Added(WriteContext ctx) =>
        ctx.Db.ChangeTracker.Entries<EndorsementRow>().Where(e => e.State == EntityState.Added).Select(e => e.Entity);
}
