using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Core.Monitor;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Core.Trust;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Storage.Trust;

/// <summary>
/// The writer's half of a reputation run: stores changed standings, records new findings (each member gets the
/// finding's signal, so <c>activity.suspicious</c> follows), applies each finding's response — void the recognition it
/// concerns, withhold the suspects' standing, count a lockstep cluster as one endorser — and raises endorsements whose
/// endorsers have earned standing. Every changed score is rescored and audited; rewards already paid stay paid.
/// </summary>
internal static class ReputationWrite
{
    public const int Open = 0;
    public const int Confirmed = 1;
    public const int Dismissed = 2;

    public static (int Voided, int Raised) Apply(WriteContext ctx, Catalog catalog, ReputationResult result)
    {
        var now = ctx.Now.ToUnixTimeSeconds();
        var damped = new HashSet<string>(StringComparer.Ordinal);
        var clusters = new Dictionary<string, string>(StringComparer.Ordinal);
        var voided = new Dictionary<string, int>(StringComparer.Ordinal);
        var id = ctx.Db.Findings.Select(f => (long?)f.Id).Max() ?? 0;
        foreach (var finding in result.Findings)
        {
            var suspects = finding.Kind == FindingKind.FreshEndorserBurst ? finding.Members.Skip(1).ToHashSet() : finding.Members.ToHashSet();
            id++;
            var count = finding.Kind.VoidsEndorsements() ? Void(ctx, finding, id, suspects, voided) : 0;
            ctx.Db.Findings.Add(new FindingRow
            {
                Id = id,
                Kind = finding.Kind.WireName(),
                MembersJson = JsonSerializer.Serialize(finding.Members),
                EvidenceJson = JsonSerializer.Serialize(finding.Evidence),
                Voided = count,
                Status = Open,
                FoundAt = now,
            });
            foreach (var suspect in suspects)
            {
                damped.Add(suspect);
                if (finding.Kind == FindingKind.Lockstep)
                {
                    clusters[suspect] = "lockstep:" + Hex.Encode(Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(finding.Key)))[2..18];
                }
                var evidence = new Dictionary<string, object?>(finding.Evidence.ToDictionary(e => e.Key, e => (object?)e.Value)) { ["finding"] = finding.Kind.WireName(), ["voided"] = count };
                ctx.AddSignal(suspect, Signal(finding.Kind), now, evidence);
            }
        }
        var raised = Raise(ctx, catalog.Trust, result, damped, clusters);
        foreach (var (recordId, endorsements) in voided)
        {
            Rescore(ctx, catalog, recordId, AuditAction.EndorsementVoided, endorsements);
        }
        foreach (var (recordId, endorsements) in raised)
        {
            Rescore(ctx, catalog, recordId, AuditAction.EndorsementReweighted, endorsements);
        }
        foreach (var (recordId, streak) in result.Withhold)
        {
            Withhold(ctx, catalog, recordId, streak);
        }
        Store(ctx, result, damped, clusters, now);
        return (voided.Values.Sum(), raised.Values.Sum());
    }

    private static SignalKind Signal(FindingKind kind) => kind switch
    {
        FindingKind.EndorsementRing => SignalKind.EndorsementRing,
        FindingKind.ReciprocalPair => SignalKind.ReciprocalPair,
        FindingKind.Lockstep => SignalKind.Lockstep,
        FindingKind.StreakFarming => SignalKind.StreakFarming,
        FindingKind.Backdating => SignalKind.Backdating,
        _ => SignalKind.FreshEndorserBurst,
    };

    /// <summary>Voids what passed inside a ring or pair, and everything a lockstep cluster's or fresh burst's suspects gave.</summary>
    private static int Void(WriteContext ctx, NewFinding finding, long findingId, HashSet<string> suspects, Dictionary<string, int> voided)
    {
        var insideOnly = finding.Kind is FindingKind.EndorsementRing or FindingKind.ReciprocalPair;
        var count = 0;
        foreach (var suspect in suspects)
        {
            foreach (var e in ctx.Db.Endorsements.Where(e => e.Endorser == suspect && !e.Voided).ToList())
            {
                var row = ctx.Contribution(e.RecordId);
                if (row is null || (insideOnly && !suspects.Contains(row.Contributor)))
                {
                    continue;
                }
                e.Voided = true;
                e.VoidedBy = findingId;
                row.WeightedEndorsements = Math.Max(0, row.WeightedEndorsements - e.Weight);
                voided[e.RecordId] = voided.GetValueOrDefault(e.RecordId) + 1;
                count++;
            }
        }
        return count;
    }

    /// <summary>Endorsements of the window whose endorser's standing now gives them more weight (never less; clusters and the damped excepted).</summary>
    private static Dictionary<string, int> Raise(WriteContext ctx, TrustRules rules, ReputationResult result, HashSet<string> damped, Dictionary<string, string> clusters)
    {
        var raised = new Dictionary<string, int>(StringComparer.Ordinal);
        var since = ctx.Now.ToUnixTimeSeconds() - (rules.WindowDays * 86_400L);
        var standingOf = new Dictionary<string, Standing>(StringComparer.Ordinal);
        for (var u = 0; u < result.Names.Count; u++)
        {
            standingOf[result.Names[u]] = result.Standings[u];
        }
        foreach (var e in result.Endorsements)
        {
            if (e.At <= since || e.Weight >= EndorsementWeighing.Full || damped.Contains(e.Endorser) || clusters.ContainsKey(e.Endorser)
                || !standingOf.TryGetValue(e.Endorser, out var standing) || ctx.Db.Reputations.Find(e.Endorser)?.Cluster is not null)
            {
                continue;
            }
            var weight = (int)(EndorsementWeights.Weight(new EndorsementInput(standing.Value, e.Repeats, e.Reciprocal), rules) * EndorsementWeighing.Full);
            var row = ctx.Db.Endorsements.Find(e.RecordId, e.Endorser);
            var contribution = ctx.Contribution(e.RecordId);
            if (weight <= e.Weight || row is null || row.Voided || contribution is null)
            {
                continue;
            }
            contribution.WeightedEndorsements += weight - row.Weight;
            row.Weight = weight;
            raised[e.RecordId] = raised.GetValueOrDefault(e.RecordId) + 1;
        }
        return raised;
    }

    internal static void Rescore(WriteContext ctx, Catalog catalog, string recordId, AuditAction action, int endorsements)
    {
        var row = ctx.Contribution(recordId);
        if (row is null || row.Status == (int)ContributionStatus.Rejected)
        {
            return;
        }
        var breakdown = ImpactCalculator.Recompute(catalog, Verification.Breakdown(row), (QualityTier)row.Quality, Verification.RecognitionOf(row));
        Verification.Rescore(ctx, catalog, row, breakdown);
        ctx.Audit(row.RecordId, action, ContributionStore.AutomatedActor, ctx.Now.ToUnixTimeSeconds(), new Dictionary<string, object?>
        {
            ["endorsements"] = endorsements,
            ["weightedEndorsements"] = row.WeightedEndorsements / (decimal)EndorsementWeighing.Full,
            ["impactScore"] = breakdown.Impact,
            ["scoreBreakdown"] = breakdown,
        });
    }

    /// <summary>Rescores a claim with the streak its on-time, more than trivial days give (audited <c>CONSISTENCY_WITHHELD</c>).</summary>
    private static void Withhold(WriteContext ctx, Catalog catalog, string recordId, int streak)
    {
        var row = ctx.Contribution(recordId);
        if (row is null || row.StreakDays <= streak || row.Status == (int)ContributionStatus.Rejected)
        {
            return;
        }
        row.StreakDays = streak;
        var breakdown = ImpactCalculator.Recompute(catalog, Verification.Breakdown(row) with { StreakDays = streak }, (QualityTier)row.Quality, Verification.RecognitionOf(row));
        Verification.Rescore(ctx, catalog, row, breakdown);
        ctx.Audit(row.RecordId, AuditAction.ConsistencyWithheld, ContributionStore.AutomatedActor, ctx.Now.ToUnixTimeSeconds(), new Dictionary<string, object?>
        {
            ["streakDays"] = streak,
            ["impactScore"] = breakdown.Impact,
            ["scoreBreakdown"] = breakdown,
        });
    }

    private static void Store(WriteContext ctx, ReputationResult result, HashSet<string> damped, Dictionary<string, string> clusters, long now)
    {
        for (var u = 0; u < result.Names.Count; u++)
        {
            var address = result.Names[u];
            var standing = result.Standings[u];
            var isDamped = damped.Contains(address) || standing.Reasons.Any(r => r.Code == "damped");
            var value = isDamped ? 0 : (int)(standing.Value * 1000m);
            var trust = (long)(result.Trust[u] * 1000m);
            var reasons = JsonSerializer.Serialize(isDamped && !standing.Reasons.Any(r => r.Code == "damped")
                ? [new StandingReason("damped", "A finding of suspicious activity against this address is open; its standing is withheld until a moderator dismisses it.")]
                : standing.Reasons, StoreJson.Options);
            var row = ctx.Db.Reputations.Find(address);
            var cluster = clusters.GetValueOrDefault(address) ?? (isDamped ? row?.Cluster : null);
            if (row is null)
            {
                ctx.Db.Reputations.Add(new ReputationRow
                {
                    Address = address, Standing = value, Good = !isDamped && standing.Good, RelativeTrust = trust, Cluster = cluster,
                    Damped = isDamped, ReasonsJson = reasons, ComputedAt = now,
                });
            }
            else if (row.Standing != value || row.RelativeTrust != trust || row.Cluster != cluster || row.Damped != isDamped || row.ReasonsJson != reasons)
            {
                (row.Standing, row.Good, row.RelativeTrust, row.Cluster, row.Damped, row.ReasonsJson, row.ComputedAt) =
                    (value, !isDamped && standing.Good, trust, cluster, isDamped, reasons, now);
            }
        }
    }
}
