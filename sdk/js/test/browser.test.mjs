// The seed's ServiceTracker snippet in Chromium: the package is loaded as a browser loads it, from the files the
// packed tarball installed (an import map names the package and its two dependencies), on a page of another origin
// that the server lets in by CORS; window.ethereum is an injected EIP-1193 wallet bridged to a key held in Node.
import assert from "node:assert/strict";
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import { extname, join, normalize } from "node:path";
import { test } from "node:test";
import { chromium } from "playwright-core";
import { privateKeyProvider } from "../dist/index.js";
import { installedPackage, newKey, readmeSnippets, server } from "./helpers.mjs";

const pagePort = Number(process.env.SVTRACK_PAGE_PORT ?? 5195);

function page(snippet) {
  return `<!doctype html><meta charset="utf-8"><title>seed snippet</title>
<script type="importmap">{"imports": {
  "@scrollverse/service-tracking": "/node_modules/@scrollverse/service-tracking/dist/index.js",
  "@noble/hashes/": "/node_modules/@noble/hashes/",
  "@noble/curves/": "/node_modules/@noble/curves/"
}}</script>
<script type="module">
const [userAddress] = await window.ethereum.request({ method: 'eth_requestAccounts' });
const displayStats = (stats) => { window.shownStats = stats; };
${snippet}
try {
  await recordMyContribution();
  await getMyStats();
  window.done = 'ok';
} catch (error) {
  window.done = 'error: ' + error.name + ': ' + error.message;
}
</script>`;
}

function serveFolder(folder, html) {
  const types = { ".js": "text/javascript", ".html": "text/html", ".json": "application/json" };
  return http.createServer((request, response) => {
    const path = new URL(request.url, "http://x").pathname;
    if (path === "/") return response.writeHead(200, { "content-type": "text/html" }).end(html);
    const file = normalize(join(folder, path));
    if (!file.startsWith(folder) || !existsSync(file) || !statSync(file).isFile()) return response.writeHead(404).end();
    response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
}

test("the seed's snippet runs in Chromium with an injected wallet, from the packed tarball", async () => {
  const folder = installedPackage();
  const snippet = readmeSnippets()[0];
  assert.match(snippet, /provider: window\.ethereum/);
  const site = serveFolder(folder, page(snippet));
  await new Promise((resolve) => site.listen(pagePort, "127.0.0.1", resolve));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const wallet = privateKeyProvider(newKey());
    const context = await browser.newContext();
    const requests = [];
    await context.exposeBinding("walletRequest", async (_, args) => {
      requests.push(args.method);
      return wallet.request(args);
    });
    await context.addInitScript(() => {
      window.ethereum = { isInjected: true, request: (args) => window.walletRequest(args) };
    });
    const tab = await context.newPage();
    const logs = [];
    tab.on("console", (message) => logs.push(message.text()));
    await tab.goto(`http://127.0.0.1:${pagePort}/`);
    await tab.waitForFunction(() => window.done !== undefined, null, { timeout: 60_000 });
    assert.equal(await tab.evaluate(() => window.done), "ok", logs.join("\n"));
    assert.ok(logs.some((l) => /^Recorded! Impact Score: \d/.test(l)), logs.join("\n"));
    const stats = await tab.evaluate(() => window.shownStats);
    assert.equal(stats.address, wallet.address);
    assert.equal(stats.contributions.length, 1, JSON.stringify(stats)); // a group healing waits for review: listed, not yet counted
    assert.deepEqual(requests.filter((m) => m !== "eth_requestAccounts"), ["personal_sign", "eth_signTypedData_v4"]);
    const recorded = await (await fetch(`${server}/api/v1/service-tracking/contributions/${stats.contributions[0].recordId}`)).json();
    assert.deepEqual([recorded.type, recorded.subtype, recorded.status], ["HEALING_SESSION", "group_healing", "under_review"]);
  } finally {
    await browser.close();
    site.close();
  }
});
