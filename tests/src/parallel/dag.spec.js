// DAG bounds from access sets (src/parallel/dag.ts), on hand-made blocks with known answers.
import assert from 'node:assert/strict';
import { dagStats, dagOfExecuted, dependencies, leastTimes, longestChain } from '../../../dist/parallel/dag.js';

const A = 'a'.repeat(40), B = 'b'.repeat(40), C = 'c'.repeat(40), CB = 'cb'.repeat(20);
const tx = (reads, writes, timeMs = 1, paysFee = true) => ({ reads: new Map(reads), writes: new Map(writes), timeMs, paysFee });

describe('parallel/dag', () => {
  it('independent transactions: no edges, ideal speedup = n, list schedule = min(n, workers)', () => {
    const txs = [tx([[`b:${A}`, 1n]], [[`b:${A}`, 0n]]), tx([[`b:${B}`, 1n]], [[`b:${B}`, 0n]]), tx([[`b:${C}`, 1n]], [[`b:${C}`, 0n]]), tx([], [])];
    const s = dagStats(txs, CB, [1, 2, 4, 8]);
    assert.equal(s.edges, 0);
    assert.equal(s.idealSpeedup, 4);
    assert.deepEqual(s.listScheduled.map((l) => l.speedup), [1, 2, 4, 4]);
  });

  it('a chain through one storage slot: critical path = total, speedup 1', () => {
    const slot = `s:${A}:${'0'.repeat(64)}`;
    const txs = [0, 1, 2].map((i) => tx([[slot, BigInt(i)]], [[slot, BigInt(i + 1)]], 2));
    assert.deepEqual(dependencies(txs, CB), [[], [0], [1]]);
    const s = dagStats(txs, CB);
    assert.equal(s.criticalPathMs, 6);
    assert.equal(s.idealSpeedup, 1);
  });

  it('longestChain counts the transactions on the longest path of dependencies, unweighted', () => {
    const slot = `s:${A}:${'0'.repeat(64)}`, other = `s:${B}:${'0'.repeat(64)}`;
    const executed = (reads, writes, timeMs = 1) => ({ reads: new Map(reads), writes: new Map(writes), timeMs, beneficiaryFee: 0n });
    // a chain of three through one slot (the middle one slow: weights do not count), two independent
    // transactions, and one that reads the chain's first write and starts a branch of its own
    const txs = [
      executed([[slot, 0n]], [[slot, 1n]]), executed([[other, 0n]], [[other, 1n]]), executed([[slot, 1n]], [[slot, 2n]], 50),
      executed([], []), executed([[slot, 2n]], [[slot, 3n]]),
    ];
    assert.equal(longestChain(txs, CB), 3);
    assert.equal(longestChain([...txs, executed([[`b:${CB}`, 0n]], [])], CB), 3); // no fee paid: the beneficiary read depends on nothing
    assert.equal(longestChain([executed([], [])], CB), 1);
    assert.equal(longestChain([], CB), 0);
  });

  it('credits commute with each other but not with a read of the balance', () => {
    const txs = [tx([], [[`d:${A}`, 5n]]), tx([], [[`d:${A}`, 7n]]), tx([[`b:${A}`, 12n]], [])];
    assert.deepEqual(dependencies(txs, CB), [[], [], [0, 1]]);
  });

  it('reading the beneficiary balance depends on every earlier fee', () => {
    const txs = [tx([], []), tx([], [], 1, false), tx([], []), tx([[`b:${CB}`, 0n]], [])];
    assert.deepEqual(dependencies(txs, CB), [[], [], [], [0, 2]]);
  });

  it('list scheduling with 2 workers: two chains of 3 and one single transaction', () => {
    const s1 = `s:${A}:${'0'.repeat(64)}`, s2 = `s:${B}:${'0'.repeat(64)}`;
    const txs = [tx([[s1, 0n]], [[s1, 1n]]), tx([[s2, 0n]], [[s2, 1n]]), tx([[s1, 1n]], [[s1, 2n]]), tx([[s2, 1n]], [[s2, 2n]]),
      tx([[s1, 2n]], [[s1, 3n]]), tx([[s2, 2n]], [[s2, 3n]]), tx([], [])];
    const s = dagStats(txs, CB, [2]);
    assert.equal(s.criticalPathMs, 3);
    assert.equal(s.listScheduled[0].speedup, 7 / 4);
  });

  it('executed transactions are weighed by the times given (a run\'s pause inside one transaction left out), else by their own', () => {
    const slot = `s:${A}:${'0'.repeat(64)}`;
    // a chain of two, then one independent transaction that a collection pause made look long
    const executed = [
      { reads: new Map([[slot, 0n]]), writes: new Map([[slot, 1n]]), timeMs: 1, beneficiaryFee: 1n },
      { reads: new Map([[slot, 1n]]), writes: new Map([[slot, 2n]]), timeMs: 1, beneficiaryFee: 1n },
      { reads: new Map([[`b:${B}`, 1n]]), writes: new Map(), timeMs: 30, beneficiaryFee: 0n },
    ];
    const measured = dagOfExecuted(executed, CB);
    assert.equal(measured.criticalPathMs, 30);
    const weighed = dagOfExecuted(executed, CB, [1, 1, 1]);
    assert.equal(weighed.criticalPathMs, 2);
    assert.equal(weighed.idealSpeedup, 1.5);
    assert.throws(() => dagOfExecuted(executed, CB, [1, 1]), /DAG weights: 2 times for 3 transactions/);
    assert.throws(() => dagOfExecuted(executed, CB, [1, -1, 1]), /DAG weights: time 1 is -1/);
  });

  it('least times: each transaction\'s lesser time over runs, starting from the first run', () => {
    const first = [3, 1, 4];
    const once = leastTimes(null, first);
    assert.deepEqual(once, [3, 1, 4]);
    assert.notEqual(once, first, 'a copy: the caller\'s array is not kept');
    assert.deepEqual(leastTimes(once, [2, 5, 4]), [2, 1, 4]);
  });
});
