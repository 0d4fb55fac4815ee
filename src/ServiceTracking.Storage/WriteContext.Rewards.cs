using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Ledger;

namespace ServiceTracking.Storage;

/// <summary>What a grant pays: items of points (or a badge) under an idempotency key, effective at a time.</summary>
public sealed record GrantRequest(
    string Key, EthAddress Recipient, string Schedule, string Period, string? RecordId, DateTimeOffset EffectiveAt,
    IReadOnlyList<RewardItem> Items, string? Badge = null, int? BadgeRank = null);

/// <summary>Grants: the double-entry book of tokens and badges (SCORING §5), written in the batch's transaction.</summary>
public sealed partial class WriteContext
{
    public const string ScrollCoin = "SCROLL";
    public const string BlessingCoin = "BLESSING";
    public const string IssuanceAccount = "issuance";

    private readonly Dictionary<(string Account, string Token), long> _balanceDeltas = [];
    private readonly HashSet<string> _grantsInBatch = [];

    public static string AccountOf(EthAddress address) => "contributor:" + address.ToLowerHex();

    private readonly Dictionary<string, bool> _grantKeysLoaded = [];

    public bool GrantExists(string key) => _grantsInBatch.Contains(key)
        || (_grantKeysLoaded.TryGetValue(key, out var stored) ? stored : Db.Grants.AsNoTracking().Any(g => g.Key == key));

    /// <summary>Looks up whether these grants exist in one query, so that <see cref="GrantExists"/> need not ask for each (this batch only).</summary>
    public void LoadGrantKeys(IEnumerable<string> keys)
    {
        var wanted = keys.Where(k => !_grantKeysLoaded.ContainsKey(k)).ToArray();
        var stored = Db.Grants.AsNoTracking().Where(g => EF.Parameter(wanted).Contains(g.Key)).Select(g => g.Key).ToHashSet();
        foreach (var key in wanted)
        {
            _grantKeysLoaded[key] = stored.Contains(key);
        }
    }

    /// <summary>Reads the accepted days of these contributors in one query, where the writer's cache does not hold them yet (as <see cref="DaysOf"/> does one by one).</summary>
    public void LoadDays(IEnumerable<EthAddress> contributors)
    {
        var missing = contributors.Select(c => c.ToLowerHex()).Where(k => !_cache.Days.ContainsKey(k)).Distinct().ToArray();
        var stored = Db.ContributorDays.AsNoTracking().Where(d => EF.Parameter(missing).Contains(d.Address) && d.Accepted > 0)
            .Select(d => new { d.Address, d.Day }).AsEnumerable().ToLookup(d => d.Address, d => DateOnly.FromDayNumber(d.Day));
        foreach (var key in missing)
        {
            _cache.Days[key] = stored[key].ToHashSet();
        }
    }

    /// <summary>A token's supply (everything granted so far, this batch included), in whole tokens.</summary>
    public decimal Supply(string token) => Micros.ToAmount(SupplyMicros(token));

    /// <summary>
    /// Writes a grant unless its key is taken (returns null then, or when there is nothing to pay): amounts from
    /// <see cref="GrantCalculator"/> at the supply before it, postings to both accounts, and a REWARD_DISTRIBUTED entry.
    /// </summary>
    public GrantRow? Grant(Catalog catalog, GrantRequest request)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(request);
        if (GrantExists(request.Key))
        {
            return null;
        }
        var amounts = GrantCalculator.Compute(catalog.Rewards, request.Items, request.EffectiveAt, Supply(ScrollCoin), Supply(BlessingCoin));
        if (request.Badge is null && amounts.IsEmpty)
        {
            return null;
        }
        var inputs = new Dictionary<string, object?>
        {
            ["decayRatePerDay"] = amounts.DecayRatePerDay,
            ["effectiveAt"] = request.EffectiveAt.ToUnixTimeSeconds(),
            ["scrollCoin"] = amounts.ScrollCoin,
            ["blessingCoin"] = amounts.BlessingCoin,
            ["items"] = amounts.Items,
        };
        var now = Now.ToUnixTimeSeconds();
        var secret = Commitments.NewSecret();
        var (index, _) = Audit(request.RecordId, "REWARD_DISTRIBUTED", ContributionStore.AutomatedActor, now, new Dictionary<string, object?>
        {
            ["recipientCommitment"] = Commitments.Contributor(secret, request.Recipient),
            ["schedule"] = request.Schedule,
            ["period"] = request.Period,
            ["scrollCoin"] = amounts.ScrollCoin.Amount,
            ["blessingCoin"] = amounts.BlessingCoin.Amount,
            ["badge"] = request.Badge,
            ["rank"] = request.BadgeRank,
            ["inputs"] = inputs,
        });
        var row = new GrantRow
        {
            Key = request.Key,
            Recipient = request.Recipient.ToLowerHex(),
            Schedule = request.Schedule,
            Period = request.Period,
            RecordId = request.RecordId,
            GrantedAt = now,
            EffectiveAt = request.EffectiveAt.ToUnixTimeSeconds(),
            ScrollMicros = Micros.From(amounts.ScrollCoin.Amount),
            BlessingMicros = Micros.From(amounts.BlessingCoin.Amount),
            Badge = request.Badge,
            BadgeRank = request.BadgeRank,
            InputsJson = JsonSerializer.Serialize(inputs, StoreJson.Options),
            LedgerIndex = index,
        };
        Db.Grants.Add(row);
        _grantsInBatch.Add(row.Key);
        Post(row.Key, request.Recipient, ScrollCoin, row.ScrollMicros);
        Post(row.Key, request.Recipient, BlessingCoin, row.BlessingMicros);
        return row;
    }

    private void Post(string grantKey, EthAddress recipient, string token, long micros)
    {
        if (micros == 0)
        {
            return;
        }
        var account = AccountOf(recipient);
        Db.Postings.Add(new PostingRow { GrantKey = grantKey, Account = IssuanceAccount, Token = token, AmountMicros = -micros });
        Db.Postings.Add(new PostingRow { GrantKey = grantKey, Account = account, Token = token, AmountMicros = micros });
        _balanceDeltas[(IssuanceAccount, token)] = _balanceDeltas.GetValueOrDefault((IssuanceAccount, token)) - micros;
        _balanceDeltas[(account, token)] = _balanceDeltas.GetValueOrDefault((account, token)) + micros;
        _cache.Supply[token] = SupplyMicros(token) + micros;
    }

    private long SupplyMicros(string token)
    {
        if (!_cache.Supply.TryGetValue(token, out var supply))
        {
            supply = -Db.AccountBalances.AsNoTracking().Where(a => a.Account == IssuanceAccount && a.Token == token)
                .Select(a => a.BalanceMicros).FirstOrDefault();
            _cache.Supply[token] = supply;
        }
        return supply;
    }

    private async Task FlushBalancesAsync()
    {
        foreach (var chunk in _balanceDeltas.Chunk(200))
        {
            var (sql, args) = Upsert.Build("account_balances", ["Account", "Token", "BalanceMicros"], ["Account", "Token"], ["BalanceMicros"],
                chunk.Select(b => new object[] { b.Key.Account, b.Key.Token, b.Value }));
            await Db.Database.ExecuteSqlRawAsync(sql, args).ConfigureAwait(false);
        }
    }
}

/// <summary>Token amounts are stored as integer micro-units: they are rounded down to 6 decimals (SCORING §5).</summary>
public static class Micros
{
    public static long From(decimal amount) => (long)decimal.Truncate(amount * 1_000_000m);

    /// <summary>Always with 6 decimals on the wire (60.000000), as amounts are kept.</summary>
    public static decimal ToAmount(long micros)
    {
        var magnitude = (ulong)Math.Abs(micros);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, micros < 0, 6);
    }
}
