// npm run bench -- cpu [--workload NAME] [--runs N] [--workers N]
// Where a block's CPU time goes, per thread: a workload block run sequentially and then with the workers
// forced (no probe, no decision), alternating, on fresh pre-states. For each mode it prints the median
// wall time and the mean CPU time per block of this thread, of the workers' threads, and of all other
// threads of the process (V8's helper threads: parallel scavenges, concurrent marking, compilation).
// Reads /proc/self/task/*/schedstat (nanoseconds), so Linux only; elsewhere it says so and exits.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Core } from '../dist/evm.js';
import { loadModule } from '../dist/wasm/loader.js';
import { WORKLOADS } from '../dist/workloads/index.js';
import { MemoryState } from '../dist/state/memory-state.js';
import { executeWorkload } from '../dist/workloads/execute.js';
import { createPool } from '../dist/parallel/pool.js';
import { median } from './lib/stats.js';

/** Issue 3's speed targets (2 workers against our sequential engine): the least speedup per workload. */
const TARGETS = { 'w1-transfers': 1.2, 'w2-erc20-1token': 1.4, 'w2-erc20-10tokens': 1.4, 'w3-swaps': 1.6, 'w4-mix-hot0.3': 1.2, 'w5-chain': 0.9, 'w5-chain-eth': 0.9, 'w6-nonce-chains': 0.9 };

function parse(argv) {
  const o = { workload: 'w3-swaps', runs: 9, workers: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--workload') o.workload = argv[++i];
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--workers') o.workers = Number(argv[++i]);
    else if (a === '--help') o.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs takes a positive whole number');
  if (!Number.isInteger(o.workers) || o.workers < 1) throw new Error('--workers takes a positive whole number');
  if (!(o.workload in WORKLOADS)) throw new Error(`unknown workload "${o.workload}" (one of ${Object.keys(WORKLOADS).join(', ')})`);
  return o;
}

/** CPU time so far of each thread of this process, ns, by thread id. */
function threadTimes() {
  const times = new Map();
  for (const tid of readdirSync('/proc/self/task')) {
    try { times.set(tid, Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0])); } catch { /* the thread ended */ }
  }
  return times;
}

export async function main(argv) {
  const o = parse(argv);
  if (o.help) { process.stdout.write('usage: npm run bench -- cpu [--workload NAME] [--runs N] [--workers N]\n'); return 0; }
  if (!existsSync('/proc/self/task')) { process.stdout.write('cpu: needs /proc/self/task/*/schedstat (Linux)\n'); return 0; }
  const core = new Core(await loadModule());
  const w = WORKLOADS[o.workload]({});
  const before = new Set(threadTimes().keys());
  const pool = await createPool(o.workers);
  // threads that appeared with the pool are its workers' (a worker is one thread; V8's helpers are shared)
  await new Promise((r) => setTimeout(r, 50));
  const workerThreads = [...threadTimes().keys()].filter((t) => !before.has(t));
  const self = String(process.pid);
  const totals = { sequential: { wall: [], self: 0, workers: 0, helpers: 0 }, parallel: { wall: [], self: 0, workers: 0, helpers: 0 } };
  const run = async (mode, timed) => {
    const state = MemoryState.fromJson(w.preState); // (outside the measured part, as the DAG statistics)
    globalThis.gc?.({ type: 'minor' });
    const t0 = threadTimes(), w0 = performance.now();
    await executeWorkload(w, core, pool, mode === 'sequential' ? { sequential: true } : { minTransactions: 1 }, { state, dag: false });
    const wall = performance.now() - w0, t1 = threadTimes();
    if (!timed) return;
    const m = totals[mode];
    m.wall.push(wall);
    for (const [tid, ns] of t1) {
      const ms = (ns - (t0.get(tid) ?? 0)) / 1e6;
      if (tid === self) m.self += ms; else if (workerThreads.includes(tid)) m.workers += ms; else m.helpers += ms;
    }
  };
  try {
    for (let i = 0; i < 3; i++) { await run('sequential', false); await run('parallel', false); }
    for (let i = 0; i < o.runs; i++) for (const mode of i % 2 ? ['parallel', 'sequential'] : ['sequential', 'parallel']) await run(mode, true);
  } finally {
    await pool.close();
  }
  process.stdout.write(`cpu: ${o.workload}, ${o.runs} runs per mode, alternating; CPU ms per block by thread (${workerThreads.length} worker thread(s) found)\n`);
  const perBlock = (x) => x / o.runs;
  const allThreads = (m) => perBlock(m.self + m.workers + m.helpers);
  for (const [mode, m] of Object.entries(totals)) {
    const ms = (x) => x.toFixed(1).padStart(6);
    process.stdout.write(`  ${mode.padEnd(10)} wall ${ms(median(m.wall))} ms   this thread ${ms(perBlock(m.self))}   workers ${ms(perBlock(m.workers))}   ` +
      `V8 helpers and the rest ${ms(perBlock(m.helpers))}   all threads ${ms(allThreads(m))}\n`);
  }
  // The sequential run keeps more than one core busy: V8's helper threads (concurrent marking, parallel
  // scavenges, compilation) run beside it on the core it leaves idle. A parallel run has no idle core for
  // them, so even at no cost of its own it could be at most cores / (cores the sequential run uses) faster.
  const mean = (xs) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const seqCores = allThreads(totals.sequential) / mean(totals.sequential.wall);
  process.stdout.write(`  ceiling    the sequential run keeps ${seqCores.toFixed(2)} cores busy (its CPU over its mean wall time): ` +
    `a parallel run with no cost of its own could be at most ${(availableParallelism() / seqCores).toFixed(2)}x faster on ${availableParallelism()} cores\n`);
  // A block cannot take less wall time than its CPU time over the cores. So R× over the sequential
  // run's wall time needs every thread of the parallel run together within cores · wall / R.
  const target = TARGETS[o.workload];
  if (target !== undefined) {
    const cores = availableParallelism(), wall = median(totals.sequential.wall) / target;
    const budget = cores * wall, used = allThreads(totals.parallel);
    process.stdout.write(`  budget     issue 3's ${target}x on ${cores} cores allows all threads ${budget.toFixed(1)} ms per block (wall ${wall.toFixed(1)} ms); ` +
      `the parallel run used ${used.toFixed(1)} ms, ${(used / budget).toFixed(2)}x that\n`);
  }
  return 0;
}
