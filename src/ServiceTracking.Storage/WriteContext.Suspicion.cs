using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;
using ServiceTracking.Core.Monitor;
using ServiceTracking.Storage.Monitor;

namespace ServiceTracking.Storage;

/// <summary>
/// Suspicious activity (README "Suspicious activity"): signals are written in the transaction of the action that
/// caused them, each contributor's score is kept in the writer, and crossing <c>Monitor:SuspiciousThreshold</c> from
/// below emits <c>activity.suspicious</c> with the signals that make up the score.
/// </summary>
public sealed partial class WriteContext
{
    /// <summary>At most this many signals travel in one <c>activity.suspicious</c> event (the newest; the admin read has them all).</summary>
    public const int MaxSignalsInEvent = 100;

    private const string InsertSignalSql =
        "INSERT INTO suspicion_signals (\"Subject\", \"Kind\", \"WeightCents\", \"At\", \"EvidenceJson\") VALUES (@p0, @p1, @p2, @p3, @p4)";

    internal SuspicionPolicy Suspicion => _cache.Monitor.Policy ??= _monitor.Suspicion();

    /// <summary><c>Monitor:HighImpactThreshold</c>: announced as high-impact, and approved only by a quorum of reviewers.</summary>
    internal decimal HighImpactThreshold => _monitor.HighImpactThreshold;

    /// <summary>
    /// Records a signal against <paramref name="subject"/> at <paramref name="at"/> (unix seconds) with its weight in
    /// force (nothing when the kind is off) and announces the contributor when their score reaches the threshold.
    /// <paramref name="evidence"/> names records, counts and times, never another contributor's address.
    /// </summary>
    public void AddSignal(EthAddress subject, SignalKind kind, long at, IReadOnlyDictionary<string, object?> evidence) =>
        AddSignal(subject.ToLowerHex(), kind, at, evidence);

    internal void AddSignal(string subject, SignalKind kind, long at, IReadOnlyDictionary<string, object?> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var rule = Suspicion[kind];
        if (!rule.Enabled)
        {
            return;
        }
        var fields = new Dictionary<string, object?>(evidence) { ["at"] = at };
        var json = JsonSerializer.Serialize(fields, StoreJson.Options);
        var weight = Hundredths.From(rule.Weight);
        var now = Now.ToUnixTimeSeconds();
        var signals = SignalsOf(subject, now);
        var before = Score(signals, now);
        signals.Add(new SignalEntry(kind, weight, at, json));
        Sql.Execute(InsertSignalSql, subject, kind.WireName(), weight, at, json);
        var after = Score(signals, now);
        if (!SuspicionRules.Crosses(before, after, Suspicion.Threshold))
        {
            return;
        }
        var since = now - Suspicion.WindowSeconds;
        var shown = signals.Where(s => s.At > since).OrderBy(s => s.At).TakeLast(MaxSignalsInEvent).Select(s => new Dictionary<string, object?>
        {
            ["kind"] = s.Kind.WireName(),
            ["weight"] = Hundredths.ToScore(s.WeightCents),
            ["evidence"] = JsonDocument.Parse(s.EvidenceJson).RootElement.Clone(),
        }).ToList();
        Emit(EventType.ActivitySuspicious, EthAddress.Parse(subject), new Dictionary<string, object?>
        {
            ["score"] = after,
            ["signals"] = shown,
        });
    }

    /// <summary>Deletes signals older than <paramref name="before"/> (unix seconds); returns how many.</summary>
    public int PruneSignals(long before) => Sql.Execute("DELETE FROM suspicion_signals WHERE \"At\" < @p0", before);

    private decimal Score(List<SignalEntry> signals, long now) =>
        SuspicionRules.Score(signals.Select(s => (s.At, Hundredths.ToScore(s.WeightCents))), now, Suspicion.Window);

    /// <summary>The contributor's signals within the window: read from the table once, then kept by the writer.</summary>
    private List<SignalEntry> SignalsOf(string subject, long now)
    {
        var since = now - Suspicion.WindowSeconds;
        var cache = _cache.Monitor;
        if (cache.Signals.TryGetValue(subject, out var signals))
        {
            signals.RemoveAll(s => s.At <= since);
            return signals;
        }
        cache.SweepSignals(since);
        signals = [];
        Sql.Read("SELECT \"Kind\", \"WeightCents\", \"At\", \"EvidenceJson\" FROM suspicion_signals WHERE \"Subject\" = @p0 AND \"At\" > @p1 ORDER BY \"Id\"", r =>
        {
            if (SignalKinds.TryParse(r.GetString(0), out var kind))
            {
                signals.Add(new SignalEntry(kind, r.GetInt64(1), r.GetInt64(2), r.GetString(3)));
            }
        }, subject, since);
        cache.Signals[subject] = signals;
        return signals;
    }
}
