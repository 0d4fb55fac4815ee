// anchorCheckpoint, latestAnchor and verifyInclusion: the shared RFC 9162 vectors, trees built here, corrupted proofs.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ZeroHash } from 'ethers';
import { connect, deploy, events, mined, reverts, signers } from './chain.mjs';
import { hex, inclusionVectors, rootAndProofs, sampleLeaves } from './merkle.mjs';

const provider = connect();
let admin;
before(async () => {
  [admin] = await signers(provider, 1);
});

const root = (n) => hex(Buffer.alloc(32, n));

describe('anchorCheckpoint', () => {
  test('stores the root per size, updates latestAnchor and emits CheckpointAnchored', async () => {
    const { contract } = await deploy(admin);
    const receipt = await mined(contract.anchorCheckpoint(root(1), 10n));
    const { timestamp } = await provider.getBlock(receipt.blockNumber);
    assert.deepEqual([...events(receipt, 'CheckpointAnchored')[0].args], [root(1), 10n, BigInt(timestamp)]);
    assert.deepEqual([...(await contract.latestAnchor())], [root(1), 10n, BigInt(timestamp)]);

    const second = await mined(contract.anchorCheckpoint(root(2), 11n));
    const later = (await provider.getBlock(second.blockNumber)).timestamp;
    assert.deepEqual([...(await contract.latestAnchor())], [root(2), 11n, BigInt(later)]);
    assert.equal(await contract.anchoredRoots(10n), root(1));
    assert.equal(await contract.anchoredRoots(11n), root(2));
    assert.equal(await contract.anchoredRoots(12n), ZeroHash);
  });

  test('the tree size only grows: 0, an equal and a smaller size are refused', async () => {
    const { contract } = await deploy(admin);
    await reverts(contract.anchorCheckpoint(root(1), 0n), 'TreeSizeNotIncreasing', [0n, 0n]);
    await mined(contract.anchorCheckpoint(root(1), 5n));
    await reverts(contract.anchorCheckpoint(root(2), 5n), 'TreeSizeNotIncreasing', [5n, 5n]);
    await reverts(contract.anchorCheckpoint(root(2), 4n), 'TreeSizeNotIncreasing', [4n, 5n]);
    assert.deepEqual([...(await contract.latestAnchor())].slice(0, 2), [root(1), 5n]);
    await mined(contract.anchorCheckpoint(root(3), 2n ** 64n - 1n));
    assert.equal((await contract.latestAnchor())[1], 2n ** 64n - 1n);
  });

  test('a zero root is refused, so that zero always means "never anchored"', async () => {
    const { contract } = await deploy(admin);
    await reverts(contract.anchorCheckpoint(ZeroHash, 1n), 'ZeroRoot');
  });
});

describe('verifyInclusion against the shared RFC 9162 vectors', () => {
  const b64 = (s) => Buffer.from(s ?? '', 'base64');
  let vectors = [];
  let missing;
  try {
    vectors = inclusionVectors();
  } catch (e) {
    missing = e;
  }
  const fits = (v) =>
    b64(v.leafHash).length === 32 && b64(v.root).length === 32 && (v.proof ?? []).every((p) => b64(p).length === 32) &&
    [v.treeSize, v.leafIdx].every((n) => n >= 0n && n < 2n ** 64n);
  // Each distinct (size, root) is anchored once, in a registry of its own: vectors reuse sizes with other roots.
  const registries = new Map();
  async function registryFor(v) {
    const key = `${v.treeSize}:${v.root}`;
    if (!registries.has(key)) {
      registries.set(key, (async () => {
        const { contract } = await deploy(admin);
        if (v.treeSize > 0n) await mined(contract.anchorCheckpoint(hex(b64(v.root)), v.treeSize));
        return contract;
      })());
    }
    return registries.get(key);
  }

  test('every vector that does not fit the ABI (a hash that is not 32 bytes) expects a failure', () => {
    if (missing) throw missing;
    const unfit = vectors.filter((v) => !fits(v));
    assert.ok(vectors.length > 0);
    assert.deepEqual(unfit.filter((v) => !v.wantErr).map((v) => v.name), []);
  });

  for (const v of vectors.filter(fits)) {
    test(`${v.name}: ${v.wantErr ? 'rejected' : 'verifies'}`, async () => {
      const contract = await registryFor(v);
      const proof = (v.proof ?? []).map((p) => hex(b64(p)));
      assert.equal(await contract.verifyInclusion(hex(b64(v.leafHash)), v.leafIdx, v.treeSize, proof), !v.wantErr);
    });
  }
});

describe('verifyInclusion on trees built here', () => {
  const sizes = [1, 2, 3, 5, 7, 8, 13, 31, 32, 33];
  const maxSize = sizes.at(-1);
  const leaves = sampleLeaves(maxSize);
  let contract;
  before(async () => {
    ({ contract } = await deploy(admin));
    for (const size of sizes) await mined(contract.anchorCheckpoint(hex(rootAndProofs(leaves.subarray(0, size * 32), []).root), BigInt(size)));
  });
  const leaf = (i) => hex(leaves.subarray(i * 32, i * 32 + 32));
  const verify = (leafHash, index, size, proof) => contract.verifyInclusion(leafHash, BigInt(index), BigInt(size), proof.map(hex));

  test('every leaf of every anchored size verifies', async () => {
    for (const size of sizes) {
      const indices = Array.from({ length: size }, (_, i) => i);
      const { proofs } = rootAndProofs(leaves.subarray(0, size * 32), indices);
      for (const i of indices) {
        assert.equal(await verify(leaf(i), i, size, proofs[i]), true, `leaf ${i} of ${size}`);
      }
    }
  });

  test('every corrupted proof is rejected', async () => {
    for (const size of [8, 13, 33]) {
      for (const i of [0, 5, size - 1]) {
        const [proof] = rootAndProofs(leaves.subarray(0, size * 32), [i]).proofs;
        const flip = (buf, bit) => { const b = Buffer.from(buf); b[bit >> 3] ^= 1 << (bit & 7); return b; };
        const cases = {
          'a flipped bit in the leaf': [hex(flip(leaves.subarray(i * 32, i * 32 + 32), 77)), i, proof],
          'another index': [leaf(i), (i + 1) % size, proof],
          'one element short': [leaf(i), i, proof.slice(0, -1)],
          'one element extra': [leaf(i), i, [...proof, proof[0]]],
          'an element in front': [leaf(i), i, [Buffer.alloc(32), ...proof]],
          'elements swapped': [leaf(i), i, proof.length > 1 ? [proof[1], proof[0], ...proof.slice(2)] : [Buffer.alloc(32, 1)]],
        };
        proof.forEach((_, k) => {
          cases[`a flipped bit in element ${k}`] = [leaf(i), i, proof.map((p, j) => (j === k ? flip(p, 3 + 8 * k) : p))];
        });
        for (const [name, [leafHash, index, p]] of Object.entries(cases)) {
          assert.equal(await verify(leafHash, index, size, p), false, `${name}, leaf ${i} of ${size}`);
        }
      }
    }
  });

  test('a size never anchored, or an index outside the tree, gives false rather than a revert', async () => {
    const [proof] = rootAndProofs(leaves.subarray(0, 8 * 32), [3]).proofs;
    assert.equal(await verify(leaf(3), 3, 8, proof), true);
    assert.equal(await verify(leaf(3), 3, 9, proof), false, 'size 9 was never anchored');
    assert.equal(await verify(leaf(3), 3, 0, []), false, 'size 0');
    assert.equal(await verify(leaf(3), 8, 8, proof), false, 'index == size');
    assert.equal(await contract.verifyInclusion(leaf(3), 2n ** 64n - 1n, 8n, proof.map(hex)), false, 'index far outside');
    const { contract: empty } = await deploy(admin);
    assert.equal(await empty.verifyInclusion(leaf(3), 3n, 8n, proof.map(hex)), false, 'nothing anchored at all');
  });
});
