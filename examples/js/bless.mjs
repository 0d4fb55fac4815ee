// Officials sign their acts the way a browser wallet does (ethers v6 `signTypedData`, as MetaMask's
// eth_signTypedData_v4): an elder blesses a contribution, then assesses another with a reason whose commitment
// SHA-256(salt ‖ UTF-8 reason) they sign. The admin who grants the elder role signs in with SVTRACK_ADMIN_KEY.
// Usage: SVTRACK_ADMIN_KEY=0x... node bless.mjs <server>
import { Wallet, concat, hexlify, randomBytes, sha256, toUtf8Bytes } from "ethers";
import { signIn } from "./signin.mjs";
import { recordContribution } from "./record.mjs";

const server = process.argv[2] ?? "http://127.0.0.1:5080";
const call = async (path, token, method = "GET", body = undefined) => {
  const response = await fetch(`${server}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
};

// An admin makes a fresh wallet an elder.
const elder = Wallet.createRandom();
const adminToken = await signIn(server, new Wallet(process.env.SVTRACK_ADMIN_KEY));
await call(`/api/v1/admin/roles/${elder.address}/elder`, adminToken, "PUT");
const elderToken = await signIn(server, elder);

// 1. A blessing: EIP-712 Blessing(bytes32 recordId, address elder, uint64 issuedAt), types from the server.
const first = await recordContribution(server, Wallet.createRandom());
const blessingType = await call("/api/v1/service-tracking/eip712?primaryType=Blessing");
const blessing = { recordId: first.recordId, elder: elder.address, issuedAt: Math.floor(Date.now() / 1000) };
const blessed = await call(`/api/v1/service-tracking/contributions/${first.recordId}/blessing`, elderToken, "POST", {
  signature: await elder.signTypedData(blessingType.domain, blessingType.types, blessing),
  issuedAt: blessing.issuedAt,
});
if (!(blessed.scoreBreakdown.blessingBonus > 0)) throw new Error(`the blessing did not count: ${JSON.stringify(blessed)}`);
console.log(`Blessed ${first.recordId}: impact ${first.impactScore} -> ${blessed.impactScore}`);

// 2. An assessment with a reason: the log keeps only the commitment, which the elder signs with a salt of their own.
const second = await recordContribution(server, Wallet.createRandom());
const assessmentType = await call("/api/v1/service-tracking/eip712?primaryType=Assessment");
const reason = "Clear, complete and kind";
const reasonSalt = hexlify(randomBytes(32));
const assessment = {
  recordId: second.recordId,
  reviewer: elder.address,
  quality: "high",
  reasonCommitment: sha256(concat([reasonSalt, toUtf8Bytes(reason)])),
  issuedAt: Math.floor(Date.now() / 1000),
};
const assessed = await call(`/api/v1/service-tracking/contributions/${second.recordId}/assessment`, elderToken, "POST", {
  signature: await elder.signTypedData(assessmentType.domain, assessmentType.types, assessment),
  issuedAt: assessment.issuedAt, quality: assessment.quality, reason, reasonSalt,
});
if (assessed.scoreBreakdown.quality !== "high") throw new Error(`the assessment did not count: ${JSON.stringify(assessed)}`);

// 3. The log entry carries the signed act: anyone can check who blessed, offline.
const { auditLog } = await call(`/api/v1/service-tracking/contributions/${first.recordId}/audit`);
const entry = auditLog.find((e) => e.action === "ELDER_BLESSED");
const { TypedDataEncoder, recoverAddress } = await import("ethers");
const digest = TypedDataEncoder.hash(blessingType.domain, blessingType.types, entry.signed.message);
if (recoverAddress(digest, entry.signed.signature) !== elder.address) throw new Error("the logged blessing does not recover to the elder");
console.log(`Assessed ${second.recordId} as high; the logged blessing recovers to the elder ${elder.address}`);
