// Proving a contribution on chain: the registry's latest anchored checkpoint, an inclusion proof against that tree
// size from the server, and the contract's own `verifyInclusion` (an RFC 9162 check with the SHA-256 precompile) as
// an `eth_call` through the provider. The chain, not the server, has the last word.
import { concat, fromHex, toHex, utf8 } from "./bytes.js";
import { WalletError } from "./errors.js";
import { keccak256 } from "./ethereum.js";
import type { Receipt } from "./ledger.js";
import type { Eip1193Provider } from "./wallet.js";

export interface OnChainProof {
  /** True when the contract's verifyInclusion accepted the proof. */
  ok: boolean;
  detail: string;
  recordId: string;
  index: number;
  leafHash: string;
  /** The latest anchor the proof is against. */
  anchoredTreeSize: number;
  anchoredRootHash: string;
}

const selector = (signature: string) => keccak256(utf8(signature)).slice(0, 4);

/** A uint256 ABI word. */
export function word(value: bigint): Uint8Array {
  return fromHex(value.toString(16).padStart(64, "0"));
}

async function call(provider: Eip1193Provider, to: string, data: Uint8Array): Promise<Uint8Array> {
  const result = await provider.request({ method: "eth_call", params: [{ to, data: toHex(data) }, "latest"] });
  if (typeof result !== "string") throw new WalletError("eth_call gave no data");
  return fromHex(result);
}

export async function proveInclusion(
  provider: Eip1193Provider,
  contract: string,
  receipt: Receipt,
  inclusionProof: (index: number, treeSize: number) => Promise<{ proof: string[]; rootHash: string }>,
): Promise<OnChainProof> {
  const anchor = await call(provider, contract, selector("latestAnchor()"));
  if (anchor.length < 96) throw new WalletError(`${contract} answered latestAnchor() with ${anchor.length} bytes; is it the registry?`);
  const anchoredRootHash = toHex(anchor.slice(0, 32));
  const anchoredTreeSize = Number(BigInt(toHex(anchor.slice(32, 64))));
  const base = { recordId: receipt.recordId, index: receipt.index, leafHash: receipt.leafHash, anchoredTreeSize, anchoredRootHash };
  if (receipt.index >= anchoredTreeSize) {
    return { ok: false, detail: `Entry ${receipt.index} is not yet covered by an anchor (the latest covers ${anchoredTreeSize} entries); try again after the next anchor.`, ...base };
  }
  const { proof } = await inclusionProof(receipt.index, anchoredTreeSize);
  const data = concat(
    selector("verifyInclusion(bytes32,uint64,uint64,bytes32[])"),
    fromHex(receipt.leafHash, 32),
    word(BigInt(receipt.index)),
    word(BigInt(anchoredTreeSize)),
    word(128n),
    word(BigInt(proof.length)),
    ...proof.map((h) => fromHex(h, 32)),
  );
  const answer = await call(provider, contract, data);
  const ok = answer.length >= 32 && answer[31] === 1;
  return {
    ok,
    detail: ok
      ? `The registry at ${contract} verified entry ${receipt.index} against its anchored root of ${anchoredTreeSize} entries.`
      : `The registry at ${contract} refused the proof of entry ${receipt.index} against its anchored root of ${anchoredTreeSize} entries.`,
    ...base,
  };
}
