// src/parallel/execute.ts: an outcome keeps its reads as a compact record (access.ts) and spells them as
// keys only when asked. The record must validate against the state the transaction ran on, as a record
// (validate.ts) and as a worker sends it (wire.ts, bytes), and spell the same read set both ways.
import assert from 'node:assert/strict';
import { Core } from '../../../dist/evm.js';
import { loadModule } from '../../../dist/wasm/loader.js';
import { runTxTask } from '../../../dist/parallel/execute.js';
import { firstStaleRead } from '../../../dist/parallel/validate.js';
import { encodeReads, decodeReads, firstStaleEncodedRead } from '../../../dist/parallel/wire.js';
import { readSetOf, writeSetOf } from '../../../dist/state/access.js';
import { MemoryState } from '../../../dist/state/memory-state.js';
import { WORKLOADS } from '../../../dist/workloads/index.js';
import { blockEnv } from '../../../dist/workloads/sequential.js';
import { forkId } from '../../../dist/forks.js';
import { syntheticBlock, BLOCK } from '../../helpers/blocks.js';

describe('parallel/execute: runTxTask', () => {
  let core;
  before(async () => { core = new Core(await loadModule()); });

  /** Runs every task in turn (committing the changes); returns how many read something that the next commit changed. */
  function check(name, state, tasks, fork, block) {
    let compared = 0, staleAfter = 0;
    for (const task of tasks) {
      const o = runTxTask(core, state, task, fork, block);
      const at = `${name} tx ${task.index}`;
      const sent = encodeReads(o.readRecord);
      assert.ok(o.readRecord.length > 0, `${at}: reads something (at least its sender)`);
      assert.equal(firstStaleRead(o.readRecord, state), null, `${at}: valid against the state it ran on`);
      assert.equal(firstStaleEncodedRead(sent, 0, state), null, `${at}: valid as sent too`);
      assert.deepEqual(readSetOf(decodeReads(sent)), o.reads, `${at}: the bytes sent spell the same read set`);
      assert.deepEqual(o.writes, writeSetOf(o.changes), `${at}: writes`);
      if (o.valid) state.commit(o.changes);
      // once committed, a transaction that read what it wrote no longer validates against the new state
      const stale = firstStaleRead(o.readRecord, state);
      assert.equal(firstStaleEncodedRead(sent, 0, state), stale, `${at}: record and bytes sent agree after the commit`);
      if (stale !== null) staleAfter++;
      compared++;
    }
    return { compared, staleAfter };
  }

  it('the read record validates against the state the transaction ran on, as a record and as sent, and spells the same read set (W7 hazards, W2, W3, a synthetic block)', () => {
    let compared = 0, staleAfter = 0;
    const add = (r) => { compared += r.compared; staleAfter += r.staleAfter; };
    for (const name of Object.keys(WORKLOADS).filter((n) => n.startsWith('w7') || n === 'w2-erc20-1token' || n === 'w3-swaps')) {
      const w = WORKLOADS[name](name.startsWith('w7') ? {} : { size: 60 });
      const tasks = w.transactions.map((t, index) => ({ index, tx: t.tx, sender: t.sender.slice(2) }));
      add(check(name, MemoryState.fromJson(w.preState), tasks, forkId(w.fork), blockEnv(w)));
    }
    const s = syntheticBlock({ n: 80, seed: 3 });
    add(check('synthetic', s.state(), s.tasks, 12, BLOCK));
    assert.ok(compared > 150, `${compared} transactions compared`);
    // every transaction reads its sender's nonce and bumps it: its own commit makes it stale
    assert.equal(staleAfter, compared, `${staleAfter} of ${compared} stale after their own commit`);
  });
});
