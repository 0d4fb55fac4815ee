// Generates eip1559-vectors.json: EIP-1559 (type 2) transactions signed by ethers v6 with Hardhat's account #0.
// ethers signs deterministically (RFC 6979), so the C# signer must reproduce every raw transaction byte for byte.
// Run from a folder that has ethers v6 installed, e.g.:
//   cd examples/js && npm ci && node ../../tests/ServiceTracking.Chain.Tests/testdata/make-eip1559-vectors.mjs \
//     > ../../tests/ServiceTracking.Chain.Tests/testdata/eip1559-vectors.json
import { createRequire } from "node:module";
import path from "node:path";

const { Wallet, Transaction, version } = createRequire(path.join(process.cwd(), "package.json"))("ethers");
const wallet = new Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

const cases = [
  { name: "transfer on hardhat", chainId: 31337n, nonce: 0, maxPriorityFeePerGas: 1_000_000_000n, maxFeePerGas: 2_000_000_000n,
    gasLimit: 21000n, to: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", value: 10n ** 18n, data: "0x", accessList: [] },
  { name: "token call on mainnet", chainId: 1n, nonce: 123456, maxPriorityFeePerGas: 1_500_000_000n, maxFeePerGas: 38_123_456_789n,
    gasLimit: 65000n, to: "0xdAC17F958D2ee523a2206206994597C13D831ec7", value: 0n,
    data: "0xa9059cbb0000000000000000000000003c44cdddb6a900fa2b585dd299e03d12fa4293bc00000000000000000000000000000000000000000000000000000000000f4240",
    accessList: [] },
  { name: "contract creation", chainId: 11155111n, nonce: 7, maxPriorityFeePerGas: 0n, maxFeePerGas: 1n, gasLimit: 3_000_000n,
    to: null, value: 0n, data: "0x6080604052348015600f57600080fd5b50603f80601d6000396000f3fe6080604052600080fdfea164736f6c6343000818000a", accessList: [] },
  { name: "access list and large numbers", chainId: 31337n, nonce: 4294967296, maxPriorityFeePerGas: 2n ** 64n + 1n,
    maxFeePerGas: 2n ** 128n - 1n, gasLimit: 30_000_000n, to: "0x0000000000000000000000000000000000000000",
    value: 2n ** 255n, data: "0x00",
    accessList: [
      { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        storageKeys: ["0x0000000000000000000000000000000000000000000000000000000000000000",
                      "0x290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563"] },
      { address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", storageKeys: [] },
    ] },
  { name: "long data", chainId: 137n, nonce: 1, maxPriorityFeePerGas: 30_000_000_000n, maxFeePerGas: 31_000_000_000n, gasLimit: 500000n,
    to: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", value: 55n, data: "0x" + "ab".repeat(300), accessList: [] },
];

const vectors = [];
for (const { name, ...fields } of cases) {
  const tx = Transaction.from({ type: 2, ...fields });
  const raw = await wallet.signTransaction(tx);
  const parsed = Transaction.from(raw);
  vectors.push({
    name,
    chainId: fields.chainId.toString(), nonce: fields.nonce.toString(),
    maxPriorityFeePerGas: fields.maxPriorityFeePerGas.toString(), maxFeePerGas: fields.maxFeePerGas.toString(),
    gasLimit: fields.gasLimit.toString(), to: fields.to, value: fields.value.toString(), data: fields.data,
    accessList: fields.accessList,
    signingHash: tx.unsignedHash, raw, hash: parsed.hash, from: parsed.from,
  });
}
console.log(JSON.stringify({ generator: `ethers ${version}`, key: "hardhat account #0", vectors }, null, 2));
