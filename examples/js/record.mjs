// Sign in with Ethereum, then record a contribution signed with EIP-712, using ethers v6 and fetch.
// Usage: node record.mjs [server]   (default http://127.0.0.1:5080)
import { pathToFileURL } from "node:url";
import { Wallet, keccak256, toUtf8Bytes, ZeroHash } from "ethers";
import { signIn } from "./signin.mjs";

const json = async (response) => {
  const body = await response.json();
  if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return body;
};

export async function recordContribution(server, wallet) {
  // 1. Sign-In with Ethereum (EIP-4361): the domain is the server's host:port, the nonce single-use (signin.mjs).
  const token = await signIn(server, wallet);

  // 2. Sign the contribution with EIP-712: the domain and types come from the server.
  const { domain, types } = await json(await fetch(`${server}/api/v1/service-tracking/eip712`));
  const details = { title: "Guide to Sacred Geometry", url: "https://scrollverse.com/guides/sacred-geometry" };
  const detailsJson = JSON.stringify(details);          // hash these exact bytes, and send this exact text
  const contribution = {
    contributor: wallet.address,
    contributionType: "CONTENT_CREATION",
    subtype: "tutorial",
    detailsHash: keccak256(toUtf8Bytes(detailsJson)),
    contentHash: ZeroHash,                              // or the sha2-256 digest inside contentCid
    performedAt: Math.floor(Date.now() / 1000),
    nonce: 1,                                           // yours to choose; each (contributor, nonce) once
  };
  const signature = await wallet.signTypedData(domain, types, contribution);

  // 3. Record it. `details` goes in as the same text that was hashed.
  const body = `{"type":"${contribution.contributionType}","subtype":"${contribution.subtype}",` +
    `"details":${detailsJson},"performedAt":${contribution.performedAt},"nonce":${contribution.nonce},"signature":"${signature}"}`;
  const record = await json(await fetch(`${server}/api/v1/service-tracking/record`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  }));
  console.log(`Recorded ${record.recordId}: ${record.status}, impact ${record.impactScore}`);

  // The record id is the EIP-712 digest: anyone can recompute it.
  const { TypedDataEncoder } = await import("ethers");
  if (TypedDataEncoder.hash(domain, types, contribution) !== record.recordId) throw new Error("record id mismatch");
  return record;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await recordContribution(process.argv[2] ?? "http://127.0.0.1:5080", Wallet.createRandom());
}
