// Transactions as bytes for the workers (src/parallel/task-codec.ts): every field of every transaction type
// decodes back to what was encoded, tasks decode in any order, and a damaged batch is refused by name.
import assert from 'node:assert/strict';
import { encodeTasks, EncodedTasks } from '../../../dist/parallel/task-codec.js';

const B = '0123456789abcdef0123456789abcdef01234567';
const bytes = (...xs) => Uint8Array.from(xs);
const BIG = 2n ** 256n - 1n;
const base = { nonce: 5n, gasLimit: 100000n, value: 10n ** 18n, data: bytes(0xa9, 0x05, 0x9c, 0xbb), v: 1n, r: 2n, s: 3n };
const to = new Uint8Array(20).fill(0x11);

describe('parallel task codec', () => {
  it('tasks of every transaction type decode to the same transactions (signature left out)', () => {
    const txs = [
      { ...base, type: 0, chainId: null, gasPrice: 7n, to, accessList: [] },
      { ...base, type: 0, chainId: 1n, gasPrice: 7n, to: null, data: new Uint8Array(0), accessList: [] },
      { ...base, type: 1, chainId: 1n, gasPrice: 7n, to, accessList: [{ address: to, storageKeys: [new Uint8Array(32), new Uint8Array(32).fill(1)] }, { address: new Uint8Array(20), storageKeys: [] }] },
      { ...base, type: 2, chainId: 1n, maxFeePerGas: 9n, maxPriorityFeePerGas: 0n, to, accessList: [] },
      { ...base, type: 3, chainId: 1n, maxFeePerGas: 9n, maxPriorityFeePerGas: 1n, to, accessList: [], maxFeePerBlobGas: 3n, blobVersionedHashes: [new Uint8Array(32).fill(1)] },
      { ...base, type: 3, chainId: 1n, maxFeePerGas: 9n, maxPriorityFeePerGas: 1n, to, accessList: [], maxFeePerBlobGas: 3n, blobVersionedHashes: [] },
      { ...base, type: 4, chainId: 1n, maxFeePerGas: 9n, maxPriorityFeePerGas: 1n, to, accessList: [],
        authorizationList: [{ chainId: 0n, address: to, nonce: 2n ** 64n - 1n, yParity: 1n, r: BIG, s: 1n }, { chainId: 1n, address: new Uint8Array(20), nonce: 0n, yParity: 0n, r: 5n, s: 6n }] },
      // numbers at the limb boundaries, and past 256 bits (a fixture's absurd value must survive the trip)
      { ...base, type: 2, chainId: 2n ** 64n, nonce: 2n ** 64n - 1n, maxFeePerGas: 2n ** 128n, maxPriorityFeePerGas: 0n, gasLimit: 0n, value: 2n ** 300n + 7n, to, accessList: [] },
      // around the numbers read as shared bigints (bytes-io.ts: below 1024), and a low limb in that range under a high one
      { ...base, type: 2, chainId: 1023n, nonce: 2n ** 32n + 5n, maxFeePerGas: 1024n, maxPriorityFeePerGas: 2n ** 63n + 1n, gasLimit: 1025n, value: 2n ** 64n + 3n, to, accessList: [] },
    ];
    for (const n of [64, 65, 68, 300, 8193, 20000]) txs.push({ ...base, type: 2, chainId: 1n, maxFeePerGas: 2n ** 60n, maxPriorityFeePerGas: 1n, to, accessList: [], data: Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff) });
    for (let k = 0; k < 200; k++) txs.push({ ...base, type: 2, chainId: 1n, nonce: BigInt(k), maxFeePerGas: 9n, maxPriorityFeePerGas: 1n, to, accessList: [], data: new Uint8Array(68).fill(k & 0xff) });
    // (indexes need not be consecutive: a batch holds whatever the planner sent)
    const tasks = txs.map((tx, k) => ({ index: 3 * k + 1, sender: k % 2 ? B : 'ff'.repeat(20), tx }));
    const decoded = new EncodedTasks(encodeTasks(tasks));
    assert.equal(decoded.length, tasks.length);
    const all = tasks.map((_, k) => decoded.get(tasks.length - 1 - k)).reverse(); // (decoded last to first: no record depends on another)
    tasks.forEach((t, k) => {
      assert.equal(decoded.indexAt(k), t.index);
      assert.equal(all[k].index, t.index);
      assert.equal(all[k].sender, t.sender);
      assert.deepEqual(all[k].tx, { ...t.tx, v: 0n, r: 0n, s: 0n }, `type ${t.tx.type} (#${k})`);
    });
    // a batch named by positions in the block's tasks (the planner's): those tasks, in that order
    const order = tasks.map((_, k) => k).filter((k) => k % 3 !== 1).reverse();
    const picked = new EncodedTasks(encodeTasks(tasks, order));
    assert.equal(picked.length, order.length);
    order.forEach((at, k) => {
      const t = picked.get(k);
      assert.equal(t.index, tasks[at].index);
      assert.equal(t.sender, tasks[at].sender);
      assert.deepEqual(t.tx, { ...tasks[at].tx, v: 0n, r: 0n, s: 0n }, `#${at} at ${k}`);
    });
  });

  it('an empty batch has no tasks; a negative number, a sender that is not a key or a damaged batch is refused by name', () => {
    assert.equal(new EncodedTasks(encodeTasks([])).length, 0);
    assert.throws(() => encodeTasks([{ index: 0, sender: B, tx: { ...base, type: 0, chainId: null, gasPrice: 1n, to, accessList: [], value: -1n } }]), /negative number -1/);
    assert.throws(() => encodeTasks([{ index: 0, sender: '0x' + B, tx: { ...base, type: 0, chainId: null, gasPrice: 1n, to, accessList: [] } }]), /sender "0x0123.*is not an address key/);
    const one = encodeTasks([{ index: 0, sender: B, tx: { ...base, type: 0, chainId: null, gasPrice: 1n, to, accessList: [] } }]);
    assert.throws(() => new EncodedTasks(one.subarray(0, 6)), /1 tasks announced in 6 bytes/);
    assert.throws(() => new EncodedTasks(one).get(1), /no task 1 of 1/);
  });
});
