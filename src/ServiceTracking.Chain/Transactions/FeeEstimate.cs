using System.Numerics;

namespace ServiceTracking.Chain.Transactions;

/// <summary>EIP-1559 fees per gas, in wei: the next block's base fee, the tip offered, and the cap (2 × base fee + tip).</summary>
public sealed record FeeEstimate(BigInteger BaseFeePerGas, BigInteger MaxPriorityFeePerGas, BigInteger MaxFeePerGas);
