// The worker pool (src/parallel/pool.ts): workers started with or without a larger initial old space run
// blocks as the sequential path does, and the size the process was started with is what is put back. A
// worker that dies leaves the pool (the next block does not wait for it) and another takes its place.
import assert from 'node:assert/strict';
import { Core } from '../../../dist/evm.js';
import { loadModule } from '../../../dist/wasm/loader.js';
import { createPool, initialOldSpaceGiven } from '../../../dist/parallel/pool.js';
import { WORKLOADS } from '../../../dist/workloads/index.js';
import { executeWorkload } from '../../../dist/workloads/execute.js';
import { digest, untilWorkers } from '../../helpers/pool-runs.js';

describe('parallel/pool', function () {
  this.timeout(120_000);

  it('workers started with V8\'s initial old space or with 64 MB run a block as the sequential path does', async () => {
    const core = new Core(await loadModule());
    const w = WORKLOADS['w2-erc20-10tokens']({ size: 400 });
    const expected = digest(await executeWorkload(w, core, null, { sequential: true }));
    for (const initialOldSpaceMb of [0, 64]) {
      const pool = await createPool(2, { initialOldSpaceMb });
      try {
        const r = await executeWorkload(w, core, pool, { minTransactions: 1 });
        assert.equal(r.stats.mode, 'parallel');
        assert.ok(r.stats.executions - r.stats.ownExecutions > 0, 'the workers ran some of the block');
        assert.equal(digest(r), expected, `initialOldSpaceMb ${initialOldSpaceMb}`);
      } finally {
        await pool.close();
      }
    }
  });

  /**
   * Runs `body(pool, run, expected)` on a fresh one-worker pool, closed after: `run(options)` executes workload
   * `name` (of `size` transactions) there, `expected` is its sequential digest.
   */
  async function onOnePool(name, size, body) {
    const core = new Core(await loadModule());
    const w = WORKLOADS[name]({ size });
    const expected = digest(await executeWorkload(w, core, null, { sequential: true }));
    const pool = await createPool(1);
    try {
      await body(pool, (options) => executeWorkload(w, core, pool, options), expected);
    } finally {
      await pool.close();
    }
  }

  for (const exitCode of [70, 0]) {
    it(`a worker that dies (exit code ${exitCode}) leaves the pool at once; its replacement gets all code again and the blocks equal sequential`, async () => {
      await onOnePool('w3-swaps', 300, async (pool, run, expected) => {
        const generation = pool.generation;
        const dying = await run({ minTransactions: 1, steal: false, faults: [{ worker: 0, exitAfterTasks: 10, exitCode }] }); // (no taking over: the worker must run its batches for the fault to strike)
        assert.deepEqual(dying.stats.workerFailures, [`worker exited with code ${exitCode}`]);
        assert.equal(digest(dying), expected);
        // the dead worker is out at once: this block runs on one core rather than waiting for it
        assert.equal(pool.workers.length, 0);
        const alone = await run({ minTransactions: 1 });
        assert.equal(alone.stats.mode, 'sequential');
        assert.equal(alone.stats.reason, 'no live workers in the pool');
        assert.equal(digest(alone), expected);
        await untilWorkers(pool, 1);
        assert.ok(pool.generation > generation, 'a worker joined');
        // the new worker holds no code: the pools' code is sent again (it would fail on a hash alone)
        const again = await run({ minTransactions: 1 });
        assert.equal(again.stats.mode, 'parallel');
        assert.deepEqual(again.stats.workerFailures, []);
        assert.ok(again.stats.executions - again.stats.ownExecutions > 0, 'the new worker ran some of the block');
        assert.equal(digest(again), expected);
      });
    });
  }

  it('a worker stuck in a batch is taken as such after workerTimeoutMs: ended, its transactions re-run, then replaced', async () => {
    await onOnePool('w3-swaps', 300, async (pool, run, expected) => {
      const t0 = performance.now();
      const r = await run({ minTransactions: 1, steal: false, workerTimeoutMs: 300, faults: [{ worker: 0, hangAfterTasks: 10 }] });
      assert.equal(r.stats.workerFailures.length, 1);
      assert.match(r.stats.workerFailures[0], /^worker 0 sent no reply in 300 ms with \d batch\(es\) out: ended$/);
      assert.equal(digest(r), expected);
      assert.ok(performance.now() - t0 < 5_000, 'the block did not wait long for the stuck worker');
      await untilWorkers(pool, 1);
      const again = await run({ minTransactions: 1 });
      assert.deepEqual(again.stats.workerFailures, []);
      assert.equal(digest(again), expected);
    });
  });

  it('workers that die in every block are replaced a few times, then the pool runs its blocks on one core; close ends a replacement still starting', async () => {
    const dying = { minTransactions: 1, steal: false, faults: [{ worker: 0, exitAfterTasks: 3 }] };
    await onOnePool('w2-erc20-10tokens', 120, async (pool, run, expected) => {
      let deaths = 0;
      for (;;) {
        const r = await run(dying);
        assert.equal(digest(r), expected);
        deaths += r.stats.workerFailures.length;
        if (deaths > 3) break;
        await untilWorkers(pool, 1);
      }
      assert.equal(deaths, 4, 'the first worker and three replacements');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(pool.workers.length, 0, 'no fourth replacement');
      const r = await run({ minTransactions: 1 });
      assert.equal(r.stats.mode, 'sequential');
      assert.equal(digest(r), expected);
    });
    // a death right before close: the replacement starting is ended, and close returns
    let other;
    await onOnePool('w2-erc20-10tokens', 120, async (pool, run) => { other = pool; await run(dying); });
    assert.equal(other.workers.length, 0);
  });

  it('the initial old space the process was started with is read from its options, the last one winning', () => {
    assert.equal(initialOldSpaceGiven([]), 0);
    assert.equal(initialOldSpaceGiven(['--expose-gc']), 0);
    assert.equal(initialOldSpaceGiven(['--initial-old-space-size=32']), 32);
    assert.equal(initialOldSpaceGiven(['--initial_old_space_size=16', '--initial-old-space-size=48']), 48);
    // (command-line options come after NODE_OPTIONS: they win)
    assert.equal(initialOldSpaceGiven(['--initial-old-space-size=8'], '--max-old-space-size=4096 --initial-old-space-size=100'), 8);
    assert.equal(initialOldSpaceGiven([], ' --initial-old-space-size=100 '), 100);
    assert.equal(initialOldSpaceGiven(['--initial-old-space-size=abc']), 0);
  });
});
