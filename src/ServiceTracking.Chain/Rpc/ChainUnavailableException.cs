namespace ServiceTracking.Chain.Rpc;

/// <summary>The node could not be reached (or timed out, or answered HTTP 429/5xx) on every attempt the retry policy allowed.</summary>
public sealed class ChainUnavailableException : Exception
{
    public ChainUnavailableException()
    {
    }

    public ChainUnavailableException(string message)
        : base(message)
    {
    }

    public ChainUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How many requests were made before giving up.</summary>
    public int Attempts { get; init; }
}
