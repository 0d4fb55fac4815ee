// Offline verification of a ledger receipt, by the rules of the service's own verifier (design/LEDGER.md): the
// checkpoint is a C2SP signed note that the log's Ed25519 key must have signed, its body a C2SP tlog-checkpoint, and
// the receipt's RFC 9162 inclusion proof must lead from the leaf to that checkpoint's root. Nothing here trusts the server.
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concat, equal, fromBase64, fromHex, toHex, utf8 } from "./bytes.js";

/** A receipt as the API returns it (`receipt` of a recorded contribution, or GET …/contributions/{id}/receipt). */
export interface Receipt {
  recordId: string;
  index: number;
  leafHash: string;
  checkpoint: string;
  inclusionProof: string[];
}

/** A tlog-checkpoint: origin, tree size, root hash, extension lines. */
export interface Checkpoint {
  origin: string;
  size: bigint;
  rootHash: string;
  extensions: string[];
}

export interface ReceiptVerification {
  ok: boolean;
  /** What was checked, or why the receipt is refused. */
  detail: string;
  /** Set once the checkpoint's signature verified. */
  checkpoint?: Checkpoint;
}

export interface VerifyReceiptOptions {
  /** A checkpoint body the verifier already holds: the receipt must be proved against that same tree. */
  trusted?: string;
  /** The entry's bytes, when held: they must hash to the receipt's leaf. */
  entry?: Uint8Array;
}

const signaturePrefix = "\u2014 ";

function validText(s: string): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return `control character U+${c.toString(16).padStart(4, "0").toUpperCase()} at offset ${i}`;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return `invalid UTF-16 (lone surrogate) at offset ${i}`;
      i++;
    }
  }
  return null;
}

function validName(name: string): boolean {
  return name.length > 0 && !/[+\s]/u.test(name) && validText(name) === null && !name.includes("\n");
}

interface LogKey {
  name: string;
  keyId: number;
  publicKey: Uint8Array;
}

/** Reads a verifier key `<name>+<hex8>+<base64(0x01 ‖ 32-byte Ed25519 key)>`; its key ID must match. */
export function parseLogKey(verifierKey: string): LogKey | string {
  const parts = verifierKey.trim().split("+");
  if (parts.length < 3) return "expected <name>+<key ID>+<key>";
  const [name, id] = parts as [string, string];
  const encoded = parts.slice(2).join("+");
  if (!validName(name)) return "invalid key name";
  if (!/^[0-9a-fA-F]{8}$/.test(id)) return "the key ID is not 8 hexadecimal digits";
  const typed = fromBase64(encoded);
  if (!typed || typed.length === 0) return "the key is not canonical base64";
  if (typed[0] !== 0x01) return `unknown signature type 0x${typed[0]!.toString(16).padStart(2, "0")} (only Ed25519, 0x01, is supported)`;
  if (typed.length !== 33) return `an Ed25519 key is 32 bytes, not ${typed.length - 1}`;
  const publicKey = typed.slice(1);
  const keyId = new DataView(sha256(concat(utf8(name), new Uint8Array([0x0a, 0x01]), publicKey)).buffer).getUint32(0);
  if (keyId !== parseInt(id, 16)) return `the key ID ${id} does not match the name and key`;
  return { name, keyId, publicKey };
}

/** The note's text when a signature by `key` verifies, else the reason it does not. */
function openNote(note: string, key: LogKey): { body: string } | { error: string } {
  const textError = validText(note);
  if (textError) return { error: `malformed note: ${textError}` };
  const split = note.lastIndexOf("\n\n");
  if (split < 0) return { error: "malformed note: no blank line before the signatures" };
  const body = note.slice(0, split + 1);
  const signatures = note.slice(split + 2);
  if (signatures.length === 0 || !signatures.endsWith("\n")) return { error: "malformed note: the signature lines do not end in a newline" };
  const lines = signatures.slice(0, -1).split("\n");
  if (lines.length > 100) return { error: "malformed note: more than 100 signatures" };
  let verified = false;
  for (const line of lines) {
    if (!line.startsWith(signaturePrefix)) return { error: 'malformed note: a signature line does not start with "— "' };
    const rest = line.slice(signaturePrefix.length);
    const space = rest.indexOf(" ");
    if (space < 0) return { error: "malformed note: a signature line has no space between key name and signature" };
    const name = rest.slice(0, space);
    if (!validName(name)) return { error: "malformed note: invalid key name in a signature line" };
    const decoded = fromBase64(rest.slice(space + 1));
    if (!decoded) return { error: "malformed note: a signature is not canonical base64" };
    if (decoded.length < 5) return { error: "malformed note: a signature is shorter than a key ID and one byte" };
    const keyId = new DataView(decoded.buffer, decoded.byteOffset).getUint32(0);
    if (name !== key.name || keyId !== key.keyId) continue; // another key (a witness, a rotated key): ignored
    let valid = false;
    try {
      valid = decoded.length === 68 && ed25519.verify(decoded.slice(4), utf8(body), key.publicKey, { zip215: false });
    } catch {
      valid = false;
    }
    if (!valid) return { error: `invalid signature for key ${key.name}+${hex8(key.keyId)}` };
    verified = true;
  }
  return verified ? { body } : { error: `the note has no signature by ${key.name}+${hex8(key.keyId)}` };
}

const hex8 = (n: number) => n.toString(16).padStart(8, "0");

/** Reads a checkpoint body strictly (every line ends in a newline, canonical size and root). */
export function parseCheckpoint(body: string): Checkpoint | string {
  if (!body.endsWith("\n")) return "a checkpoint body ends in a newline";
  const textError = validText(body);
  if (textError) return `a checkpoint body cannot hold this: ${textError}`;
  const lines = body.slice(0, -1).split("\n");
  if (lines.length < 3) return "a checkpoint has an origin, a tree size and a root hash line";
  const [origin, size, root] = lines as [string, string, string];
  if (origin.length === 0) return "the origin is empty";
  if (!/^(0|[1-9]\d*)$/.test(size) || BigInt(size) >= 2n ** 63n) return "the tree size is not a decimal number without leading zeros below 2^63";
  const rootHash = fromBase64(root);
  if (!rootHash || rootHash.length !== 32) return "the root hash is not canonical base64 of 32 bytes";
  if (lines.some((l) => l.length === 0)) return "an extension line is empty";
  return { origin, size: BigInt(size), rootHash: toHex(rootHash), extensions: lines.slice(3) };
}

const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(concat(new Uint8Array([1]), left, right));

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null when it is malformed for this index and size. */
export function rootFromInclusion(index: bigint, treeSize: bigint, leafHash: Uint8Array, proof: Uint8Array[]): Uint8Array | null {
  if (index < 0n || index >= treeSize || leafHash.length !== 32 || proof.some((p) => p.length !== 32)) return null;
  let fn = index;
  let sn = treeSize - 1n;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

/** The RFC 9162 leaf hash of an entry: SHA-256(0x00 ‖ entry). */
export function leafHashOf(entry: Uint8Array): Uint8Array {
  return sha256(concat(new Uint8Array([0]), entry));
}

/**
 * Checks a receipt offline against the log's verifier key (obtained out of band, or once from GET /api/v1/ledger/key):
 * the checkpoint's signature, its form, the entry (when given), the inclusion proof, and the trusted checkpoint (when given).
 */
export function verifyReceipt(receipt: Receipt, logKey: string, options: VerifyReceiptOptions = {}): ReceiptVerification {
  const key = parseLogKey(logKey);
  if (typeof key === "string") return { ok: false, detail: `The log key is unusable: ${key}` };
  const opened = openNote(String(receipt.checkpoint ?? ""), key);
  if ("error" in opened) return { ok: false, detail: `The receipt's checkpoint is not signed by ${key.name}: ${opened.error}` };
  const checkpoint = parseCheckpoint(opened.body);
  if (typeof checkpoint === "string") return { ok: false, detail: `The receipt's checkpoint is malformed: ${checkpoint}` };
  let leaf: Uint8Array;
  let proof: Uint8Array[];
  try {
    leaf = fromHex(receipt.leafHash, 32);
    proof = receipt.inclusionProof.map((h) => fromHex(h, 32));
  } catch {
    return { ok: false, detail: "The receipt's leaf hash or proof is not 32-byte hex.", checkpoint };
  }
  if (options.entry && !equal(leafHashOf(options.entry), leaf)) {
    return { ok: false, detail: "The entry does not hash to the receipt's leaf hash.", checkpoint };
  }
  const index = Number.isSafeInteger(receipt.index) && receipt.index >= 0 ? BigInt(receipt.index) : -1n;
  const root = rootFromInclusion(index, checkpoint.size, leaf, proof);
  if (!root || toHex(root) !== checkpoint.rootHash) {
    return { ok: false, detail: `The inclusion proof of entry ${receipt.index} does not lead to the root of the checkpoint of size ${checkpoint.size}.`, checkpoint };
  }
  if (options.trusted !== undefined) {
    const trusted = parseCheckpoint(options.trusted);
    if (typeof trusted === "string" || trusted.size !== checkpoint.size || trusted.rootHash !== checkpoint.rootHash || trusted.origin !== checkpoint.origin) {
      return { ok: false, detail: `The receipt is proved against a tree of ${checkpoint.size} entries, not the trusted checkpoint; ask the server for a receipt now, or audit the log to connect the two.`, checkpoint };
    }
  }
  return { ok: true, detail: `Entry ${receipt.index} of record ${receipt.recordId} is in the log ${checkpoint.origin} of ${checkpoint.size} entries, signed by ${key.name}.`, checkpoint };
}
