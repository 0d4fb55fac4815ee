using System.Numerics;

namespace ServiceTracking.Chain.Transactions;

/// <summary>How <see cref="TransactionSender"/> prices transactions and waits for them.</summary>
public sealed record TransactionSenderOptions
{
    /// <summary>Delay between <c>eth_getTransactionReceipt</c> polls.</summary>
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for a receipt before giving up with a <see cref="TimeoutException"/>.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Gas limit = estimate × (100 + margin) / 100: state can change between estimate and inclusion.</summary>
    public int GasMarginPercent { get; init; } = 20;

    /// <summary>The tip used when the node has no <c>eth_maxPriorityFeePerGas</c>: 1 gwei.</summary>
    public BigInteger FallbackPriorityFeePerGas { get; init; } = 1_000_000_000;

    /// <summary>How often one send may resynchronise its nonce with the node after "nonce too low" before failing.</summary>
    public int MaxNonceResyncs { get; init; } = 3;

    public static TransactionSenderOptions Default { get; } = new();
}
