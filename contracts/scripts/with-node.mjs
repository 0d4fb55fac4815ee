// Runs a command against a throwaway Hardhat 2 node: starts `hardhat node` on 127.0.0.1 on a free port, waits until it
// answers JSON-RPC, runs the command with RPC_URL set, and stops the node by its PID (also on failure or Ctrl-C).
// Usage: node scripts/with-node.mjs <command> [args...]
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-node.mjs <command> [args...]');
  process.exit(2);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function answers(url) {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    });
    return res.ok && (await res.json()).result !== undefined;
  } catch {
    return false;
  }
}

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const hardhat = join(root, 'node_modules', 'hardhat', 'internal', 'cli', 'cli.js');
const env = { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true' };
const node = spawn(process.execPath, [hardhat, '--config', 'hardhat.config.cjs', 'node', '--hostname', '127.0.0.1', '--port', String(port)], {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'pipe'],
});
let nodeErr = '';
node.stderr.on('data', (d) => (nodeErr += d));
let nodeExited = false;
node.on('exit', () => (nodeExited = true));

function stopNode() {
  if (!nodeExited) {
    try {
      process.kill(node.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
process.on('exit', stopNode);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopNode();
    process.exit(130);
  });
}

const deadline = Date.now() + 60_000;
while (!(await answers(url))) {
  if (nodeExited || Date.now() > deadline) {
    console.error(`hardhat node did not start on ${url}\n${nodeErr}`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}

// The node logs every transaction it runs; nobody reads it here, and it slows bulk runs down by a third.
await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'hardhat_setLoggingEnabled', params: [false] }),
});

const child = spawn(command === 'node' ? process.execPath : command, args, { cwd: root, env: { ...env, RPC_URL: url }, stdio: 'inherit' });
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
stopNode();
process.exit(code);
