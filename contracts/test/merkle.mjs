// RFC 9162 Merkle tree in JS, used to cross-check the contract's verifyInclusion beyond the shared vectors and to
// build a real proof at tree size 1,000,000 for the gas report.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();
export const leafHash = (entry) => sha256(Buffer.from([0]), entry);
export const nodeHash = (left, right) => sha256(Buffer.from([1]), left, right);
export const hex = (buf) => `0x${Buffer.from(buf).toString('hex')}`;

/**
 * Root and inclusion proofs for the leaves at `indices` of a tree over `leafHashes` (one Buffer of 32-byte hashes).
 * Level by level, an odd last node moves up unchanged: the same tree as RFC 9162's split at the largest power of two.
 */
export function rootAndProofs(leafHashes, indices) {
  let level = leafHashes;
  let count = leafHashes.length / 32;
  let at = [...indices];
  const proofs = indices.map(() => []);
  while (count > 1) {
    at = at.map((i, k) => {
      const sibling = i ^ 1;
      if (sibling < count) proofs[k].push(Buffer.from(level.subarray(sibling * 32, sibling * 32 + 32)));
      return i >> 1;
    });
    const next = Buffer.alloc(Math.ceil(count / 2) * 32);
    for (let k = 0; k + 1 < count; k += 2) nodeHash(level.subarray(k * 32, k * 32 + 32), level.subarray(k * 32 + 32, k * 32 + 64)).copy(next, (k / 2) * 32);
    if (count % 2 === 1) level.copy(next, ((count - 1) / 2) * 32, (count - 1) * 32, count * 32);
    level = next;
    count = Math.ceil(count / 2);
  }
  return { root: Buffer.from(level.subarray(0, 32)), proofs };
}

/** Leaf hashes of entries "entry-0", "entry-1", ... as one Buffer. */
export function sampleLeaves(size) {
  const out = Buffer.alloc(size * 32);
  for (let i = 0; i < size; i++) leafHash(Buffer.from(`entry-${i}`)).copy(out, i * 32);
  return out;
}

/**
 * The shared RFC 9162 inclusion vectors. They live in shared/testdata/merkle beside the repository
 * (`../shared` from the repository root); MERKLE_TESTDATA overrides the folder.
 */
export function inclusionVectors() {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const dir = process.env.MERKLE_TESTDATA ?? join(repoRoot, '..', 'shared', 'testdata', 'merkle');
  const inclusion = join(dir, 'inclusion');
  if (!existsSync(inclusion)) {
    throw new Error(`RFC 9162 test vectors not found at ${inclusion}: shared/ must sit beside the repository (or set MERKLE_TESTDATA)`);
  }
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) files.push(p);
    }
  };
  walk(inclusion);
  // leafIdx and treeSize become BigInts: some vectors hold 2^64 - 1, past what a JS number keeps exactly.
  return files.map((file) => {
    const text = readFileSync(file, 'utf8').replace(/"(leafIdx|treeSize)":\s*(-?\d+)/g, '"$1": "$2"');
    const v = JSON.parse(text);
    return { name: relative(dir, file), ...v, leafIdx: BigInt(v.leafIdx), treeSize: BigInt(v.treeSize) };
  });
}
