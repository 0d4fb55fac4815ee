using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Core.Trust;

namespace ServiceTracking.Storage.Trust;

/// <summary>A contributor's standing as they read it: the value, whether it is good, what their endorsements count now, and why.</summary>
public sealed record StandingView(decimal Standing, bool Good, decimal EndorsementWeight, bool Vouched, IReadOnlyList<StandingReason> Reasons, long? ComputedAt);

/// <summary>
/// Standing for the contributor to read, and vouching (docs/antigaming.md): an elder or verifier vouches for a new
/// address (audited), which then has at least the vouched standing until it earns more.
/// </summary>
public sealed class Vouches(StoreWriter writer, IDbContextFactory<TrackingDb> dbFactory, Catalog catalog)
{
    public async Task<StandingView> StandingAsync(EthAddress address, bool seed, CancellationToken cancellationToken)
    {
        var key = address.ToLowerHex();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Reputations.AsNoTracking().FirstOrDefaultAsync(r => r.Address == key, cancellationToken);
        var vouched = await db.Vouches.AsNoTracking().AnyAsync(v => v.Address == key, cancellationToken);
        var rules = catalog.Trust;
        if (row is not null)
        {
            var value = row.Standing / 1000m;
            var reasons = System.Text.Json.JsonSerializer.Deserialize<List<StandingReason>>(row.ReasonsJson, StoreJson.Options) ?? [];
            return new StandingView(value, row.Good, EndorsementWeights.StandingFactor(value, rules), vouched, reasons, row.ComputedAt);
        }
        // Not yet computed: what endorsing would count now (EndorsementWeighing's rule).
        var standing = StandingCalculator.Compute(new StandingInput(0, 0, 0, 0, 0m, seed, vouched), rules);
        var pending = new StandingReason("pending", "Standing is computed by the scheduled reputation run; until the first run, this is the standing of a new address.");
        return new StandingView(standing.Value, standing.Good, EndorsementWeights.StandingFactor(standing.Value, rules), vouched, [pending, .. standing.Reasons], null);
    }

    /// <summary>Records <paramref name="voucher"/>'s vouch for <paramref name="address"/>; false when someone already vouched for it.</summary>
    public Task<bool> VouchAsync(EthAddress address, EthAddress voucher, string subject, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(ctx =>
        {
            var key = address.ToLowerHex();
            if (ctx.Db.Vouches.Find(key) is not null)
            {
                return false;
            }
            ctx.Db.Vouches.Add(new VouchRow { Address = key, Voucher = voucher.ToLowerHex(), At = ctx.Now.ToUnixTimeSeconds() });
            var reputation = ctx.Db.Reputations.Find(key);
            var floor = (int)(catalog.Trust.VouchedStanding * 1000m);
            if (reputation is { Damped: false } && reputation.Standing < floor)
            {
                // Effective at once, not at the next run: the vouch is what lets a newcomer's endorsements count.
                reputation.Standing = floor;
                reputation.Good = catalog.Trust.VouchedStanding >= catalog.Trust.GoodStanding;
            }
            ctx.Audit(null, AuditAction.ContributorVouched, voucher.ToChecksumString(), ctx.Now.ToUnixTimeSeconds(),
                new Dictionary<string, object?> { ["subject"] = subject });
            return true;
        }, cancellationToken);
}
