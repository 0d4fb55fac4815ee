// Records, verification, rewards, roles and the reentrancy guard, on the node that `npm test` starts.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ContractFactory, ZeroAddress, id, keccak256, toUtf8Bytes } from 'ethers';
import { ServiceType, artifact, connect, deploy, events, mined, reverts, signers } from './chain.mjs';

const provider = connect();
const hash = (s) => keccak256(toUtf8Bytes(s));
let admin, other, verifier, lw1, lw2;
let registry;
let roles;

before(async () => {
  [admin, other, verifier, lw1, lw2] = await signers(provider, 5);
  ({ contract: registry } = await deploy(admin));
  roles = {
    admin: await registry.DEFAULT_ADMIN_ROLE(),
    recorder: await registry.RECORDER_ROLE(),
    verifier: await registry.VERIFIER_ROLE(),
    anchorer: await registry.ANCHORER_ROLE(),
  };
});

describe('deployment', () => {
  test('role ids are keccak256 of their names', () => {
    assert.equal(roles.admin, `0x${'00'.repeat(32)}`);
    assert.equal(roles.recorder, id('RECORDER_ROLE'));
    assert.equal(roles.verifier, id('VERIFIER_ROLE'));
    assert.equal(roles.anchorer, id('ANCHORER_ROLE'));
  });

  test('the admin holds every role and nobody else holds any', async () => {
    for (const role of Object.values(roles)) {
      assert.equal(await registry.hasRole(role, admin.address), true);
      assert.equal(await registry.hasRole(role, other.address), false);
    }
  });

  test('a zero admin address is refused', async () => {
    const factory = new ContractFactory(artifact.abi, artifact.bytecode, admin);
    await reverts(factory.deploy(ZeroAddress), 'ZeroAddress');
  });

  test('an empty registry has no lightworkers and no anchor', async () => {
    const { contract } = await deploy(admin);
    assert.equal(await contract.lightworkerCount(), 0n);
    assert.deepEqual([...(await contract.latestAnchor())], [`0x${'00'.repeat(32)}`, 0n, 0n]);
  });
});

describe('recordService', () => {
  test('returns the index, stores the record, adds to the total and emits ServiceRecorded', async () => {
    const { contract } = await deploy(admin);
    const index0 = await contract.recordService.staticCall(lw1.address, ServiceType.TEACHING, 40n, hash('a'));
    assert.equal(index0, 0n);
    const receipt = await mined(contract.recordService(lw1.address, ServiceType.TEACHING, 40n, hash('a')));
    const block = await provider.getBlock(receipt.blockNumber);
    const [event] = events(receipt, 'ServiceRecorded');
    assert.deepEqual([...event.args], [lw1.address, BigInt(ServiceType.TEACHING), 40n, BigInt(block.timestamp)]);

    assert.equal(await contract.recordService.staticCall(lw1.address, ServiceType.ECONOMIC_ACTIVITY, 2n, hash('b')), 1n);
    await mined(contract.recordService(lw1.address, ServiceType.ECONOMIC_ACTIVITY, 2n, hash('b')));
    assert.equal(await contract.totalImpactScore(lw1.address), 42n);

    const history = await contract.getServiceHistory(lw1.address);
    assert.equal(history.length, 2);
    const first = history[0];
    assert.equal(first.lightworker, lw1.address);
    assert.equal(first.serviceType, BigInt(ServiceType.TEACHING));
    assert.equal(first.timestamp, BigInt(block.timestamp));
    assert.equal(first.impactScore, 40n);
    assert.equal(first.verificationHash, hash('a'));
    assert.equal(first.verified, false);
    assert.equal(first.rewardAmount, 0n);
    assert.equal(history[1].serviceType, BigInt(ServiceType.ECONOMIC_ACTIVITY));

    const stored = await contract.serviceHistory(lw1.address, 1n);
    assert.equal(stored.impactScore, 2n);
    assert.equal(stored.verificationHash, hash('b'));
  });

  test('an address with no records has an empty history', async () => {
    assert.deepEqual([...(await registry.getServiceHistory(other.address))], []);
  });

  test('a zero lightworker address is refused', async () => {
    await reverts(registry.recordService(ZeroAddress, ServiceType.TEACHING, 1n, hash('z')), 'ZeroAddress');
  });

  test('a service type outside the enum is refused', async () => {
    const data = registry.interface.encodeFunctionData('recordService', [lw1.address, 0, 1n, hash('x')]);
    const bad = `${data.slice(0, 10 + 64)}${(9).toString(16).padStart(64, '0')}${data.slice(10 + 128)}`;
    await assert.rejects(admin.sendTransaction({ to: await registry.getAddress(), data: bad }));
  });

  test('a total that does not fit 128 bits is refused', async () => {
    const { contract } = await deploy(admin);
    const max = (1n << 128n) - 1n;
    await mined(contract.recordService(lw1.address, ServiceType.TEACHING, max, hash('max')));
    await reverts(contract.recordService(lw1.address, ServiceType.TEACHING, 1n, hash('over')), 'ScoreTooLarge', [max + 1n]);
    assert.deepEqual([...(await contract.getLightworkerRank(lw1.address))], [1n, max]);
  });
});

describe('verifyService', () => {
  test('marks the record verified and emits ServiceVerified', async () => {
    const { contract } = await deploy(admin);
    await mined(contract.recordService(lw1.address, ServiceType.HEALING_SESSION, 50n, hash('h')));
    await mined(contract.recordService(lw1.address, ServiceType.HEALING_SESSION, 50n, hash('h2')));
    const receipt = await mined(contract.verifyService(lw1.address, 1n));
    assert.deepEqual([...events(receipt, 'ServiceVerified')[0].args], [lw1.address, 1n]);
    const history = await contract.getServiceHistory(lw1.address);
    assert.deepEqual(history.map((r) => r.verified), [false, true]);
  });

  test('an out-of-range index or an already verified record is refused', async () => {
    const { contract } = await deploy(admin);
    await mined(contract.recordService(lw1.address, ServiceType.TEACHING, 5n, hash('t')));
    await reverts(contract.verifyService(lw1.address, 1n), 'RecordNotFound', [lw1.address, 1n]);
    await reverts(contract.verifyService(lw2.address, 0n), 'RecordNotFound', [lw2.address, 0n]);
    await mined(contract.verifyService(lw1.address, 0n));
    await reverts(contract.verifyService(lw1.address, 0n), 'AlreadyVerified', [lw1.address, 0n]);
  });
});

describe('distributeReward', () => {
  test('adds to the record and the total and emits RewardDistributed', async () => {
    const { contract } = await deploy(admin);
    await mined(contract.recordService(lw1.address, ServiceType.TEACHING, 5n, hash('r0')));
    await mined(contract.recordService(lw1.address, ServiceType.TEACHING, 5n, hash('r1')));
    const r1 = await mined(contract.distributeReward(lw1.address, 0n, 100n));
    assert.deepEqual([...events(r1, 'RewardDistributed')[0].args], [lw1.address, 100n, 100n]);
    const r2 = await mined(contract.distributeReward(lw1.address, 1n, 30n));
    assert.deepEqual([...events(r2, 'RewardDistributed')[0].args], [lw1.address, 30n, 130n]);
    await mined(contract.distributeReward(lw1.address, 0n, 7n));
    assert.equal(await contract.totalRewardsEarned(lw1.address), 137n);
    const history = await contract.getServiceHistory(lw1.address);
    assert.deepEqual(history.map((r) => r.rewardAmount), [107n, 30n]);
    assert.equal(await contract.totalImpactScore(lw1.address), 10n, 'rewards leave the impact score alone');
  });

  test('a bad index or a zero amount is refused', async () => {
    const { contract } = await deploy(admin);
    await mined(contract.recordService(lw1.address, ServiceType.TEACHING, 5n, hash('x')));
    await reverts(contract.distributeReward(lw1.address, 1n, 10n), 'RecordNotFound', [lw1.address, 1n]);
    await reverts(contract.distributeReward(lw2.address, 0n, 10n), 'RecordNotFound', [lw2.address, 0n]);
    await reverts(contract.distributeReward(lw1.address, 0n, 0n), 'ZeroAmount');
  });

  test('runs under the reentrancy guard', async () => {
    // OpenZeppelin 5's guard keeps its state in an ERC-7201 slot: 1 when idle, 2 while a guarded call runs.
    const slot = '0x9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00';
    const { contract } = await deploy(admin);
    const address = await contract.getAddress();
    assert.equal(BigInt(await provider.getStorage(address, slot)), 1n);
    await mined(contract.recordService(lw1.address, ServiceType.TEACHING, 5n, hash('g')));
    const receipt = await mined(contract.distributeReward(lw1.address, 0n, 10n));
    const trace = await provider.send('debug_traceTransaction', [receipt.hash, { disableStorage: true, disableMemory: true }]);
    const stores = trace.structLogs.filter((s) => s.op === 'SSTORE').map((s) => [BigInt(`0x${s.stack.at(-1).replace(/^0x/, '')}`), BigInt(`0x${s.stack.at(-2).replace(/^0x/, '')}`)]);
    assert.deepEqual(stores[0], [BigInt(slot), 2n], 'the guard is set before anything else is written');
    assert.deepEqual(stores.at(-1), [BigInt(slot), 1n], 'and released last');
    assert.equal(BigInt(await provider.getStorage(address, slot)), 1n);
  });
});

describe('roles', () => {
  const restricted = [
    ['recordService', 'recorder', () => [lw1.address, ServiceType.TEACHING, 1n, hash('u')]],
    ['verifyService', 'verifier', () => [lw1.address, 0n]],
    ['distributeReward', 'recorder', () => [lw1.address, 0n, 1n]],
    ['anchorCheckpoint', 'anchorer', () => [hash('root'), 1n]],
  ];

  for (const [fn, role, args] of restricted) {
    test(`${fn} needs the ${role} role`, async () => {
      await reverts(registry.connect(other)[fn](...args()), 'AccessControlUnauthorizedAccount', [other.address, roles[role]]);
    });
  }

  test('granting and revoking roles only by the admin', async () => {
    await reverts(registry.connect(other).grantRole(roles.recorder, other.address), 'AccessControlUnauthorizedAccount', [other.address, roles.admin]);
    await reverts(registry.connect(other).revokeRole(roles.recorder, admin.address), 'AccessControlUnauthorizedAccount', [other.address, roles.admin]);
  });

  test('a granted role works, only for its own functions, until revoked', async () => {
    const { contract } = await deploy(admin);
    await mined(contract.recordService(lw1.address, ServiceType.TEACHING, 1n, hash('v')));
    await mined(contract.grantRole(roles.verifier, verifier.address));
    assert.equal(await contract.hasRole(roles.verifier, verifier.address), true);
    await reverts(contract.connect(verifier).recordService(lw1.address, ServiceType.TEACHING, 1n, hash('w')), 'AccessControlUnauthorizedAccount', [verifier.address, roles.recorder]);
    await reverts(contract.connect(verifier).anchorCheckpoint(hash('root'), 1n), 'AccessControlUnauthorizedAccount', [verifier.address, roles.anchorer]);
    await mined(contract.connect(verifier).verifyService(lw1.address, 0n));

    await mined(contract.recordService(lw1.address, ServiceType.TEACHING, 1n, hash('v2')));
    await mined(contract.revokeRole(roles.verifier, verifier.address));
    await reverts(contract.connect(verifier).verifyService(lw1.address, 1n), 'AccessControlUnauthorizedAccount', [verifier.address, roles.verifier]);

    await mined(contract.grantRole(roles.recorder, other.address));
    await mined(contract.connect(other).recordService(lw2.address, ServiceType.TEACHING, 3n, hash('o')));
    await mined(contract.connect(other).distributeReward(lw2.address, 0n, 3n));
    await mined(contract.grantRole(roles.anchorer, other.address));
    await mined(contract.connect(other).anchorCheckpoint(hash('root'), 1n));
  });

  test('the admin can hand over administration and renounce it', async () => {
    const { contract } = await deploy(admin);
    await mined(contract.grantRole(roles.admin, other.address));
    await mined(contract.renounceRole(roles.admin, admin.address));
    await reverts(contract.grantRole(roles.recorder, lw1.address), 'AccessControlUnauthorizedAccount', [admin.address, roles.admin]);
    await mined(contract.connect(other).grantRole(roles.recorder, lw1.address));
    assert.equal(await contract.hasRole(roles.recorder, lw1.address), true);
  });
});
