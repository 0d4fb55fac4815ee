// The officials' signed acts (ADR 0011) checked by the SDK: real blessings, features, assessments and review decisions
// made through the API by officials signing with ethers (an independent EIP-712 implementation: the digests must be its
// own), then every kind of tampering refused with its reason; and a contract wallet's act (EIP-1271) on the Hardhat node.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkContractWallets, privateKeyProvider, reasonCommitment, ServiceTracker, verifyOfficialActs } from "../dist/index.js";
import { adminKey, eventually, newKey, newTracker, server } from "./helpers.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const { TypedDataEncoder, Wallet } = createRequire(join(repo, "contracts", "package.json"))("ethers");
const rpc = process.env.SVTRACK_RPC;
const rpcCall = async (method, params = []) => {
  const body = await (await fetch(rpc, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) })).json();
  assert.ok(!body.error, `${method}: ${JSON.stringify(body.error)}`);
  return body.result;
};

const api = async (path, token, body) => {
  const response = await fetch(new URL(path, server + "/"), {
    method: body === undefined ? "GET" : body === null ? "PUT" : "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
};

const admin = newTracker({}, adminKey).tracker;
const typesOf = new Map();
const typedData = (primaryType) => typesOf.get(primaryType) ?? typesOf.set(primaryType, api(`api/v1/service-tracking/eip712?primaryType=${primaryType}`)).get(primaryType);

/** A fresh official holding `role`, signed in through the SDK; its acts are signed with ethers. */
async function official(role) {
  const { tracker, key, address } = newTracker();
  await api(`api/v1/admin/roles/${address}/${role}`, (await admin.signIn()).token, null);
  const { token } = await tracker.signIn();
  const wallet = new Wallet(key);
  /** Signs the act with ethers and posts it; `fields` are the act's own (quality, reason), the rest is filled in. */
  const act = async (primaryType, path, recordId, field, fields = {}) => {
    const { domain, types } = await typedData(primaryType);
    const issuedAt = Math.floor(Date.now() / 1000);
    const reasonSalt = "0x" + randomBytes(32).toString("hex");
    const message = { recordId, [field]: address, issuedAt, ...fields.signed };
    if (types[primaryType].some((f) => f.name === "reasonCommitment")) message.reasonCommitment = reasonCommitment(reasonSalt, fields.reason);
    const signature = await wallet.signTypedData(domain, types, message);
    const reasoned = fields.reason === undefined ? {} : { reason: fields.reason, reasonSalt, quality: fields.quality };
    return { contribution: await api(path, token, { signature, issuedAt, ...reasoned }), reasonSalt };
  };
  return { address, key, act };
}

const [elder, curator, verifier] = [await official("elder"), await official("curator"), await official("verifier")];

/** A contribution under review, blessed, featured, assessed and approved by three officials; its trail and the reasons. */
async function recognised() {
  const author = newTracker();
  const { recordId, status } = await author.tracker.recordContribution({ type: "HEALING_SESSION", metadata: { sessionType: "group", duration: 60, participants: 12 } });
  assert.equal(status, "under_review");
  const at = `api/v1/service-tracking/contributions/${recordId}`;
  await elder.act("Blessing", `${at}/blessing`, recordId, "elder");
  await curator.act("Feature", `${at}/feature`, recordId, "curator");
  await verifier.act("Assessment", `${at}/assessment`, recordId, "reviewer", { reason: "Clear and kind — ünïcode", quality: "high", signed: { quality: "high" } });
  await elder.act("ReviewDecision", `api/v1/review/${recordId}/approve`, recordId, "reviewer",
    { reason: "Verified with the group", quality: "exceptional", signed: { decision: "approve", quality: "exceptional" } });
  const trail = await author.tracker.getAuditTrail(recordId);
  return { author, recordId, trail };
}

const { author, recordId, trail } = await recognised();
const copy = () => structuredClone(trail);
const entryOf = (t, action) => t.auditLog.find((e) => e.action === action && e.signed);

test("real acts made through the API verify offline, and each digest is the one ethers computes", async () => {
  const result = verifyOfficialActs(trail);
  assert.ok(result.ok, JSON.stringify(result, (_, v) => (typeof v === "bigint" ? String(v) : v), 1));
  const actions = result.acts.map((a) => a.action);
  for (const action of ["ELDER_BLESSED", "FEATURED", "QUALITY_ASSESSED", "REVIEW_APPROVED"]) assert.ok(actions.includes(action), actions.join());
  assert.ok(result.acts.every((a) => a.status === "valid" && /signed by 0x/.test(a.detail)));
  const officials = new Set(result.acts.map((a) => a.signer));
  assert.deepEqual([...officials].sort(), [elder.address, curator.address, verifier.address].sort());
  for (const act of result.acts) {
    const entry = trail.auditLog[act.position];
    const { domain, types } = await typedData(act.primaryType);
    assert.equal(act.digest, TypedDataEncoder.hash(domain, types, entry.signed.message), `${act.action}: ethers' digest`);
    assert.equal(act.actor, entry.actor);
  }
  const viaTracker = await author.tracker.verifyOfficialActs(recordId);
  assert.ok(viaTracker.ok, viaTracker.detail);
  assert.equal(viaTracker.acts.length, result.acts.length);
});

test("the contributor's profile export opens the reasons' commitments; a wrong reason or salt is refused", async () => {
  const exported = await api("api/v1/profile/export", (await author.tracker.signIn()).token);
  const reviews = exported.contributions.find((c) => c.recordId === recordId).reviews;
  const fromExport = { contributionId: recordId, auditLog: exported.auditTrails[recordId] };
  const opened = verifyOfficialActs(fromExport, { reasons: reviews });
  assert.ok(opened.ok, opened.detail);
  const reasoned = opened.acts.filter((a) => a.primaryType === "Assessment" || a.primaryType === "ReviewDecision");
  assert.ok(reasoned.length >= 2 && reasoned.every((a) => a.reasonOpened === true && /opens its commitment/.test(a.detail)), JSON.stringify(reasoned.map((a) => a.detail)));
  const wrongText = reviews.map((r) => (r.reason ? { ...r, reason: r.reason + "." } : r));
  const refused = verifyOfficialActs(fromExport, { reasons: wrongText });
  assert.equal(refused.ok, false);
  assert.ok(refused.acts.filter((a) => a.reasonOpened === false).length >= 2);
  assert.ok(refused.acts.filter((a) => a.status === "invalid").every((a) => /does not open the signed commitment/.test(a.detail)));
  const wrongSalt = reviews.map((r) => (r.reasonSalt ? { ...r, reasonSalt: "0x" + "00".repeat(32) } : r));
  assert.equal(verifyOfficialActs(fromExport, { reasons: wrongSalt }).ok, false);
  const otherActor = reviews.map((r) => ({ ...r, reason: "not this one", actor: "0x" + "11".repeat(20) }));
  assert.ok(verifyOfficialActs(fromExport, { reasons: otherActor }).acts.every((a) => a.status === "valid" && a.reasonOpened === undefined));
});

test("tampered entries fail with the reason: quality, record, decision, actor, type, replay, signature, domain", async () => {
  const verdictOf = (t, action, options) => verifyOfficialActs(t, options).acts.find((a) => a.action === action);
  const cases = [];
  const tamper = (name, action, change, expect) => {
    const t = copy();
    const entry = entryOf(t, action);
    change(entry, t);
    cases.push([name, verifyOfficialActs(t).acts.find((a) => a.position === t.auditLog.indexOf(entry)), expect]);
  };
  tamper("entry's quality changed", "QUALITY_ASSESSED", (e) => (e.quality = "exceptional"), /signed quality is 'high', the entry records 'exceptional'/);
  tamper("another record id", "ELDER_BLESSED", (_, t) => (t.contributionId = "0x" + "ab".repeat(32)), /the act is about 0x[0-9a-f]{64}, this record is 0x(ab){32}/);
  cases.push(["expected record given", verdictOf(trail, "FEATURED", { recordId: "0x" + "cd".repeat(32) }), /this record is 0x(cd){32}/]);
  tamper("approval relabelled a rejection", "REVIEW_APPROVED", (e) => (e.action = "REVIEW_REJECTED"), /signed decision is 'approve', the entry records REVIEW_REJECTED/);
  tamper("swapped actor", "ELDER_BLESSED", (e) => (e.actor = curator.address), /the act names 0x[0-9a-fA-F]{40}, the entry's actor is/);
  tamper("reason commitment swapped", "QUALITY_ASSESSED", (e) => (e.reasonCommitment = "0x" + "00".repeat(32)), /reason commitment is not the entry's/);
  tamper("no signature", "FEATURED", (e) => delete e.signed, /no signature/);
  tamper("a Feature authorising a blessing", "ELDER_BLESSED", (e, t) => (e.signed = structuredClone(entryOf(t, "FEATURED").signed)), /a Feature signature cannot authorise ELDER_BLESSED/);
  tamper("malformed signature", "FEATURED", (e) => (e.signed.signature = "0x1234"), /malformed signature/);
  tamper("malformed message", "FEATURED", (e) => (e.signed.message = null), /no message/);
  cases.push(["pinned to another chain", verdictOf(trail, "FEATURED", { domain: { chainId: 1 } }), /signed for chain 31337, not 1/]);
  for (const [name, verdict, expect] of cases) {
    assert.equal(verdict?.status, "invalid", `${name}: ${JSON.stringify(verdict?.detail)}`);
    assert.match(verdict.detail, expect, name);
  }

  const replayed = copy();
  replayed.auditLog.push(structuredClone(entryOf(trail, "ELDER_BLESSED")));
  const blessings = verifyOfficialActs(replayed).acts.filter((a) => a.action === "ELDER_BLESSED");
  assert.deepEqual(blessings.map((a) => a.status), ["valid", "invalid"]);
  assert.match(blessings[1].detail, /replayed/);

  // Not the actor's key: offline that is a contract wallet's signature or a forgery, and only the chain can tell.
  const { domain, types } = await typedData("Blessing");
  const forged = copy();
  const blessing = entryOf(forged, "ELDER_BLESSED");
  blessing.signed.signature = await Wallet.createRandom().signTypedData(domain, types, blessing.signed.message);
  const quality = entryOf(forged, "QUALITY_ASSESSED");
  quality.signed.message.quality = quality.quality = "exceptional"; // the entry agrees, but the signature was of 'high'
  const offline = verifyOfficialActs(forged);
  assert.equal(offline.ok, false);
  for (const action of ["ELDER_BLESSED", "QUALITY_ASSESSED"]) {
    const verdict = offline.acts.find((a) => a.action === action);
    assert.equal(verdict.status, "needs_chain", verdict.detail);
    assert.match(verdict.detail, /recovers to 0x[0-9a-fA-F]{40}, not to .*contract wallet .*EIP-1271/);
  }
  assert.match(offline.detail, /2 need the chain/);
  const onChain = await checkContractWallets(offline, privateKeyProvider(newKey(), { rpcUrl: rpc }));
  for (const action of ["ELDER_BLESSED", "QUALITY_ASSESSED"]) {
    const verdict = onChain.acts.find((a) => a.action === action);
    assert.equal(verdict.status, "invalid", verdict.detail);
    assert.match(verdict.detail, /which is no contract wallet \(it has no code on chain 31337\)/);
  }
  const elsewhere = await checkContractWallets(offline, privateKeyProvider(newKey(), { chainId: 5 }));
  assert.match(elsewhere.acts.find((a) => a.action === "ELDER_BLESSED").detail, /the provider is on chain 5, the act was signed for chain 31337/);
});

test("never throws on a bad entry: each is a verdict", () => {
  const garbage = copy();
  const base = entryOf(trail, "ELDER_BLESSED");
  garbage.auditLog.push(
    { ...base, signed: "x" },
    { ...base, signed: { ...base.signed, primaryType: "Nonsense" } },
    { ...base, signed: { ...base.signed, chainId: "31337" } },
    { ...base, signed: { ...base.signed, message: { ...base.signed.message, issuedAt: -1 } } },
    { ...base, signed: { ...base.signed, message: { ...base.signed.message, recordId: 42 } } },
    { ...base, signed: { ...base.signed, verifyingContract: "nope" } },
    { ...base, signed: { ...base.signed, message: { ...base.signed.message, issuedAt: 1 }, signature: "0x" + "00".repeat(64) + "1b" } },
    null, 7, { action: "ELDER_BLESSED" },
  );
  const result = verifyOfficialActs(garbage);
  const added = result.acts.filter((a) => a.position >= trail.auditLog.length);
  assert.equal(added.length, 8);
  assert.deepEqual(added.map((a) => a.status), ["invalid", "invalid", "invalid", "invalid", "invalid", "invalid", "needs_chain", "invalid"]);
  assert.equal(verifyOfficialActs({}).ok, false);
  assert.equal(verifyOfficialActs(null).ok, false);
});

test("a contract wallet's blessing (EIP-1271): needs the chain offline, accepted through the provider; another key's is refused", async () => {
  const owner = privateKeyProvider(newKey(), { rpcUrl: rpc });
  const artifact = JSON.parse(readFileSync(join(repo, "tests", "ServiceTracking.Chain.Tests", "testdata", "erc1271-wallet.json"), "utf8"));
  const [, deployer] = await rpcCall("eth_accounts"); // Hardhat's second account: the first anchors for the server
  const txHash = await rpcCall("eth_sendTransaction", [{ from: deployer, data: artifact.bytecode + owner.address.slice(2).toLowerCase().padStart(64, "0") }]);
  const receipt = await eventually(() => rpcCall("eth_getTransactionReceipt", [txHash]), "the wallet's deployment");
  const walletAddress = receipt.contractAddress;

  // The wallet signs in (SIWE, checked by EIP-1271) and blesses: its owner's key signs for it.
  const asWallet = {
    request: ({ method, params }) => method === "eth_accounts" || method === "eth_requestAccounts" ? [walletAddress]
      : method === "personal_sign" ? owner.request({ method, params: [params[0], owner.address] })
      : method === "eth_signTypedData_v4" ? owner.request({ method, params: [owner.address, params[1]] })
      : owner.request({ method, params }),
  };
  await api(`api/v1/admin/roles/${walletAddress}/elder`, (await admin.signIn()).token, null);
  const walletTracker = new ServiceTracker({ provider: asWallet, server });
  const { token } = await walletTracker.signIn();
  const { recordId: blessed } = await newTracker().tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "blog_post", details: { wallet: true } });
  const { domain, types } = await typedData("Blessing");
  const issuedAt = Math.floor(Date.now() / 1000);
  const payload = { types: { EIP712Domain: [{ name: "name", type: "string" }, { name: "version", type: "string" }, { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" }], ...types },
    domain, primaryType: "Blessing", message: { recordId: blessed, elder: walletAddress, issuedAt } };
  const signature = await asWallet.request({ method: "eth_signTypedData_v4", params: [walletAddress, JSON.stringify(payload)] });
  await api(`api/v1/service-tracking/contributions/${blessed}/blessing`, token, { signature, issuedAt });

  const offline = await walletTracker.verifyOfficialActs(blessed, { chain: false });
  assert.deepEqual(offline.acts.map((a) => a.status), ["needs_chain"]);
  const checked = await walletTracker.verifyOfficialActs(blessed);
  assert.ok(checked.ok, checked.detail);
  assert.match(checked.acts[0].detail, /accepted by the contract wallet 0x[0-9a-fA-F]{40} \(EIP-1271\) on chain 31337/);

  const trailOfWallet = await walletTracker.getAuditTrail(blessed);
  const stranger = entryOf(trailOfWallet, "ELDER_BLESSED");
  stranger.signed.signature = await Wallet.createRandom().signTypedData(domain, types, stranger.signed.message);
  const refused = await walletTracker.verifyOfficialActs(trailOfWallet);
  assert.equal(refused.ok, false);
  assert.match(refused.acts[0].detail, /the contract wallet 0x[0-9a-fA-F]{40} refused the signature/);
});
