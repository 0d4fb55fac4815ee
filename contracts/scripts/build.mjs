// Compiles the registry offline with solc-js (the compiler ships in the npm package) and writes
// artifacts/LightworkerServiceRegistry.json. With --check it compiles and fails if the committed artifact differs.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const solc = require('solc');

const name = 'LightworkerServiceRegistry';
const sourcePath = `src/${name}.sol`;
const artifactPath = join(root, 'artifacts', `${name}.json`);
const settings = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

// Imports resolve to files under node_modules (only @openzeppelin/contracts is imported).
function findImports(path) {
  try {
    return { contents: readFileSync(join(root, 'node_modules', path), 'utf8') };
  } catch {
    return { error: `not found: ${path}` };
  }
}

const input = { language: 'Solidity', sources: { [sourcePath]: { content: readFileSync(join(root, sourcePath), 'utf8') } }, settings };
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
for (const e of output.errors ?? []) console.error(e.formattedMessage);
if (errors.length > 0) process.exit(1);

const contract = output.contracts[sourcePath][name];
const artifact = {
  contractName: name,
  sourceName: sourcePath,
  compiler: { version: solc.version(), settings: { optimizer: settings.optimizer, evmVersion: settings.evmVersion } },
  abi: contract.abi,
  bytecode: `0x${contract.evm.bytecode.object}`,
  deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
};
const text = `${JSON.stringify(artifact, null, 2)}\n`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(artifactPath, 'utf8');
  } catch {
    // reported below
  }
  if (committed !== text) {
    console.error(`artifacts/${name}.json differs from a fresh build of ${sourcePath}: run \`npm run build\` and commit it.`);
    process.exit(1);
  }
  console.log(`artifacts/${name}.json matches a fresh build (solc ${solc.version()}).`);
} else {
  mkdirSync(dirname(artifactPath), { recursive: true });
  writeFileSync(artifactPath, text);
  console.log(`wrote artifacts/${name}.json (solc ${solc.version()}, ${(contract.evm.deployedBytecode.object.length / 2)} bytes deployed)`);
}
