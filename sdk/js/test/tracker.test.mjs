import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ConflictError, NotFoundError, ProblemError, typedDataHash, ValidationError,
} from "../dist/index.js";
import { eventually, newTracker, server } from "./helpers.mjs";

const seedMetadata = { sessionType: "group", duration: 60, participants: 12 };

test("the seed's recordContribution runs as written: metadata are the details, the subtype follows sessionType", async () => {
  const { tracker, address } = newTracker();
  const result = await tracker.recordContribution({ type: "HEALING_SESSION", metadata: seedMetadata });
  assert.match(result.recordId, /^0x[0-9a-f]{64}$/);
  assert.equal(typeof result.impactScore, "number");
  assert.ok(result.impactScore > 0);
  assert.equal(typeof result.rewardsEarned.scrollCoin, "number");
  assert.equal(typeof result.rewardsEarned.blessingCoin, "number");
  assert.ok(result.scoreBreakdown);
  assert.equal(result.status, "under_review");
  const stored = await tracker.getContribution(result.recordId);
  assert.equal(stored.subtype, "group_healing");
  assert.equal(stored.contributor, address);
  assert.deepEqual(stored.details, seedMetadata);
});

test("recordContribution signs EIP-712: the record id is the digest of what was signed, details as sent", async () => {
  const { tracker, address } = newTracker();
  const performedAt = Math.floor(Date.now() / 1000) - 3600;
  const details = { title: "Guide — ünïcode", url: "https://scrollverse.com/guides/x", tags: ["a", "b"] };
  const cid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
  const result = await tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "tutorial", details, contentCid: cid, performedAt, nonce: 7 });
  const stored = await tracker.getContribution(result.recordId);
  assert.equal(stored.performedAt, performedAt);
  assert.equal(stored.contentCid, cid);
  assert.equal(stored.nonce, 7);
  const { domain, types } = await (await fetch(new URL("api/v1/service-tracking/eip712", server + "/"))).json();
  const digest = typedDataHash({
    types: { EIP712Domain: [{ name: "name", type: "string" }, { name: "version", type: "string" }, { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" }], ...types },
    domain, primaryType: "Contribution",
    message: { contributor: address, contributionType: "CONTENT_CREATION", subtype: "tutorial", detailsHash: stored.detailsHash,
      contentHash: "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", performedAt, nonce: 7 },
  });
  assert.equal(Buffer.from(digest).toString("hex"), result.recordId.slice(2));
});

test("reads: stats, leaderboard, community, contribution, audit trail", async () => {
  const { tracker, address } = newTracker();
  const first = await tracker.recordContribution({ type: "COMMUNITY_MODERATION", subtype: "daily_moderation", details: { note: "x" } });
  await tracker.recordContribution({ type: "TECHNICAL_CONTRIBUTION", details: { repo: "r" } });
  const stats = await tracker.getStats(address);
  assert.equal(stats.metrics.totalContributions, 2);
  assert.equal(stats.contributions.length, 2);
  const board = await tracker.getLeaderboard({ period: "all", limit: 1000 });
  assert.ok(board.leaderboard.some((row) => row.rank >= 1 && typeof row.impactScore === "number"));
  const community = await tracker.getCommunity();
  assert.ok(community.ecosystem.totalContributions >= 2);
  const audit = await tracker.getAuditTrail(first.recordId);
  assert.equal(audit.contributionId, first.recordId);
  assert.ok(audit.auditLog.length >= 1);
  assert.ok((await tracker.getStats()).contributions.some((c) => c.recordId === first.recordId && c.subtype === "daily_moderation"));
});

test("errors are typed and carry the server's problem details", async () => {
  const { tracker } = newTracker();
  await assert.rejects(tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "nonsense", details: {} }), (error) => {
    assert.ok(error instanceof ValidationError && error instanceof ProblemError);
    assert.equal(error.status, 400);
    assert.ok(error.errors.subtype?.length > 0, JSON.stringify(error.problem));
    return true;
  });
  await assert.rejects(tracker.getContribution("0x" + "ab".repeat(32)), (error) => error instanceof NotFoundError && error.problem.status === 404);
  await tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "blog_post", details: { a: 1 }, nonce: 42 });
  await assert.rejects(tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "blog_post", details: { a: 2 }, nonce: 42 }),
    (error) => error instanceof ConflictError && typeof error.problem.detail === "string");
  await assert.rejects(tracker.getStats("not-an-address"), (error) => error instanceof ProblemError && error.status >= 400 && error.status < 500);
});

test("the token is renewed: before it expires, and when the server no longer takes it", async () => {
  const { tracker, calls } = newTracker();
  const first = await tracker.signIn();
  await tracker.recordContribution({ type: "GOVERNANCE_PARTICIPATION", subtype: "voting", details: { proposal: 1 } });
  assert.equal(calls.personal_sign, 1);
  first.expiresAt = Math.floor(Date.now() / 1000) + 30; // within the renewal margin
  await tracker.recordContribution({ type: "GOVERNANCE_PARTICIPATION", subtype: "voting", details: { proposal: 2 } });
  assert.equal(calls.personal_sign, 2);
  assert.ok(tracker.session !== first && tracker.session.expiresAt > Date.now() / 1000 + 3600);
  tracker.session.token = tracker.session.token.slice(0, -4) + "AAAA"; // a signature the server refuses: 401
  await tracker.recordContribution({ type: "GOVERNANCE_PARTICIPATION", subtype: "voting", details: { proposal: 3 } });
  assert.equal(calls.personal_sign, 3);
  const stats = await tracker.getStats();
  assert.equal(stats.metrics.totalContributions, 3);
});

test("a refused sign-in is a typed problem with the server's reason", async () => {
  const { tracker } = newTracker({ siweDomain: "evil.example" });
  await assert.rejects(tracker.signIn(), (error) => error instanceof ProblemError && error.status >= 400 && error.status < 500 && /domain/i.test(JSON.stringify(error.problem)));
});

test("recordContributions: each item answers on its own, in order", async () => {
  const { tracker, address } = newTracker();
  const results = await tracker.recordContributions([
    { type: "CONTENT_CREATION", subtype: "blog_post", details: { n: 1 } },
    { type: "CONTENT_CREATION", subtype: "no_such_subtype", details: { n: 2 } },
    { type: "TEACHING", metadata: { n: 3 } },
  ]);
  assert.deepEqual(results.map((r) => r.ok), [true, false, true]);
  assert.equal(results[0].status, 201);
  assert.ok(results[1].error instanceof ValidationError);
  assert.equal(results[2].record.status, "verified");
  assert.equal((await tracker.getStats(address)).metrics.totalContributions, 2);
});

test("endorse: another contributor's signed endorsement counts; one's own is refused", async () => {
  const author = newTracker();
  const fan = newTracker();
  const { recordId, impactScore } = await author.tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "video", details: { v: 1 } });
  const endorsed = await fan.tracker.endorse(recordId);
  assert.equal(endorsed.recordId, recordId);
  assert.ok(endorsed.impactScore > impactScore);
  const audit = await author.tracker.getAuditTrail(recordId);
  assert.ok(audit.auditLog.some((e) => /endorse/i.test(e.action)), JSON.stringify(audit.auditLog));
  await assert.rejects(author.tracker.endorse(recordId), (error) => error instanceof ProblemError && error.status >= 400 && error.status < 500);
});

test("verifyReceipt: a receipt verifies offline against the log key; every tampered one is refused", async () => {
  const { tracker } = newTracker();
  const { receipt, recordId } = await tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "documentation", details: { d: 1 } });
  const logKey = await tracker.getLogKey();
  const good = tracker.verifyReceipt(receipt, logKey);
  assert.ok(good.ok, good.detail);
  assert.equal(receipt.recordId, recordId);
  const later = await tracker.getReceipt(recordId);
  const laterBody = later.checkpoint.slice(0, later.checkpoint.indexOf("\n\n") + 1);
  assert.ok(tracker.verifyReceipt(later, logKey, { trusted: laterBody }).ok);
  const flip = (hex) => hex.slice(0, -1) + (hex.endsWith("0") ? "1" : "0");
  const tampered = [
    { ...receipt, leafHash: flip(receipt.leafHash) },
    { ...receipt, index: receipt.index + 1 },
    { ...receipt, checkpoint: receipt.checkpoint.replace(/\n(\d+)\n/, (_, n) => `\n${Number(n) + 1}\n`) },
    { ...receipt, checkpoint: receipt.checkpoint.replace(/ ([A-Za-z0-9+/]{4})/, " AAAA") },
    { ...receipt, inclusionProof: [...receipt.inclusionProof, "0x" + "00".repeat(32)] },
  ];
  if (receipt.inclusionProof.length > 0) tampered.push({ ...receipt, inclusionProof: [flip(receipt.inclusionProof[0]), ...receipt.inclusionProof.slice(1)] });
  for (const bad of tampered) assert.equal(tracker.verifyReceipt(bad, logKey).ok, false, JSON.stringify(bad));
  const otherKey = logKey.replace(/\+[0-9a-f]{8}\+/, "+00000000+");
  assert.equal(tracker.verifyReceipt(receipt, otherKey).ok, false);
});

test("proveOnChain: the registry's verifyInclusion accepts the contribution once an anchor covers it", async () => {
  const { tracker } = newTracker({ contractAddress: process.env.SVTRACK_REGISTRY });
  const { recordId } = await tracker.recordContribution({ type: "CONTENT_CREATION", subtype: "blog_post", details: { chain: true } });
  const proof = await eventually(async () => {
    const attempt = await tracker.proveOnChain(recordId);
    return attempt.ok ? attempt : null;
  }, "an anchor covering the record");
  assert.equal(proof.recordId, recordId);
  assert.ok(proof.anchoredTreeSize > proof.index);
  assert.match(proof.detail, /verified/);
  const { tracker: wrong } = newTracker({ contractAddress: "0x" + "11".repeat(20) });
  await assert.rejects(wrong.proveOnChain(recordId));
});
