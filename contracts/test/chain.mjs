// Shared by the tests and the gas script: a provider for the node that scripts/with-node.mjs started, the node's
// unlocked accounts, deployment from the committed artifact, and a check for custom-error reverts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ContractFactory, Interface, JsonRpcProvider } from 'ethers';

export const artifact = JSON.parse(readFileSync(new URL('../artifacts/LightworkerServiceRegistry.json', import.meta.url), 'utf8'));
export const abi = new Interface(artifact.abi);

export const ServiceType = Object.freeze({
  CONTENT_CREATION: 0, HEALING_SESSION: 1, COMMUNITY_MODERATION: 2, TEACHING: 3, GOVERNANCE_PARTICIPATION: 4,
  TECHNICAL_CONTRIBUTION: 5, ATTUNEMENT_SESSION: 6, EVENT_HOSTING: 7, ECONOMIC_ACTIVITY: 8,
});

export function connect() {
  const url = process.env.RPC_URL;
  if (!url) throw new Error('RPC_URL is not set: run through `npm test` (scripts/with-node.mjs starts the node)');
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  return provider;
}

/** The node's unlocked accounts as signers; the node assigns nonces, so test files can run side by side. */
export async function signers(provider, count = 5) {
  return Promise.all(Array.from({ length: count }, (_, i) => provider.getSigner(i)));
}

export async function deploy(admin) {
  const factory = new ContractFactory(artifact.abi, artifact.bytecode, admin);
  const contract = await factory.deploy(await admin.getAddress());
  const receipt = await contract.deploymentTransaction().wait();
  return { contract, receipt };
}

/** Sends a transaction and returns its receipt. */
export async function mined(txPromise) {
  const receipt = await (await txPromise).wait();
  assert.equal(receipt.status, 1);
  return receipt;
}

/** Asserts that the call or transaction reverts with the contract's custom error `name` (and `args` when given). */
export async function reverts(promise, name, args) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected a revert with ${name}, but it succeeded`);
  const data = error.data ?? error.info?.error?.data ?? error.error?.data;
  const parsed = error.revert ?? (typeof data === 'string' ? abi.parseError(data) : null);
  assert.ok(parsed, `expected ${name}, got: ${error.shortMessage ?? error.message}`);
  assert.equal(parsed.name, name);
  if (args) assert.deepEqual([...parsed.args], args);
}

/** Events of the given name in a receipt, decoded. */
export function events(receipt, name) {
  return receipt.logs.map((log) => abi.parseLog(log)).filter((e) => e?.name === name);
}

/**
 * Sends a call as a plain eth_sendTransaction from an unlocked node account with a fixed gas limit and returns the
 * hash; with automining on, the node has mined it (or refused it) by the time this resolves. For bulk work: ethers'
 * contract path adds an estimate and receipt polling to every transaction (~75 ms against ~3 ms in parallel).
 */
export function transact(provider, from, to, fn, args, { gas = 2_000_000, nonce } = {}) {
  const tx = { from, to, data: abi.encodeFunctionData(fn, args), gas: `0x${gas.toString(16)}` };
  if (nonce !== undefined) tx.nonce = `0x${nonce.toString(16)}`;
  return provider.send('eth_sendTransaction', [tx]);
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so that a run can be replayed from its seed. */
export function seededRandom(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
