// Offline verification of the officials' signed acts (ADR 0011): every blessing, feature, assessment and review
// decision in a contribution's audit trail carries `signed`, the official's EIP-712 signature of exactly that act. The
// digest is rebuilt here from the entry and the service's domain, the signature must recover to the entry's actor, and
// the act must be bound to this record and to what the entry records. A contract wallet's act (EIP-1271) is asked of
// the chain by `checkContractWallets`. Nothing here trusts the server.
import { sha256 } from "@noble/hashes/sha2.js";
import { concat, fromHex, toHex, utf8 } from "./bytes.js";
import { checksumAddress, domainFields, typedDataHash, type TypedField } from "./ethereum.js";
import { word } from "./onchain.js";
import type { AuditTrail } from "./types.js";
import { recoverAddress, type Eip1193Provider } from "./wallet.js";

export type OfficialActType = "Blessing" | "Feature" | "Assessment" | "ReviewDecision";

/** The EIP-712 struct of each act, as `GET /api/v1/service-tracking/eip712?primaryType=…` states it; the second field names the official. */
export const officialActTypes: Readonly<Record<OfficialActType, readonly TypedField[]>> = {
  Blessing: [{ name: "recordId", type: "bytes32" }, { name: "elder", type: "address" }, { name: "issuedAt", type: "uint64" }],
  Feature: [{ name: "recordId", type: "bytes32" }, { name: "curator", type: "address" }, { name: "issuedAt", type: "uint64" }],
  Assessment: [
    { name: "recordId", type: "bytes32" }, { name: "reviewer", type: "address" }, { name: "quality", type: "string" },
    { name: "reasonCommitment", type: "bytes32" }, { name: "issuedAt", type: "uint64" },
  ],
  ReviewDecision: [
    { name: "recordId", type: "bytes32" }, { name: "reviewer", type: "address" }, { name: "decision", type: "string" },
    { name: "quality", type: "string" }, { name: "reasonCommitment", type: "bytes32" }, { name: "issuedAt", type: "uint64" },
  ],
};

/** The entries that record an official act, and the acts that may authorise each. */
const authorisedBy: Record<string, OfficialActType[]> = {
  ELDER_BLESSED: ["Blessing"],
  FEATURED: ["Feature"],
  QUALITY_ASSESSED: ["Assessment", "ReviewDecision"],
  REVIEW_APPROVED: ["ReviewDecision"],
  REVIEW_REJECTED: ["ReviewDecision"],
};

/** The service's own assessments are its rules, not an official's act, and carry no signature. */
const automatedActor = "AUTOMATED_SYSTEM";

/** A reason and the salt of its commitment, as the contributor's profile export gives them (`contributions[].reviews[]`). */
export interface ReasonOpening {
  reason: string | null;
  reasonSalt: string | null;
  /** When given, the opening is tried only on entries by this official… */
  actor?: string | null;
  /** …and only on entries with this timestamp (the export's `at`). */
  at?: number | null;
}

export interface VerifyOfficialActsOptions {
  /** The record the acts must be about (default: the trail's `contributionId`). */
  recordId?: string;
  /** Reasons held by the caller: an assessment or review decision they apply to must open its signed commitment SHA-256(salt ‖ UTF-8 reason). */
  reasons?: ReasonOpening[];
  /** The domain the acts must be signed under; without it, the chain and contract each entry names are taken. */
  domain?: { chainId?: number | bigint; verifyingContract?: string | null };
}

/** `valid`: signed by the actor's key. `needs_chain`: not by its key, so valid only if the actor is a contract wallet that accepts it (EIP-1271). */
export type OfficialActStatus = "valid" | "invalid" | "needs_chain";

export interface OfficialActVerdict {
  /** Position in the trail's `auditLog`. */
  position: number;
  ledgerIndex: number | undefined;
  action: string;
  actor: string | null;
  status: OfficialActStatus;
  /** What was checked, or why the act is refused. */
  detail: string;
  primaryType?: OfficialActType;
  /** The EIP-712 digest the official signed, once rebuilt. */
  digest?: string;
  signature?: string;
  chainId?: bigint;
  /** The address whose key made the signature, when it recovers to one. */
  signer?: string | null;
  /** True when a reason the caller gave opened the signed commitment. */
  reasonOpened?: boolean;
}

export interface OfficialActsVerification {
  /** True when every official act in the trail is valid. */
  ok: boolean;
  recordId: string;
  detail: string;
  acts: OfficialActVerdict[];
}

const domainName = "ScrollVerse Service Tracking";
const domainVersion = "1";
const isHex = (value: unknown, bytes: number): value is string => typeof value === "string" && new RegExp(`^0[xX][0-9a-fA-F]{${2 * bytes}}$`).test(value);
const same = (a: unknown, b: unknown) => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

/** SHA-256(salt ‖ UTF-8 reason), the commitment an official signs; the salt is 32 bytes of hex. */
export function reasonCommitment(reasonSalt: string, reason: string): string {
  return toHex(sha256(concat(fromHex(reasonSalt, 32), utf8(reason))));
}

type Entry = AuditTrail["auditLog"][number];

/** The act read from an entry's `signed` member, its fields checked for form; or why it is malformed. */
function readSigned(signed: unknown): { type: OfficialActType; chainId: bigint; verifyingContract?: string; message: Record<string, unknown>; signature: string } | string {
  if (typeof signed !== "object" || signed === null) return "'signed' is not an object";
  const s = signed as Record<string, unknown>;
  const type = s.primaryType as OfficialActType;
  if (typeof type !== "string" || !Object.hasOwn(officialActTypes, type)) return "'signed' names no known primaryType";
  if (!Number.isSafeInteger(s.chainId) || (s.chainId as number) < 0) return "'signed' holds no chainId";
  if (s.verifyingContract !== undefined && !isHex(s.verifyingContract, 20)) return "'signed' holds a malformed verifyingContract";
  if (!isHex(s.signature, 65)) return "'signed' holds a malformed signature";
  const message = s.message as Record<string, unknown>;
  if (typeof message !== "object" || message === null) return "'signed' holds no message";
  for (const { name, type: fieldType } of officialActTypes[type]) {
    const value = message[name];
    const fine = fieldType === "bytes32" ? isHex(value, 32)
      : fieldType === "address" ? isHex(value, 20)
      : fieldType === "string" ? typeof value === "string"
      : Number.isSafeInteger(value) && (value as number) >= 0;
    if (!fine) return `'signed' holds a malformed ${name}`;
  }
  const verifyingContract = s.verifyingContract as string | undefined;
  return { type, chainId: BigInt(s.chainId as number), message, signature: s.signature as string, ...(verifyingContract ? { verifyingContract } : {}) };
}

/** The EIP-712 digest of an act as the official signed it, in the service's domain on that chain and contract. */
function actDigest(type: OfficialActType, chainId: bigint, verifyingContract: string | undefined, message: Record<string, unknown>): string {
  const domain: Record<string, unknown> = { name: domainName, version: domainVersion, chainId, verifyingContract };
  return toHex(typedDataHash({ types: { EIP712Domain: domainFields(domain), [type]: [...officialActTypes[type]] }, domain, primaryType: type, message }));
}

/** What the signed act says must be what the entry records (its reason commitment, decision and quality). */
function mismatch(entry: Entry, type: OfficialActType, message: Record<string, unknown>): string | null {
  if (type === "Blessing" || type === "Feature") return null;
  if (!same(entry.reasonCommitment, message.reasonCommitment)) return "the signed reason commitment is not the entry's";
  if (type === "ReviewDecision") {
    const expected = entry.action === "REVIEW_REJECTED" ? "reject" : "approve";
    if (message.decision !== expected) return `the signed decision is '${String(message.decision)}', the entry records ${entry.action}`;
  }
  if (entry.action === "QUALITY_ASSESSED" && (message.quality !== entry.quality || message.quality === "")) {
    return `the signed quality is '${String(message.quality)}', the entry records '${String(entry.quality)}'`;
  }
  return null;
}

/** Whether a reason the caller holds opens this entry's commitment: true, false (one applies, none opens) or null (none applies). */
function opens(entry: Entry, commitment: string, reasons: ReasonOpening[]): boolean | null {
  const applicable = reasons.filter((r) => typeof r.reason === "string" && isHex(r.reasonSalt, 32)
    && (r.actor == null || same(r.actor, entry.actor)) && (r.at == null || r.at === entry.timestamp));
  if (applicable.length === 0) return null;
  return applicable.some((r) => same(reasonCommitment(r.reasonSalt!, r.reason!), commitment));
}

function checkEntry(entry: Entry, position: number, recordId: string, options: VerifyOfficialActsOptions, used: Set<string>): OfficialActVerdict {
  const base = { position, ledgerIndex: typeof entry.ledgerIndex === "number" ? entry.ledgerIndex : undefined, action: entry.action, actor: entry.actor };
  const fail = (detail: string, more: Partial<OfficialActVerdict> = {}): OfficialActVerdict => ({ ...base, ...more, status: "invalid", detail });
  if (entry.signed === undefined) return fail("no signature: the log says an official acted, but no key signed the act");
  const signed = readSigned(entry.signed);
  if (typeof signed === "string") return fail(signed);
  const { type, chainId, verifyingContract, message, signature } = signed;
  if (!authorisedBy[entry.action]!.includes(type)) return fail(`a ${type} signature cannot authorise ${entry.action}`, { primaryType: type });
  const official = message[officialActTypes[type][1]!.name] as string;
  if (!same(official, entry.actor)) return fail(`the act names ${checksumAddress(official)}, the entry's actor is ${entry.actor}`, { primaryType: type });
  if (!same(message.recordId, recordId)) return fail(`the act is about ${String(message.recordId)}, this record is ${recordId}`, { primaryType: type });
  const wrong = mismatch(entry, type, message);
  if (wrong) return fail(wrong, { primaryType: type });
  const pinned = options.domain;
  if (pinned?.chainId !== undefined && BigInt(pinned.chainId) !== chainId) {
    return fail(`the act is signed for chain ${chainId}, not ${pinned.chainId}`, { primaryType: type });
  }
  if (pinned?.verifyingContract !== undefined && !same(pinned.verifyingContract ?? "", verifyingContract ?? "")) {
    return fail(`the act is signed for the contract ${verifyingContract ?? "(none)"}, not ${pinned.verifyingContract ?? "(none)"}`, { primaryType: type });
  }
  const digest = actDigest(type, chainId, verifyingContract, message);
  const found = { primaryType: type, digest, signature, chainId };
  if (used.has(`${digest} ${entry.action}`)) return fail("replayed: this signature already authorised an earlier entry", found);
  used.add(`${digest} ${entry.action}`);
  const opened = options.reasons && message.reasonCommitment !== undefined ? opens(entry, message.reasonCommitment as string, options.reasons) : null;
  if (opened === false) return fail("the reason given does not open the signed commitment SHA-256(reasonSalt ‖ reason)", { ...found, reasonOpened: false });
  const withReason = opened ? { ...found, reasonOpened: true } : found;
  const reasonNote = opened ? "; the reason given opens its commitment" : "";
  const signer = recoverAddress(fromHex(digest), fromHex(signature));
  if (signer && same(signer, official)) return { ...base, ...withReason, signer, status: "valid", detail: `${type} signed by ${signer}${reasonNote}` };
  return {
    ...base, ...withReason, signer, status: "needs_chain",
    detail: `${signer ? `the signature recovers to ${signer}` : "the signature recovers to no key"}, not to ${entry.actor}: ` +
      `valid only if ${entry.actor} is a contract wallet that accepts it (EIP-1271), which needs the chain`,
  };
}

function summary(recordId: string, acts: OfficialActVerdict[]): OfficialActsVerification {
  const count = (status: OfficialActStatus) => acts.filter((a) => a.status === status).length;
  const [valid, invalid, needsChain] = [count("valid"), count("invalid"), count("needs_chain")];
  const ok = valid === acts.length;
  const detail = acts.length === 0 ? `Record ${recordId} has no official acts in this trail.`
    : ok ? `All ${acts.length} official acts on record ${recordId} are signed by their officials.`
    : `Of ${acts.length} official acts on record ${recordId}, ${valid} are valid, ${invalid} invalid` +
      (needsChain > 0 ? `, ${needsChain} need the chain (EIP-1271)` : "") + ".";
  return { ok, recordId, detail, acts };
}

/**
 * Checks offline every official act in a contribution's audit trail (GET …/contributions/{id}/audit): the EIP-712
 * digest rebuilt from the entry and the domain, the signature recovering to the entry's actor, the act bound to this
 * record and to the decision, quality and reason commitment the entry records, used once, and (for reasons given)
 * the commitment opened. Never throws: a bad entry is a verdict. Whether the official held the role is a matter of the
 * whole log (`svtrack audit`).
 */
export function verifyOfficialActs(trail: AuditTrail, options: VerifyOfficialActsOptions = {}): OfficialActsVerification {
  const recordId = options.recordId ?? String(trail?.contributionId ?? "");
  if (!Array.isArray(trail?.auditLog)) return { ok: false, recordId, detail: "Not an audit trail: it has no auditLog.", acts: [] };
  const used = new Set<string>();
  const acts: OfficialActVerdict[] = [];
  trail.auditLog.forEach((entry, position) => {
    if (typeof entry !== "object" || entry === null || !Object.hasOwn(authorisedBy, entry.action)) return;
    if (entry.action === "QUALITY_ASSESSED" && entry.actor === automatedActor) return;
    try {
      acts.push(checkEntry(entry, position, recordId, options, used));
    } catch (error) {
      acts.push({ position, ledgerIndex: undefined, action: String(entry.action), actor: entry.actor ?? null, status: "invalid", detail: `malformed entry: ${String(error)}` });
    }
  });
  return summary(recordId, acts);
}

const isValidSignatureSelector = fromHex("0x1626ba7e");

/**
 * Asks the chain about the acts `verifyOfficialActs` left as `needs_chain`: the provider must be on the act's chain,
 * and the actor a contract whose EIP-1271 `isValidSignature(digest, signature)` answers 0x1626ba7e (valid); no code,
 * another answer or a revert is invalid. When the chain cannot be asked, the act stays `needs_chain` with the reason.
 */
export async function checkContractWallets(verification: OfficialActsVerification, provider: Eip1193Provider): Promise<OfficialActsVerification> {
  let chainId: bigint | string;
  try {
    chainId = BigInt(String(await provider.request({ method: "eth_chainId", params: [] })));
  } catch (error) {
    chainId = `the provider did not say its chain: ${(error as Error)?.message ?? String(error)}`;
  }
  const acts: OfficialActVerdict[] = [];
  for (const act of verification.acts) acts.push(act.status === "needs_chain" ? await askWallet(act, chainId, provider) : act);
  return summary(verification.recordId, acts);
}

async function askWallet(act: OfficialActVerdict, chainId: bigint | string, provider: Eip1193Provider): Promise<OfficialActVerdict> {
  const stay = (why: string): OfficialActVerdict => ({ ...act, detail: `${act.detail}; ${why}` });
  if (typeof chainId === "string") return stay(chainId);
  if (chainId !== act.chainId) return stay(`the provider is on chain ${chainId}, the act was signed for chain ${act.chainId}`);
  const wallet = String(act.actor);
  try {
    const code = String(await provider.request({ method: "eth_getCode", params: [wallet, "latest"] }));
    if (/^0x0*$/.test(code)) {
      return { ...act, status: "invalid", detail: `the signature recovers to ${act.signer ?? "no key"}, not to ${wallet}, which is no contract wallet (it has no code on chain ${chainId})` };
    }
    const signature = fromHex(act.signature!);
    const data = concat(isValidSignatureSelector, fromHex(act.digest!, 32), word(64n), word(BigInt(signature.length)), signature, new Uint8Array((32 - (signature.length % 32)) % 32));
    const answer = String(await provider.request({ method: "eth_call", params: [{ to: wallet, data: toHex(data) }, "latest"] }));
    const accepted = /^0x1626ba7e0{56}/i.test(answer);
    return accepted
      ? { ...act, status: "valid", detail: `${act.primaryType} accepted by the contract wallet ${wallet} (EIP-1271) on chain ${chainId}` }
      : { ...act, status: "invalid", detail: `the contract wallet ${wallet} refused the signature (EIP-1271 answered ${answer.slice(0, 10)})` };
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    if (/revert/i.test(message)) return { ...act, status: "invalid", detail: `the contract wallet ${wallet} refused the signature (isValidSignature reverted)` };
    return stay(`the chain could not be asked: ${message}`);
  }
}
