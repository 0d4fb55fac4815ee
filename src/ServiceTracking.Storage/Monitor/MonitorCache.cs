using ServiceTracking.Core.Monitor;

namespace ServiceTracking.Storage.Monitor;

/// <summary>A signal as the writer keeps it for a contributor's score (its row in <c>suspicion_signals</c>).</summary>
internal sealed record SignalEntry(SignalKind Kind, long WeightCents, long At, string EvidenceJson);

/// <summary>
/// The monitor's state in the writer, between batches: burst counters per actor and the signals within the window of
/// the contributors who have any. Only the writer touches it; it is cleared when a batch fails (the counters are
/// heuristics, and the signals are read again from the table).
/// </summary>
internal sealed class MonitorCache
{
    private const int SweepFloor = 1024;
    private int _signalsSweepAt = SweepFloor;

    public SuspicionPolicy? Policy { get; set; }

    public BurstDetectors RecordBursts { get; } = new();

    public BurstDetectors EndorsementBursts { get; } = new();

    /// <summary>Per contributor (lower-case hex), their signals newer than the window as of their last signal.</summary>
    public Dictionary<string, List<SignalEntry>> Signals { get; } = [];

    /// <summary>Before a contributor's signals are added: drops those of contributors whose newest signal has left the window.</summary>
    public void SweepSignals(long since)
    {
        if (Signals.Count < _signalsSweepAt)
        {
            return;
        }
        foreach (var (subject, signals) in Signals)
        {
            if (signals.Count == 0 || signals[^1].At <= since)
            {
                Signals.Remove(subject);
            }
        }
        _signalsSweepAt = Math.Max(SweepFloor, Signals.Count * 2);
    }

    public void Clear()
    {
        RecordBursts.Clear();
        EndorsementBursts.Clear();
        Signals.Clear();
    }
}

/// <summary>A <see cref="BurstDetector"/> per actor; idle ones are dropped as new actors come, so memory follows the active ones.</summary>
internal sealed class BurstDetectors
{
    private const int SweepFloor = 1024;

    private readonly Dictionary<string, BurstDetector> _byActor = [];
    private int _sweepAt = SweepFloor;

    /// <summary>Counts one occurrence of <paramref name="actor"/>'s; true when it makes a burst (see <see cref="BurstDetector.Add"/>).</summary>
    public bool Add(string actor, SignalRule rule, long at, out BurstDetector detector)
    {
        if (!_byActor.TryGetValue(actor, out detector!))
        {
            if (_byActor.Count >= _sweepAt)
            {
                Sweep(at);
            }
            detector = new BurstDetector(rule.Limit, rule.SpanSeconds);
            _byActor[actor] = detector;
        }
        return detector.Add(at);
    }

    public void Clear() => _byActor.Clear();

    private void Sweep(long now)
    {
        foreach (var (actor, detector) in _byActor)
        {
            if (detector.IsIdle(now))
            {
                _byActor.Remove(actor);
            }
        }
        _sweepAt = Math.Max(SweepFloor, _byActor.Count * 2);
    }
}
