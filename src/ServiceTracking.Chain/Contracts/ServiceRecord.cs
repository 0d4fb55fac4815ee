using System.Numerics;
using ServiceTracking.Core.Ethereum;

namespace ServiceTracking.Chain.Contracts;

/// <summary>One entry of <c>getServiceHistory</c>: the contract's <c>ServiceRecord</c> struct. Timestamp is unix seconds (block time).</summary>
public sealed record ServiceRecord(
    EthAddress Lightworker,
    ServiceType ServiceType,
    long Timestamp,
    BigInteger ImpactScore,
    byte[] VerificationHash,
    bool Verified,
    BigInteger RewardAmount);

/// <summary><c>getLightworkerRank</c>: competition rank (1 = highest total; 0 for an address with no records) and total score.</summary>
public sealed record LightworkerRank(long Rank, BigInteger Score);

/// <summary><c>latestAnchor</c>: the most recent anchored root, its tree size and block time; all zero before the first anchor.</summary>
public sealed record AnchoredCheckpoint(byte[] RootHash, long TreeSize, long Timestamp);
