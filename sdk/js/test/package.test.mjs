import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { privateKeyProvider, ServiceMonitor, ServiceTracker } from "../dist/index.js";
import { adminKey, eventually, installedPackage, newKey, newTracker, readmeSnippets } from "./helpers.mjs";

const receiverPort = Number(process.env.SVTRACK_RECEIVER_PORT ?? 5193);
const [, nodeSnippet, streamSnippet, webhookSnippet] = readmeSnippets();

/** Runs a README snippet from the folder the tarball was installed into; returns the child and its output so far. */
function startSnippet(name, code, env) {
  const folder = installedPackage();
  writeFileSync(join(folder, name), code);
  const child = spawn(process.execPath, [name], { cwd: folder, env: { ...process.env, ...env } });
  const output = { text: "" };
  child.stdout.on("data", (d) => (output.text += d));
  child.stderr.on("data", (d) => (output.text += d));
  return { child, output, exited: new Promise((resolve) => child.on("exit", resolve)) };
}

test("the tarball installs into an empty folder with its declarations", () => {
  const folder = installedPackage();
  const types = join(folder, "node_modules", "@scrollverse", "service-tracking", "dist", "index.d.ts");
  assert.ok(existsSync(types));
  assert.equal(readmeSnippets().length, 4);
});

test("README: the Node snippet runs unmodified and its receipt verifies", async () => {
  const run = startSnippet("record.mjs", nodeSnippet, { PRIVATE_KEY: newKey() });
  assert.equal(await run.exited, 0, run.output.text);
  assert.match(run.output.text, /Recorded 0x[0-9a-f]{64}: verified, impact \d/);
  assert.match(run.output.text, /is in the log .* signed by/);
  assert.match(run.output.text, /^201 0x/m);
  assert.match(run.output.text, /^400 /m);
  assert.match(run.output.text, /refused: \{/);
  assert.match(run.output.text, /: 2 contributions, rank \d+/);
});

test("README: the stream monitor snippet reports a new contribution", async () => {
  const run = startSnippet("monitor.mjs", streamSnippet, {});
  try {
    await eventually(() => run.output.text.includes("following the event stream"), "the monitor to connect");
    const { tracker } = newTracker();
    const { recordId } = await tracker.recordContribution({ type: "TEACHING", subtype: "mentoring", details: { m: 1 } });
    await eventually(() => run.output.text.includes(recordId), `the monitor to print ${recordId}: ${run.output.text}`);
  } finally {
    run.child.kill();
    await run.exited;
  }
});

test("README: the webhook monitor snippet receives a verified delivery", async () => {
  const admin = new ServiceTracker({ provider: privateKeyProvider(adminKey), server: process.env.SVTRACK_SERVER });
  const registrar = new ServiceMonitor({ tracker: admin, webhookUrl: `http://127.0.0.1:${receiverPort}/webhooks/contributions` });
  const { secret } = await registrar.registerWebhook(["contribution.recorded"]);
  const run = startSnippet("webhooks.mjs", webhookSnippet, { WEBHOOK_SECRET: secret, PORT: String(receiverPort) });
  try {
    await eventually(async () => (await fetch(`http://127.0.0.1:${receiverPort}/`, { method: "POST", body: "{}" }).catch(() => null))?.status === 400, "the receiver to listen");
    const { tracker } = newTracker();
    const { recordId } = await tracker.recordContribution({ type: "TEACHING", subtype: "teaching_session", details: { t: 1 } });
    await eventually(() => run.output.text.includes(`webhook: TEACHING/teaching_session ${recordId}`), `the delivery: ${run.output.text}`);
  } finally {
    run.child.kill();
    await run.exited;
  }
});
