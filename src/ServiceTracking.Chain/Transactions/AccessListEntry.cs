using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Transactions;

/// <summary>One EIP-2930 access list entry: an address and the 32-byte storage keys the transaction will touch there.</summary>
public sealed record AccessListEntry(EthAddress Address, IReadOnlyList<byte[]> StorageKeys);
