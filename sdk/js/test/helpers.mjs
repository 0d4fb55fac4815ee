// Shared by the suites: the live server the script started, fresh wallets, and waiting on a condition (never a sleep
// standing in for one).
import { randomBytes } from "node:crypto";
import { privateKeyProvider, ServiceTracker } from "../dist/index.js";

export const server = process.env.SVTRACK_SERVER ?? "http://127.0.0.1:5191";
export const adminKey = process.env.SVTRACK_ADMIN_KEY;

export const newKey = () => "0x" + randomBytes(32).toString("hex");

/** A tracker for a fresh wallet (or `key`), with the calls its provider received counted by method. */
export function newTracker(options = {}, key = newKey()) {
  const wallet = privateKeyProvider(key, { rpcUrl: process.env.SVTRACK_RPC });
  const calls = {};
  const provider = {
    address: wallet.address,
    request(args) {
      calls[args.method] = (calls[args.method] ?? 0) + 1;
      return wallet.request(args);
    },
  };
  return { tracker: new ServiceTracker({ provider, server, ...options }), calls, address: wallet.address, key };
}

/** Resolves once `condition()` is truthy (polled), or fails with `what` after `seconds`. */
export async function eventually(condition, what, seconds = 60) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
