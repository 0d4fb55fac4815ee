using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;
using ServiceTracking.Core.Ledger;
using ServiceTracking.Core.Rewards;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Ledger;
using ServiceTracking.Storage.Rewards;

namespace ServiceTracking.Storage;

/// <summary>What a grant pays: items of points (or a badge) under an idempotency key, effective at a time.</summary>
public sealed record GrantRequest(
    string Key, EthAddress Recipient, string Schedule, string Period, string? RecordId, DateTimeOffset EffectiveAt,
    IReadOnlyList<RewardItem> Items, string? Badge = null, int? BadgeRank = null, string? Run = null);

/// <summary>
/// The writer's reward vocabulary (SCORING §5, ADR 8): runs, what a run may pay, settling what it paid, grants in the
/// double-entry book of tokens and badges, and the rows recognition changes. Grants, postings and balances are written
/// with the batch (multi-row INSERTs), in its transaction; nothing here decides what is owed (Core does).
/// </summary>
public sealed partial class WriteContext
{
    public const string ScrollCoin = "SCROLL";
    public const string BlessingCoin = "BLESSING";
    public const string IssuanceAccount = "issuance";

    private readonly Dictionary<(string Account, string Token), long> _balanceDeltas = [];
    private readonly HashSet<string> _grantsInBatch = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _grantKeysLoaded = new(StringComparer.Ordinal);
    private readonly List<GrantRow> _grants = [];
    private readonly List<PostingRow> _postings = [];
    private RewardTables? _rewardTables;

    private const string AccountPrefix = "contributor:";

    public static string AccountOf(EthAddress address) => AccountPrefix + address.ToLowerHex();

    private RewardTables Tables => _rewardTables ??= new RewardTables(Db.Database.GetDbConnection(),
        Db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Reward writes need the batch's transaction."),
        Db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true);

    /// <summary>Opens a run of a scheduled distribution (again, when it was cut short or is repeated); returns whether it had run before.</summary>
    internal bool StartRun(RewardPeriod period)
    {
        var run = Db.RewardRuns.Find(period.ScheduleName, period.Label);
        if (run is null)
        {
            Db.RewardRuns.Add(new RewardRunRow { Schedule = period.ScheduleName, Period = period.Label, StartedAt = Now.ToUnixTimeSeconds() });
            return false;
        }
        run.StartedAt = Now.ToUnixTimeSeconds();
        run.CompletedAt = null;
        return true;
    }

    /// <summary>Closes a run once every grant of it is written.</summary>
    internal void CompleteRun(RewardPeriod period, int grants)
    {
        var run = Db.RewardRuns.Find(period.ScheduleName, period.Label)!;
        run.CompletedAt = Now.ToUnixTimeSeconds();
        run.Grants += grants;
    }

    /// <summary>The contributions of <paramref name="contributors"/> the daily batch for <paramref name="period"/> may pay, as this batch stands.</summary>
    internal List<DueRow> DueDaily(RewardPeriod period, IReadOnlyCollection<string> contributors)
    {
        Db.SaveChanges(); // earlier commands of the batch first, so that what is read is what they left
        return Tables.DueDaily(contributors, period.Last.DayNumber, period.End.ToUnixTimeSeconds());
    }

    /// <summary>The contributions of <paramref name="contributors"/> whose consistency part the weekly summary for <paramref name="period"/> may pay.</summary>
    internal List<DueRow> DueWeekly(RewardPeriod period, IReadOnlyCollection<string> contributors)
    {
        Db.SaveChanges();
        return Tables.DueWeekly(contributors, period.Last.DayNumber, period.End.ToUnixTimeSeconds());
    }

    /// <summary>Writes the states a run settled (set-based), and into any row this batch still tracks, so later commands see it paid.</summary>
    internal void Settle(IReadOnlyCollection<DueContribution> settled, bool daily)
    {
        Tables.Settle(settled, daily);
        if (!Db.ChangeTracker.Entries<ContributionRow>().Any())
        {
            return;
        }
        foreach (var contribution in settled)
        {
            if (Db.Contributions.Local.FindEntry(contribution.RecordId) is { } entry)
            {
                var row = entry.Entity;
                (row.RealTimePaid, row.BlessingPaid, row.ConsistencyPaid) = (contribution.State.RealTimePaid, contribution.State.BlessingPaid, contribution.State.ConsistencyPaid);
                (row.RewardDue, row.DueSince, row.ConsistencyDue) = daily ? (false, null, row.ConsistencyDue) : (row.RewardDue, row.DueSince, false);
                entry.OriginalValues.SetValues(entry.CurrentValues);
                entry.State = EntityState.Unchanged;
            }
        }
    }

    /// <summary>A contribution as a tracked row (recognition and review change it), or null.</summary>
    internal ContributionRow? Contribution(string recordId) => Db.Contributions.Find(recordId);

    internal bool HasEndorsed(string recordId, string endorser) => Db.Endorsements.Find(recordId, endorser) is not null;

    internal void AddEndorsement(EndorsementRow endorsement) => Db.Endorsements.Add(endorsement);

    internal void AddRecognitionEvent(RecognitionEventRow recognition) => Db.RecognitionEvents.Add(recognition);

    /// <summary>Whether a signed act with this digest was applied, in this batch or before.</summary>
    internal bool ActApplied(string digest) =>
        Db.RecognitionEvents.Local.Any(e => e.ActDigest == digest) || Db.RecognitionEvents.AsNoTracking().Any(e => e.ActDigest == digest);

    public bool GrantExists(string key) => _grantsInBatch.Contains(key)
        || (_grantKeysLoaded.TryGetValue(key, out var stored) ? stored : Tables.TakenKeys([key]).Count > 0);

    /// <summary>Looks up whether these grants exist in one query, so that <see cref="GrantExists"/> need not ask for each (this batch only).</summary>
    public void LoadGrantKeys(IEnumerable<string> keys)
    {
        var wanted = keys.Where(k => !_grantKeysLoaded.ContainsKey(k)).ToArray();
        var stored = Tables.TakenKeys(wanted);
        foreach (var key in wanted)
        {
            _grantKeysLoaded[key] = stored.Contains(key);
        }
    }

    /// <summary>Reads the accepted days of these contributors in one query, where the writer's cache does not hold them yet (as <see cref="DaysOf"/> does one by one).</summary>
    public void LoadDays(IEnumerable<EthAddress> contributors)
    {
        var missing = contributors.Select(c => c.ToLowerHex()).Where(k => !_cache.Days.ContainsKey(k)).Distinct().ToArray();
        var stored = Tables.AcceptedDays(missing);
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
        // Serialized once: the same JSON is the ledger entry's "inputs" and the grant row's.
        var inputs = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["decayRatePerDay"] = amounts.DecayRatePerDay,
            ["effectiveAt"] = request.EffectiveAt.ToUnixTimeSeconds(),
            ["scrollCoin"] = amounts.ScrollCoin,
            ["blessingCoin"] = amounts.BlessingCoin,
            ["items"] = amounts.Items,
        }, StoreJson.Options);
        var now = Now.ToUnixTimeSeconds();
        var secret = Commitments.NewSecret();
        var (index, _) = Audit(request.RecordId, AuditAction.RewardDistributed, ContributionStore.AutomatedActor, now, new Dictionary<string, object?>
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
            InputsJson = inputs.GetRawText(),
            LedgerIndex = index,
            Run = request.Run,
        };
        _grants.Add(row);
        _grantsInBatch.Add(row.Key);
        Touch(row.Recipient);
        Post(row.Key, request.Recipient, ScrollCoin, row.ScrollMicros);
        Post(row.Key, request.Recipient, BlessingCoin, row.BlessingMicros);
        if (!amounts.IsEmpty)
        {
            Emit(EventType.RewardDistributed, request.Recipient, new Dictionary<string, object?>
            {
                ["schedule"] = request.Schedule,
                ["period"] = request.Period,
                ["recordId"] = request.RecordId,
                ["scrollCoin"] = amounts.ScrollCoin.Amount,
                ["blessingCoin"] = amounts.BlessingCoin.Amount,
            });
        }
        if (request.Badge is not null)
        {
            Emit(EventType.BadgeGranted, request.Recipient, new Dictionary<string, object?>
            {
                ["badge"] = request.Badge,
                ["period"] = request.Period,
                ["rank"] = request.BadgeRank,
                ["recordId"] = request.RecordId,
            });
        }
        return row;
    }

    private void Post(string grantKey, EthAddress recipient, string token, long micros)
    {
        if (micros == 0)
        {
            return;
        }
        var account = AccountOf(recipient);
        _postings.Add(new PostingRow { GrantKey = grantKey, Account = IssuanceAccount, Token = token, AmountMicros = -micros });
        _postings.Add(new PostingRow { GrantKey = grantKey, Account = account, Token = token, AmountMicros = micros });
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

    /// <summary>Writes the batch's grants, their postings and the balance deltas (called by <see cref="FlushAsync"/>, after SaveChanges).</summary>
    private async Task FlushBalancesAsync()
    {
        if (_grants.Count == 0 && _balanceDeltas.Count == 0)
        {
            return;
        }
        await Tables.InsertAsync(_grants, _postings, _balanceDeltas).ConfigureAwait(false);
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
