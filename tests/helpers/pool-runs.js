// What the pool tests compare and wait for, in Node (tests/src/parallel/pool.spec.js) and in a browser page
// (tests/helpers/browser-pool-page.js, served with the project): no Node API here.
import { bytesToHex } from '../../dist/bytes.js';

/** A block run's result as one string: the state root, and per transaction its status, gas used and number of logs. */
export const digest = (r) => JSON.stringify({ root: bytesToHex(r.state.stateRoot()), o: r.outcomes.map((o) => [o.status, String(o.gasUsed), o.logs.length]) });

/** Waits until `pool` has `count` workers (a replacement joins when it has started), at most 10 s. */
export async function untilWorkers(pool, count) {
  const end = performance.now() + 10_000;
  while (pool.workers.length !== count) {
    if (performance.now() > end) throw new Error(`the pool has ${pool.workers.length} workers, not ${count}, after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
