import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { privateKeyProvider, ServiceMonitor, ServiceTracker, signWebhook } from "../dist/index.js";
import { adminKey, eventually, newTracker, server } from "./helpers.mjs";

const restartPort = Number(process.env.SVTRACK_RESTART_PORT ?? 5192);
const receiverPort = Number(process.env.SVTRACK_RECEIVER_PORT ?? 5193);

/** The server as its own process on a data directory that outlives it, so it can be killed (SIGKILL) and started again. */
function startServer(dataDirectory) {
  const child = spawn("dotnet", [process.env.SVTRACK_SERVER_DLL, "--urls", `http://127.0.0.1:${restartPort}`, `--Storage:DataDirectory=${dataDirectory}`,
    "--Logging:LogLevel:Default=Warning", "--Limits:RecordsPerMinute=1000", "--Rewards:Scheduler=false", "--Monitor:LeaderboardEvents=false"], { stdio: "ignore" });
  const url = `http://127.0.0.1:${restartPort}`;
  const ready = eventually(async () => (await fetch(`${url}/health`).catch(() => null))?.ok, "the server to start");
  const stopped = new Promise((resolve) => child.on("exit", resolve));
  return { url, ready, stop: async () => { child.kill("SIGKILL"); await stopped; } };
}

test("SSE: across a server restart no event is missed and none is handled twice; a later monitor resumes after lastEventId", async () => {
  const data = mkdtempSync(join(process.env.SVTRACK_DATA ?? "/tmp", "restart-"));
  let running = startServer(data);
  await running.ready;
  const { tracker } = newTracker({ server: running.url });
  const seen = [];
  const errors = [];
  let connections = 0;
  const monitor = new ServiceMonitor({ server: running.url, types: ["contribution.recorded"], reconnectDelayMs: 200 })
    .on("contribution", (data, envelope) => seen.push({ id: envelope.id, recordId: data.recordId }))
    .on("connected", () => connections++)
    .on("error", (e) => errors.push(e))
    .follow();
  await eventually(() => connections === 1, "the stream to open");
  const recorded = [];
  for (let i = 0; i < 3; i++) recorded.push((await tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "blog_post", details: { i } })).recordId);
  await eventually(() => seen.length === 3, "the first three events");

  await running.stop();
  await eventually(() => errors.length > 0, "the monitor to notice the server is gone");
  running = startServer(data);
  await running.ready;
  for (let i = 3; i < 6; i++) recorded.push((await tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "blog_post", details: { i } })).recordId);
  await eventually(() => seen.length >= 6 && connections >= 2, "the three events after the restart");
  await monitor.close();

  assert.deepEqual(seen.map((s) => s.recordId), recorded);
  assert.equal(new Set(seen.map((s) => s.id)).size, 6);
  assert.ok(seen.every((s, i) => i === 0 || BigInt(s.id) > BigInt(seen[i - 1].id)));

  // Two more while no one listens: a new monitor given the old one's lastEventId gets exactly those.
  const missed = [];
  for (let i = 6; i < 8; i++) missed.push((await tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "blog_post", details: { i } })).recordId);
  const later = [];
  const resumed = new ServiceMonitor({ server: running.url, types: ["contribution.recorded"], lastEventId: monitor.lastEventId })
    .on("contribution", (data) => later.push(data.recordId)).follow();
  await eventually(() => later.length >= 2, "the events recorded while no one listened");
  await resumed.close();
  await running.stop();
  assert.deepEqual(later, missed);
});

test("alert thresholds: highImpact once per contribution at the monitor's threshold", async () => {
  const { tracker } = newTracker();
  const high = [];
  const all = [];
  const monitor = new ServiceMonitor({ server, types: ["contribution.recorded", "contribution.high_impact"], alertThresholds: { highImpactContribution: 60 } })
    .on("contribution", (data) => all.push(data.recordId))
    .on("highImpact", (data) => high.push(data));
  let connected;
  const open = new Promise((resolve) => (connected = resolve));
  monitor.on("connected", () => connected()).follow();
  await open;
  const small = await tracker.recordContribution({ type: "GOVERNANCE_PARTICIPATION", subtype: "voting", details: { p: 1 } });
  const big = await tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "video", details: { v: 2 } });
  assert.ok(small.impactScore < 60 && big.impactScore >= 60, `${small.impactScore} ${big.impactScore}`);
  await eventually(() => all.includes(big.recordId) && all.includes(small.recordId), "both contributions");
  await monitor.close();
  assert.deepEqual(high.map((h) => h.recordId), [big.recordId]);
});

test("webhooks: verified deliveries reach the handlers once; a bad signature is refused; a duplicate is ignored", async () => {
  const admin = new ServiceTracker({ provider: privateKeyProvider(adminKey), server });
  const monitor = new ServiceMonitor({ tracker: admin, webhookUrl: `http://127.0.0.1:${receiverPort}/hooks`, alertThresholds: { suspiciousActivity: 100 } });
  const contributions = [];
  const suspicious = [];
  monitor.on("contribution", (data) => contributions.push(data)).on("suspicious", (data) => suspicious.push(data));
  const { secret } = await monitor.registerWebhook(["contribution.recorded"]);
  const handler = monitor.webhookHandler();
  const deliveries = [];
  const receiver = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (c) => chunks.push(c));
    request.on("end", async () => {
      const body = Buffer.concat(chunks);
      deliveries.push({ headers: request.headers, body });
      const replay = Object.assign(async function* () { yield body; }(), { headers: request.headers });
      await handler(replay, response);
    });
  });
  await new Promise((resolve) => receiver.listen(receiverPort, "127.0.0.1", resolve));
  try {
    const { tracker } = newTracker();
    const { recordId } = await tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "blog_post", details: { hook: 1 } });
    await eventually(() => contributions.some((c) => c.recordId === recordId), "the webhook delivery");
    const first = deliveries.find((d) => JSON.parse(d.body).data.recordId === recordId);

    const post = async (headers, body) => {
      const { ["content-length"]: _, host: __, connection: ___, ...rest } = headers;
      return (await fetch(`http://127.0.0.1:${receiverPort}/hooks`, { method: "POST", headers: rest, body })).status;
    };
    assert.equal(await post(first.headers, first.body), 204);                      // the same delivery again
    assert.equal(contributions.filter((c) => c.recordId === recordId).length, 1);
    const forged = Buffer.from(first.body.toString().replace(recordId, "0x" + "ee".repeat(32)));
    assert.equal(await post(first.headers, forged), 400);                          // body changed, signature kept
    assert.ok(!contributions.some((c) => c.recordId === "0x" + "ee".repeat(32)));

    // activity.suspicious as the service would sign it: only a score at the monitor's threshold raises an alert.
    for (const [id, score] of [["900000001", 50], ["900000002", 150]]) {
      const body = JSON.stringify({ id, type: "activity.suspicious", timestamp: Math.floor(Date.now() / 1000), data: { subject: "0x" + "12".repeat(20), score, signals: [] } });
      const timestamp = Math.floor(Date.now() / 1000);
      assert.equal(await post({ "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signWebhook(secret, id, timestamp, body) }, body), 204);
    }
    assert.deepEqual(suspicious.map((s) => s.score), [150]);
  } finally {
    receiver.close();
  }
});
