// Byte helpers shared by the modules: hex, UTF-8 and strict base64, the same in browsers and Node.

const encoder = new TextEncoder();

/** The UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** 0x-prefixed lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  let out = "0x";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/** Bytes from hex with or without 0x; throws on anything else, or on a length other than `length` when given. */
export function fromHex(hex: string, length?: number): Uint8Array {
  const text = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw new TypeError(`not hex: ${hex}`);
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  if (length !== undefined && bytes.length !== length) throw new TypeError(`expected ${length} bytes of hex, got ${bytes.length}`);
  return bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function toBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? alphabet[n & 63]! : "=";
  }
  return out;
}

/** Standard padded base64 (RFC 4648 §4), refusing any spelling a standard encoder would not write; null when refused. */
export function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const values: number[] = [];
  for (const c of text.replace(/=+$/, "")) {
    const v = alphabet.indexOf(c);
    if (v < 0) return null;
    values.push(v);
  }
  const padding = text.length - text.replace(/=+$/, "").length;
  if (padding > 2) return null;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let bits = 0;
  let acc = 0;
  let at = 0;
  for (const v of values) {
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (at < bytes.length) bytes[at++] = (acc >> bits) & 0xff;
    }
  }
  return toBase64(bytes) === text ? bytes : null;
}
