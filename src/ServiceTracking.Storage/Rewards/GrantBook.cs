using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Rewards;

namespace ServiceTracking.Storage.Rewards;

/// <summary>A contributor's rewards: balances in both tokens and the badges earned.</summary>
public sealed record RewardBalance(decimal ScrollCoin, decimal BlessingCoin, IReadOnlyList<BadgeView> Badges);

public sealed record BadgeView(string Kind, string Period, int? Rank, long GrantedAt);

/// <summary>A grant as shown to its recipient and admins, with the formula inputs that produced it.</summary>
public sealed record GrantView(
    string Key, string Schedule, string Period, string? RecordId, long GrantedAt, long EffectiveAt,
    decimal ScrollCoin, decimal BlessingCoin, string? Badge, int? BadgeRank, JsonElement Inputs, long LedgerIndex);

/// <summary>A grant of a scheduled run, with its recipient.</summary>
public sealed record RunGrant(EthAddress Recipient, GrantView Grant);

/// <summary>Reads of the grants book: balances, badges, grants (a contributor's, or a run's) and token supply.</summary>
public sealed class GrantBook(IDbContextFactory<TrackingDb> dbFactory)
{
    public async Task<RewardBalance> BalanceAsync(EthAddress address, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = WriteContext.AccountOf(address);
        var balances = await db.AccountBalances.AsNoTracking().Where(a => a.Account == account).ToDictionaryAsync(a => a.Token, a => a.BalanceMicros, cancellationToken);
        var key = address.ToLowerHex();
        var badges = await db.Grants.AsNoTracking().Where(g => g.Recipient == key && g.Badge != null).OrderBy(g => g.GrantedAt).ThenBy(g => g.Key)
            .Select(g => new BadgeView(g.Badge!, g.Period, g.BadgeRank, g.GrantedAt)).ToListAsync(cancellationToken);
        return new RewardBalance(Micros.ToAmount(balances.GetValueOrDefault(WriteContext.ScrollCoin)),
            Micros.ToAmount(balances.GetValueOrDefault(WriteContext.BlessingCoin)), badges);
    }

    public Task<IReadOnlyList<GrantView>> GrantsAsync(EthAddress address, int limit, CancellationToken cancellationToken) =>
        GrantsAsync(address, limit, null, cancellationToken);

    /// <summary>
    /// Grants newest first, as <see cref="GrantsAsync(EthAddress, int, CancellationToken)"/>, that come after
    /// <paramref name="after"/> (the last grant of the previous page): every grant, one page at a time.
    /// </summary>
    public async Task<IReadOnlyList<GrantView>> GrantsAsync(EthAddress address, int limit, GrantView? after, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = address.ToLowerHex();
        var query = db.Grants.AsNoTracking().Where(g => g.Recipient == key);
        if (after is not null)
        {
            query = query.Where(g => g.GrantedAt < after.GrantedAt || (g.GrantedAt == after.GrantedAt && g.LedgerIndex < after.LedgerIndex));
        }
        var rows = await query.OrderByDescending(g => g.GrantedAt).ThenByDescending(g => g.LedgerIndex).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(View).ToList();
    }

    /// <summary>The grants a scheduled run made (badges included), in key order, after the key <paramref name="afterKey"/>: every grant, one page at a time.</summary>
    public async Task<IReadOnlyList<RunGrant>> RunGrantsAsync(RewardPeriod period, int limit, string? afterKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Grants.AsNoTracking().Where(g => g.Run == period.Run);
        if (afterKey is not null)
        {
            query = query.Where(g => string.Compare(g.Key, afterKey) > 0);
        }
        var rows = await query.OrderBy(g => g.Key).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(g => new RunGrant(EthAddress.Parse(g.Recipient), View(g))).ToList();
    }

    private static GrantView View(GrantRow g) => new(g.Key, g.Schedule, g.Period, g.RecordId, g.GrantedAt, g.EffectiveAt,
        Micros.ToAmount(g.ScrollMicros), Micros.ToAmount(g.BlessingMicros), g.Badge, g.BadgeRank,
        JsonDocument.Parse(g.InputsJson).RootElement.Clone(), g.LedgerIndex);

    /// <summary>Everything granted so far per token (minus the issuance account's balance).</summary>
    public async Task<(decimal ScrollCoin, decimal BlessingCoin)> SupplyAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var issued = await db.AccountBalances.AsNoTracking().Where(a => a.Account == WriteContext.IssuanceAccount)
            .ToDictionaryAsync(a => a.Token, a => -a.BalanceMicros, cancellationToken);
        return (Micros.ToAmount(issued.GetValueOrDefault(WriteContext.ScrollCoin)), Micros.ToAmount(issued.GetValueOrDefault(WriteContext.BlessingCoin)));
    }
}
