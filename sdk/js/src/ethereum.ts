// Ethereum primitives the package needs: keccak-256, EIP-55 addresses, EIP-191 personal messages and EIP-712 typed
// data (the atomic types, string and bytes, as the service's Contribution and Endorsement use them).
import { keccak_256 } from "@noble/hashes/sha3.js";
import { concat, fromHex, toHex, utf8 } from "./bytes.js";

export function keccak256(bytes: Uint8Array): Uint8Array {
  return keccak_256(bytes);
}

/** The EIP-55 checksum form of an address; throws when it is not 20 bytes of hex. */
export function checksumAddress(address: string): string {
  const hex = toHex(fromHex(address, 20)).slice(2);
  const hash = toHex(keccak256(utf8(hex))).slice(2);
  let out = "0x";
  for (let i = 0; i < 40; i++) out += parseInt(hash[i]!, 16) >= 8 ? hex[i]!.toUpperCase() : hex[i]!;
  return out;
}

/** The EIP-191 digest of a personal message (`personal_sign`). */
export function personalMessageHash(message: Uint8Array): Uint8Array {
  return keccak256(concat(utf8(`\x19Ethereum Signed Message:\n${message.length}`), message));
}

export interface TypedField {
  name: string;
  type: string;
}

/** An `eth_signTypedData_v4` payload. */
export interface TypedData {
  types: Record<string, TypedField[]>;
  domain: Record<string, unknown>;
  primaryType: string;
  message: Record<string, unknown>;
}

function typeString(name: string, types: Record<string, TypedField[]>): string {
  const deps = new Set<string>();
  const walk = (t: string) => {
    for (const f of types[t] ?? []) {
      const base = f.type.replace(/\[\d*\]$/, "");
      if (types[base] && !deps.has(base) && base !== name) {
        deps.add(base);
        walk(base);
      }
    }
  };
  walk(name);
  const one = (t: string) => `${t}(${(types[t] ?? []).map((f) => `${f.type} ${f.name}`).join(",")})`;
  return one(name) + [...deps].sort().map(one).join("");
}

function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = BigInt.asUintN(256, value);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function encodeValue(type: string, value: unknown, types: Record<string, TypedField[]>): Uint8Array {
  if (types[type]) return hashStruct(type, value as Record<string, unknown>, types);
  if (type === "string") return keccak256(utf8(String(value)));
  if (type === "bytes") return keccak256(fromHex(String(value)));
  if (type === "address") return word(BigInt(toHex(fromHex(String(value), 20))));
  if (type === "bool") return word(value ? 1n : 0n);
  if (/^bytes([1-9]|[12]\d|3[012])$/.test(type)) {
    const bytes = fromHex(String(value), Number(type.slice(5)));
    return concat(bytes, new Uint8Array(32 - bytes.length));
  }
  if (/^u?int\d*$/.test(type)) return word(BigInt(value as bigint | number | string));
  throw new TypeError(`EIP-712 type '${type}' is not supported here`);
}

function hashStruct(name: string, data: Record<string, unknown>, types: Record<string, TypedField[]>): Uint8Array {
  const fields = types[name] ?? [];
  return keccak256(concat(keccak256(utf8(typeString(name, types))), ...fields.map((f) => encodeValue(f.type, data[f.name], types))));
}

/** The EIP-712 digest: keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message)). */
export function typedDataHash(data: TypedData): Uint8Array {
  return keccak256(concat(
    new Uint8Array([0x19, 0x01]),
    hashStruct("EIP712Domain", data.domain, data.types),
    hashStruct(data.primaryType, data.message, data.types),
  ));
}

/** The EIP712Domain fields present in a domain, in the order EIP-712 gives them. */
export function domainFields(domain: Record<string, unknown>): TypedField[] {
  const all: TypedField[] = [
    { name: "name", type: "string" },
    { name: "version", type: "string" },
    { name: "chainId", type: "uint256" },
    { name: "verifyingContract", type: "address" },
    { name: "salt", type: "bytes32" },
  ];
  return all.filter((f) => domain[f.name] !== undefined && domain[f.name] !== null);
}
