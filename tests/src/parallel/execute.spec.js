// src/parallel/execute.ts: a worker runs transactions without a write set (writeSet false); the planner
// derives the writes from the changes (access.ts writeSetOf). Both must give what finalize records.
import assert from 'node:assert/strict';
import { Core } from '../../../dist/evm.js';
import { loadModule } from '../../../dist/wasm/loader.js';
import { runTxTask } from '../../../dist/parallel/execute.js';
import { writeSetOf } from '../../../dist/state/access.js';
import { MemoryState } from '../../../dist/state/memory-state.js';
import { WORKLOADS } from '../../../dist/workloads/index.js';
import { blockEnv } from '../../../dist/workloads/sequential.js';
import { forkId } from '../../../dist/forks.js';
import { syntheticBlock, BLOCK } from '../../helpers/blocks.js';

describe('parallel/execute: runTxTask', () => {
  let core;
  before(async () => { core = new Core(await loadModule()); });

  /** Runs every task in turn (committing the changes), with and without the write set. */
  function check(name, state, tasks, fork, block) {
    let compared = 0;
    for (const task of tasks) {
      const full = runTxTask(core, state, task, fork, block);
      const lean = runTxTask(core, state, task, fork, block, false);
      assert.equal(lean.writes.size, 0, `${name} tx ${task.index}: no write set`);
      assert.deepEqual(lean.changes, full.changes, `${name} tx ${task.index}: changes`);
      assert.deepEqual(lean.reads, full.reads, `${name} tx ${task.index}: reads`);
      assert.deepEqual(writeSetOf(full.changes), full.writes, `${name} tx ${task.index}: writes derived from changes`);
      if (full.valid) state.commit(full.changes);
      compared++;
    }
    return compared;
  }

  it('without a write set: the same changes and reads; the derived writes are finalize\'s (W7 hazards, W2, a synthetic block)', () => {
    let compared = 0;
    for (const name of Object.keys(WORKLOADS).filter((n) => n.startsWith('w7') || n === 'w2-erc20-1token' || n === 'w3-swaps')) {
      const w = WORKLOADS[name](name.startsWith('w7') ? {} : { size: 60 });
      const tasks = w.transactions.map((t, index) => ({ index, tx: t.tx, sender: t.sender.slice(2) }));
      compared += check(name, MemoryState.fromJson(w.preState), tasks, forkId(w.fork), blockEnv(w));
    }
    const s = syntheticBlock({ n: 80, seed: 3 });
    compared += check('synthetic', s.state(), s.tasks, 12, BLOCK);
    assert.ok(compared > 150, `${compared} transactions compared`);
  });
});
