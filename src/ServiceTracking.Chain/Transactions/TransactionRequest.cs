using System.Numerics;
using ServiceTracking.Chain.Codec;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Transactions;

/// <summary>
/// What to send: a call (<see cref="To"/> set) or a deployment (null). Gas is estimated when <see cref="GasLimit"/> is
/// null; <see cref="Errors"/> are the contract's custom errors, used to explain a revert.
/// </summary>
public sealed record TransactionRequest(EthAddress? To, byte[] Data, BigInteger Value = default, long? GasLimit = null, IReadOnlyList<AbiError>? Errors = null);
