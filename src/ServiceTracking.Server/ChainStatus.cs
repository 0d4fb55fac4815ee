using ServiceTracking.Chain.Rpc;
using ServiceTracking.Storage;

namespace ServiceTracking.Server;

/// <summary>What /health shows of the chain: the last anchor, whether the node answers, and what went wrong.</summary>
public sealed class ChainStatus
{
    private readonly Lock _lock = new();
    private State _state = new(null, null, null, null, null, null);

    /// <param name="LastAnchor">The latest anchor on the registry (null before the first, or before the node was reached).</param>
    /// <param name="Reachable">Whether the node answered the last call (null before the first).</param>
    /// <param name="AnchorError">Why anchoring is failing or stopped, with the time; null while it works.</param>
    /// <param name="PublishError">The same for per-record publishing.</param>
    /// <param name="PublishedUpTo">Per-record mode: ledger entries below this index have been looked at.</param>
    /// <param name="Stopped">A problem retrying cannot fix (see <see cref="ChainConfigurationException"/>).</param>
    public sealed record State(ChainAnchorRow? LastAnchor, bool? Reachable, string? AnchorError, string? PublishError, long? PublishedUpTo, string? Stopped);

    public State Current
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    public void Anchored(ChainAnchorRow? anchor) => Update(s => s with { LastAnchor = anchor, Reachable = true, AnchorError = null });

    public void AnchorFailed(Exception error, DateTimeOffset at) =>
        Update(s => s with { Reachable = Reachable(error, s), AnchorError = $"{at:u}: {error.Message}" });

    public void Published(long upTo) => Update(s => s with { PublishedUpTo = upTo, Reachable = true, PublishError = null });

    public void PublishFailed(Exception error, DateTimeOffset at) =>
        Update(s => s with { Reachable = Reachable(error, s), PublishError = $"{at:u}: {error.Message}" });

    public void Stop(string reason) => Update(s => s with { Stopped = reason });

    // A transport failure says the node is down; an error answer or a revert came from a live node; anything else says nothing.
    private static bool? Reachable(Exception error, State state) => error switch
    {
        ChainUnavailableException => false,
        JsonRpcException or ContractRevertException => true,
        _ => state.Reachable,
    };

    private void Update(Func<State, State> change)
    {
        lock (_lock)
        {
            _state = change(_state);
        }
    }
}
