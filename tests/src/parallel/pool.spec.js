// The worker pool (src/parallel/pool.ts): workers started with or without a larger initial old space run
// blocks as the sequential path does, and the size the process was started with is what is put back.
import assert from 'node:assert/strict';
import { Core } from '../../../dist/evm.js';
import { loadModule } from '../../../dist/wasm/loader.js';
import { createPool, initialOldSpaceGiven } from '../../../dist/parallel/pool.js';
import { WORKLOADS } from '../../../dist/workloads/index.js';
import { executeWorkload } from '../../../dist/workloads/execute.js';
import { bytesToHex } from '../../../dist/bytes.js';

const digest = (r) => JSON.stringify({ root: bytesToHex(r.state.stateRoot()), o: r.outcomes.map((o) => [o.status, String(o.gasUsed), o.logs.length]) });

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
