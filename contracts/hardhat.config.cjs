// Only for `hardhat node` (the tests' local EVM). Contracts are compiled by scripts/build.mjs with solc-js, not by Hardhat.
module.exports = {};
