// Shared by the suites: the live server the script started, fresh wallets, and waiting on a condition (never a sleep
// standing in for one).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { privateKeyProvider, ServiceTracker } from "../dist/index.js";

export const server = process.env.SVTRACK_SERVER ?? "http://127.0.0.1:5191";
export const adminKey = process.env.SVTRACK_ADMIN_KEY;
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

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

/** The package as a user gets it: `npm pack`, then `npm install <tarball>` in an empty folder (once per run). */
export function installedPackage() {
  const root = join(process.env.SVTRACK_DATA ?? tmpdir(), "installed");
  if (!existsSync(join(root, "node_modules", "@scrollverse", "service-tracking", "dist", "index.js"))) {
    mkdirSync(root, { recursive: true });
    const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", root], { cwd: packageRoot, encoding: "utf8" }))[0];
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", `./${packed.filename}`], { cwd: root, stdio: "inherit" });
  }
  return root;
}

/** The README's ```js blocks, in order, with the example server URL replaced by the live one. */
export function readmeSnippets() {
  const text = readFileSync(join(packageRoot, "README.md"), "utf8");
  return [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1].replaceAll("http://127.0.0.1:5080", server));
}
