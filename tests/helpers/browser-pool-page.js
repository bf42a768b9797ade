// Runs in a browser page (tests/src/parallel/pool.browser.spec.js): the worker pool over Web Workers (pool.ts's
// branch for runtimes without worker_threads). Blocks run sequentially and on the pool must give the same state
// root, statuses, gas and logs; a worker that throws, closes itself or hangs is replaced and the blocks still
// equal. `window.parevmPoolTest()` returns what it saw, for the spec to check.
import { Core } from '/dist/evm.js';
import { loadModule } from '/dist/wasm/loader.js';
import { createPool, availableParallelism } from '/dist/parallel/pool.js';
import { WORKLOADS } from '/dist/workloads/index.js';
import { executeWorkload } from '/dist/workloads/execute.js';
import { digest, untilWorkers } from './pool-runs.js';

/** What a parallel run did, for the spec: equal to sequential, on how many threads, and what failed. */
const summary = (r, expected) => ({
  same: digest(r) === expected, mode: r.stats.mode, reason: r.stats.reason ?? null,
  onWorkers: r.stats.executions - r.stats.ownExecutions, failures: r.stats.workerFailures,
});

window.parevmPoolTest = async () => {
  const out = {
    crossOriginIsolated: self.crossOriginIsolated, sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
    parallelism: await availableParallelism(), blocks: [], faults: {},
  };
  const core = new Core(await loadModule());
  const pool = await createPool(2);
  out.workers = pool.workers.length;
  try {
    for (const name of ['w2-erc20-10tokens', 'w3-swaps', 'w4-mix-hot0.3', 'w6-nonce-chains']) {
      const w = WORKLOADS[name]({ size: 300 });
      const expected = digest(await executeWorkload(w, core, null, { sequential: true }));
      out.blocks.push({ name, ...summary(await executeWorkload(w, core, pool, { minTransactions: 1 }), expected) });
      out.blocks.push({ name: `${name}, random delays`, ...summary(await executeWorkload(w, core, pool, { minTransactions: 1, delay: { seed: 7, maxMs: 0.05 } }), expected) });
    }
    const w = WORKLOADS['w3-swaps']({ size: 300 });
    const expected = digest(await executeWorkload(w, core, null, { sequential: true }));
    const run = (options) => executeWorkload(w, core, pool, { minTransactions: 1, ...options });
    // the planner as it chooses (not forced onto the workers)
    out.auto = summary(await executeWorkload(w, core, pool, {}), expected);
    // a worker that throws: its error reply fails it for the block; it stays in the pool
    // (no taking over in the faulty runs: the worker must run its batches for the fault to strike)
    out.faults.throws = summary(await run({ steal: false, faults: [{ worker: 0, throwAfterTasks: 10 }] }), expected);
    out.faults.afterThrow = { workers: pool.workers.length, ...summary(await run({}), expected) };
    // a worker that closes itself or hangs says nothing in a browser: the watchdog ends it, the pool replaces it
    for (const [label, fault] of [['closes', { exitAfterTasks: 10 }], ['hangs', { hangAfterTasks: 10 }]]) {
      const generation = pool.generation;
      const t0 = performance.now();
      const r = await run({ steal: false, workerTimeoutMs: 300, faults: [{ worker: 0, ...fault }] });
      out.faults[label] = { ms: performance.now() - t0, ...summary(r, expected) };
      await untilWorkers(pool, 2);
      out.faults[`after ${label}`] = { replaced: pool.generation > generation, ...summary(await run({}), expected) };
    }
  } finally {
    await pool.close();
  }
  return out;
};
window.parevmReady = true;
