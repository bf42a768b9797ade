// npm run bench -- contention [--workload NAME] [--runs N] [--gc default|single|both]
// How fast can two threads of this engine go on this machine, before any planner cost? Runs a workload
// block sequentially on this thread alone, then again while a worker thread runs the same block (its own
// core instance and state) without pause, and prints the slowdown. Two independent copies finish in
// slowdown x the time of one, so 2 / slowdown is the most two threads can gain over one here: a ceiling
// for the parallel planner that no scheduling can beat. With --gc both (the default) it repeats the
// measurement in a child process with --single-threaded-gc, to tell V8's garbage-collector helper threads
// (which in a sequential run use the idle core) from contention in the hardware.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Core } from '../dist/evm.js';
import { loadModule } from '../dist/wasm/loader.js';
import { WORKLOADS } from '../dist/workloads/index.js';
import { MemoryState } from '../dist/state/memory-state.js';
import { forkId } from '../dist/forks.js';
import { blockEnv } from '../dist/workloads/sequential.js';
import { executeTransactions } from '../dist/parallel/planner.js';
import { median } from './lib/stats.js';

function parse(argv) {
  const o = { workload: 'w2-erc20-1token', runs: 9, gc: 'both', child: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--workload') o.workload = argv[++i];
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--gc') o.gc = argv[++i];
    else if (a === '--child') o.child = true;
    else if (a === '--help') o.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs takes a positive whole number');
  if (!['default', 'single', 'both'].includes(o.gc)) throw new Error('--gc takes default, single or both');
  if (!(o.workload in WORKLOADS)) throw new Error(`unknown workload "${o.workload}" (one of ${Object.keys(WORKLOADS).join(', ')})`);
  return o;
}

/** One thread's runner: the workload block, sequentially, on a fresh pre-state each time (built before timing). */
async function runner(name) {
  const core = new Core(await loadModule());
  const w = WORKLOADS[name]({});
  const block = blockEnv(w);
  const fork = forkId(w.fork);
  const tasks = w.transactions.map((t, index) => ({ index, tx: t.tx, sender: t.sender.slice(2) }));
  return async () => {
    const state = MemoryState.fromJson(w.preState);
    core.clearCodeCache();
    const t0 = performance.now();
    await executeTransactions({ core, state, fork, block, tasks, pool: null }, { sequential: true });
    return performance.now() - t0;
  };
}

if (!isMainThread) {
  // the busy neighbour: runs the block until told to stop
  const run = await runner(workerData.workload);
  for (let i = 0; i < 3; i++) await run();
  let stop = false;
  parentPort.on('message', () => { stop = true; });
  parentPort.postMessage('ready');
  while (!stop) { await run(); await new Promise((r) => setImmediate(r)); }
  parentPort.postMessage('stopped');
}

/** Alone, then beside a busy worker: the medians, in this process (with its GC flags). */
async function measure(o) {
  const run = await runner(o.workload);
  for (let i = 0; i < 3; i++) await run();
  const alone = [];
  for (let i = 0; i < o.runs; i++) alone.push(await run());
  const neighbour = new Worker(new URL(import.meta.url), { workerData: { workload: o.workload } });
  await new Promise((resolve, reject) => { neighbour.once('message', resolve); neighbour.once('error', reject); });
  const busy = [];
  for (let i = 0; i < o.runs; i++) busy.push(await run());
  neighbour.postMessage('stop');
  await new Promise((r) => neighbour.once('message', r));
  await neighbour.terminate();
  return { alone: median(alone), busy: median(busy) };
}

function report(label, m) {
  const slowdown = m.busy / m.alone;
  return `  ${label.padEnd(22)} alone ${m.alone.toFixed(1).padStart(7)} ms   other core busy ${m.busy.toFixed(1).padStart(7)} ms   ` +
    `slowdown ${slowdown.toFixed(2)}x   two-thread ceiling ${(2 / slowdown).toFixed(2)}x`;
}

export async function main(argv) {
  const o = parse(argv);
  if (o.help) {
    process.stdout.write('usage: npm run bench -- contention [--workload NAME] [--runs N] [--gc default|single|both]\n');
    return 0;
  }
  if (o.child) { process.stdout.write(`${JSON.stringify(await measure(o))}\n`); return 0; }
  process.stdout.write(`contention: ${o.workload}, sequential, median of ${o.runs} (this thread alone, then with a worker running the same block)\n`);
  const modes = o.gc === 'both' ? ['default', 'single'] : [o.gc];
  for (const gc of modes) {
    let m;
    if (gc === 'default') m = await measure(o);
    else {
      // GC flags are per process: measure in a child started with them
      const index = fileURLToPath(new URL('./index.js', import.meta.url));
      const child = spawnSync(process.execPath, ['--single-threaded-gc', index, 'contention', '--child', '--workload', o.workload, '--runs', String(o.runs)], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`contention: the --single-threaded-gc child failed: ${child.stderr.trim()}`);
      m = JSON.parse(child.stdout.trim().split('\n').pop());
    }
    process.stdout.write(`${report(gc === 'default' ? 'V8 default GC' : '--single-threaded-gc', m)}\n`);
  }
  return 0;
}
