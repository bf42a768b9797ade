/**
 * The parallel planner. Transactions execute optimistically on workers, each against the committed
 * state its worker had caught up to; the planner commits strictly in transaction order, validating
 * each result by value (wire.ts for workers' results, validate.ts for its own) and re-executing on its
 * own core what read stale data, so the outcome is exactly sequential execution's.
 *
 * Hazards, without false conflicts:
 * - the beneficiary's fee is deferred and added at commit (a commutative delta): only a transaction
 *   that reads the beneficiary's balance depends on earlier fees, and it sees the exact value;
 * - same-sender nonce chains: a transaction is dispatched only once its sender's previous one committed;
 * - everything else (CREATE/CREATE2, SELFDESTRUCT, funding by an earlier transaction, SSTORE gas from
 *   original values) is a read like any other and is caught by validation;
 * - the block gas limit and blob gas are checked at commit, against exact cumulative totals.
 * Small blocks, light transactions and dependency chains (a timed probe and its access sets) and conflict
 * storms run sequentially, so parallel is never much slower.
 */
import type { Core, BlockEnv } from '../evm.js';
import { PLACE_UNKNOWN, type MemoryState, type StoredAccount } from '../state/memory-state.js';
import { NO_STORAGE, type AccountChange } from '../state/types.js';
import { forEachReadKeyOf, writeSetOf, READ_BALANCE, READ_MIN_BALANCE, READ_NONCE, READ_CODE, type ReadRecord } from '../state/access.js';
import { applyBeneficiaryFee } from '../tx/process.js';
import { runTxTask } from './execute.js';
import { firstStaleRead } from './validate.js';
import type { WorkerPool, PoolWorker } from './pool.js';
import type { TxOutcome, TxTask, WorkerReply, Delta, WorkerFaults } from './protocol.js';
import { encodeState, type EncodedState } from './state-codec.js';
import { SpeculativeView } from './overlay.js';
import { CleanAccounts } from './clean.js';
import { longestChain } from './dag.js';
import { AddressIds } from './address-ids.js';
import { addressKeyFromBytes } from '../wasm/codec.js';
import { ReceivedOutcome, encodeChanges, commitEncodedChanges, decodeOutcomes, firstStaleEncodedRead, forEachReadKey, forEachWrittenKey } from './wire.js';
import { encodeTasks } from './task-codec.js';
import { PlacedSet } from './placed-set.js';
import { HashSet } from './hash-map.js';

export interface PlannerOptions {
  /**
   * Fewer transactions than this run sequentially (default 32: below it, starting the workers costs more than
   * they save here; 64 until the thirty-sixth session, when mainnet 9069000's 56 heavy transactions, ~6 ms, read
   * 1.20–1.28x on both threads in six bench runs).
   */
  minTransactions?: number;
  /**
   * Transactions run first on the planner's core, timed, to decide whether workers pay off (default n/32, at
   * least 16, at most 64, and no more past 0.3 ms once 2 of 20 µs or more on average have run; twice that
   * when the first reading lands near `minParallelTxMicros`).
   */
  probe?: number;
  /** Below this time per transaction (µs, the mean of the probe's fastest 90%) the block runs sequentially (default 2.5). */
  minParallelTxMicros?: number;
  /**
   * Most transactions per worker message (default 64; also the length of this thread's reserve runs). 32
   * until the thirty-third session, when a transaction had become cheaper to run: options alternating in
   * one process, 40–80 blocks each, 64 against 32 read W1 32.3–33.2 against 35.2–38.2 ms, W2 (1 token)
   * 50.7 against 54.1, W3 68.8 against 70.3, W4 at 30% hot 46.5 against 48.5; 96 and 128 were slower than 64.
   */
  maxBatch?: number;
  /**
   * How far past the oldest uncommitted transaction work may be sent (default max(1024, 8 · maxBatch · workers)).
   * 1,024 rather than 256: this thread stops less often at the window's edge waiting for a worker's batch
   * (one process, both orders: W4 at 30% hot forced 113–121 → 107–112 ms, W2 with 10 tokens 127–137 →
   * 123–128; W3, W2 with one token and the mainnet blocks unchanged).
   */
  window?: number;
  /** Batches each worker may have outstanding (default 2: it never waits for the planner between batches). */
  pipeline?: number;
  /**
   * A worker with a batch out is sent another only when the window lets it hold at least this many of what it
   * would take next (default maxBatch / 2; 0: any), unless all the rest of that is inside the window (the block's
   * end) or this thread's reserve has work to hand over instead (waitsForRoom). At the window's edge each commit
   * frees one more, and a worker that had run a window ahead (this thread paused: a collection) was sent batches
   * of one or two, a round trip each, for the rest of the block: W3, 2 blocks in 12, ~600–1,100 messages against
   * ~95, 83–102 ms against 70–76.
   */
  minTopUp?: number;
  /** Injected random delays in the workers (tests): seed and maximum per transaction. */
  delay?: { seed: number; maxMs: number };
  /** Force the sequential path. */
  sequential?: boolean;
  /**
   * Whether this thread executes transactions too, as one more lane beside the workers (default true):
   * the transaction at the commit point when no worker has it, else the next ones in order, speculatively,
   * against its own view (overlay.ts). With it, a machine of N cores runs N − 1 workers and loses no core
   * to a planner that only waits.
   */
  ownLane?: boolean;
  /** Runs of transactions reserved alternately for this thread's lane and the workers' (default maxBatch; 0: none). */
  reserve?: number;
  /**
   * Whether workers take the transactions without affinity from the block's far end, backwards, while this
   * thread takes them from the front (default: in a short block, fewer than 4 · lanes · maxBatch transactions
   * after the probe). A short block's last transactions are often its heaviest (a rollup's proof or batch,
   * low on fees): taken in order, a worker reaches them last, and the other lane waits. From the far end the
   * two lanes meet where the work splits, whatever it weighs.
   */
  fromEnd?: boolean;
  /** Whether this thread, when idle, takes over transactions a worker was sent but has not started (default true; needs SharedArrayBuffer). */
  steal?: boolean;
  /** How much more a contract chain's call weighs on this thread than on a worker when chains are placed (default: from the probe, ownLaneWeight). */
  ownLaneWeight?: number;
  /** Whether contracts called several times, each by a small share of the block, are pinned to one lane from the start (default true). */
  pinContracts?: boolean;
  /** Most bytes of contract code the pool's workers keep across blocks before starting over (default 64 MiB). */
  codeCacheBytes?: number;
  /**
   * How long a worker with batches out may go without a reply before it is taken as stuck (default 30 s): it
   * is out of the block, its transactions run elsewhere, and it is ended (the pool replaces it: pool.ts kill).
   * No batch comes near it: one holds at most maxBatch transactions, each bounded by its gas.
   */
  workerTimeoutMs?: number;
  /** Injected worker failures (tests): worker `worker` fails so (protocol.ts WorkerFaults). */
  faults?: (WorkerFaults & { worker: number })[];
}

export interface PlannerStats {
  mode: 'parallel' | 'sequential';
  /** Why the planner chose workers (the probe's figures), or chose or fell back to sequential execution. */
  reason?: string;
  workers: number;
  transactions: number;
  executions: number;
  reExecutions: number;
  /** The first stale location of each re-executed transaction (a sample, at most 20). */
  conflicts: { index: number; location: string }[];
  messages: number;
  /** Account states committed here that went to the workers to replay (hot accounts, planner.ts). */
  deltas: number;
  /** Time before the first batch went out: the probe, encoding and posting the block, bookkeeping, ms. */
  setupMs: number;
  commitMs: number;
  /** Outcomes set aside because they read what an earlier, uncommitted transaction writes (run again later). */
  deferred: number;
  /** This thread's time handling worker replies (validation, commits, dispatch), ms. */
  mainBusyMs: number;
  /** Sum of the workers' busy time per batch (deltas, execution, local commits), ms. */
  workerBusyMs: number;
  /** Sum of the workers' execution times of the outcomes received, ms. */
  workerExecMs: number;
  /** Transactions this thread executed as a lane (at the commit point or ahead of it), re-executions aside. */
  ownExecutions: number;
  /** Of ownExecutions, those at the commit point: exact, with nothing to validate. */
  ownAtCommitPoint: number;
  /** This thread's time executing as a lane, ms. */
  ownMs: number;
  /** Transactions of this thread's reserve that workers took, having nothing else left to run. */
  reserveToWorkers: number;
  /** Transactions this thread took over from a worker's batch before the worker started them (of ownExecutions). */
  stolen: number;
  /** Times a busy worker was sent nothing because the window held too few of its next transactions (minTopUp). */
  heldBack: number;
  /** Whether the workers took shared work from the block's far end, backwards (PlannerOptions.fromEnd). */
  fromEnd: boolean;
  /** Accounts of lanes' read sets whose reads validation took as holding without a look: that lane alone wrote them (clean.ts). */
  cleanAccountReads: number;
  /** Workers that died or threw during this block (their transactions were re-run). */
  workerFailures: string[];
  timeMs: number;
}

export interface PlannerResult {
  outcomes: TxOutcome[];
  stats: PlannerStats;
}

/** Transaction indexes waiting to run, smallest first (head-indexed: no O(n) shifts). */
class ReadyQueue {
  private items: number[] = [];
  private head = 0;
  get length(): number { return this.items.length - this.head; }
  peek(): number { return this.items[this.head]; }
  shift(): number { return this.items[this.head++]; }
  /** Inserts keeping the order (re-queued transactions usually land near the front). */
  insert(j: number): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) { this.items = this.items.slice(this.head); this.head = 0; }
    let k = this.items.length;
    this.items.push(j);
    while (k > this.head && this.items[k - 1] > j) { this.items[k] = this.items[k - 1]; k--; }
    this.items[k] = j;
  }
  /** The first position holding an index at or past `limit`. */
  private firstAtOrPast(limit: number): number {
    let lo = this.head, hi = this.items.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.items[mid] < limit) lo = mid + 1; else hi = mid; }
    return lo;
  }
  /** Takes the largest index below `limit` (-1 when there is none): a queue taken from its far end (planner: takeFarEnd). */
  takeLastBelow(limit: number): number {
    const at = this.firstAtOrPast(limit);
    return at === this.head ? -1 : this.items.splice(at - 1, 1)[0];
  }
  /** How many indexes below `limit` it holds (some may have run since they were queued: they are skipped when taken). */
  countBelow(limit: number): number { return this.firstAtOrPast(limit) - this.head; }
  drain(): number[] { const out = this.items.slice(this.head); this.items = []; this.head = 0; return out; }
}


/** Tells one block's worker replies from another's (a finished block does not wait for stale batches). */
let nextEpoch = 1;

/**
 * The code hashes every worker of a pool holds (sent in an earlier block; state-codec.ts), their size, and
 * the pool's generation they were sent in. Past CODE_CACHE_BYTES the workers are told to start over
 * (`codeReset`), so memory stays bounded; so too once a worker has joined (WorkerPool.generation: it holds
 * none of it).
 */
interface CodeRecord { hashes: HashSet; bytes: number; generation: number }
const codeSent = new WeakMap<WorkerPool, CodeRecord>();
const CODE_CACHE_BYTES = 64 << 20;

/** Bytes of code in `state` whose hash is not in `sent` (all of it without a record). */
function freshCodeBytes(state: MemoryState, sent: HashSet | undefined): number {
  let bytes = 0;
  for (const acc of state.accounts.values()) bytes += freshCodeOf(acc, sent);
  return bytes;
}

/** Bytes of `acc`'s code when its hash is not in `sent` (all of it without a record), else 0. */
const freshCodeOf = (acc: StoredAccount, sent: HashSet | undefined): number =>
  (acc.code.length !== 0 && !sent?.has(acc.codeHash) ? acc.code.length : 0);

/** The record of the code `pool`'s workers hold, or undefined when it is unknown (none yet, or a worker joined since). */
function codeHeld(pool: WorkerPool): CodeRecord | undefined {
  const sent = codeSent.get(pool);
  return sent?.generation === (pool.generation ?? 0) ? sent : undefined;
}

/**
 * Encodes the pre-state for `pool`'s workers: code they hold already goes by hash only. `freshCode`: what
 * freshCodeBytes gives for the code they hold, when the caller has it (setupEstimate, just before).
 */
export function encodeStateFor(pool: WorkerPool, state: MemoryState, limitBytes = CODE_CACHE_BYTES, freshCode?: number): { encoded: EncodedState; codeReset: boolean } {
  let sent = codeHeld(pool);
  const joined = sent === undefined && codeSent.has(pool);
  if (sent === undefined) codeSent.set(pool, (sent = { hashes: new HashSet(), bytes: 0, generation: pool.generation ?? 0 }));
  const fresh = freshCode ?? freshCodeBytes(state, sent.hashes);
  const codeReset = joined || sent.bytes + fresh > limitBytes;
  if (codeReset) { sent.hashes.clear(); sent.bytes = 0; }
  const encoded = encodeState(state, sent.hashes);
  sent.bytes += codeReset ? freshCodeBytes(state, undefined) : fresh;
  return { encoded, codeReset };
}

/**
 * Less work than this (ms, projected from the probe) is not worth starting the workers for (nor less than five
 * times the start-up estimate). Forced onto two threads, one process beside sequential runs, W2 (10 tokens)
 * cut to 5,000 and 2,500 transactions (45 and 20 ms) gained 1.19x and 1.29x, W3 cut so (52 and 25 ms) 0.99x
 * and 1.15x. 30 since the thirtieth session (it was 40): W1's 10,000 transfers project 35–53 ms, and at 40 its
 * blocks went to one core or two by the run. Not much lower: a mainnet block's time on two threads swings by a
 * quarter from run to run (7279999, 31 ms projected: 22–37 ms in six runs, 33 sequentially), and those
 * projected at 9–12 ms split (12244000 1.38x, 17666333 1.06x, 14029313 0.74x, 15538827 0.91x); none of the 22
 * projects over 15 ms. (It was 80 until results crossed as bytes: the first transactions a worker runs in a
 * block are slower, while it decodes the accounts they touch and analyses their code.)
 */
const MIN_PARALLEL_MS = 30;
/**
 * Where the transactions left are heavier, projected at HEAVY_TX_MICROS or more each, this much work left
 * (ms, projected) is enough: a worker's cost per transaction (~2.5 µs) is then a small part of each. The
 * mainnet blocks' calls (10–250 µs) gained from ~4 ms once a CALL with value stopped reading its target's
 * balance and chains went out in batches (thirty-fifth session, the blocks of at least 4 Mgas in five bench
 * runs: geometric mean 1.00 -> 1.11–1.15x, median 1.13; lowest 0.98–0.99x); W6's 2,000 transfers (~3.5 µs
 * each, ~7 ms) lose on two threads (0.76–0.87x forced) and stay under MIN_PARALLEL_MS.
 */
const MIN_PARALLEL_MS_HEAVY = 4;
const HEAVY_TX_MICROS = 7;
/**
 * Where the probe itself ran heavy (HEAVY_PROBE_MICROS or more a transaction, the slowest left out: it was cut
 * short), this much work left is enough. Mainnet 9069000 (56 transactions, ~6 ms; its probe of 4 ~1.1 ms, ~3.3
 * ms projected after it) read 1.50–1.71x forced onto the workers; 15537394, whose projection is as long (3–5.6
 * ms) but whose probe of 16 ran light (~16 µs: its one heavy transaction comes later, with a chain of calls
 * around it), reads ~0.9x there and keeps the 4 ms.
 */
const MIN_PARALLEL_MS_HEAVY_PROBE = 2.5;
/**
 * The least work left (ms, projected) for which the workers start, for transactions left of `txMicros` each
 * after a probe of `probeMicros` each (the mean of its fastest 90%).
 */
export function minParallelMs(txMicros: number, probeMicros = 0): number {
  if (txMicros < HEAVY_TX_MICROS) return MIN_PARALLEL_MS;
  return probeMicros >= HEAVY_PROBE_MICROS ? MIN_PARALLEL_MS_HEAVY_PROBE : MIN_PARALLEL_MS_HEAVY;
}

/** SharedArrayBuffer where this runtime has it (a browser page only when cross-origin isolated), else undefined. */
const Shared = (globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }).SharedArrayBuffer;

/** Whether this thread can take every worker's replies without a turn of its event loop (Node: receiveMessageOnPort; not browsers). */
const allPoll = (workers: readonly PoolWorker[]): boolean => workers.every((w) => w.poll !== undefined);

/** How long this thread, with nothing to run, waits for a worker's reply before its event loop takes over (ms). */
const REPLY_WAIT_MS = 20;
/** Whether this thread may block in Atomics.wait (false once it was refused: a browser page's main thread). */
let canWait = true;
/** Without synchronous polling of replies, this thread as a lane gives the event loop a turn this often (ms). */
const OWN_SLICE_MS = 1;
/**
 * Batches each worker may have outstanding where replies cannot be polled (browsers: they are taken only
 * between tasks of the event loop, so a worker waits longer for its next batch). Chromium, W3 on one
 * worker, the same page: 1.01x at 2, 1.04x at 4, 1.12x at 8 (before replies were counted: below, `posted`).
 */
const PIPELINE_WITHOUT_POLL = 4;
/**
 * How much more a call weighs on this thread than on a worker when contract chains are spread over the lanes:
 * this thread also validates, commits and dispatches every transaction of the block (~2 µs each: W1 2.0, W2
 * 2.6, W3 2.5 measured), and a worker's costs it ~10% more than one run here. Balancing s·E + 2 against
 * (1 − s)·1.1·E for this thread's share s of transactions of E µs each gives the weight (1 − s)/s: 1.29 for
 * W3's swaps (11 µs), 1.46 for W2's transfers on 10 tokens (8.3), 1.7 for W4's mix (6.4). Forced onto both
 * threads, in one process: W3 read 1.29–1.31x at 1.2 and 1.18–1.19x at 1.5; W2 on 10 tokens 1.02–1.04x at 1.2
 * (five tokens here: this thread fell behind and the worker sent crumbs at the window's edge) and 1.12–1.22x
 * at 1.5 (four); W4 at 30% hot 0.90–1.06x at 1.2, 1.15x at 1.5–1.7, 1.22–1.28x at 2.
 */
export function ownLaneWeight(txMicros: number): number {
  if (!(txMicros > 0)) return UNPROBED_LANE_WEIGHT;
  const spare = WORKER_COST * txMicros - PLANNER_MICROS_PER_TX;
  return spare <= 0 ? MAX_LANE_WEIGHT : Math.min(MAX_LANE_WEIGHT, Math.max(1, (txMicros + PLANNER_MICROS_PER_TX) / spare));
}
/** This thread's validation, commit and dispatch per transaction of the block (µs), and a worker's transaction against one here. */
const PLANNER_MICROS_PER_TX = 2, WORKER_COST = 1.1;
/** The weight without a probe (a caller that forces the workers: W3's best), and the most it gets. */
const UNPROBED_LANE_WEIGHT = 1.2, MAX_LANE_WEIGHT = 3;

/** What a delta's snapshot does with the beneficiary (planner.ts snapshot). */
const WITH_BENEFICIARY = 0, WITHOUT_BENEFICIARY = 1, ONLY_BENEFICIARY = 2;

/** The shortest run of transactions for this thread's reserve and the shared queue (planner: the queues). */
const MIN_RUN = 8;

/** Commits over which the share of re-executions decides a conflict storm. */
const STORM_WINDOW = 128;

/** Thrown when the block itself is invalid (a transaction is invalid or exceeds the block's gas). */
export class InvalidBlockError extends Error {
  constructor(message: string, readonly txIndex: number) { super(message); this.name = 'InvalidBlockError'; }
}

export interface PlannerInput {
  core: Core;
  state: MemoryState;
  fork: number;
  block: BlockEnv;
  tasks: TxTask[];
  pool: WorkerPool | null;
  /** Blob gas the block may use (default: unlimited). */
  maxBlobGas?: bigint;
}

/**
 * The accounts a commit wrote (the beneficiary's fee aside: the planner treats it apart, in commitReady),
 * for the bookkeeping after it (clean.ts): their addresses and places (MemoryState.indexPlaces; -1: none).
 * `onAccount` hears of each as it is committed: whether the change rewrote it (deleted it, cleared its
 * storage or set its code) and whether it wrote storage.
 */
export class Written {
  /** The first `count` entries are this commit's (the arrays keep their room: emptied, they would be made anew). */
  readonly addresses: string[] = [];
  readonly places: number[] = [];
  /** Per entry: the change went beyond nonce and balance (it deleted the account, cleared or wrote its storage, set its code). */
  private readonly beyondBalance: boolean[] = [];
  count = 0;
  constructor(private readonly onAccount: (address: string, place: number, rewritten: boolean, wroteStorage: boolean) => void) {}
  reset(): void { this.count = 0; }
  /** Whether this commit changed `address` beyond its nonce and balance. */
  changedBeyondBalance(address: string): boolean {
    for (let k = 0; k < this.count; k++) if (this.addresses[k] === address) return this.beyondBalance[k];
    return false;
  }
  readonly note = (address: string, place: number, rewritten: boolean, wroteStorage: boolean): void => {
    this.addresses[this.count] = address;
    this.beyondBalance[this.count] = rewritten || wroteStorage;
    this.places[this.count++] = place;
    this.onAccount(address, place, rewritten, wroteStorage);
  };
}

/** What a lookup of the bookkeeping's Maps gives when there is nothing (not a new array each time). */
const NONE: readonly number[] = [];
const NO_KEYS: readonly string[] = [];

/** Places for commitPlaced of this thread's own changes (refilled per commit). */
const ownPlaces: number[] = [];

/**
 * Commits one validated outcome into `state` and credits the beneficiary's fee. With `written` (the state
 * indexed: MemoryState.indexPlaces), by place, noting the accounts written there: a worker's changes
 * straight from their bytes (wire.ts commitEncodedChanges), this thread's by address.
 */
function commit(input: PlannerInput, o: TxOutcome, used: { gas: bigint; blobGas: bigint }, written?: Written): void {
  const { state, fork, block } = input;
  const task = input.tasks[o.index];
  if (task.tx.gasLimit > block.gasLimit - used.gas) {
    throw new InvalidBlockError(`tx ${o.index}: gas limit ${task.tx.gasLimit} exceeds the block's remaining gas ${block.gasLimit - used.gas}`, o.index);
  }
  if (!o.valid) throw new InvalidBlockError(`tx ${o.index}: invalid transaction: ${o.error}`, o.index);
  if (input.maxBlobGas !== undefined && o.blobGasUsed > input.maxBlobGas - used.blobGas) {
    throw new InvalidBlockError(`tx ${o.index}: blob gas ${o.blobGasUsed} exceeds the block's remaining blob gas ${input.maxBlobGas - used.blobGas}`, o.index);
  }
  used.gas += o.gasUsed;
  used.blobGas += o.blobGasUsed;
  if (written === undefined) state.commit(o.changes);
  else {
    written.reset();
    if (o instanceof ReceivedOutcome) commitEncodedChanges(o.wire, o.changesAt, state, written.note);
    else {
      // this thread's own changes name accounts by address: commitPlaced looks their places up
      const changes = o.changes;
      ownPlaces.length = changes.length;
      ownPlaces.fill(PLACE_UNKNOWN);
      state.commitPlaced(changes, ownPlaces);
      for (let i = 0; i < changes.length; i++) {
        const ch = changes[i];
        written.note(ch.address, ownPlaces[i], ch.deleted || ch.storageCleared || ch.code !== undefined, ch.storage.size !== 0);
      }
    }
  }
  const beneficiary = state.accounts.get(block.coinbase);
  if (beneficiary !== undefined && o.beneficiaryFee > 0n) beneficiary.balance += o.beneficiaryFee; // the common case, in place
  else applyBeneficiaryFee(state, block.coinbase, o.beneficiaryFee, fork);
}

/** Statistics of a block not yet run: every count and time zero. */
function newStats(mode: PlannerStats['mode'], reason: string | undefined, workers: number, transactions: number, executions: number): PlannerStats {
  return {
    mode, reason, workers, transactions, executions, reExecutions: 0, conflicts: [], messages: 0, deltas: 0, workerFailures: [], setupMs: 0, commitMs: 0,
    mainBusyMs: 0, workerBusyMs: 0, workerExecMs: 0, ownExecutions: 0, ownAtCommitPoint: 0, ownMs: 0, reserveToWorkers: 0, stolen: 0, heldBack: 0, fromEnd: false, cleanAccountReads: 0, deferred: 0, timeMs: 0,
  };
}

/** Runs the transactions after `prefix` (already committed) on this core. */
function sequential(input: PlannerInput, reason: string, t0: number, prefix: TxOutcome[] = [], used = { gas: 0n, blobGas: 0n }): PlannerResult {
  const outcomes = prefix;
  for (let i = prefix.length; i < input.tasks.length; i++) {
    const o = runTxTask(input.core, input.state, input.tasks[i], input.fork, input.block);
    commit(input, o, used);
    outcomes.push(o);
  }
  const stats = newStats('sequential', reason, 0, input.tasks.length, input.tasks.length);
  stats.timeMs = performance.now() - t0;
  return { outcomes, stats };
}

/**
 * A rough cost of starting the workers on `state` (encoding it and the tasks here, decoding them there),
 * `ms`: 5–7 ms for W1..W4 (10,000–20,000 accounts, up to 15,000 slots, 10,000 transactions; indexing the
 * block costs less per transaction since the thirtieth session, indexTasks). Code
 * the workers do not hold yet crosses as bytes, ~0.3 ns a byte to encode and ~0.4 to take in (mainnet blocks
 * with 1.1–1.7 MB of it: 0.5–0.8 ms on each side; it was 4–8x that as hex text).
 */
function setupEstimate(state: MemoryState, transactions: number, pool: WorkerPool): { ms: number; freshCode: number } {
  // (one pass: the bytes of code the workers do not hold (freshCodeBytes) go on to encodeStateFor)
  const held = codeHeld(pool)?.hashes;
  let units = 0, freshCode = 0;
  for (const acc of state.accounts.values()) {
    units += 1 + acc.storage.size;
    freshCode += freshCodeOf(acc, held);
  }
  return { ms: (units + freshCode / 256) * 0.0002 + transactions * 0.0002, freshCode }; // (code the workers hold costs nothing)
}

/**
 * The probe stops at this much time (ms), once it has run MIN_PROBE transactions of HEAVY_PROBE_MICROS or
 * more on average (the slowest left out): a mainnet block's first transactions are often its heaviest (17666333: ~180 µs each, a
 * probe of 31 took 5.5 ms of its 18, run on this core alone), and forced onto the workers with no probe its
 * blocks ran 10–35% faster than after one. A light block's probe (16–64 transactions of 3–15 µs) runs whole:
 * cut at 0.3 ms, W2's on 10 tokens saw some tokens once or not at all, which pins them (independentInProbe),
 * and read 1.31–1.53x (median 1.38) against 1.40–1.53 (1.45). MIN_PROBE was 4 until the thirty-sixth session:
 * with 2, three bench runs read the mainnet blocks of at least 4 Mgas at 1.19–1.21x against 1.17–1.19x (the
 * blocks whose first transactions are heavy: 13217637's first four take ~1.8 ms, 17666333's ~1.2).
 */
const PROBE_MAX_MS = 0.3, MIN_PROBE = 2, HEAVY_PROBE_MICROS = 20;
/** The probe's transactions whose dependencies tell a chain (planner: the probe), and the fewest it judges. */
const CHAIN_PROBE = 32, MIN_CHAIN_PROBE = 8;

/**
 * The contracts the probe saw called (as a transaction's target) at least twice, where no call read what an
 * earlier one wrote to the contract's own account: its storage, balance, nonce or code. Their calls look
 * independent of each other (transfers of one token write the two parties' balances), so the planner does
 * not pin them to one lane, where they would run one after another; calls that do depend (a pool's swaps
 * all read and write its reserves) show it in the probe, and a contract seen once or not at all is pinned
 * as before. (Their calls still conflict through other accounts, and a conflict makes a chain of them.)
 */
export function independentInProbe(probe: readonly TxOutcome[], tasks: readonly TxTask[]): Set<string> {
  /** Per contract: what its calls so far wrote to it ('b', 'n', 'c', or a slot). */
  const written = new Map<string, Set<string>>();
  const calls = new Map<string, number>();
  const dependent = new Set<string>();
  for (const o of probe) {
    const to = tasks[o.index].tx.to;
    if (to === null || !o.valid) continue;
    const target = addressKeyFromBytes(to);
    calls.set(target, (calls.get(target) ?? 0) + 1);
    if (dependent.has(target)) continue;
    const before = written.get(target) ?? new Set<string>();
    if (readsAnyOf(o.readRecord, target, before) || !addWrites(o.changes, target, before)) dependent.add(target);
    else written.set(target, before);
  }
  const out = new Set<string>();
  for (const [target, n] of calls) if (n >= 2 && !dependent.has(target)) out.add(target);
  return out;
}

/** Whether `record` read any of `written` ('b', 'n', 'c', slots) of `target`'s account. */
function readsAnyOf(record: ReadRecord, target: string, written: ReadonlySet<string>): boolean {
  for (const r of record) {
    if (r.address !== target) continue;
    if ((r.read & (READ_BALANCE | READ_MIN_BALANCE)) !== 0 && written.has('b') || (r.read & READ_NONCE) !== 0 && written.has('n')
      || (r.read & READ_CODE) !== 0 && written.has('c')) return true;
    if (r.slots !== null) for (const slot of r.slots.keys()) if (written.has(slot)) return true;
  }
  return false;
}

/** Adds what `changes` write to `target`'s account to `into`; false when they delete it or clear its storage. */
function addWrites(changes: readonly AccountChange[], target: string, into: Set<string>): boolean {
  for (const ch of changes) {
    if (ch.address !== target) continue;
    if (ch.deleted || ch.storageCleared) return false;
    if (ch.balance !== undefined || ch.balanceDelta !== undefined) into.add('b');
    if (ch.nonce !== undefined) into.add('n');
    if (ch.code !== undefined) into.add('c');
    for (const slot of ch.storage.keys()) into.add(slot);
  }
  return true;
}

/** A first probe reading between these multiples of the threshold is extended once (planner: the probe). */
const PROBE_AGAIN_BELOW = 0.75;
const PROBE_AGAIN_ABOVE = 1.5;

/** Whether a first probe that read `micros` per transaction is too near the threshold `minMicros` to decide on. */
export function probeNeedsMore(micros: number, minMicros: number): boolean {
  return micros > PROBE_AGAIN_BELOW * minMicros && micros < PROBE_AGAIN_ABOVE * minMicros;
}

/**
 * What a probe measured, on its fastest 90% (one heavy transaction, a deployment or a cold contract, says
 * little of the rest, but a mix of transfers among contract calls counts as the mix it is): those
 * outcomes, their time (ms) and the mean per transaction (µs).
 */
function probeFigures(probe: readonly TxOutcome[]): { fastest: TxOutcome[]; probeMs: number; perTxMicros: number } {
  const fastest = [...probe].sort((a, b) => a.timeMs - b.timeMs).slice(0, Math.ceil(probe.length * 0.9));
  const probeMs = fastest.reduce((a, o) => a + o.timeMs, 0);
  return { fastest, probeMs, perTxMicros: fastest.length ? (1000 * probeMs) / fastest.length : 0 };
}

/**
 * The block's senders and call targets as small ids, and per transaction the previous one of its sender
 * and of its target. Only a sender with several transactions, and a contract called several times, gets an
 * id (the others: -1: no chain to keep in order, nothing to pin); those are found by bitmaps of hashes
 * first (a sender's last digits, a target's last four bytes), so the exact tables see only what came up
 * twice: ~360 of W3's 10,000 senders, ~320 of W1's 10,000 recipients, not every address of the block.
 * (A function of its own, like the other loops over the whole block: the planner's per-block function then
 * has no hot loop, and V8 does not compile all of it on the stack (OSR) in every block, a background job
 * `--trace-opt` timed at ~32 ms per W3 block.)
 */
export function indexTasks(tasks: readonly TxTask[]) {
  const n = tasks.length;
  const senderOf = new Int32Array(n).fill(-1), targetOf = new Int32Array(n).fill(-1);
  const senders = new SeenTwice(n), targets = new SeenTwice(n);
  for (let i = 0; i < n; i++) {
    const { sender, tx } = tasks[i];
    senders.add(i, senderHash(sender));
    if (tx.to !== null) targets.add(i, targetHash(tx.to));
  }
  // (the transactions whose address's hash came up twice: their addresses, at most that many, get ids)
  const senderIds = new AddressIds(Math.max(1, senders.mark(senderOf)));
  for (let i = 0; i < n; i++) if (senderOf[i] === 0) senderOf[i] = senderIds.idOf(tasks[i].sender);
  const targetIds = new AddressIds(Math.max(1, targets.mark(targetOf)));
  for (let i = 0; i < n; i++) if (targetOf[i] === 0) targetOf[i] = targetIds.idOfBytes(tasks[i].tx.to!);
  const senderNames = senderIds.names, targetNames = targetIds.names;
  const senderTxs = new Int32Array(senderNames.length);
  /** Calls to each target not committed yet. */
  const targetRemaining = new Int32Array(targetNames.length);
  const previousOfSender = new Int32Array(n).fill(-1);
  const previousOfTarget = new Int32Array(n).fill(-1);
  const lastSender = new Int32Array(senderNames.length).fill(-1), lastTarget = new Int32Array(targetNames.length).fill(-1);
  for (let i = 0; i < n; i++) {
    const sid = senderOf[i], tid = targetOf[i];
    if (sid >= 0) { senderTxs[sid]++; previousOfSender[i] = lastSender[sid]; lastSender[sid] = i; }
    if (tid >= 0) { targetRemaining[tid]++; previousOfTarget[i] = lastTarget[tid]; lastTarget[tid] = i; }
  }
  return { senderOf, targetOf, senderNames, targetNames, targetIds, senderTxs, targetRemaining, previousOfSender, previousOfTarget };
}

/**
 * Which of up to `n` transactions carry an address whose hash comes up more than once in the block: a bit
 * per hash seen, and one per hash seen again (the same address again, or two sharing a hash).
 */
class SeenTwice {
  private readonly once: Int32Array;
  private readonly twice: Int32Array;
  /** Per transaction its hash in the bitmaps, or -1 (no address). */
  private readonly hashes: Int32Array;
  private readonly mask: number;
  private repeats = 0;
  constructor(n: number) {
    let bits = 64;
    while (bits < 16 * n) bits *= 2;
    this.once = new Int32Array(bits >>> 5);
    this.twice = new Int32Array(bits >>> 5);
    this.hashes = new Int32Array(n).fill(-1);
    this.mask = bits - 1;
  }
  add(i: number, hash: number): void {
    const h = hash & this.mask, word = h >>> 5, bit = 1 << (h & 31);
    this.hashes[i] = h;
    if ((this.once[word] & bit) === 0) this.once[word] |= bit;
    else { if ((this.twice[word] & bit) === 0) this.repeats++; this.twice[word] |= bit; }
  }
  /** Sets `out[i]` to 0 for each transaction whose hash came up twice (the rest stay as they are); returns how many. */
  mark(out: Int32Array): number {
    if (this.repeats === 0) return 0;
    let count = 0;
    const hashes = this.hashes, twice = this.twice;
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i];
      if (h >= 0 && (twice[h >>> 5] & (1 << (h & 31))) !== 0) { out[i] = 0; count++; }
    }
    return count;
  }
}

/** A seed for senderHash and targetHash, per process (addresses chosen to collide would only cost indexTasks time). */
const ADDRESS_HASH_SEED = (Math.random() * 0x7fffffff) | 0;

/** A hash of a sender's key (40 hex digits) on its last 8 digits. */
function senderHash(key: string): number {
  let h = ADDRESS_HASH_SEED;
  for (let i = Math.max(0, key.length - 8); i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/** A hash of a call target's 20 bytes on its last four. */
function targetHash(to: Uint8Array): number {
  const k = to.length;
  const h = Math.imul(ADDRESS_HASH_SEED ^ (to[k - 1] | (to[k - 2] << 8) | (to[k - 3] << 16) | (to[k - 4] << 24)), 0x9e3779b1);
  return h ^ (h >>> 15);
}

/** The sum of the gas limits of the transactions from `from` on (the probe's estimate of the work left). */
function gasLimitsFrom(tasks: readonly TxTask[], from: number): number {
  let sum = 0;
  for (let i = from; i < tasks.length; i++) sum += Number(tasks[i].tx.gasLimit);
  return sum;
}

/** The lane of each sender's nonce chain (a sender with several transactions; by a hash of its address), else -1. */
function senderLanes(senderNames: readonly string[], senderTxs: Int32Array, lanes: number): Int32Array {
  const lane = new Int32Array(senderNames.length);
  for (let sid = 0; sid < senderNames.length; sid++) {
    if (senderTxs[sid] < 2) { lane[sid] = -1; continue; }
    const key = senderNames[sid];
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
    lane[sid] = (h >>> 0) % lanes;
  }
  return lane;
}

/**
 * A sender with a nonce chain that calls a pinned contract goes to that contract's lane (the first such
 * call's, from transaction `from` on): its other transactions then run where its calls do, in order, where
 * on a lane of their own each would wait for the one before to commit on the other, a round trip at each
 * crossing. Four bench runs of the mainnet blocks with it, six without (thirty-fifth session): geomean
 * 1.13–1.14x against 1.08–1.17x, lowest 0.97–0.99x against 0.80–0.99x (7280000 0.88x and 7279999 0.90x in one
 * run without it; 1.05–1.15x and 1.13–1.34x with it).
 */
export function followChains(from: number, n: number, senderOf: Int32Array, targetOf: Int32Array, chainLane: Int32Array, senderLane: Int32Array): void {
  const moved = new Uint8Array(senderLane.length);
  for (let i = from; i < n; i++) {
    const sid = senderOf[i], t = targetOf[i];
    if (sid < 0 || t < 0 || moved[sid] || senderLane[sid] < 0 || chainLane[t] < 0) continue;
    senderLane[sid] = chainLane[t];
    moved[sid] = 1;
  }
}

/**
 * Whether a worker with a batch out waits for room rather than being sent another now (minTopUp): what it would
 * take next (`queued` in its own and the shared queue, `inside` of them within the window) runs past the
 * window's edge with fewer than `minTopUp` inside, and this thread's reserve has none to hand over instead
 * (`fromReserve`). At the block's end (all of it inside) it never waits.
 */
export function waitsForRoom(inside: number, queued: number, fromReserve: number, minTopUp: number): boolean {
  return inside < queued && inside < minTopUp && fromReserve <= 0;
}

/** The senders with a nonce chain (a lane in `senderLane`). */
function chainedSenders(senderNames: readonly string[], senderLane: Int32Array): string[] {
  const out: string[] = [];
  for (let sid = 0; sid < senderNames.length; sid++) if (senderLane[sid] >= 0) out.push(senderNames[sid]);
  return out;
}

/**
 * Puts transactions `from`..`n - 1` on the ready queues: a transaction with affinity on its lane's, the
 * rest in runs of `period`, the first `reserve` of each on `reserved` (this thread's), the others on
 * the shared queue.
 */
function fillQueues(from: number, n: number, affinity: (i: number) => number, queues: ReadyQueue[], reserved: ReadyQueue, shared: ReadyQueue, reserve: number, period: number): void {
  for (let i = from; i < n; i++) {
    const a = affinity(i);
    if (a >= 0) queues[a].insert(i);
    else if (reserve > 0 && (i - from) % period < reserve) reserved.insert(i);
    else shared.insert(i);
  }
}

/** Executes the transactions in order of commit; `state` ends as sequential execution would leave it. */
export async function executeTransactions(input: PlannerInput, options: PlannerOptions = {}): Promise<PlannerResult> {
  const t0 = performance.now();
  const n = input.tasks.length;
  const minTxs = options.minTransactions ?? 32;
  if (options.sequential) return sequential(input, 'sequential mode requested', t0);
  if (!input.pool) return sequential(input, 'no workers in this runtime', t0);
  if (input.pool.workers.length === 0) return sequential(input, 'no live workers in the pool', t0);
  if (n < minTxs) return sequential(input, `small block (${n} < ${minTxs} transactions)`, t0);
  // A page that is not cross-origin isolated: replies come only between tasks of the event loop, and without
  // SharedArrayBuffer this thread cannot learn that one waits (`posted`, below) nor take over a worker's
  // transactions. Chromium, forced onto a worker there: W3 0.89x, W2 0.73x.
  if (options.minTransactions === undefined && !Shared && !allPoll(input.pool.workers)) {
    return sequential(input, 'no SharedArrayBuffer here, and replies only between tasks of the event loop (a page not cross-origin isolated): workers would not pay off', t0);
  }

  // Probe: the first transactions run here, timed. Workers pay off only for transactions heavy enough
  // (their per-transaction overhead stays below the work they take over) in a block long enough for
  // the start-up; otherwise the block finishes here, so parallel is never much slower.
  const used = { gas: 0n, blobGas: 0n };
  const prefix: TxOutcome[] = [];
  // (a caller that sets minTransactions asks for the workers: no probe, no decision)
  const decide = options.minTransactions === undefined && options.probe === undefined;
  const firstProbe = Math.min(n, options.probe ?? (decide ? Math.max(16, Math.min(64, Math.ceil(n / 32))) : 0));
  const runProbe = (until: number): void => {
    let probedMs = 0, slowestMs = 0;
    for (let i = prefix.length; i < until; i++) {
      const o = runTxTask(input.core, input.state, input.tasks[i], input.fork, input.block);
      commit(input, o, used);
      prefix.push(o);
      probedMs += o.timeMs;
      slowestMs = Math.max(slowestMs, o.timeMs);
      // (heavy on average without the slowest: a block's first call of a contract is often slow, cold)
      if (decide && prefix.length >= MIN_PROBE && probedMs >= PROBE_MAX_MS && (probedMs - slowestMs) * 1000 >= HEAVY_PROBE_MICROS * (prefix.length - 1)) break;
    }
  };
  runProbe(firstProbe);
  // 2.5 µs, read on the extended probe: below anything a transaction costs on this machine (W1's plain
  // transfers, the lightest there are, read 3.6–5.3 µs), and those gain on workers now (W1 ~1.1x). What gains
  // nothing there whatever the machine's speed is kept here by the tests after this one (a dependency chain:
  // W5; a short block: W5, W6 and the mainnet blocks); this one is left for a long block of calls lighter
  // than a transfer, on a machine quicker than this one. It was 6 µs until the twenty-fourth session (W4's mix,
  // reading 5.7–6.9 on a quick machine, went to one core in 20 of 30 blocks), then 5 until the thirtieth (W1 went
  // to one core, 1.01–1.04x, as did its rule for plain transfers).
  const minMicros = options.minParallelTxMicros ?? 2.5;
  // One probe of light transactions is noisy, and a block's first transactions are often its coldest: a
  // slow spell of the machine doubled W4's 6–7 µs past the threshold and sent it to both threads, and W3's
  // first 64 swaps (each a pool's first) read 13–15 µs where the next 64 read ~11. A probe that lands near
  // the threshold is extended once, and the decision taken on both parts together.
  if (decide && firstProbe < n && probeNeedsMore(probeFigures(prefix).perTxMicros, minMicros)) runProbe(Math.min(n, 2 * firstProbe));
  const probeCount = prefix.length;
  const { fastest, probeMs, perTxMicros } = probeFigures(prefix);
  // The work left, from time per gas: a block's first transactions are often its heaviest (bundles,
  // arbitrage), so time per transaction would overstate it. The gas left is estimated from the gas limits,
  // scaled by the share of its limit the probe used.
  const probeGas = fastest.reduce((a, o) => a + Number(o.gasUsed), 0);
  const probeLimit = fastest.reduce((a, o) => a + Number(input.tasks[o.index].tx.gasLimit), 0);
  const restLimit = gasLimitsFrom(input.tasks, probeCount);
  const restMs = probeGas > 0 && probeLimit > 0 ? (probeMs / probeGas) * restLimit * (probeGas / probeLimit) : (perTxMicros * (n - probeCount)) / 1000;
  let decision: string | undefined;
  /** Bytes of code the workers do not hold (setupEstimate's; undefined when not decided here). */
  let freshCode: number | undefined;
  if (decide) {
    if (perTxMicros < minMicros) {
      return sequential(input, `light transactions (${perTxMicros.toFixed(1)} µs each in a probe of ${probeCount} < ${minMicros}): workers would not pay off`, t0, prefix, used);
    }
    const restMicros = n > probeCount ? (1000 * restMs) / (n - probeCount) : 0;
    const shortBlock = (why: string) => `short block (~${restMs.toFixed(1)} ms of work left after a probe of ${probeCount}, ~${restMicros.toFixed(1)} µs a transaction${why})`;
    // (below the floor whatever the start-up costs: the one-core blocks skip its estimate, a pass over the pre-state)
    if (restMs < minParallelMs(restMicros, perTxMicros)) return sequential(input, shortBlock(''), t0, prefix, used);
    const setup = setupEstimate(input.state, n, input.pool);
    const setupMs = setup.ms;
    freshCode = setup.freshCode;
    if (restMs < 5 * setupMs) return sequential(input, shortBlock(`, start-up ~${setupMs.toFixed(1)} ms`), t0, prefix, used);
    // (Plain value transfers were kept here until the thirtieth session, when coordinating one cost this thread
    // about as long as running one; W1 on both threads now reads 1.06–1.19x in five full bench runs (median 1.13)
    // and 1.00–1.14x alone, against 1.01–1.04x on one core.)
    // A dependency chain (W5: each transaction reads what the one before it wrote) gains nothing on workers:
    // their results go stale until a storm sends the rest back here. The probe's own access sets show it:
    // the longest path of dependencies among its first 32 covers all of W5's, at most an eighth of any other
    // workload's at 16–128. (32, not all of it: the access sets cost ~7 µs a transaction to spell out.)
    // (a probe cut short by heavy transactions is too short to tell: a block's first few are often one
    // sender's bundle; a chain past them shows as a storm, below)
    const looked = prefix.slice(0, CHAIN_PROBE);
    const chain = looked.length >= MIN_CHAIN_PROBE ? longestChain(looked, input.block.coinbase) : 0;
    if (chain * 4 > looked.length * 3) {
      return sequential(input, `dependency chain: ${chain} of the probe's first ${looked.length} transactions on one path of dependencies`, t0, prefix, used);
    }
    decision = `workers: ~${restMs.toFixed(1)} ms of work left after a probe of ${probeCount} (${perTxMicros.toFixed(1)} µs per transaction), start-up ~${setupMs.toFixed(1)} ms`;
  }

  const workers = input.pool.workers;
  const W = workers.length;
  const epoch = nextEpoch++;
  // Set once the block is decided (finished, failed, or gone sequential): workers skip what is left of their batches.
  const cancel = Shared ? new Int32Array(new Shared(4)) : undefined;
  // Who runs each transaction sent to a worker (protocol.ts): this thread, idle, takes over the last ones
  // a worker has not started (work stealing), so a heavy tail does not leave it waiting.
  const claims = Shared && (options.steal ?? true) ? new Uint8Array(new Shared(n)) : undefined;
  const maxBatch = options.maxBatch ?? 64;
  const outcomes: (TxOutcome | undefined)[] = new Array(n);
  prefix.forEach((o, i) => { outcomes[i] = o; });
  const deltas: Delta[] = [];
  /** The worker each delta came from (it needs none of its own), or -1. */
  const deltaFrom: number[] = [];
  const synced = new Array<number>(W).fill(0);
  // Each worker may have PIPELINE batches outstanding, so it never waits for the planner between batches.
  const canPoll = allPoll(workers);
  const PIPELINE = options.pipeline ?? (canPoll ? 2 : PIPELINE_WITHOUT_POLL);
  // The workers count the replies they post (of this block's batches) and wake whoever waits on the count.
  // Without polling, this thread, busy as a lane, turns to its event loop as soon as one waits rather than at
  // its next slice; with polling, it waits for the next reply on the count rather than in its event loop
  // (waitForReply).
  const posted = Shared ? new Int32Array(new Shared(4)) : undefined;
  /** Replies of this block's batches taken so far (against `posted`). */
  let repliesTaken = 0;
  const aheadLimit = options.window ?? Math.max(1024, 8 * maxBatch * W);
  const minTopUp = Math.min(maxBatch, options.minTopUp ?? maxBatch >> 1);
  // Lanes: the workers 0..W-1, and this thread as lane W when it executes too.
  const own = options.ownLane ?? true;
  const OWN = W;
  const L = own ? W + 1 : W;
  const view = own ? new SpeculativeView(input.state) : null;
  const dead = new Array<boolean>(L).fill(false);
  const inflight: number[][][] = workers.map(() => []); // outstanding batches, oldest first
  /** When each worker was last heard from, or sent work with none out (the watchdog, below). */
  const heardAt = new Array<number>(W).fill(performance.now());
  /** Whether each worker has sent results in this block (it is running its batches, not starting). */
  const running = new Array<boolean>(W).fill(false);
  const anyInFlight = (): boolean => inflight.some((batches) => batches.length > 0);
  const stats = newStats('parallel', decision, W, n, probeCount);

  // The workers start decoding the pre-state while this thread builds its own bookkeeping; the
  // transactions follow batch by batch (a worker decodes only those it runs).
  const { encoded, codeReset } = encodeStateFor(input.pool, input.state, options.codeCacheBytes, freshCode);
  const names = input.state.indexPlaces(); // (results name the pre-state's accounts by place: unindexed in finish)
  const blockMsg = {
    type: 'block' as const, fork: input.fork, block: input.block, state: encoded, codeReset, blockHashes: input.state.blockHashes,
    delay: options.delay, epoch, cancel, claims, posted,
  };
  workers.forEach((w, k) => w.send({ ...blockMsg, faults: options.faults?.find((f) => f.worker === k) }));
  // Affinity: a chain of dependent transactions goes to one worker, in order, where each sees the previous
  // one's writes (workers commit their own results locally, speculatively). Chains are known up front for
  // one sender's transactions (nonces), and learned for a contract whose calls turn out to conflict.
  // Senders and call targets get small ids in one pass; the rest of the bookkeeping is arrays by id.
  const { senderOf, targetOf, senderNames, targetNames, targetIds, senderTxs, targetRemaining, previousOfSender, previousOfTarget } = indexTasks(input.tasks);
  /** The lane of each sender's nonce chain (several transactions), else -1. */
  const senderLane = senderLanes(senderNames, senderTxs, L);
  const assigned = new Int32Array(n).fill(-1);
  /** Transactions parked until a predecessor on another lane commits, by that predecessor (nextFor). */
  const parkedOn = new Map<number, number[]>();
  /** Transactions parked until a predecessor not yet given a lane gets one, by that predecessor (nextFor). */
  const parkedUntilSent = new Map<number, number[]>();
  /** The lane each contract chain (pinned up front or learned from conflicts) runs on, by target id, else -1. */
  const chainLane = new Int32Array(targetNames.length).fill(-1);
  /** The calls given to each lane as chains. */
  const laneLoad = new Array<number>(L).fill(0);
  /** What a call weighs on this thread against a worker (ownLaneWeight: its share of the block shrinks as calls get lighter). */
  const ownWeight = options.ownLaneWeight ?? ownLaneWeight(perTxMicros);
  const affinity = (i: number): number => {
    const t = targetOf[i];
    if (t >= 0 && chainLane[t] >= 0) return chainLane[t];
    const s = senderOf[i];
    return s < 0 ? -1 : senderLane[s];
  };
  // Workers replay the committed state of "hot" accounts only: senders with several transactions and
  // accounts that caused a stale read. The rest of a worker's state may lag: validation is by value
  // against the exact committed state, so a lagging worker costs a re-execution, never correctness.
  const hot = new Set<string>();
  /**
   * The hot accounts whose committed writes a worker may need: all but the contracts whose calls run on this
   * thread (snapshot leaves those out). A commit that wrote none of them sends no delta, and is not looked at.
   */
  const replayed = new PlacedSet(names.length, (address) => input.state.placeOf(address));
  /** Makes `address` hot from here on (makeHot, below, also catches the workers up on it). */
  const markHot = (address: string): void => {
    hot.add(address);
    const t = targetIds.get(address);
    if (t === undefined || chainLane[t] !== OWN) replayed.add(address);
  };
  for (const sender of chainedSenders(senderNames, senderLane)) markHot(sender);
  /** Puts the calls to target `t` on `lane`, or on the least loaded one. */
  const placeChain = (t: number, calls: number, lane: number): void => {
    if (lane < 0) for (let l = 0; l < L; l++) if (!dead[l] && (lane < 0 || laneLoad[l] * (l === OWN ? ownWeight : 1) < laneLoad[lane] * (lane === OWN ? ownWeight : 1))) lane = l;
    chainLane[t] = lane;
    laneLoad[lane] += calls;
  };
  // Contracts called several times in the block, each a small share of it (a pool, a vault), run on one
  // lane each from the start, in order: calls to one contract are what conflicts most often, and learning
  // it from conflicts costs re-executions. A contract with a large share of the block, or whose calls the
  // probe saw independent of each other (a token among several: independentInProbe), stays shared until
  // its calls conflict. (W2 on 10 tokens, each pinned at a tenth of the block, ran 75–81 ms against 69 shared.)
  if (options.pinContracts ?? true) {
    const independent = independentInProbe(prefix, input.tasks);
    const candidates: number[] = [];
    for (let t = 0; t < targetNames.length; t++) {
      const calls = targetRemaining[t];
      if (calls >= 2 && calls * 2 * L <= n && !independent.has(targetNames[t]) && (input.state.accounts.get(targetNames[t])?.code.length ?? 0) > 0) candidates.push(t);
    }
    for (const t of candidates.sort((a, b) => targetRemaining[b] - targetRemaining[a])) { placeChain(t, targetRemaining[t], -1); markHot(targetNames[t]); }
    if (candidates.length !== 0) followChains(probeCount, n, senderOf, targetOf, chainLane, senderLane);
  }

  // Ready queues: one per lane (affinity), this thread's reserve, and one shared; each kept sorted by
  // transaction index.
  const queues: ReadyQueue[] = Array.from({ length: L }, () => new ReadyQueue());
  const shared = new ReadyQueue();
  // Transactions without affinity: a run of RESERVE for this thread's reserve, then W · maxBatch for the
  // shared one, and so on. This thread then mostly executes at the commit point (exact: no view, nothing
  // to validate) while the workers run ahead on the runs between; each side takes over the other's when
  // it runs out (work stealing one way, the hand-over in dispatch the other). Measured on W2 (1 token),
  // interleaved in one process: 60–80% of this thread's executions exact instead of ~1%, 147 → 135 ms.
  // In a short block the runs are shorter, so that each lane has several across it (at least four runs a
  // lane, of 8 or more): with runs of 64, a block of 120 heavy calls gave this thread 64 and a worker 51,
  // and the worker, done first, could take nothing of the reserve (it keeps two runs' worth).
  const run = Math.min(maxBatch, Math.max(MIN_RUN, Math.ceil((n - probeCount) / (4 * L))));
  // A short block (runs shorter than maxBatch): the workers work from its far end (fromEnd), this thread from the
  // front, with no reserve of its own. Mainnet bench, four runs against three in order (thirty-sixth session):
  // geomean 1.15–1.17x against 1.12–1.13x; the long blocks (13217637, 14029313, 15538827, 17666333) read lower so.
  const fromEnd = options.fromEnd ?? (options.reserve === undefined && run < maxBatch);
  stats.fromEnd = fromEnd;
  const RESERVE = own && !fromEnd ? options.reserve ?? run : 0;
  /** What this thread keeps of its reserve when idle workers take from it (two runs' worth, from the front). */
  const RESERVE_KEPT = 2 * run;
  // (apart from this thread's chains: an idle worker takes over the reserve's far end, never a chain's call)
  const reserved = new ReadyQueue();
  fillQueues(probeCount, n, affinity, queues, reserved, shared, RESERVE, RESERVE + W * run);
  const dispatched = new Uint8Array(n); // (1: dispatched; typed arrays of a block's length live outside the heap: no scavenge copies them)
  /** Order of dispatch (a lane runs what it was given in this order). */
  const dispatchSeq = new Int32Array(n);
  let seq = 0;
  /** Executed here at the commit point, against the committed state: exact, nothing to validate. */
  const exact = new Uint8Array(n);
  /** The lane whose result was taken for each transaction. */
  const ranOn = new Int32Array(n).fill(-1);
  const insertReady = (j: number): void => {
    const a = affinity(j);
    (a >= 0 && !dead[a] ? queues[a] : shared).insert(j);
  };
  /** Transaction j runs again (its result was set aside, or its worker died): no batch out holds it now. */
  const requeueOne = (j: number): void => {
    dispatched[j] = 0;
    if (claims) Atomics.store(claims, j, 0);
    insertReady(j);
  };

  let committed = probeCount;
  let storm = false;
  let conflictSeen = false;
  /** Accounts a stale read was found on: where dependency tracking looks (accept, blockerOf). */
  const contended = new Set<string>();
  /** Of the last STORM_WINDOW commits (a ring), 1 for each that needed a re-execution here, and their sum. */
  const recent = new Uint8Array(STORM_WINDOW);
  let recentCount = 0, recentStale = 0;
  let failure: Error | null = null;

  // Which accounts committed transactions changed beyond nonce and balance (for an account that turns
  // hot: workers that never replayed it get its committed state in one catch-up delta, whole if so)
  const storageWritten = new PlacedSet(names.length, (address) => input.state.placeOf(address));
  const rewritten = new Set<string>(); // deleted, re-created or given new code in this block
  /** The accounts commit last wrote, noted in rewritten and storageWritten as it goes. */
  const written = new Written((address, place, rewrites, wroteStorage) => {
    if (rewrites) rewritten.add(address);
    else if (wroteStorage) storageWritten.add(address, place);
  });
  /** Whether the commit `written` notes wrote an account workers replay, the beneficiary aside (beneficiarySent). */
  const wroteReplayed = (): boolean => {
    for (let k = 0; k < written.count; k++) if (written.addresses[k] !== coinbase && replayed.hasAt(written.addresses[k], written.places[k])) return true;
    return false;
  };
  /**
   * A hot beneficiary's nonce and balance go to a worker once per batch, as they are when it is sent
   * (dispatch), not as a delta after every commit: each commit credits its fee, and a block with the
   * beneficiary hot encoded a delta per transaction here and replayed each one there (13217637: ~1.5 ms a
   * block on this thread). A delta is absolute, so the last one says what all of them did. Per worker, the
   * commit it was last sent the beneficiary as of.
   */
  const beneficiarySent = new Array<number>(W).fill(-1);
  /**
   * The committed state of `address` as an absolute change for workers to replay: deleted if it is gone,
   * else its nonce and balance, its code when `withCode`, and `storage` (clearing what is below when
   * `storageCleared`).
   */
  const committedChange = (address: string, withCode: boolean, storageCleared: boolean, storage: ReadonlyMap<string, bigint>): AccountChange => {
    const acc = input.state.accounts.get(address);
    if (acc === undefined) return { address, deleted: true, storageCleared: true, storage: NO_STORAGE };
    return {
      address, deleted: false, nonce: acc.nonce, balance: acc.balance,
      code: withCode ? acc.code : undefined, codeHash: withCode ? acc.codeHash : undefined, storageCleared, storage,
    };
  };
  const makeHot = (address: string): void => {
    if (hot.has(address)) return;
    markHot(address);
    if (committed === 0) return;
    const recoded = rewritten.has(address), whole = recoded || storageWritten.has(address);
    const storage = whole ? input.state.accounts.get(address)?.storage.clone() : undefined;
    const change = committedChange(address, recoded, whole, storage ?? NO_STORAGE);
    deltas.push({ version: committed - 1, changes: encodeChanges([change]) });
    deltaFrom.push(-1);
    stats.deltas++;
  };

  // Accounts each lane sees as committed: their reads hold without a look (clean.ts). Every commit
  // credits the beneficiary's fee here, so it is never one of them.
  const clean = new CleanAccounts(n, L, names.length, (address) => input.state.placeOf(address), [input.block.coinbase]);
  /** A lane's result not committed as it is (rare: a conflict, a duplicate): its writes stay in that lane's view. */
  const setAside = (o: TxOutcome): void => {
    if (o.valid) for (const ch of o.changes) clean.discard(ch.address);
  };

  const pushDelta = (changes: AccountChange[], from: number): void => {
    if (changes.length === 0 || storm) return; // (after a storm the workers get nothing more)
    deltas.push({ version: committed, changes: encodeChanges(changes) });
    deltaFrom.push(from);
    stats.deltas += changes.length;
  };

  const coinbase = input.block.coinbase;
  /**
   * The committed state of the hot accounts among `changes`, as absolute values: WITH_BENEFICIARY includes
   * the beneficiary's change, WITHOUT_BENEFICIARY leaves it out, ONLY_BENEFICIARY gives it alone. (Its nonce
   * and balance alone go at dispatch: beneficiarySent.)
   */
  const snapshot = (changes: AccountChange[], beneficiary: number): AccountChange[] => {
    const out: AccountChange[] = [];
    for (const ch of changes) {
      const isBeneficiary = ch.address === coinbase;
      if (isBeneficiary ? beneficiary === WITHOUT_BENEFICIARY : beneficiary === ONLY_BENEFICIARY) continue;
      if (!hot.has(ch.address)) continue;
      // (a contract whose calls all run on this thread is read by no worker, short of a conflict)
      const t = targetIds.get(ch.address);
      if (t !== undefined && chainLane[t] === OWN) continue;
      out.push(committedChange(ch.address, ch.code !== undefined, ch.storageCleared, ch.storage));
    }
    return out;
  };

  stats.setupMs = performance.now() - t0;

  return new Promise<PlannerResult>((resolve, reject) => {
    let done = false;
    let closeSelfChannel = (): void => {};
    const finish = (): void => {
      if (done) return;
      done = true;
      if (watchdog !== undefined) clearTimeout(watchdog);
      input.state.unindexPlaces();
      closeSelfChannel();
      if (cancel) Atomics.store(cancel, 0, 1);
      if (failure) { reject(failure); return; }
      stats.cleanAccountReads = clean.skipped;
      stats.timeMs = performance.now() - t0;
      resolve({ outcomes: outcomes as TxOutcome[], stats });
    };

    const tryCommit = (): void => {
      // (nothing to commit, most turns of a lane running its own: no clock read, ~50 ns each)
      if (!storm && committed < n && outcomes[committed] === undefined) return;
      const c0 = performance.now();
      try { commitReady(); } finally { stats.commitMs += performance.now() - c0; }
    };
    const commitReady = (): void => {
      for (;;) {
        commitInOrder();
        if (!storm || committed >= n) return;
        // A conflict storm or a dependency chain: the rest runs here, in order, against the committed state,
        // each committed by commitInOrder like any other result (exact, nothing to validate), so clean.ts
        // and this thread's view learn of it. (Committed beside that bookkeeping, a storm's writes went
        // unseen by clean.ts: a lane's earlier result that read them was taken as valid unlooked.)
        if (cancel) Atomics.store(cancel, 0, 1);
        runAtCommitPoint();
      }
    };
    /** Runs the transaction at the commit point here, against the committed state: exact, nothing to validate. */
    const runAtCommitPoint = (): void => {
      outcomes[committed] = runTxTask(input.core, input.state, input.tasks[committed], input.fork, input.block);
      exact[committed] = 1;
      stats.executions++;
    };
    const commitInOrder = (): void => {
      while (committed < n && outcomes[committed] !== undefined) {
        let o = outcomes[committed]!;
        const target = targetOf[committed];
        const cleanOf = clean.cleanFor(committed, ranOn[committed]);
        const stale = exact[committed] ? null : o instanceof ReceivedOutcome
          ? firstStaleEncodedRead(o.wire, o.readsAt, input.state, cleanOf)
          : firstStaleRead(o.readRecord, input.state, cleanOf);
        if (stale !== null) {
          setAside(o);
          if (stats.conflicts.length < 20) stats.conflicts.push({ index: committed, location: stale });
          const staleAccount = stale.slice(2, 42);
          makeHot(staleAccount);
          contended.add(staleAccount);
          // a call that read stale state of the contract it calls: later calls to it run in order on one lane
          if (target >= 0 && staleAccount === targetNames[target]) learnChain(target);
          conflictSeen = true;
          o = runTxTask(input.core, input.state, input.tasks[committed], input.fork, input.block);
          stats.reExecutions++;
          stats.executions++;
          outcomes[committed] = o;
        }
        forgetWrites(committed);
        commit(input, o, used, written);
        // (the fee left the beneficiary without an account: an empty one touched, EIP-161)
        if (!input.state.accounts.has(coinbase)) rewritten.add(coinbase);
        // (the beneficiary is shared from the start: clean.ts needs no word of the fee)
        clean.committed(committed, stale === null ? ranOn[committed] : -1, written.addresses, written.places, written.count);
        if (target >= 0) targetRemaining[target]--;
        // The worker whose result this was shows its writes already (it committed them locally); not
        // the beneficiary's fee, added here.
        const from = stale === null && ranOn[committed] < W ? ranOn[committed] : -1;
        // (a worker's changes as objects only here, where a delta needs them: decoded on first access)
        // (a hot beneficiary changed beyond its nonce and balance goes with its commit's delta; those two alone, at
        // the next dispatch: beneficiarySent)
        const beneficiaryWhole = hot.has(coinbase) && written.changedBeyondBalance(coinbase);
        if (from < 0) {
          if (beneficiaryWhole) pushDelta(snapshot(o.changes, WITH_BENEFICIARY), -1);
          else if (wroteReplayed()) pushDelta(snapshot(o.changes, WITHOUT_BENEFICIARY), -1);
        } else {
          // (their own writes: for the other workers; with one worker there is none to send them to)
          if (W > 1) pushDelta(snapshot(o.changes, WITHOUT_BENEFICIARY), from);
          if (beneficiaryWhole) pushDelta(snapshot(o.changes, ONLY_BENEFICIARY), -1);
        }
        view?.committed(committed);
        committed++;
        if (blockedOn.size !== 0) {
          for (const j of blockedOn.get(committed - 1) ?? NONE) if (outcomes[j] === undefined) requeueOne(j);
          blockedOn.delete(committed - 1);
        }
        if (parkedOn.size !== 0) unpark(parkedOn, committed - 1);
        // (one run here without a lane, at the commit point: what waited for it to get one waits no more)
        if (parkedUntilSent.size !== 0) unpark(parkedUntilSent, committed - 1);
        // conflict storm: most of the last STORM_WINDOW commits needed a re-execution here; finish on this core
        // (a call to a chain, learned just now or before, is a conflict that ends as the chain settles on its lane: not a storm)
        const counts = stale !== null && !(target >= 0 && chainLane[target] >= 0) ? 1 : 0;
        recentStale += counts - recent[recentCount % STORM_WINDOW];
        recent[recentCount++ % STORM_WINDOW] = counts;
        if (!storm && recentCount >= STORM_WINDOW && recentStale * 2 > STORM_WINDOW) {
          storm = true;
          stats.reason = `conflict storm after ${committed} transactions: the rest ran sequentially`;
        }
      }
    };

    // Writes of outcomes received but not committed, to spot a read of what an earlier transaction writes.
    const writers = new Map<string, number[]>();
    const writeKeysOf = new Map<number, string[]>();
    const blockedOn = new Map<number, number[]>();
    // Tracked only on the accounts where conflicts were seen: elsewhere it would cost more than it saves. (It
    // looked at every hot account until the twenty-eighth session, pinned pools and nonce chains included,
    // whose writers run on one lane and never block another's reads: on W3, tracking from the start took the
    // block from 81 to 136 ms.)
    const isHot = (address: string): boolean => contended.has(address);
    const noteWrites = (o: TxOutcome): void => {
      const keys: string[] = [];
      const note = (key: string): void => {
        keys.push(key);
        if (key.charCodeAt(0) === 115 /* s */) keys.push(`hs:${key.slice(2, 42)}`);
      };
      if (o instanceof ReceivedOutcome) forEachWrittenKey(o.wire, o.changesAt, isHot, note);
      else {
        // (keys only for the tracked accounts: the whole write set would spell every location)
        for (const ch of o.changes) {
          if (isHot(ch.address)) for (const key of writeSetOf([ch]).keys()) note(key[0] === 'd' ? `b${key.slice(1)}` : key);
        }
      }
      if (keys.length === 0) return;
      for (const k of keys) { const l = writers.get(k); if (l) l.push(o.index); else writers.set(k, [o.index]); }
      writeKeysOf.set(o.index, keys);
    };
    const forgetWrites = (i: number): void => {
      for (const k of writeKeysOf.get(i) ?? NO_KEYS) {
        const l = writers.get(k)!;
        const at = l.indexOf(i);
        if (at >= 0) l.splice(at, 1);
        if (l.length === 0) writers.delete(k);
      }
      writeKeysOf.delete(i);
    };
    const latestBefore = (key: string, k: number): number => {
      let best = -1;
      for (const j of writers.get(key) ?? NONE) if (j < k && j >= committed && j > best) best = j;
      return best;
    };
    const blockerOf = (o: TxOutcome): number => {
      if (writers.size === 0) return -1; // (no write of a tracked account is waiting to commit)
      let blocker = -1;
      const check = (key: string, address: string): void => {
        const candidates = key[0] === 'h' ? [`hs:${address}`, `x:${address}`]
          : key[0] === 'm' ? [`b:${address}`, `x:${address}`]
            : key[0] === 'x' ? [key] : [key, `x:${address}`];
        for (const c of candidates) {
          const j = latestBefore(c, o.index);
          // the latest writer ran before it on the same worker: it read that (speculative) write, no wait
          if (j >= 0 && assigned[j] === assigned[o.index] && dispatchSeq[j] < dispatchSeq[o.index]) continue;
          if (j > blocker) blocker = j;
        }
      };
      if (o instanceof ReceivedOutcome) forEachReadKey(o.wire, o.readsAt, isHot, check);
      else forEachReadKeyOf(o.readRecord, isHot, check);
      return blocker;
    };

    /** Calls to contract `t` depend on each other: from now on they run in order on one lane. */
    const learnChain = (t: number): void => {
      if (chainLane[t] >= 0) return;
      makeHot(targetNames[t]); // its worker must see the calls that already ran elsewhere
      // A large chain runs on this thread, which commits it without a round trip; smaller ones go to the
      // least loaded lane.
      const calls = targetRemaining[t];
      placeChain(t, calls, own && calls * 10 > n - committed ? OWN : -1);
      // one contract's chained calls make up most of what is left: a dependency chain, run it on this core
      if (!storm && targetRemaining[t] * 4 > (n - committed) * 3 && n - committed >= 64) {
        storm = true;
        stats.reason = `dependency chain: most remaining transactions call 0x${targetNames[t]}, each after the previous; the rest ran sequentially`;
      }
    };

    /**
     * The next transaction lane `lane` may run, from its own queue, the shared one and (this thread) its
     * reserve, in index order, or -1.
     * Never further ahead of the commit point than the window: a stale result dooms what ran after it on
     * its data. A known predecessor (same sender; same contract once it is a chain) that has not committed
     * and runs on another lane parks it until that one commits; one on the same lane does not (a worker
     * commits its own results locally, this thread keeps them in its view). One not given a lane yet parks
     * it only until it gets one: parked until it committed, each call of a contract chain whose first call
     * had waited went out alone once the call before it committed, a round trip each (mainnet block
     * 14029313: ~100 batches of one transaction, each ~0.09 ms, where the call takes ~0.02).
     */
    const nextFor = (lane: number, withShared = true): number => {
      const mine = queues[lane];
      const reserve = lane === OWN ? reserved : null;
      for (;;) {
        // the queue whose head comes first
        let q: ReadyQueue | null = mine.length ? mine : null;
        if (reserve !== null && reserve.length && (q === null || reserve.peek() < q.peek())) q = reserve;
        if (withShared && shared.length && (q === null || shared.peek() < q.peek())) q = shared;
        if (q === null || q.peek() >= committed + aheadLimit) return -1;
        const i = q.shift();
        if (dispatched[i] || outcomes[i] !== undefined) continue;
        const a = affinity(i);
        if (q !== mine && a >= 0 && a !== lane && !dead[a]) { queues[a].insert(i); continue; } // learned since
        const ps = previousOfSender[i];
        const tg = targetOf[i];
        const pt = tg >= 0 && chainLane[tg] >= 0 ? previousOfTarget[i] : -1;
        const wait = ps >= committed && assigned[ps] !== lane ? ps : pt >= committed && assigned[pt] !== lane ? pt : -1;
        if (wait >= 0) { park(assigned[wait] < 0 && outcomes[wait] === undefined ? parkedUntilSent : parkedOn, wait, i); continue; }
        return i;
      }
    };
    const park = (on: Map<number, number[]>, wait: number, i: number): void => {
      const l = on.get(wait);
      if (l) l.push(i); else on.set(wait, [i]);
    };
    /** The transactions parked on `i` in `on` go back to the ready queues (nextFor looks at their predecessors again). */
    const unpark = (on: Map<number, number[]>, i: number): void => {
      const l = on.get(i);
      if (l === undefined) return;
      on.delete(i);
      for (const j of l) if (!dispatched[j] && outcomes[j] === undefined) { insertReady(j); unparked++; }
    };
    /** Transactions unparked so far (a batch being filled grows by those its own transactions let go: dispatch). */
    let unparked = 0;
    const assign = (i: number, lane: number): void => {
      assigned[i] = lane;
      dispatched[i] = 1;
      dispatchSeq[i] = seq++;
      if (parkedUntilSent.size !== 0) unpark(parkedUntilSent, i);
    };

    /**
     * Fills `indexes` for worker `w`, up to `size` (grown by what its own transactions release: the return), in
     * index order from its own queue and, `withShared`, the shared one. (What waited for a transaction to get a
     * lane follows it in its batch: a chain's later calls, one by one, would otherwise go out a few at a time, a
     * round trip each.)
     */
    const fillInOrder = (w: number, withShared: boolean, size: number, indexes: number[]): number => {
      while (indexes.length < size) {
        const i = nextFor(w, withShared);
        if (i < 0) break;
        const before = unparked;
        assign(i, w);
        indexes.push(i);
        size = Math.min(maxBatch, size + unparked - before);
      }
      return size;
    };
    /**
     * The transaction at `q`'s far end (its largest index within the window) that is still to run and has no
     * live lane of its own, taken out of `q`, while `q` holds more than `keep`; else -1. (One of a chain learned
     * since goes to its lane's queue.)
     */
    const takeFarEnd = (q: ReadyQueue, keep: number): number => {
      while (q.length > keep) {
        const i = q.takeLastBelow(committed + aheadLimit);
        if (i < 0) return -1;
        if (dispatched[i] || outcomes[i] !== undefined) continue;
        const a = affinity(i);
        if (a >= 0 && !dead[a]) { queues[a].insert(i); continue; }
        return i;
      }
      return -1;
    };
    const dispatch = (): void => {
      if (storm || failure) return;
      // round-robin, one batch at a time, until every live worker has PIPELINE batches or nothing is left
      for (let round = 0; round < PIPELINE; round++) for (let w = 0; w < W; w++) {
        if (inflight[w].length >= PIPELINE || dead[w]) continue;
        const remaining = queues[w].length + shared.length + Math.max(0, reserved.length - RESERVE_KEPT);
        if (remaining === 0) continue;
        // busy, at the window's edge: it waits for room (minTopUp)
        if (inflight[w].length !== 0 && !fromEnd) {
          const limit = committed + aheadLimit;
          // (what this thread's reserve could hand over: as takeFarEnd takes it, below the window while it holds more than it keeps)
          const fromReserve = reserved.length > RESERVE_KEPT ? reserved.countBelow(limit) : 0;
          if (waitsForRoom(queues[w].countBelow(limit) + shared.countBelow(limit), queues[w].length + shared.length, fromReserve, minTopUp)) {
            stats.heldBack++;
            continue;
          }
        }
        let size = Math.max(1, Math.min(maxBatch, Math.ceil(remaining / (W * 2))));
        const indexes: number[] = [];
        if (fromEnd) {
          // its own chains first, in order, as a batch of their own (behind other work their results would
          // hold the commit point); else what is shared, from the far end backwards
          size = fillInOrder(w, false, size, indexes);
          const ofChains = indexes.length !== 0;
          while (!ofChains && indexes.length < size) {
            const i = takeFarEnd(shared, 0);
            if (i < 0) break;
            assign(i, w);
            indexes.push(i);
          }
        } else size = fillInOrder(w, true, size, indexes);
        // nothing of its own or shared left: the far end of this thread's reserve within the window (it
        // works from the front)
        const fromReserve = indexes.length === 0;
        while (fromReserve && indexes.length < size) {
          const i = takeFarEnd(reserved, RESERVE_KEPT);
          if (i < 0) break;
          assign(i, w);
          indexes.unshift(i);
          stats.reserveToWorkers++;
        }
        if (indexes.length === 0) continue;
        clean.sent(w, indexes);
        if (inflight[w].length === 0) heardAt[w] = performance.now(); // (idle until now: its silence starts here)
        inflight[w].push(indexes);
        stats.messages++;
        stats.executions += indexes.length;
        const pending: Delta[] = [];
        for (let d = synced[w]; d < deltas.length; d++) if (deltaFrom[d] !== w) pending.push(deltas[d]);
        if (hot.has(coinbase) && committed - 1 > beneficiarySent[w]) { // (each commit since changed it: its fee)
          pending.push({ version: committed - 1, changes: encodeChanges([committedChange(coinbase, false, false, NO_STORAGE)]) });
          beneficiarySent[w] = committed - 1;
          stats.deltas++;
        }
        const tasks = encodeTasks(input.tasks, indexes);
        workers[w].send({ type: 'exec', epoch, deltas: pending, tasks }, [tasks.buffer as ArrayBuffer]);
        synced[w] = deltas.length;
      }
    };

    /** What this thread runs next as a lane: the commit point if no worker has it, else its own or shared work, in order. */
    const nextOwn = (): number => (outcomes[committed] === undefined && !dispatched[committed] ? committed : nextFor(OWN));
    /** Runs transaction `i` on this thread: at the commit point against the committed state, else speculatively on the view. */
    const runOwn = (i: number): void => {
      const front = i === committed;
      assign(i, OWN);
      clean.sentOne(OWN, i);
      const o = runTxTask(input.core, front ? input.state : view!, input.tasks[i], input.fork, input.block);
      stats.ownMs += o.timeMs; // (the execution's own clock: no second pair of reads around it)
      stats.executions++;
      stats.ownExecutions++;
      if (front) { exact[i] = 1; outcomes[i] = o; ranOn[i] = OWN; stats.ownAtCommitPoint++; return; }
      if (o.valid) view!.apply(o.changes, i);
      accept(o, OWN);
    };
    /**
     * The calls of `front`'s chains (its sender's, its contract's when pinned) that worker `w` was sent after it
     * and has not started: this thread takes them over too, in order, after `front` (which it has just taken). Left
     * there, the worker would run them without `front`'s writes, and each would run again here.
     */
    const takeChainAfter = (front: number, w: number): void => {
      const later: number[] = [];
      for (const batch of inflight[w]) for (const j of batch) if (j > front && assigned[j] === w && outcomes[j] === undefined) later.push(j);
      later.sort((a, b) => a - b);
      const senders = new Set<number>(), targets = new Set<number>();
      const note = (i: number): void => {
        if (senderOf[i] >= 0) senders.add(senderOf[i]);
        const t = targetOf[i];
        if (t >= 0 && chainLane[t] >= 0) targets.add(t);
      };
      note(front);
      for (const j of later) {
        const t = targetOf[j];
        if (!(senderOf[j] >= 0 && senders.has(senderOf[j])) && !(t >= 0 && targets.has(t))) continue;
        if (Atomics.compareExchange(claims!, j, 0, 2) !== 0) continue; // (the worker has it: it runs stale and again here)
        note(j);
        assigned[j] = OWN;
        dispatched[j] = 0; // (for nextFor: this thread's now, in its own queue)
        queues[OWN].insert(j);
        stats.executions--; // (counted when its batch went out, and again when it runs here)
        stats.stolen++;
      }
    };
    /**
     * A transaction a worker was sent but has not started, taken over for this thread (idle otherwise),
     * or -1. From the end of the newest batch backwards, as in work stealing: the worker runs its batches
     * from the front, so the two meet in the middle. Only transactions without affinity (a chain's calls
     * depend on the worker's earlier ones), but for the one at the commit point, which runs here exact.
     * With it, three bench runs of the mainnet blocks against three without, alternating (thirty-sixth
     * session): 13217637 1.21–1.22x against 1.05–1.10, geomean 1.20–1.21 against 1.19–1.20.
     */
    const steal = (): number => {
      if (!claims) return -1;
      // First the transaction at the commit point, chain or not, if its worker has not started it: nothing
      // commits until it has run, and here it runs exact. (Behind a worker's long batch a chain's call held the
      // commit point: 19932703, whose 20 ms proof went out with the first batch, waited for its calls after it.)
      // Not before the worker's first results: a worker still starting would find its chains taken, one after
      // another, and the block run here (in Chromium W6 went so whole).
      const front = committed;
      const fw = front < n ? assigned[front] : -1;
      if (fw >= 0 && fw < W && running[fw] && outcomes[front] === undefined && dispatched[front] && Atomics.compareExchange(claims, front, 0, 2) === 0) {
        if (affinity(front) >= 0) takeChainAfter(front, fw);
        return front;
      }
      lanes: for (let w = 0; w < W; w++) {
        if (dead[w]) continue;
        const batches = inflight[w];
        for (let b = batches.length - 1; b >= 0; b--) {
          const batch = batches[b];
          for (let k = batch.length - 1; k >= 0; k--) {
            const i = batch[k];
            if (assigned[i] !== w || outcomes[i] !== undefined || affinity(i) >= 0) continue;
            const c = Atomics.compareExchange(claims, i, 0, 2);
            if (c === 0) return i;
            if (c === 1) continue lanes; // the worker got here: all before it are started too
          }
        }
      }
      return -1;
    };
    /**
     * With nothing to run and batches out: waits here, up to REPLY_WAIT_MS, for a worker to post a reply, and
     * takes it (true); false when none came (or this runtime cannot wait on this thread): the event loop then
     * brings the next reply, a worker's death and the watchdog. Waiting in the event loop instead let the
     * collections V8 schedules as tasks run first: W2's last reply waited a 4.7–5 ms scavenge at the end of
     * most blocks (a sequential block, never yielding, leaves them for after it). Builds alternating in one
     * process, 1 ms idle before each block: W2 (1 token) 58.1 -> 53.8 and 56.0 -> 50.7 ms, W1 37.3 -> 36.5;
     * W3, W2 (10 tokens) and W4 within their noise (W3 72.0 -> 70.8 and 71.4 -> 72.7). Waiting here only at the
     * block's tail (nothing left queued) lost W2's gain: its last replies come while a worker's queue still
     * holds transactions its pipeline has no room for.
     */
    const waitForReply = (): boolean => {
      if (posted === undefined || !canWait) return false;
      const seen = Atomics.load(posted, 0);
      if (seen === repliesTaken) {
        try {
          if (Atomics.wait(posted, 0, seen, REPLY_WAIT_MS) === 'timed-out') return false;
        } catch { canWait = false; return false; } // (a thread that may not block: a browser page's)
      }
      pollReplies();
      return true;
    };
    /** Takes the replies waiting now, without returning to the event loop (this thread is busy as a lane). */
    const pollReplies = (): void => {
      for (let w = 0; w < W && !done; w++) {
        let msg: WorkerReply | undefined;
        while (!dead[w] && (msg = workers[w].poll!()) !== undefined) received(w, msg);
      }
    };
    // A turn of the event loop: setImmediate where there is one (Node, Bun), else a message to ourselves
    // (browsers, Deno, workerd: nested setTimeout would wait at least 4 ms), closed when the block ends.
    let resumeScheduled = false;
    const resume = (): void => { resumeScheduled = false; step(); };
    const g = globalThis as { setImmediate?: (f: () => void) => void; MessageChannel?: typeof MessageChannel };
    let selfChannel: MessageChannel | null = null;
    const resumeLater = (): void => {
      if (resumeScheduled) return;
      resumeScheduled = true;
      if (g.setImmediate) { g.setImmediate(resume); return; }
      if (g.MessageChannel) {
        if (!selfChannel) { selfChannel = new g.MessageChannel(); selfChannel.port1.onmessage = resume; }
        selfChannel.port2.postMessage(0);
        return;
      }
      setTimeout(resume, 0);
    };
    closeSelfChannel = (): void => { selfChannel?.port1.close(); selfChannel = null; };

    const step = (): void => {
      const sliceStart = performance.now();
      while (!done) {
        try {
          tryCommit();
        } catch (e) {
          failure = e as Error;
        }
        if (failure || committed === n) {
          finish(); // batches still out are cancelled; their replies carry this block's epoch and are dropped
          return;
        }
        dispatch();
        let mine = own && !storm ? nextOwn() : -1;
        if (mine < 0 && own && !storm) {
          mine = steal();
          if (mine >= 0) { stats.stolen++; stats.executions--; } // counted when its batch went out
        }
        if (mine >= 0) {
          try { runOwn(mine); } catch (e) { failure = e as Error; continue; }
          if (canPoll) pollReplies();
          // without polling, replies arrive only between tasks of the event loop: give it a turn when a worker
          // has posted one, and now and then
          else if ((posted !== undefined && Atomics.load(posted, 0) > repliesTaken) || performance.now() - sliceStart > OWN_SLICE_MS) {
            resumeLater();
            return;
          }
          continue;
        }
        if (anyInFlight()) {
          if (canPoll && waitForReply()) continue;
          return;
        }
        // nothing in flight (no live worker, or nothing dispatchable): run the next transaction here
        if (outcomes[committed] === undefined) {
          try { runAtCommitPoint(); } catch (e) { failure = e as Error; }
        }
      }
    };

    // A worker that dies or throws loses only its in-flight transactions: they go back to the queue
    // (and run on this core once no worker is left). Nothing it did was committed.
    const requeue = (w: number): void => {
      for (const batch of inflight[w]) for (const i of batch) if (outcomes[i] === undefined && assigned[i] === w) requeueOne(i);
      inflight[w] = [];
      for (const i of queues[w].drain()) shared.insert(i);
    };
    workers.forEach((worker: PoolWorker, w: number) => {
      worker.onReply((msg: WorkerReply) => {
        received(w, msg);
        step();
      }, (err: Error) => {
        failed(w, err.message);
        step();
      });
    });
    /** Worker `w` is out of this block: what it was sent and did not return runs elsewhere. */
    function failed(w: number, message: string): void {
      if (dead[w]) return;
      dead[w] = true;
      stats.workerFailures.push(message);
      requeue(w);
    }
    // The watchdog: a worker with batches out and no reply for workerTimeoutMs is stuck. (Checked on a timer,
    // after taking whatever replies wait: a reply this thread was too busy to take is not a silence.)
    const timeoutMs = options.workerTimeoutMs ?? 30_000;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const watch = (): void => {
      watchdog = undefined;
      if (done) return;
      if (canPoll) pollReplies();
      const now = performance.now();
      for (let w = 0; w < W; w++) {
        if (dead[w] || inflight[w].length === 0 || now - heardAt[w] < timeoutMs) continue;
        failed(w, `worker ${w} sent no reply in ${timeoutMs} ms with ${inflight[w].length} batch(es) out: ended`);
        workers[w].kill?.();
      }
      step();
      if (!done) watchdog = setTimeout(watch, Math.max(1, timeoutMs / 4));
    };
    watchdog = setTimeout(watch, Math.max(1, timeoutMs / 4));
    function received(w: number, msg: WorkerReply): void {
      const h0 = performance.now();
      heardAt[w] = h0;
      if (msg.type === 'results' && msg.epoch === epoch) repliesTaken++;
      // (a reply that cannot be read fails its worker, not the block: thrown from here, in an event of the
      // worker's port, it would have ended the host process)
      try { onReply(w, msg); } catch (e) { failed(w, `worker ${w} sent a reply that could not be read: ${(e as Error).message}`); }
      finally { stats.mainBusyMs += performance.now() - h0; }
    }
    /** Takes an outcome executed ahead of the commit point (by a worker or this thread), unless it must wait for an earlier writer. */
    function accept(o: TxOutcome, lane: number): void {
      // dependency tracking costs time on this thread: it starts with the first conflict
      if (conflictSeen) noteWrites(o);
      const blocker = conflictSeen ? blockerOf(o) : -1;
      if (blocker >= 0) { // it read what an earlier, uncommitted transaction writes: run it again after that one
        stats.deferred++;
        const t = targetOf[o.index];
        if (t >= 0 && targetOf[blocker] === t) learnChain(t);
        const list = blockedOn.get(blocker);
        if (list) list.push(o.index); else blockedOn.set(blocker, [o.index]);
        setAside(o);
        return;
      }
      outcomes[o.index] = o;
      ranOn[o.index] = lane;
    }
    function onReply(w: number, msg: WorkerReply): void {
        if (done || (msg.type === 'results' && msg.epoch !== epoch)) return; // a finished block's late batch
        if (dead[w]) return; // its outstanding batches were already re-queued
        if (msg.type === 'results') {
          stats.workerBusyMs += msg.busyMs;
          running[w] = true;
          // (until its outcomes are taken the batch stays in flight: a failure here re-queues what it holds)
          for (const o of decodeOutcomes(msg.outcomes, msg.logs, msg.slots, names)) {
            if (!(Number.isInteger(o.index) && o.index >= 0 && o.index < n)) throw new Error(`a result for transaction ${o.index} of a block of ${n}`);
            if (outcomes[o.index] !== undefined || o.index < committed) { setAside(o); continue; }
            stats.workerExecMs += o.timeMs;
            accept(o, w);
          }
          inflight[w].shift();
        } else if (msg.type === 'error') {
          failed(w, msg.message.split('\n')[0]);
        }
    }
    step();
  });
}
