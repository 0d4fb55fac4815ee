using ServiceTracking.Chain.Codec;

namespace ServiceTracking.Chain.Contracts;

/// <summary>The LightworkerServiceRegistry interface, as human-readable ABI (checked against the build artifact by the tests).</summary>
internal static class RegistryAbi
{
    private const string Record = "(address lightworker, uint8 serviceType, uint256 timestamp, uint256 impactScore, bytes32 verificationHash, bool verified, uint256 rewardAmount)";

    public static AbiFunction RecordService { get; } = AbiFunction.Parse("recordService(address lightworker, uint8 serviceType, uint256 impactScore, bytes32 verificationHash) returns (uint256)");
    public static AbiFunction VerifyService { get; } = AbiFunction.Parse("verifyService(address lightworker, uint256 index)");
    public static AbiFunction DistributeReward { get; } = AbiFunction.Parse("distributeReward(address lightworker, uint256 index, uint256 amount)");
    public static AbiFunction GetServiceHistory { get; } = AbiFunction.Parse($"getServiceHistory(address lightworker) view returns ({Record}[])");
    public static AbiFunction GetLightworkerRank { get; } = AbiFunction.Parse("getLightworkerRank(address lightworker) view returns (uint256 rank, uint256 score)");
    public static AbiFunction TotalRewardsEarned { get; } = AbiFunction.Parse("totalRewardsEarned(address lightworker) view returns (uint256)");
    public static AbiFunction LightworkerCount { get; } = AbiFunction.Parse("lightworkerCount() view returns (uint256)");
    public static AbiFunction AnchorCheckpoint { get; } = AbiFunction.Parse("anchorCheckpoint(bytes32 rootHash, uint64 treeSize)");
    public static AbiFunction LatestAnchor { get; } = AbiFunction.Parse("latestAnchor() view returns (bytes32 rootHash, uint64 treeSize, uint64 timestamp)");
    public static AbiFunction AnchoredRoots { get; } = AbiFunction.Parse("anchoredRoots(uint64 treeSize) view returns (bytes32)");
    public static AbiFunction VerifyInclusion { get; } = AbiFunction.Parse("verifyInclusion(bytes32 leafHash, uint64 index, uint64 treeSize, bytes32[] proof) view returns (bool)");
    public static AbiFunction HasRole { get; } = AbiFunction.Parse("hasRole(bytes32 role, address account) view returns (bool)");
    public static AbiFunction GrantRole { get; } = AbiFunction.Parse("grantRole(bytes32 role, address account)");
    public static AbiFunction RevokeRole { get; } = AbiFunction.Parse("revokeRole(bytes32 role, address account)");

    public static AbiEvent ServiceRecorded { get; } = AbiEvent.Parse("ServiceRecorded(address indexed lightworker, uint8 indexed serviceType, uint256 impactScore, uint256 timestamp)");
    public static AbiEvent ServiceVerified { get; } = AbiEvent.Parse("ServiceVerified(address indexed lightworker, uint256 indexed index)");
    public static AbiEvent RewardDistributed { get; } = AbiEvent.Parse("RewardDistributed(address indexed lightworker, uint256 amount, uint256 totalEarned)");
    public static AbiEvent CheckpointAnchored { get; } = AbiEvent.Parse("CheckpointAnchored(bytes32 indexed rootHash, uint64 indexed treeSize, uint64 timestamp)");
    public static AbiEvent RoleGranted { get; } = AbiEvent.Parse("RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)");
    public static AbiEvent RoleRevoked { get; } = AbiEvent.Parse("RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)");

    public static AbiError AccessControlUnauthorizedAccount { get; } = AbiError.Parse("AccessControlUnauthorizedAccount(address account, bytes32 neededRole)");

    /// <summary>Every custom error the contract (and OpenZeppelin under it) can revert with.</summary>
    public static IReadOnlyList<AbiError> Errors { get; } =
    [
        AccessControlUnauthorizedAccount,
        AbiError.Parse("AccessControlBadConfirmation()"),
        AbiError.Parse("ReentrancyGuardReentrantCall()"),
        AbiError.Parse("ZeroAddress()"),
        AbiError.Parse("RecordNotFound(address lightworker, uint256 index)"),
        AbiError.Parse("AlreadyVerified(address lightworker, uint256 index)"),
        AbiError.Parse("ZeroAmount()"),
        AbiError.Parse("ScoreTooLarge(uint256 total)"),
        AbiError.Parse("ZeroRoot()"),
        AbiError.Parse("TreeSizeNotIncreasing(uint64 treeSize, uint64 latestTreeSize)"),
    ];

    public static IReadOnlyList<AbiFunction> Functions { get; } =
    [
        RecordService, VerifyService, DistributeReward, GetServiceHistory, GetLightworkerRank, TotalRewardsEarned, LightworkerCount,
        AnchorCheckpoint, LatestAnchor, AnchoredRoots, VerifyInclusion, HasRole, GrantRole, RevokeRole,
    ];

    public static IReadOnlyList<AbiEvent> Events { get; } =
        [ServiceRecorded, ServiceVerified, RewardDistributed, CheckpointAnchored, RoleGranted, RoleRevoked];
}
