// getLightworkerRank: competition ranks (1 + the number of strictly higher totals) from the contract's treap,
// checked by hand for ties and overtaking and against a naive computation over random records.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ZeroHash, getAddress, id } from 'ethers';
import { ServiceType, connect, deploy, mined, seededRandom, signers, transact } from './chain.mjs';

const provider = connect();
let admin;
before(async () => {
  [admin] = await signers(provider, 1);
});

// Fresh addresses for every test: the tests share one node and each deploys its own registry anyway.
let made = 0;
const addresses = (n) => Array.from({ length: n }, () => getAddress(`0x${id(`lightworker ${made++}`).slice(-40)}`));

async function record(contract, address, impact) {
  return mined(contract.recordService(address, ServiceType.CONTENT_CREATION, impact, ZeroHash));
}

async function ranks(contract, list) {
  return Promise.all(list.map(async (a) => (await contract.getLightworkerRank(a)).map((x) => Number(x))));
}

test('an address with no records has rank 0 and score 0', async () => {
  const { contract } = await deploy(admin);
  const [a, stranger] = addresses(2);
  assert.deepEqual(await ranks(contract, [stranger]), [[0, 0]]);
  await record(contract, a, 10n);
  assert.deepEqual(await ranks(contract, [stranger]), [[0, 0]]);
});

test('ties share a rank and the next rank skips (1, 2, 2, 4)', async () => {
  const { contract } = await deploy(admin);
  const [a, b, c, d] = addresses(4);
  await record(contract, a, 100n);
  await record(contract, b, 50n);
  await record(contract, c, 50n);
  await record(contract, d, 10n);
  assert.deepEqual(await ranks(contract, [a, b, c, d]), [[1, 100], [2, 50], [2, 50], [4, 10]]);
  assert.equal(await contract.lightworkerCount(), 4n);
});

test('ranks follow totals as they change: one overtakes, ties form and break', async () => {
  const { contract } = await deploy(admin);
  const [a, b, c] = addresses(3);
  await record(contract, a, 30n);
  await record(contract, b, 20n);
  await record(contract, c, 10n);
  assert.deepEqual(await ranks(contract, [a, b, c]), [[1, 30], [2, 20], [3, 10]]);

  await record(contract, c, 25n); // c: 35 overtakes everyone
  assert.deepEqual(await ranks(contract, [a, b, c]), [[2, 30], [3, 20], [1, 35]]);

  await record(contract, b, 15n); // b: 35 ties with c
  assert.deepEqual(await ranks(contract, [a, b, c]), [[3, 30], [1, 35], [1, 35]]);

  await record(contract, a, 6n); // a: 36 passes both
  assert.deepEqual(await ranks(contract, [a, b, c]), [[1, 36], [2, 35], [2, 35]]);
  assert.equal(await contract.lightworkerCount(), 3n);
});

test('a lightworker whose records score 0 is ranked, below everyone with a positive total', async () => {
  const { contract } = await deploy(admin);
  const [a, b, c] = addresses(3);
  await record(contract, a, 0n);
  assert.deepEqual(await ranks(contract, [a]), [[1, 0]]);
  await record(contract, b, 5n);
  await record(contract, c, 0n);
  await record(contract, a, 0n); // a second zero record changes nothing
  assert.deepEqual(await ranks(contract, [a, b, c]), [[2, 0], [1, 5], [2, 0]]);
  assert.equal(await contract.lightworkerCount(), 3n);
});

test('ranks match a naive computation over 50 accounts and 400 random records', async () => {
  const seed = Number(process.env.RANK_SEED ?? 20261124);
  const next = seededRandom(seed);
  const { contract } = await deploy(admin);
  const accounts = addresses(50);
  const totals = new Map();
  const naive = (a) => {
    if (!totals.has(a)) return [0, 0];
    const score = totals.get(a);
    return [1 + [...totals.values()].filter((t) => t > score).length, score];
  };

  const to = await contract.getAddress();
  for (let batch = 1; batch <= 40; batch++) {
    const sends = [];
    for (let k = 0; k < 10; k++) {
      const a = accounts[Math.floor(next() * accounts.length)];
      // Small scores make ties and repeated keys common; now and then a large one, and some zeros.
      const r = next();
      const impact = r < 0.1 ? 0 : r < 0.95 ? 1 + Math.floor(next() * 8) : 1 + Math.floor(next() * 500);
      totals.set(a, (totals.get(a) ?? 0) + impact);
      sends.push(transact(provider, admin.address, to, 'recordService', [a, ServiceType.TEACHING, impact, ZeroHash]));
    }
    await Promise.all(sends);
    assert.deepEqual(await ranks(contract, accounts), accounts.map(naive), `seed ${seed}, after ${batch * 10} records`);
    assert.equal(await contract.lightworkerCount(), BigInt(totals.size));
  }
});
