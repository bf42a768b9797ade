// npm run bench -- wire [--workload NAME[,NAME...]] [--runs N]
// What the parallel path costs per transaction, beside the execution itself, replayed on this one thread:
// no messages, no second core, so the figures hold still where a two-thread block swings by ±10% from run
// to run (README, "Parallel execution"). Per workload:
// - the worker's side, as src/parallel/worker.ts does it: decode the task (task-codec.ts EncodedTasks), execute on
//   the pre-state read in place (state-codec.ts LazyState), commit locally, encode the batch's results;
// - the planner's side, as planner.ts does it for a worker's batch: encode the tasks, decode the results,
//   validate each result's reads against the committed state (skipping the accounts only this worker wrote,
//   clean.ts; every read is checked again untimed, and must hold: this is the block run in order), decode
//   and commit its changes.
// The replayed state root must equal the sequential engine's: the wire formats carried everything.
import { Core } from '../dist/evm.js';
import { loadModule } from '../dist/wasm/loader.js';
import { WORKLOADS } from '../dist/workloads/index.js';
import { MemoryState } from '../dist/state/memory-state.js';
import { forkId } from '../dist/forks.js';
import { blockEnv } from '../dist/workloads/sequential.js';
import { executeTransactions, encodeStateFor, Written } from '../dist/parallel/planner.js';
import { runTxTask } from '../dist/parallel/execute.js';
import { LazyState } from '../dist/parallel/state-codec.js';
import { CleanAccounts } from '../dist/parallel/clean.js';
import { applyBeneficiaryFee } from '../dist/tx/process.js';
import { NO_STORAGE } from '../dist/state/types.js';
import { encodeOutcomes, decodeOutcomes, firstStaleEncodedRead, commitEncodedChanges } from '../dist/parallel/wire.js';
import { encodeTasks, EncodedTasks } from '../dist/parallel/task-codec.js';
import { bytesToHex } from '../dist/bytes.js';
import { median } from './lib/stats.js';

const BATCH = 64; // the planner's default maxBatch

function parse(argv) {
  const o = { workloads: ['w1-transfers', 'w2-erc20-10tokens', 'w3-swaps'], runs: 9 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--workload') o.workloads = argv[++i].split(',');
    else if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--help') o.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs takes a positive whole number');
  for (const w of o.workloads) if (!(w in WORKLOADS)) throw new Error(`unknown workload "${w}" (one of ${Object.keys(WORKLOADS).join(', ')})`);
  return o;
}

/** One block of `name`: the phases' times (ms) per run, medians taken by the caller. */
async function replay(name, core, runs) {
  const w = WORKLOADS[name]({});
  const block = blockEnv(w), fork = forkId(w.fork);
  const tasks = w.transactions.map((t, index) => ({ index, tx: t.tx, sender: t.sender.slice(2) }));
  const n = tasks.length;
  const times = { sequential: [], decodeTask: [], execute: [], localCommit: [], encodeResults: [], encodeTasks: [], decodeResults: [], validate: [], commit: [] };
  let sequentialRoot = '', replayedRoot = '';
  for (let r = 0; r < runs + 3; r++) { // (3 warm-up rounds)
    const keep = r >= 3;
    // the sequential engine, for reference
    let state = MemoryState.fromJson(w.preState);
    core.clearCodeCache();
    const s0 = performance.now();
    await executeTransactions({ core, state, fork, block, tasks, pool: null }, { sequential: true });
    if (keep) times.sequential.push(performance.now() - s0);
    sequentialRoot = bytesToHex(state.stateRoot());
    // the planner encodes the pre-state and the tasks, batch by batch
    const t = { decodeTask: 0, execute: 0, localCommit: 0, encodeResults: 0, encodeTasks: 0, decodeResults: 0, validate: 0, commit: 0 };
    const committed = MemoryState.fromJson(w.preState);
    const { encoded } = encodeStateFor({}, committed);
    const lazy = new LazyState(encoded);
    // (results name the pre-state's accounts by place, as the worker's do; the planner reads them back by place)
    const names = committed.indexPlaces(), placeOf = (a) => lazy.placeOf(a);
    // one worker, sent everything in order, every result committed as it was: the accounts only it writes stay clean
    const clean = new CleanAccounts(n, 1, names.length, (a) => committed.placeOf(a), [block.coinbase]);
    // the accounts each commit wrote, for clean.ts
    const written = new Written(() => {});
    core.clearCodeCache();
    for (let from = 0; from < n; from += BATCH) {
      let at = performance.now();
      const batchTasks = tasks.slice(from, from + BATCH);
      clean.sent(0, batchTasks.map((task) => task.index));
      const encodedTasks = encodeTasks(batchTasks);
      t.encodeTasks += performance.now() - at;
      // the worker
      const batch = new EncodedTasks(encodedTasks), outcomes = [];
      for (let k = 0; k < batch.length; k++) {
        at = performance.now();
        const task = batch.get(k);
        t.decodeTask += performance.now() - at;
        at = performance.now();
        const o = runTxTask(core, lazy, task, fork, block);
        t.execute += performance.now() - at;
        at = performance.now();
        if (o.valid) lazy.commit(o.changes, task.index);
        t.localCommit += performance.now() - at;
        // (the fee, which the planner adds at commit and sends back when a later transaction reads the beneficiary)
        if (o.valid && o.beneficiaryFee !== 0n) lazy.commit([{ address: block.coinbase, deleted: false, storageCleared: false, storage: NO_STORAGE, balanceDelta: o.beneficiaryFee }]);
        outcomes.push(o);
      }
      at = performance.now();
      const results = encodeOutcomes(outcomes, placeOf);
      t.encodeResults += performance.now() - at;
      // the planner, committing in order
      at = performance.now();
      const received = decodeOutcomes(results.bytes, results.logs, results.slots, names);
      t.decodeResults += performance.now() - at;
      for (const o of received) {
        at = performance.now();
        const stale = firstStaleEncodedRead(o.wire, o.readsAt, committed, clean.cleanFor(o.index, 0));
        t.validate += performance.now() - at;
        // (every read checked, untimed: the replay itself is checked)
        const staleAny = stale ?? firstStaleEncodedRead(o.wire, o.readsAt, committed);
        if (staleAny !== null) throw new Error(`${name}: transaction ${o.index} read ${staleAny}, which its own block's order changed: the replay is wrong`);
        at = performance.now();
        written.reset();
        commitEncodedChanges(o.wire, o.changesAt, committed, written.note);
        applyBeneficiaryFee(committed, block.coinbase, o.beneficiaryFee, fork);
        clean.committed(o.index, 0, written.addresses, written.places, written.count);
        t.commit += performance.now() - at;
      }
    }
    committed.unindexPlaces();
    replayedRoot = bytesToHex(committed.stateRoot());
    if (keep) for (const k of Object.keys(t)) times[k].push(t[k]);
  }
  if (replayedRoot !== sequentialRoot) throw new Error(`${name}: the replayed state root ${replayedRoot} differs from the sequential ${sequentialRoot}`);
  const perTx = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, (1000 * median(v)) / n]));
  return { name, n, perTx };
}

export async function main(argv) {
  let o;
  try { o = parse(argv); } catch (e) { process.stderr.write(`bench wire: ${e.message}\n`); return 2; }
  if (o.help) { process.stdout.write('usage: npm run bench -- wire [--workload NAME[,NAME...]] [--runs N]\n'); return 0; }
  const core = new Core(await loadModule());
  console.log(`the parallel path's cost per transaction, replayed on one thread (batches of ${BATCH}, no messages), median of ${o.runs} runs, node ${process.version}`);
  console.log('µs per transaction; the replayed state root equals the sequential one for every workload shown\n');
  const head = ['workload', 'sequential', 'w: task', 'w: execute', 'w: commit', 'w: results', 'w: extra', 'p: tasks', 'p: decode', 'p: validate', 'p: commit', 'p: total'];
  const line = (cells) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(20) : String(c).padStart(12))).join(''));
  line(head);
  for (const name of o.workloads) {
    let p;
    try { ({ perTx: p } = await replay(name, core, o.runs)); } catch (e) {
      if (e.name !== 'InvalidBlockError') throw e;
      console.log(`${name.padEnd(20)}(an invalid block: ${e.message}; nothing to replay)`); // (w7e-block-gas-exceeded, by design)
      continue;
    }
    const f = (x) => x.toFixed(2);
    line([name, f(p.sequential), f(p.decodeTask), f(p.execute), f(p.localCommit), f(p.encodeResults), f(p.decodeTask + p.localCommit + p.encodeResults),
      f(p.encodeTasks), f(p.decodeResults), f(p.validate), f(p.commit), f(p.encodeTasks + p.decodeResults + p.validate + p.commit)]);
  }
  console.log('\nw: the worker (decoding the task, executing on its pre-state read in place, committing locally, encoding the results; "extra" is all but the');
  console.log('execution). p: the planner\'s thread for a worker\'s results (encoding the tasks, decoding the results, validating their reads, committing');
  console.log('their changes and the fee). Validation skips the accounts only this worker wrote (src/parallel/clean.ts). Posting and receiving the');
  console.log('messages themselves are not included. Each phase is timed per transaction, which adds');
  console.log('~0.1 µs to each column.');
  return 0;
}
