// The wallet side: the EIP-1193 interface the tracker speaks, and an adapter that makes one from a private key (for
// Node services and scripts; it works in a browser too, but there the user's wallet is the one to use).
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { concat, fromHex, toHex } from "./bytes.js";
import { WalletError } from "./errors.js";
import { checksumAddress, keccak256, personalMessageHash, typedDataHash, type TypedData } from "./ethereum.js";

/** An EIP-1193 provider: `window.ethereum`, or `privateKeyProvider(...)`. */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
}

export interface PrivateKeyProviderOptions {
  /** A JSON-RPC endpoint for everything but accounts and signing (eth_call for proveOnChain, eth_chainId). */
  rpcUrl?: string;
  /** The chain id eth_chainId answers without an rpcUrl (default 1). */
  chainId?: number;
}

/** The address of a secp256k1 private key, in EIP-55 form. */
export function addressOf(privateKey: string): string {
  return addressOfPublicKey(secp256k1.getPublicKey(fromHex(privateKey, 32), false));
}

const addressOfPublicKey = (uncompressed: Uint8Array) => checksumAddress(toHex(keccak256(uncompressed.slice(1)).slice(12)));

const curveOrder = secp256k1.Point.CURVE().n;

/**
 * The address whose key signed `digest` (32 bytes) with a 65-byte `r ‖ s ‖ v` signature, as OpenZeppelin's
 * ECDSA.tryRecover (and the service) decide it: v is 27 or 28, r and s lie in [1, n) and s ≤ n/2. Null for anything else.
 */
export function recoverAddress(digest: Uint8Array, signature: Uint8Array): string | null {
  if (digest.length !== 32 || signature.length !== 65 || (signature[64] !== 27 && signature[64] !== 28)) return null;
  const r = BigInt(toHex(signature.slice(0, 32)));
  const s = BigInt(toHex(signature.slice(32, 64)));
  if (r === 0n || r >= curveOrder || s === 0n || s > curveOrder / 2n) return null;
  try {
    const recovered = concat(new Uint8Array([signature[64]! - 27]), signature.slice(0, 64));
    const compressed = secp256k1.recoverPublicKey(recovered, digest, { prehash: false });
    return addressOfPublicKey(secp256k1.Point.fromBytes(compressed).toBytes(false));
  } catch {
    return null;
  }
}

function sign(digest: Uint8Array, key: Uint8Array): string {
  const recovered = secp256k1.sign(digest, key, { prehash: false, format: "recovered" });
  return toHex(concat(recovered.slice(1), new Uint8Array([27 + recovered[0]!])));
}

/**
 * An EIP-1193 provider over a private key (hex, 32 bytes): answers eth_accounts, eth_requestAccounts, personal_sign and
 * eth_signTypedData_v4 itself, and sends other methods to `rpcUrl`.
 */
export function privateKeyProvider(privateKey: string, options: PrivateKeyProviderOptions = {}): Eip1193Provider & { address: string } {
  const key = fromHex(privateKey, 32);
  const address = addressOf(privateKey);
  const own = (params: unknown, position: number) => {
    const list = Array.isArray(params) ? params : [];
    const who = String(list[position] ?? "");
    if (who.toLowerCase() !== address.toLowerCase()) throw new WalletError(`this provider signs only for ${address}, not ${who}`, 4100);
    return list;
  };
  let rpcId = 0;
  return {
    address,
    async request({ method, params }) {
      switch (method) {
        case "eth_accounts":
        case "eth_requestAccounts":
          return [address];
        case "personal_sign": {
          const [message] = own(params, 1);
          const text = String(message);
          const bytes = /^0x([0-9a-fA-F]{2})*$/.test(text) ? fromHex(text) : new TextEncoder().encode(text);
          return sign(personalMessageHash(bytes), key);
        }
        case "eth_signTypedData_v4": {
          const [, payload] = own(params, 0);
          const data = (typeof payload === "string" ? JSON.parse(payload) : payload) as TypedData;
          return sign(typedDataHash(data), key);
        }
        default: {
          if (!options.rpcUrl) {
            if (method === "eth_chainId") return `0x${(options.chainId ?? 1).toString(16)}`;
            throw new WalletError(`${method} needs an rpcUrl`, 4200);
          }
          const response = await fetch(options.rpcUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method, params: params ?? [] }),
          });
          const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
          if (body.error) throw new WalletError(`${method}: ${body.error.message}`, body.error.code);
          return body.result;
        }
      }
    },
  };
}
