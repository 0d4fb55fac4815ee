// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/**
 * @title LightworkerServiceRegistry
 * @notice On-chain registry for tracking and rewarding lightworker contributions, with real ranks and
 * anchored checkpoints of the service's RFC 9162 log.
 * @dev Ranks come from an order-statistics treap keyed by total score: one node per distinct score (equal totals
 * share a node and its `count`), each node knowing how many lightworkers its subtree holds. Node priorities are
 * keccak256 of the key, so the shape depends only on the set of scores and the expected depth is O(log n).
 */
contract LightworkerServiceRegistry is AccessControl, ReentrancyGuard {
    /// @notice May record services and distribute rewards.
    bytes32 public constant RECORDER_ROLE = keccak256("RECORDER_ROLE");
    /// @notice May mark records verified.
    bytes32 public constant VERIFIER_ROLE = keccak256("VERIFIER_ROLE");
    /// @notice May anchor checkpoints of the service's log.
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    struct ServiceRecord {
        address lightworker;
        ServiceType serviceType;
        uint256 timestamp;
        uint256 impactScore;
        bytes32 verificationHash;
        bool verified;
        uint256 rewardAmount;
    }

    enum ServiceType {
        CONTENT_CREATION,
        HEALING_SESSION,
        COMMUNITY_MODERATION,
        TEACHING,
        GOVERNANCE_PARTICIPATION,
        TECHNICAL_CONTRIBUTION,
        ATTUNEMENT_SESSION,
        EVENT_HOSTING,
        ECONOMIC_ACTIVITY
    }

    /// @dev One slot per node. Node id 0 is the empty tree, whose size reads as 0.
    struct Node {
        uint128 key;
        uint32 left;
        uint32 right;
        uint32 count;
        uint32 size;
    }

    /// @notice Each lightworker's records, oldest first.
    mapping(address => ServiceRecord[]) public serviceHistory;
    /// @notice Sum of the impact scores of a lightworker's records.
    mapping(address => uint256) public totalImpactScore;
    /// @notice Sum of the rewards booked against a lightworker's records.
    mapping(address => uint256) public totalRewardsEarned;
    /// @notice Root hash of the log at each anchored tree size (zero for a size never anchored).
    mapping(uint64 => bytes32) public anchoredRoots;

    mapping(uint32 => Node) private _nodes;
    uint32 private _root;
    uint32 private _lastNodeId;
    /// @dev A node id freed by a removal, reused by the next insertion: rewriting a slot cleared in the same
    /// transaction costs ~3k gas where a fresh slot costs 22k, and moving a total is a removal then an insertion.
    uint32 private _freeNodeId;
    uint64 private _latestTreeSize;
    uint64 private _latestAnchorTime;

    event ServiceRecorded(
        address indexed lightworker, ServiceType indexed serviceType, uint256 impactScore, uint256 timestamp
    );
    event ServiceVerified(address indexed lightworker, uint256 indexed index);
    event RewardDistributed(address indexed lightworker, uint256 amount, uint256 totalEarned);
    event CheckpointAnchored(bytes32 indexed rootHash, uint64 indexed treeSize, uint64 timestamp);

    error ZeroAddress();
    error RecordNotFound(address lightworker, uint256 index);
    error AlreadyVerified(address lightworker, uint256 index);
    error ZeroAmount();
    /// @dev Ranked totals are kept in 128 bits so that a tree node fits one storage slot.
    error ScoreTooLarge(uint256 total);
    error ZeroRoot();
    error TreeSizeNotIncreasing(uint64 treeSize, uint64 latestTreeSize);

    /// @param admin Receives the admin role and every operational role; it can grant them to other keys.
    constructor(address admin) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(RECORDER_ROLE, admin);
        _grantRole(VERIFIER_ROLE, admin);
        _grantRole(ANCHORER_ROLE, admin);
    }

    /**
     * @notice Record a new service contribution; the impact counts towards the lightworker's total (and rank) at once.
     * @return The index of the new record in the lightworker's history.
     */
    function recordService(address lightworker, ServiceType serviceType, uint256 impactScore, bytes32 verificationHash)
        external
        onlyRole(RECORDER_ROLE)
        returns (uint256)
    {
        if (lightworker == address(0)) revert ZeroAddress();
        ServiceRecord[] storage history = serviceHistory[lightworker];
        uint256 oldTotal = totalImpactScore[lightworker];
        uint256 newTotal = oldTotal + impactScore;
        if (newTotal > type(uint128).max) revert ScoreTooLarge(newTotal);

        if (history.length == 0) {
            _root = _insert(_root, uint128(newTotal));
        } else if (impactScore != 0) {
            _root = _insert(_remove(_root, uint128(oldTotal)), uint128(newTotal));
        }
        totalImpactScore[lightworker] = newTotal;

        history.push(
            ServiceRecord({
                lightworker: lightworker,
                serviceType: serviceType,
                timestamp: block.timestamp,
                impactScore: impactScore,
                verificationHash: verificationHash,
                verified: false,
                rewardAmount: 0
            })
        );
        emit ServiceRecorded(lightworker, serviceType, impactScore, block.timestamp);
        return history.length - 1;
    }

    /// @notice Mark a recorded service as verified. Reverts for an unknown or already verified record.
    function verifyService(address lightworker, uint256 index) external onlyRole(VERIFIER_ROLE) {
        ServiceRecord storage record = _record(lightworker, index);
        if (record.verified) revert AlreadyVerified(lightworker, index);
        record.verified = true;
        emit ServiceVerified(lightworker, index);
    }

    /// @notice Book a reward against a record and the lightworker's total. Bookkeeping only: no token moves.
    function distributeReward(address lightworker, uint256 index, uint256 amount)
        external
        onlyRole(RECORDER_ROLE)
        nonReentrant
    {
        if (amount == 0) revert ZeroAmount();
        ServiceRecord storage record = _record(lightworker, index);
        record.rewardAmount += amount;
        uint256 totalEarned = totalRewardsEarned[lightworker] + amount;
        totalRewardsEarned[lightworker] = totalEarned;
        emit RewardDistributed(lightworker, amount, totalEarned);
    }

    /// @notice A lightworker's complete service history, oldest first.
    function getServiceHistory(address lightworker) external view returns (ServiceRecord[] memory) {
        return serviceHistory[lightworker];
    }

    /**
     * @notice Competition rank among all lightworkers (1 + the number with a strictly higher total) and total score.
     * @return rank 0 for an address with no records.
     * @return score The lightworker's total impact score.
     */
    function getLightworkerRank(address lightworker) external view returns (uint256 rank, uint256 score) {
        if (serviceHistory[lightworker].length == 0) return (0, 0);
        score = totalImpactScore[lightworker];
        return (_countAbove(uint128(score)) + 1, score);
    }

    /// @notice Number of addresses with at least one record.
    function lightworkerCount() external view returns (uint256) {
        return _nodes[_root].size;
    }

    /**
     * @notice Anchor the log's root hash at a tree size larger than any anchored before.
     * @param rootHash RFC 9162 root hash of the first `treeSize` entries.
     */
    function anchorCheckpoint(bytes32 rootHash, uint64 treeSize) external onlyRole(ANCHORER_ROLE) {
        if (rootHash == bytes32(0)) revert ZeroRoot();
        if (treeSize <= _latestTreeSize) revert TreeSizeNotIncreasing(treeSize, _latestTreeSize);
        anchoredRoots[treeSize] = rootHash;
        _latestTreeSize = treeSize;
        _latestAnchorTime = uint64(block.timestamp);
        emit CheckpointAnchored(rootHash, treeSize, uint64(block.timestamp));
    }

    /// @notice The most recent anchor; all zeros before the first.
    function latestAnchor() external view returns (bytes32 rootHash, uint64 treeSize, uint64 timestamp) {
        return (anchoredRoots[_latestTreeSize], _latestTreeSize, _latestAnchorTime);
    }

    /**
     * @notice Check an RFC 9162 (section 2.1.3.2) inclusion proof against the root anchored at `treeSize`.
     * @param leafHash The entry's leaf hash, SHA-256(0x00 || entry).
     * @return False, never a revert, for a size never anchored, an index outside the tree, a proof of the wrong
     * length or one that does not lead to the anchored root.
     */
    function verifyInclusion(bytes32 leafHash, uint64 index, uint64 treeSize, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        bytes32 root = anchoredRoots[treeSize];
        if (root == bytes32(0) || index >= treeSize) return false;
        uint64 fn = index;
        uint64 sn = treeSize - 1;
        bytes32 r = leafHash;
        for (uint256 i = 0; i < proof.length; ++i) {
            if (sn == 0) return false;
            if (fn & 1 == 1 || fn == sn) {
                r = sha256(abi.encodePacked(bytes1(0x01), proof[i], r));
                while (fn & 1 == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = sha256(abi.encodePacked(bytes1(0x01), r, proof[i]));
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r == root;
    }

    function _record(address lightworker, uint256 index) private view returns (ServiceRecord storage) {
        ServiceRecord[] storage history = serviceHistory[lightworker];
        if (index >= history.length) revert RecordNotFound(lightworker, index);
        return history[index];
    }

    // ---- order-statistics treap ----

    function _countAbove(uint128 key) private view returns (uint256 above) {
        uint32 id = _root;
        while (id != 0) {
            Node storage n = _nodes[id];
            if (key < n.key) {
                above += n.count + _nodes[n.right].size;
                id = n.left;
            } else if (key > n.key) {
                id = n.right;
            } else {
                return above + _nodes[n.right].size;
            }
        }
    }

    /// @dev Adds one lightworker at `key` to the subtree at `id`; returns the subtree's new root.
    function _insert(uint32 id, uint128 key) private returns (uint32) {
        if (id == 0) {
            uint32 created = _freeNodeId;
            if (created == 0) created = ++_lastNodeId;
            else _freeNodeId = 0;
            _nodes[created] = Node({key: key, left: 0, right: 0, count: 1, size: 1});
            return created;
        }
        Node storage n = _nodes[id];
        n.size += 1;
        uint128 nodeKey = n.key;
        if (key == nodeKey) {
            n.count += 1;
            return id;
        }
        // A child whose id did not change kept its priority, so only a new child can break the heap order.
        if (key < nodeKey) {
            uint32 left = n.left;
            uint32 child = _insert(left, key);
            if (child != left) {
                n.left = child;
                if (_priority(child) > _priority(id)) return _rotateRight(id);
            }
        } else {
            uint32 right = n.right;
            uint32 child = _insert(right, key);
            if (child != right) {
                n.right = child;
                if (_priority(child) > _priority(id)) return _rotateLeft(id);
            }
        }
        return id;
    }

    /// @dev Removes one lightworker at `key`, which must be in the subtree at `id`; returns the subtree's new root.
    function _remove(uint32 id, uint128 key) private returns (uint32) {
        Node storage n = _nodes[id];
        uint128 nodeKey = n.key;
        if (key < nodeKey) {
            n.size -= 1;
            uint32 left = n.left;
            uint32 child = _remove(left, key);
            if (child != left) n.left = child;
        } else if (key > nodeKey) {
            n.size -= 1;
            uint32 right = n.right;
            uint32 child = _remove(right, key);
            if (child != right) n.right = child;
        } else if (n.count > 1) {
            n.size -= 1;
            n.count -= 1;
        } else {
            return _deleteNode(id);
        }
        return id;
    }

    /// @dev Rotates a node with count 1 down until it has at most one child, then splices it out.
    function _deleteNode(uint32 id) private returns (uint32) {
        Node storage n = _nodes[id];
        uint32 left = n.left;
        uint32 right = n.right;
        if (left == 0 || right == 0) {
            delete _nodes[id];
            _freeNodeId = id;
            return left == 0 ? right : left;
        }
        uint32 top;
        if (_priority(left) > _priority(right)) {
            top = _rotateRight(id);
            _nodes[top].right = _deleteNode(id);
        } else {
            top = _rotateLeft(id);
            _nodes[top].left = _deleteNode(id);
        }
        _nodes[top].size -= 1;
        return top;
    }

    function _rotateRight(uint32 id) private returns (uint32 top) {
        Node storage x = _nodes[id];
        top = x.left;
        Node storage y = _nodes[top];
        uint32 moved = y.right;
        uint32 size = x.size;
        x.left = moved;
        x.size = size - y.size + _nodes[moved].size;
        y.right = id;
        y.size = size;
    }

    function _rotateLeft(uint32 id) private returns (uint32 top) {
        Node storage x = _nodes[id];
        top = x.right;
        Node storage y = _nodes[top];
        uint32 moved = y.left;
        uint32 size = x.size;
        x.right = moved;
        x.size = size - y.size + _nodes[moved].size;
        y.left = id;
        y.size = size;
    }

    function _priority(uint32 id) private view returns (uint256) {
        return uint256(keccak256(abi.encode(_nodes[id].key)));
    }
}
