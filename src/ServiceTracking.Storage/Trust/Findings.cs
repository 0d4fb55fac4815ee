using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage.Trust;

/// <summary>A finding as moderators read it: the addresses it concerns, its evidence and what was done.</summary>
public sealed record FindingView(long Id, string Kind, IReadOnlyList<EthAddress> Members, JsonElement Evidence, int Voided, string Status, long FoundAt, long? DecidedAt);

/// <summary>
/// Moderators' side of collusion detection (docs/antigaming.md): findings with their evidence, and the decision on each.
/// Confirming keeps the response (voided recognition stays voided, standing withheld); dismissing restores the
/// recognition the finding voided (rescored, audited) and lifts the damping at the next reputation run. Both are audited.
/// </summary>
public sealed class Findings(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, Catalog catalog)
{
    private static readonly string[] s_status = ["open", "confirmed", "dismissed"];

    public async Task<(IReadOnlyList<FindingView> Items, int Total)> ListAsync(bool openOnly, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Findings.AsNoTracking().Where(f => !openOnly || f.Status == ReputationWrite.Open);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(f => f.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return (rows.Select(View).ToList(), total);
    }

    /// <summary>Confirms or dismisses an open finding; false when there is no such open finding.</summary>
    public Task<FindingView?> DecideAsync(long id, bool confirm, EthAddress moderator, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var finding = ctx.Db.Findings.Find(id);
            if (finding is null || finding.Status != ReputationWrite.Open)
            {
                return null;
            }
            finding.Status = confirm ? ReputationWrite.Confirmed : ReputationWrite.Dismissed;
            finding.DecidedBy = moderator.ToLowerHex();
            finding.DecidedAt = ctx.Now.ToUnixTimeSeconds();
            var restored = 0;
            if (!confirm)
            {
                foreach (var group in ctx.Db.Endorsements.Where(e => e.VoidedBy == id).ToList().GroupBy(e => e.RecordId))
                {
                    var row = ctx.Contribution(group.Key);
                    foreach (var e in group)
                    {
                        e.Voided = false;
                        e.VoidedBy = null;
                        if (row is not null)
                        {
                            row.WeightedEndorsements += e.Weight;
                        }
                    }
                    restored += group.Count();
                    ReputationWrite.Rescore(ctx, catalog, group.Key, AuditAction.EndorsementReweighted, group.Count());
                }
            }
            ctx.Audit(null, confirm ? AuditAction.FindingConfirmed : AuditAction.FindingDismissed, moderator.ToChecksumString(), ctx.Now.ToUnixTimeSeconds(),
                new Dictionary<string, object?> { ["finding"] = id, ["kind"] = finding.Kind, ["voided"] = finding.Voided, ["restored"] = restored });
            return View(finding);
        }, cancellationToken);

    private static FindingView View(FindingRow f) => new(f.Id, f.Kind,
        (JsonSerializer.Deserialize<List<string>>(f.MembersJson) ?? []).Select(EthAddress.Parse).ToList(),
        JsonDocument.Parse(f.EvidenceJson).RootElement.Clone(), f.Voided, s_status[f.Status], f.FoundAt, f.DecidedAt);
}
