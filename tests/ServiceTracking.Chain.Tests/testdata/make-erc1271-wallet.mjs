// Compiles Erc1271Wallet.sol into erc1271-wallet.json ({abi, bytecode}) with the contracts folder's solc-js and
// OpenZeppelin. Run from the repository root after `npm ci` in contracts:
//   node tests/ServiceTracking.Chain.Tests/testdata/make-erc1271-wallet.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const contracts = join(here, "..", "..", "..", "contracts");
const solc = createRequire(join(contracts, "package.json"))("solc");
const input = {
  language: "Solidity",
  sources: { "Erc1271Wallet.sol": { content: readFileSync(join(here, "Erc1271Wallet.sol"), "utf8") } },
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun", outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
};
const findImports = (path) => {
  try {
    return { contents: readFileSync(join(contracts, "node_modules", path), "utf8") };
  } catch {
    return { error: `not found: ${path}` };
  }
};
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
for (const e of output.errors ?? []) console.error(e.formattedMessage);
if ((output.errors ?? []).some((e) => e.severity === "error")) process.exit(1);
const wallet = output.contracts["Erc1271Wallet.sol"].Erc1271Wallet;
const artifact = { contractName: "Erc1271Wallet", compiler: solc.version(), abi: wallet.abi, bytecode: `0x${wallet.evm.bytecode.object}` };
writeFileSync(join(here, "erc1271-wallet.json"), `${JSON.stringify(artifact, null, 2)}\n`);
console.log(`wrote erc1271-wallet.json (solc ${solc.version()})`);
