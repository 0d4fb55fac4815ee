namespace ServiceTracking.Core.Monitor;

/// <summary>
/// One actor's occurrences in a sliding span: says when more than <c>limit</c> fall within <c>spanSeconds</c>, at most
/// once per span (a burst is one signal, not one per occurrence). Keeps at most limit + 1 times, so it costs O(1) per
/// occurrence; times are expected in non-decreasing order (an earlier one is treated as happening now).
/// </summary>
public sealed class BurstDetector(int limit, long spanSeconds)
{
    private readonly Queue<long> _times = new();
    private long? _lastFired;

    /// <summary>The newest occurrence: once it is a span old the detector holds nothing that matters and may be dropped.</summary>
    public long Latest { get; private set; } = long.MinValue;

    /// <summary>How many occurrences (at most limit + 1) are within the span as of the newest.</summary>
    public int Count => _times.Count;

    /// <summary>The oldest occurrence still counted.</summary>
    public long Oldest => _times.Count > 0 ? _times.Peek() : Latest;

    /// <summary>Counts an occurrence at <paramref name="at"/>; true when it makes a burst that has not been signalled within the span.</summary>
    public bool Add(long at)
    {
        at = Math.Max(at, Latest);
        Latest = at;
        _times.Enqueue(at);
        while (_times.Count > limit + 1 || _times.Peek() <= at - spanSeconds)
        {
            _times.Dequeue();
        }
        if (_times.Count <= limit || (_lastFired is { } fired && fired > at - spanSeconds))
        {
            return false;
        }
        _lastFired = at;
        return true;
    }

    /// <summary>True when nothing it holds can matter any more at <paramref name="now"/> (no occurrence and no signal within the span).</summary>
    public bool IsIdle(long now) => Latest <= now - spanSeconds;
}
