/**
 * `parevm blocks [--size N] [--workers N]` (what `npm start` runs; blocks of 10,000 transactions by default, about
 * 15 s): the built-in demo of parallel block execution. Builds the W2 (ERC-20 on 10 tokens) and W4 (mixed, 30% hot) workloads, runs each block
 * sequentially, through the planner as it chooses, and with the workers forced; checks that the results
 * are identical (state root, statuses, gas), and prints throughput, speedups, re-executions and the DAG
 * bound, with a progress bar.
 */
import { Core } from '../evm.js';
import { loadModule } from '../wasm/loader.js';
import { createPool } from '../parallel/pool.js';
import { WORKLOADS } from '../workloads/index.js';
import { executeWorkload, type WorkloadRun } from '../workloads/execute.js';
import { blockEnv } from '../workloads/sequential.js';
import { dagOfExecuted, leastTimes } from '../parallel/dag.js';
import { bytesToHex } from '../bytes.js';
import { MemoryState } from '../state/memory-state.js';

const USAGE = 'usage: parevm blocks [--size N] [--workers N]';

function digest(r: WorkloadRun): string {
  return JSON.stringify({ root: bytesToHex(r.state.stateRoot()), o: r.outcomes.map((o) => [o.status, o.gasUsed.toString(), o.logs.length]) });
}

function bar(done: number, total: number, label: string): void {
  if (!process.stderr.isTTY) return;
  const width = 30, filled = Math.round((done / total) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`.padEnd(80));
  if (done === total) process.stderr.write('\n');
}

/**
 * Warm-up rounds and timed runs per workload. With 3 and 3, and each pre-state built right before its run, the
 * demo's speedups moved by a sixth between two runs of `npm start` (W2 1.28 and 1.46x, W4 at 30% hot 1.18 and
 * 1.44x): the parallel path needs several blocks to settle its JIT (bench/parallel.js warms it with 8), and a
 * run collected the garbage of building its state. With 6 and 5, states built before each round and the modes
 * taking turns to go first, six runs read W2 1.29–1.43x and W4 1.24–1.40x (~9 s instead of ~6.5).
 */
const WARMUP = 6, RUNS = 5;

export async function main(argv: string[]): Promise<number> {
  let size = 10_000;
  let workers: number | undefined; // default: the machine's parallelism − 1 (the planner's thread executes too)
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = Number(argv[i + 1]);
    if (a === '--help' || a === '-h') { process.stdout.write(`${USAGE}\n`); return 0; }
    if ((a === '--size' || a === '--workers') && Number.isInteger(v) && v > 0) { if (a === '--size') size = v; else workers = v; i++; continue; }
    process.stderr.write(`parevm blocks: bad argument ${a}\n${USAGE}\n`);
    return 2;
  }
  const names = ['w2-erc20-10tokens', 'w4-mix-hot0.3'];
  const core = new Core(await loadModule());
  const pool = await createPool(workers);
  const workerCount = pool?.workers.length ?? 0;
  const rows: string[] = [];
  const notes: string[] = [];
  let ok = true;
  try {
    // per workload: warm-up rounds (JIT in this thread and in every worker), then timed runs of the
    // sequential engine, of the planner as it chooses (it may decline the workers), and of the workers forced
    const steps = names.length * (WARMUP + RUNS) * 3;
    let step = 0;
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    for (const name of names) {
      const w = WORKLOADS[name]({ size });
      const times = { seq: [] as number[], auto: [] as number[], forced: [] as number[] };
      let seq: WorkloadRun | null = null, auto: WorkloadRun | null = null, forced: WorkloadRun | null = null;
      // the DAG weighs each transaction by its least time over the timed sequential runs (dag.ts dagOfExecuted)
      let least: number[] | null = null;
      for (let k = 0; k < WARMUP + RUNS; k++) {
        bar(step, steps, `${name}: ${k < WARMUP ? 'warm-up' : 'timed runs'}`);
        // (each round's pre-states built before its runs, and the three modes in turn first: building a
        // state leaves garbage that the run after it collects)
        const states = [0, 1, 2].map(() => MemoryState.fromJson(w.preState));
        for (let m = 0; m < 3; m++) {
          const mode = (k + m) % 3, state = states[mode];
          if (mode === 0) seq = await executeWorkload(w, core, pool, { sequential: true }, { dag: false, state });
          else if (mode === 1) auto = await executeWorkload(w, core, pool, {}, { dag: false, state });
          else forced = await executeWorkload(w, core, pool, { minTransactions: 1 }, { dag: false, state });
          step++;
        }
        if (k >= WARMUP) {
          times.seq.push(seq!.stats.timeMs); times.auto.push(auto!.stats.timeMs); times.forced.push(forced!.stats.timeMs);
          least = leastTimes(least, seq!.outcomes.map((o) => o.timeMs));
        }
      }
      const dag = dagOfExecuted(seq!.outcomes, blockEnv(w).coinbase, least!);
      bar(step, steps, name);
      const same = digest(seq!) === digest(auto!) && digest(seq!) === digest(forced!);
      ok &&= same;
      const gas = seq!.outcomes.reduce((a, o) => a + o.gasUsed, 0n);
      const mgas = (ms: number) => (Number(gas) / 1e3 / ms).toFixed(1);
      const [ts, ta, tf] = [median(times.seq), median(times.auto), median(times.forced)];
      const two = dag.listScheduled.find((l) => l.workers === 2)?.speedup ?? 1;
      const eight = dag.listScheduled.find((l) => l.workers === 8)?.speedup ?? 1;
      rows.push([
        name.padEnd(20), String(w.transactions.length).padStart(6), `${mgas(ts).padStart(8)} Mgas/s`,
        `${mgas(ta).padStart(8)} Mgas/s`, `${(ts / ta).toFixed(2)}x`.padStart(8), `${(ts / tf).toFixed(2)}x`.padStart(8),
        String(forced!.stats.reExecutions).padStart(8), `${two.toFixed(2)}x / ${eight.toFixed(2)}x`.padStart(16),
        same ? 'identical' : 'DIFFERENT',
      ].join('  '));
      if (auto!.stats.mode === 'sequential') notes.push(`${name}: the planner ran it on one core: ${auto!.stats.reason}`);
    }
  } finally {
    await pool?.close();
  }
  console.log(`parallel block execution demo: ${workerCount} worker${workerCount === 1 ? '' : 's'} + the planner's thread, blocks of ${size} transactions (Cancun)\n`);
  console.log(['workload'.padEnd(20), 'txs'.padStart(6), 'sequential'.padStart(15), 'parallel'.padStart(15), 'speedup'.padStart(8),
    'forced'.padStart(8), 're-exec'.padStart(8), 'DAG bound 2w/8w'.padStart(16), 'result'].join('  '));
  for (const r of rows) console.log(r);
  console.log(`\nmedian of ${RUNS} timed runs after ${WARMUP} warm-up rounds; "parallel" is the planner as it chooses (it runs a block on one`);
  console.log('core when a timed probe shows the workers would not pay off), "forced" always uses the workers and its own thread.');
  for (const n of notes) console.log(n);
  console.log(ok ? '\nparallel results are identical to sequential execution' : '\nMISMATCH: parallel differs from sequential');
  return ok ? 0 : 1;
}
