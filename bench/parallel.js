// npm run bench -- parallel [--quick] [--runs N] [--filter NAME] [--workers N] [--force] [--planner JSON] [--json]
// Per workload: sequential and parallel time (median of warm runs, same process, same core), speedup,
// re-executions, conflict rate, and the DAG bounds for 2..32 workers; then the mainnet blocks, with the
// DAG bounds next to pevm's published 12-thread speedups. Every parallel run is checked against the
// sequential result (state root, gas, statuses).
import { readFileSync, existsSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { Core } from '../dist/evm.js';
import { loadModule } from '../dist/wasm/loader.js';
import { createPool } from '../dist/parallel/pool.js';
import { WORKLOADS } from '../dist/workloads/index.js';
import { executeWorkload } from '../dist/workloads/execute.js';
import { executeBlock } from '../dist/block/execute.js';
import { parseBlock, parsePreState } from '../dist/block/json.js';
import { bytesToHex } from '../dist/bytes.js';
import { MemoryState } from '../dist/state/memory-state.js';
import { preloadKzg } from '../dist/precompiles/index.js';
import { median } from './lib/stats.js';
import { MAINNET, mainnetTables, mainnetBlockNumbers } from './lib/mainnet.js';
import { leastTimes } from '../dist/parallel/dag.js';

const fmt = (x, d = 2) => x.toFixed(d);

function parse(argv) {
  const o = { runs: 9, quick: false, filter: null, workers: 1, json: false, force: false, planner: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') { o.quick = true; o.runs = 3; } else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--filter') o.filter = argv[++i];
    else if (a === '--workers') o.workers = Number(argv[++i]);
    else if (a === '--json') o.json = true;
    else if (a === '--force') o.force = true;
    else if (a === '--planner') {
      const text = argv[++i];
      try { o.planner = JSON.parse(text); } catch { throw new Error(`--planner takes a JSON object of planner options, got ${text}`); }
      if (o.planner === null || typeof o.planner !== 'object' || Array.isArray(o.planner)) throw new Error(`--planner takes a JSON object of planner options, got ${text}`);
    }
    else if (a === '--help') o.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs takes a positive whole number');
  if (!Number.isInteger(o.workers) || o.workers < 1) throw new Error('--workers takes a positive whole number');
  return o;
}

const digest = (outcomes, state) => JSON.stringify({ root: bytesToHex(state.stateRoot()), o: outcomes.map((x) => [x.status, String(x.gasUsed)]) });

// Each run's input (a fresh pre-state) is built before the timed runs, for both modes alike: building
// it right before a run would leave that run collecting the builder's garbage.
/**
 * Warm-up runs of each mode before the timed ones. The parallel path needs several blocks to settle (JIT on
 * this thread and in the worker): W2 forced onto both threads took 373, 206, 150, 152, 131, 118, 112 ms in
 * its first seven blocks, then 107–124; with 3 warm-up pairs its median read 0.74–1.07x across bench runs.
 */
let WARMUP = 8;

/** Short blocks get more timed runs, up to this many: a few ms are at the mercy of one GC pause. */
const MAX_RUNS = 25;
/** ...until the timed sequential runs add up to at least this (ms). */
const MIN_TOTAL_MS = 300;

/**
 * A minor collection before each timed run (node --expose-gc; npm run bench passes it), so every run
 * starts with an empty young generation. Without it, a block of a few ms alternated between two times
 * (w5-chain-eth sequentially: 6.4, 5.0, 6.4, 5.0 ms…, as a scavenge fell in every other run), and the
 * median of either mode landed on one or the other: 1.60x in one bench run, 0.69x in the next.
 * (A full collection instead made every run slower: it shrinks the heap.)
 */
const emptyYoungGeneration = () => globalThis.gc?.({ type: 'minor' });

/**
 * This thread's collection pauses during a run (ms, V8's 'gc' performance entries). A parallel block waits
 * through the planner's: the worker's pipeline holds well under a millisecond of work, and a scavenge's
 * helper threads take its core. They are what spreads the parallel block times most (docs/parallel-journal.md, "What spreads
 * the parallel block times"), so the bench prints them beside the times.
 */
let collections = [];
new PerformanceObserver((list) => { collections.push(...list.getEntries()); }).observe({ entryTypes: ['gc'] });
/**
 * The pauses (ms) of the collections that started between `from` and `to` (performance.now()). Entries reach
 * the observer late and in batches (some after the next run has started), so they are picked by start time.
 */
async function pausesBetween(from, to) {
  await new Promise((resolve) => setTimeout(resolve, 1));
  let ms = 0;
  for (const e of collections) if (e.startTime >= from && e.startTime < to) ms += e.duration;
  collections = collections.filter((e) => e.startTime >= to);
  return ms;
}

/** The order of each timed pair (a fixed seed: runs of the bench draw the same orders). */
let orderSeed = 0x9e3779b9;
const nextRandom = () => { orderSeed = (Math.imul(orderSeed, 1103515245) + 12345) >>> 0; return orderSeed / 2 ** 32; };

/**
 * Where a parallel run's time went, per thread (the last timed run): what the worker did beyond executing
 * (decoding tasks and state, encoding results) and what this thread did besides its own executions
 * (setup, validating and committing) are the parallel path's own cost.
 */
function threadTimes(st) {
  return `worker busy ${fmt(st.workerBusyMs, 1)} ms, executing ${fmt(st.workerExecMs, 1)}${st.fromEnd ? ' (from the far end)' : ''}; this thread: setup ${fmt(st.setupMs, 1)} ms, `
    + `commits ${fmt(st.commitMs, 1)}, its own ${st.ownExecutions} transactions ${fmt(st.ownMs, 1)} (${st.ownAtCommitPoint} at the commit point); `
    + `${st.cleanAccountReads} accounts read by the worker taken as clean`;
}

/** How many timed parallel runs the planner gave to the workers. */
const onWorkersOf = (runs, onWorkers) => (onWorkers === 0 ? `all ${runs} timed runs on one core` : onWorkers === runs ? `all ${runs} timed runs on both threads` : `${onWorkers} of ${runs} timed runs on both threads, ${runs - onWorkers} on one core`);

/**
 * Times both modes; `runOnce` returns { ms, from, to, cpuMs, digest, onWorkers, txTimesMs } (from, to: performance.now()
 * around the execution, for the collections inside it; cpuMs: the process's CPU over the same span, cpuMsSince;
 * onWorkers: the planner used the workers; txTimesMs: each transaction's time). `onWorkers` counts the timed parallel runs that did: the
 * probe decides per block, so a noisy moment can send one run of a block to both threads and the next to
 * one core. `dagTimesMs` is each transaction's least time over the timed sequential runs, what the DAG
 * bounds are weighed by (a collection pause inside one transaction is not part of its cost).
 */
async function timeBoth(prepare, runOnce, minRuns) {
  const seq = [], par = [], pauses = { sequential: [], parallel: [] }, cpu = { sequential: [], parallel: [] };
  let last, onWorkers = 0, dagTimesMs = null;
  const warm = Array.from({ length: 2 * WARMUP }, () => prepare());
  // warm-up, discarded (Wasm tier-up, JIT on this thread and in every worker, worker start)
  let warmSeqMs = Infinity;
  for (let i = 0; i < WARMUP; i++) {
    warmSeqMs = Math.min(warmSeqMs, (await runOnce('sequential', warm.pop())).ms);
    await runOnce('parallel', warm.pop());
  }
  const runs = Math.max(minRuns, Math.min(MAX_RUNS, Math.ceil(MIN_TOTAL_MS / Math.max(warmSeqMs, 0.1))));
  const inputs = Array.from({ length: 2 * runs }, () => prepare());
  for (let i = 0; i < runs; i++) {
    // the order of each pair is drawn at random (seeded): a run leaves garbage that a later one collects,
    // and a fixed order lets a periodic collection fall on one mode only. With ABBA, a block of a few ms
    // showed 0.56x in one bench run and 1.99x in the next, both modes running the same code.
    const r = {};
    for (const mode of nextRandom() < 0.5 ? ['sequential', 'parallel'] : ['parallel', 'sequential']) {
      emptyYoungGeneration();
      r[mode] = await runOnce(mode, inputs.pop());
      cpu[mode].push(r[mode].cpuMs);
      pauses[mode].push(await pausesBetween(r[mode].from, r[mode].to));
    }
    const s = r.sequential, p = r.parallel;
    if (s.digest !== p.digest) throw new Error(`parallel result differs from sequential on run ${i}`);
    seq.push(s.ms); par.push(p.ms); last = p;
    if (p.onWorkers) onWorkers++;
    dagTimesMs = leastTimes(dagTimesMs, s.txTimesMs);
  }
  const spread = { seqMs: [Math.min(...seq), Math.max(...seq)], parMs: [Math.min(...par), Math.max(...par)],
    seqPauseMs: median(pauses.sequential), parPauseMs: median(pauses.parallel), seqCpuMs: median(cpu.sequential), parCpuMs: median(cpu.parallel) };
  return { seqMs: median(seq), parMs: median(par), last, runs, onWorkers, dagTimesMs, spread };
}

/**
 * CPU time of the whole process (every thread: this one, the workers, V8's helpers) since `from`
 * (process.cpuUsage), ms. On two cores busy with a parallel block, the block's time follows the CPU all
 * its threads use (twenty-seventh session: moving work from one thread to the other did not shorten a
 * block), so the parallel path's own cost shows as CPU beyond what the sequential run used.
 */
function cpuMsSince(from) {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/** The timed runs' range, this thread's collection pauses and the process's CPU per run, both modes. */
const spreadOf = (sp, txs) => `runs ${fmt(sp.seqMs[0], 1)}–${fmt(sp.seqMs[1], 1)} ms sequential, ${fmt(sp.parMs[0], 1)}–${fmt(sp.parMs[1], 1)} parallel; `
  + `this thread's collections per run (median) ${fmt(sp.seqPauseMs, 1)} ms sequential, ${fmt(sp.parPauseMs, 1)} parallel; `
  + `CPU of all threads per run (median) ${fmt(sp.seqCpuMs, 1)} ms sequential, ${fmt(sp.parCpuMs, 1)} parallel (${fmt(1000 * (sp.parCpuMs - sp.seqCpuMs) / txs, 2)} µs a transaction more)`;

export async function main(argv) {
  let o;
  try { o = parse(argv); } catch (e) { process.stderr.write(`bench parallel: ${e.message}\n`); return 2; }
  if (o.quick) WARMUP = 1;
  if (o.help) { process.stdout.write('usage: npm run bench -- parallel [--quick] [--runs N] [--filter NAME] [--workers N] [--force] [--planner JSON] [--json]\n  --force: every parallel run on the workers (no probe, no decision: planner option minTransactions 0)\n  --planner JSON: planner options for every parallel run (PlannerOptions in src/parallel/planner.ts), e.g. \'{"maxBatch":32}\'\n'); return 0; }
  await preloadKzg();
  const core = new Core(await loadModule());
  const pool = await createPool(o.workers);
  const rows = [];
  const size = o.quick ? 0.2 : 1;
  /** The planner's options for the parallel runs: --planner's, and with --force no probe and no decision (every block on the workers). */
  const plannerOptions = { ...(o.force ? { minTransactions: 0 } : {}), ...o.planner };
  const names = Object.keys(WORKLOADS).filter((n) => n !== 'w7e-block-gas-exceeded' && (!o.filter || n.includes(o.filter)));
  console.log(`parallel block execution: ${o.workers} worker${o.workers === 1 ? '' : 's'} + the planner's thread (${o.workers + 1} executing threads) vs sequential, median of at least ${o.runs} warm runs (short blocks: up to ${MAX_RUNS}, until the sequential runs add up to ${MIN_TOTAL_MS} ms), ${globalThis.gc ? 'a minor GC before each run' : 'no GC between runs (node --expose-gc adds one)'}${o.force ? ', every parallel run forced onto the workers (--force: no probe, no decision)' : ''}${Object.keys(o.planner).length ? `, planner options ${JSON.stringify(o.planner)}` : ''}, node ${process.version}`);
  console.log('');
  const head = ['workload', 'txs', 'Mgas', 'seq ms', 'par ms', 'speedup', 're-exec', 'conflict', 'DAG 2w', '4w', '8w', '16w', '32w', 'ideal'];
  const line = (cells) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(26) : String(c).padStart(i < 3 ? 6 : 8))).join(' '));
  line(head);
  for (const name of names) {
    const gen = WORKLOADS[name];
    const w = name.startsWith('w7') ? gen({}) : gen({ size: Math.max(50, Math.round((name.startsWith('w5') || name.startsWith('w6') ? (name.startsWith('w6') ? 2000 : 1000) : 10000) * size)) });
    const { seqMs, parMs, last, runs, onWorkers, dagTimesMs, spread } = await timeBoth(() => MemoryState.fromJson(w.preState), async (mode, state) => {
      const cpu0 = process.cpuUsage(), from = performance.now();
      const r = await executeWorkload(w, core, pool, mode === 'sequential' ? { sequential: true } : { ...plannerOptions }, { state, dag: false });
      const to = performance.now(), cpuMs = cpuMsSince(cpu0);
      return { ms: r.stats.timeMs, from, to, cpuMs, digest: digest(r.outcomes, r.state), r, onWorkers: r.stats.mode === 'parallel', txTimesMs: r.outcomes.map((x) => x.timeMs) };
    }, o.runs);
    const r = last.r;
    // (one more sequential run, for its access sets: the DAG weighed by the least times of the timed runs)
    const { dag } = await executeWorkload(w, core, null, { sequential: true }, { state: MemoryState.fromJson(w.preState), dagTimesMs });
    const gas = r.outcomes.reduce((a, x) => a + x.gasUsed, 0n);
    const ls = Object.fromEntries(dag.listScheduled.map((l) => [l.workers, l.speedup]));
    const row = { name, txs: w.transactions.length, mgas: Number(gas) / 1e6, seqMs, parMs, speedup: seqMs / parMs, reExec: r.stats.reExecutions,
      conflictRate: r.stats.reExecutions / Math.max(1, w.transactions.length), mode: r.stats.mode, reason: r.stats.reason, dag: ls, ideal: dag.idealSpeedup,
      runs, onWorkers, spread };
    rows.push(row);
    line([name, row.txs, fmt(row.mgas, 1), fmt(seqMs, 1), fmt(parMs, 1), fmt(row.speedup) + 'x', row.reExec, fmt(100 * row.conflictRate, 1) + '%',
      fmt(ls[2]), fmt(ls[4]), fmt(ls[8]), fmt(ls[16]), fmt(ls[32]), fmt(row.ideal)]);
    console.log(`${''.padEnd(27)}(${onWorkersOf(runs, onWorkers)}; last run: ${row.reason ?? 'workers (forced)'}${row.mode === 'parallel' ? `; ${threadTimes(r.stats)}` : ''}; ${spreadOf(spread, row.txs)})`);
  }
  if (existsSync(`${MAINNET}blocks`) && (!o.filter || 'mainnet'.includes(o.filter))) {
    console.log('');
    console.log('W8 mainnet blocks (../shared/mainnet-blocks): DAG bounds from our access sets next to pevm\'s published 12-thread speedup');
    const index = JSON.parse(readFileSync(`${MAINNET}index.json`, 'utf8'));
    const { codes, hashes } = mainnetTables();
    line(['block', 'txs', 'Mgas', 'runs', 'seq ms', 'par ms', 'speedup', 're-exec', 'conflict', 'DAG 2w', '4w', '8w', '16w', '32w', 'ideal', 'pevm 12t']);
    const speedups = [];
    // Every block once each way before any is timed: a node runs block after block, and the parallel path's
    // code for what these blocks hold (their contracts, their conflicts) settles only over several of them.
    // A block's own warm-up pairs did not settle it: timed after only sequential runs of the blocks before it,
    // 7280000 read 0.72x on two threads, after one pass over all the blocks 1.10x (thirty-fifth session).
    // (each block read once, its transactions parsed once; the pre-state is parsed anew for every run)
    const blocks = mainnetBlockNumbers().map((n) => {
      const dir = `${MAINNET}blocks/${n}/`;
      return { n, ...parseBlock(JSON.parse(readFileSync(`${dir}block.json`, 'utf8'))), pre: JSON.parse(readFileSync(`${dir}pre_state.json`, 'utf8')) };
    }).filter((b) => b.transactions.length !== 0);
    for (let pass = 0; pass < 2; pass++) {
      for (const { header, transactions, pre } of blocks) {
        for (const mode of ['sequential', 'parallel']) await executeBlock({ header, transactions, state: parsePreState(pre, codes, hashes), core, pool, mode, planner: mode === 'parallel' ? plannerOptions : undefined });
      }
    }
    for (const { n, header, transactions, pre } of blocks) {
      const { seqMs, parMs, last, runs, onWorkers, dagTimesMs, spread } = await timeBoth(() => parsePreState(pre, codes, hashes), async (mode, state) => {
        const cpu0 = process.cpuUsage(), from = performance.now();
        const r = await executeBlock({ header, transactions, state, core, pool, mode, planner: mode === 'parallel' ? plannerOptions : undefined });
        const to = performance.now(), cpuMs = cpuMsSince(cpu0);
        return { ms: r.stats.timeMs, from, to, cpuMs, digest: JSON.stringify([r.gasUsed.toString(), bytesToHex(r.receiptsRoot), bytesToHex(r.logsBloom)]), r,
          onWorkers: r.stats.planner.mode === 'parallel', txTimesMs: r.stats.txTimesMs };
      }, o.runs);
      const r = last.r;
      const { dag } = (await executeBlock({ header, transactions, state: parsePreState(pre, codes, hashes), core, mode: 'sequential', dagTimesMs })).stats;
      const ls = Object.fromEntries(dag.listScheduled.map((l) => [l.workers, l.speedup]));
      const pevm = index.included.find((b) => b.number === n)?.pevm_bench?.speedup;
      const mgas = Number(r.gasUsed) / 1e6;
      if (mgas >= 4) speedups.push(seqMs / parMs);
      rows.push({ name: `block ${n}`, txs: transactions.length, mgas, seqMs, parMs, speedup: seqMs / parMs, reExec: r.stats.planner.reExecutions, dag: ls, ideal: dag.idealSpeedup, pevm12: pevm,
        runs, onWorkers, spread });
      line([n, transactions.length, fmt(mgas, 1), runs, fmt(seqMs, 1), fmt(parMs, 1), fmt(seqMs / parMs) + 'x', r.stats.planner.reExecutions,
        fmt(100 * r.stats.planner.reExecutions / transactions.length, 1) + '%', fmt(ls[2]), fmt(ls[4]), fmt(ls[8]), fmt(ls[16]), fmt(ls[32]), fmt(dag.idealSpeedup), pevm === undefined ? '-' : fmt(pevm) + 'x']);
      console.log(`${''.padEnd(27)}(${onWorkersOf(runs, onWorkers)}; last run: ${r.stats.planner.reason ?? 'workers (forced)'}${r.stats.planner.mode === 'parallel' ? `; ${threadTimes(r.stats.planner)}` : ''}; ${spreadOf(spread, transactions.length)})`);
    }
    if (speedups.length) {
      const gm = Math.exp(speedups.reduce((a, x) => a + Math.log(x), 0) / speedups.length);
      console.log(`mainnet blocks of at least 4 Mgas: geometric mean speedup ${fmt(gm)}x, lowest ${fmt(Math.min(...speedups))}x (${speedups.length} blocks)`);
    }
  }
  await pool.close();
  if (o.json) console.log(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  return 0;
}
