// The sha2-256 digest inside an IPFS CID (v0 base58btc, v1 in base32 'b' or base58btc 'z'), which a Contribution
// signs as contentHash; 32 zero bytes when there is no CID.
import { ValidationError } from "./errors.js";

const base58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const base32 = "abcdefghijklmnopqrstuvwxyz234567";

function decodeBase58(text: string): Uint8Array {
  let n = 0n;
  for (const c of text) {
    const v = base58.indexOf(c);
    if (v < 0) throw new TypeError("not base58btc");
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const c of text) {
    if (c !== "1") break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

function decodeBase32(text: string): Uint8Array {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of text) {
    const v = base32.indexOf(c);
    if (v < 0) throw new TypeError("not base32");
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

function varint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let shift = 0; at < bytes.length && shift < 28; shift += 7) {
    const b = bytes[at++]!;
    value |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [value, at];
  }
  throw new TypeError("bad varint");
}

function digestOf(multihash: Uint8Array): Uint8Array {
  if (multihash.length !== 34 || multihash[0] !== 0x12 || multihash[1] !== 0x20) throw new TypeError("not a sha2-256 multihash");
  return multihash.slice(2);
}

/** The contentHash of a contribution: the CID's sha2-256 digest, or 32 zero bytes without a CID. */
export function contentHash(cid: string | undefined): Uint8Array {
  if (cid === undefined || cid === null) return new Uint8Array(32);
  try {
    if (cid.startsWith("Qm")) return digestOf(decodeBase58(cid));
    const bytes = cid.startsWith("b") ? decodeBase32(cid.slice(1)) : cid.startsWith("z") ? decodeBase58(cid.slice(1)) : null;
    if (!bytes) throw new TypeError("unknown multibase");
    const [version, afterVersion] = varint(bytes, 0);
    if (version !== 1) throw new TypeError("not a CID v1");
    const [, afterCodec] = varint(bytes, afterVersion);
    return digestOf(bytes.slice(afterCodec));
  } catch (error) {
    throw new ValidationError({ status: 400, title: "Invalid content CID", detail: `'${cid}': ${(error as Error).message}`, errors: { contentCid: [(error as Error).message] } });
  }
}
