using System.Text.Json;
using ServiceTracking.Core.Ethereum;
using ServiceTracking.Core.Events;
using ServiceTracking.Core.Scoring;
using ServiceTracking.Storage.Events;

namespace ServiceTracking.Storage;

/// <summary>
/// Live events (API.md "Live events"): appended to the outbox in this batch's transaction, so every committed change
/// has its events and a rolled-back one has none; published to the readers only after the commit.
/// </summary>
public sealed partial class WriteContext
{
    private readonly List<StoredEvent> _events = [];

    /// <summary>Appends an event; <paramref name="subject"/> is the contributor it concerns, shown by each reader as the public API would.</summary>
    public void Emit(EventType type, EthAddress? subject, IReadOnlyDictionary<string, object?> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var id = _cache.NextEventId ??= LastEventId() + 1;
        _cache.NextEventId = id + 1;
        _events.Add(new StoredEvent(id, type, Now.ToUnixTimeSeconds(), subject, JsonSerializer.Serialize(data, StoreJson.Options)));
    }

    /// <summary>A <c>contribution.*</c> event describing the row as it stands now (with the kind of <paramref name="recognition"/>, for <c>contribution.recognized</c>).</summary>
    internal void EmitContribution(EventType type, ContributionRow row, string? recognition = null)
    {
        var data = new Dictionary<string, object?>
        {
            ["recordId"] = row.RecordId,
            ["type"] = row.Type,
            ["subtype"] = row.Subtype,
            ["status"] = WireNames.Of((ContributionStatus)row.Status),
            ["impactScore"] = Hundredths.ToScore(row.ImpactCents),
        };
        if (recognition is not null)
        {
            data["recognition"] = recognition;
        }
        Emit(type, EthAddress.Parse(row.Contributor), data);
    }

    /// <summary>Announces <c>contribution.high_impact</c> when the row's impact has just reached the monitor's threshold.</summary>
    internal void EmitIfHighImpact(ContributionRow row, long previousCents)
    {
        if (EventTypes.ReachesHighImpact(Hundredths.ToScore(previousCents), Hundredths.ToScore(row.ImpactCents), _monitor.HighImpactThreshold))
        {
            EmitContribution(EventType.ContributionHighImpact, row);
        }
    }

    /// <summary>Deletes events older than <paramref name="before"/> (unix seconds), keeping the newest so ids never restart; returns how many.</summary>
    public int PruneEvents(long before) =>
        Sql.Execute("DELETE FROM events WHERE \"Timestamp\" < @p0 AND \"Id\" < (SELECT MAX(\"Id\") FROM events)", before);

    private long LastEventId()
    {
        long last = 0;
        Sql.Read("SELECT COALESCE(MAX(\"Id\"), 0) FROM events", r => last = r.GetInt64(0));
        return last;
    }
}
