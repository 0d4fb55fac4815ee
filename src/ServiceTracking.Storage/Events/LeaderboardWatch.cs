using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;
using ServiceTracking.Core.Scoring;

namespace ServiceTracking.Storage.Events;

/// <summary>
/// <c>leaderboard.changed</c>: compares the top entries of the current all-time, daily, weekly and monthly boards with
/// those last announced, and emits one event per period whose top changed. Whoever calls <see cref="AnnounceAsync"/>
/// decides how often (the server: once a second, so events are coalesced to at most one per period per second).
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed class LeaderboardWatch(StoreWriter writer, Leaderboards leaderboards)
{
    /// <summary>Entries ranked this or better are announced (ties included).</summary>
    public const int TopRanks = 10;

    private Dictionary<PeriodKey, IReadOnlyList<(int Rank, EthAddress Address, decimal Score)>> _announced = [];
    private long _seen = -1;

    /// <summary>
    /// Takes the boards already in memory (the all-time one, loaded at start) as already announced: a restart says
    /// nothing about them. Other boards are not loaded for this (at a million contributors each costs seconds and tens
    /// of megabytes): the first change of such a period after a start announces its top, even if it is the same as before.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var version = leaderboards.Version;
        _announced = await writer.ExecuteAsync(ctx => CurrentPeriods(ctx.Now).Where(leaderboards.IsLoaded)
            .ToDictionary(p => p, p => ctx.TopRanks(p, TopRanks)), cancellationToken).ConfigureAwait(false);
        _seen = version;
    }

    /// <summary>Emits <c>leaderboard.changed</c> for every current period whose top changed since it was last announced; returns how many.</summary>
    public async Task<int> AnnounceAsync(CancellationToken cancellationToken)
    {
        var version = leaderboards.Version;
        if (version == _seen)
        {
            return 0; // no score has changed since the last look
        }
        var announced = _announced;
        var changed = await writer.ExecuteAsync(ctx =>
        {
            var tops = new Dictionary<PeriodKey, IReadOnlyList<(int Rank, EthAddress Address, decimal Score)>>();
            foreach (var period in CurrentPeriods(ctx.Now))
            {
                var top = ctx.TopRanks(period, TopRanks);
                if (Changed(announced, period, top))
                {
                    Emit(ctx, period, top);
                }
                tops[period] = top;
            }
            return tops;
        }, cancellationToken).ConfigureAwait(false);
        var count = changed.Count(t => Changed(announced, t.Key, t.Value));
        _announced = changed; // committed: these are what was announced (periods gone by are forgotten)
        _seen = version;
        return count;
    }

    /// <summary>Differs from what was announced for the period; a period never announced (a new one, or since a start) counts once it has a top.</summary>
    private static bool Changed(Dictionary<PeriodKey, IReadOnlyList<(int Rank, EthAddress Address, decimal Score)>> announced, PeriodKey period,
        IReadOnlyList<(int Rank, EthAddress Address, decimal Score)> top) =>
        announced.TryGetValue(period, out var last) ? !top.SequenceEqual(last) : top.Count > 0;

    private static void Emit(WriteContext ctx, PeriodKey period, IReadOnlyList<(int Rank, EthAddress Address, decimal Score)> top) =>
        ctx.Emit(EventType.LeaderboardChanged, null, new Dictionary<string, object?>
        {
            ["periodType"] = WireNames.Of(period.Kind),
            ["period"] = period.Label,
            // Addresses as stored; each reader shows them as the leaderboard does (EventEnvelopes).
            ["top"] = top.Select(t => new Dictionary<string, object?> { ["rank"] = t.Rank, ["address"] = t.Address.ToLowerHex(), ["impactScore"] = t.Score }).ToList(),
        });

    private static IEnumerable<PeriodKey> CurrentPeriods(DateTimeOffset now) =>
        Periods.Containing(DateOnly.FromDateTime(now.UtcDateTime)).Select(p => new PeriodKey(p.Kind, p.Label));
}
