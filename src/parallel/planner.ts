/**
 * The parallel planner. Transactions execute optimistically on workers, each against the committed
 * state its worker had caught up to; the planner commits strictly in transaction order, validating
 * each result by value (validate.ts) and re-executing on its own core what read stale data, so the
 * outcome is exactly sequential execution's.
 *
 * Hazards, without false conflicts:
 * - the beneficiary's fee is deferred and added at commit (a commutative delta): only a transaction
 *   that reads the beneficiary's balance depends on earlier fees, and it sees the exact value;
 * - same-sender nonce chains: a transaction is dispatched only once its sender's previous one committed;
 * - everything else (CREATE/CREATE2, SELFDESTRUCT, funding by an earlier transaction, SSTORE gas from
 *   original values) is a read like any other and is caught by validation;
 * - the block gas limit and blob gas are checked at commit, against exact cumulative totals.
 * Small blocks and conflict storms run sequentially, so parallel is never much slower.
 */
import type { Core, BlockEnv } from '../evm.js';
import type { MemoryState } from '../state/memory-state.js';
import type { AccountChange } from '../state/types.js';
import { applyBeneficiaryFee } from '../tx/process.js';
import { runTxTask } from './execute.js';
import { firstStaleRead } from './validate.js';
import type { WorkerPool, PoolWorker } from './pool.js';
import type { TxOutcome, TxTask, SerializedAccount, WorkerReply } from './protocol.js';
import { writeSetOf } from '../state/access.js';

export interface PlannerOptions {
  /** Fewer transactions than this run sequentially (default 8). */
  minTransactions?: number;
  /** Most transactions per worker message (default 16). */
  maxBatch?: number;
  /** Injected random delays in the workers (tests): seed and maximum per transaction. */
  delay?: { seed: number; maxMs: number };
  /** Force the sequential path. */
  sequential?: boolean;
  /** Injected worker failures (tests): worker k exits or throws after so many transactions. */
  faults?: { worker: number; exitAfterTasks?: number; throwAfterTasks?: number }[];
}

export interface PlannerStats {
  mode: 'parallel' | 'sequential';
  /** Why the planner chose or fell back to sequential execution. */
  reason?: string;
  workers: number;
  transactions: number;
  executions: number;
  reExecutions: number;
  /** The first stale location of each re-executed transaction (a sample, at most 20). */
  conflicts: { index: number; location: string }[];
  messages: number;
  /** Time on this thread: sending the block's state to the workers, validating and committing, ms. */
  setupMs: number;
  commitMs: number;
  /** Sum of the workers' execution times of the outcomes received, ms. */
  workerExecMs: number;
  /** Workers that died or threw during this block (their transactions were re-run). */
  workerFailures: string[];
  timeMs: number;
}

export interface PlannerResult {
  outcomes: TxOutcome[];
  stats: PlannerStats;
}

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

/** Commits one validated outcome into `state`; returns the changes (the delta workers replay). */
function commit(input: PlannerInput, o: TxOutcome, used: { gas: bigint; blobGas: bigint }): AccountChange[] {
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
  state.commit(o.changes);
  const before = state.accounts.get(block.coinbase);
  applyBeneficiaryFee(state, block.coinbase, o.beneficiaryFee, fork);
  const after = state.accounts.get(block.coinbase);
  if (before === after && o.beneficiaryFee === 0n && after !== undefined) return o.changes;
  const feeChange: AccountChange = after === undefined
    ? { address: block.coinbase, deleted: true, storageCleared: true, storage: new Map() }
    : { address: block.coinbase, deleted: false, nonce: after.nonce, balance: after.balance, storageCleared: false, storage: new Map() };
  return [...o.changes, feeChange];
}

function sequential(input: PlannerInput, reason: string, t0: number): PlannerResult {
  const outcomes: TxOutcome[] = [];
  const used = { gas: 0n, blobGas: 0n };
  for (let i = 0; i < input.tasks.length; i++) {
    const o = runTxTask(input.core, input.state, input.tasks[i], input.fork, input.block, i);
    commit(input, o, used);
    outcomes.push(o);
  }
  return {
    outcomes,
    stats: {
      mode: 'sequential', reason, workers: 0, transactions: input.tasks.length, executions: input.tasks.length,
      reExecutions: 0, conflicts: [], messages: 0, workerFailures: [], setupMs: 0, commitMs: 0, workerExecMs: 0, timeMs: performance.now() - t0,
    },
  };
}

function serialize(state: MemoryState): Map<string, SerializedAccount> {
  const out = new Map<string, SerializedAccount>();
  for (const [addr, a] of state.accounts) out.set(addr, { nonce: a.nonce, balance: a.balance, code: a.code, codeHash: a.codeHash, storage: a.storage });
  return out;
}

/** Executes the transactions in order of commit; `state` ends as sequential execution would leave it. */
export async function executeTransactions(input: PlannerInput, options: PlannerOptions = {}): Promise<PlannerResult> {
  const t0 = performance.now();
  const n = input.tasks.length;
  const minTxs = options.minTransactions ?? 8;
  if (options.sequential) return sequential(input, 'sequential mode requested', t0);
  if (!input.pool || input.pool.workers.length === 0) return sequential(input, 'no workers in this runtime', t0);
  if (n < minTxs) return sequential(input, `small block (${n} < ${minTxs} transactions)`, t0);

  const workers = input.pool.workers;
  const maxBatch = options.maxBatch ?? 16;
  const outcomes: (TxOutcome | undefined)[] = new Array(n);
  const deltas: AccountChange[][] = [];
  const synced = new Array<number>(workers.length).fill(0);
  const busy = new Array<boolean>(workers.length).fill(false);
  const dead = new Array<boolean>(workers.length).fill(false);
  const inflight: number[][] = workers.map(() => []);
  const stats: PlannerStats = {
    mode: 'parallel', workers: workers.length, transactions: n, executions: 0, reExecutions: 0, conflicts: [], messages: 0, workerFailures: [], setupMs: 0, commitMs: 0, workerExecMs: 0, timeMs: 0,
  };

  // same-sender chains: a transaction waits for its sender's previous one to commit
  const previousOfSender = new Array<number>(n).fill(-1);
  const waiting = new Map<number, number[]>();
  const lastBySender = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const prev = lastBySender.get(input.tasks[i].sender);
    if (prev !== undefined) previousOfSender[i] = prev;
    lastBySender.set(input.tasks[i].sender, i);
  }
  // Workers replay only the committed changes of "hot" accounts: senders with later transactions in the
  // block and accounts that caused a stale read. The rest of their state may lag: validation is by value
  // against the exact committed state, so a lagging worker costs a re-execution, never correctness.
  const hot = new Set<string>();
  for (let i = 0; i < n; i++) if (previousOfSender[i] >= 0) hot.add(input.tasks[i].sender);
  const ready: number[] = []; // min-ordered by construction below
  for (let i = n - 1; i >= 0; i--) {
    const p = previousOfSender[i];
    if (p < 0) ready.push(i);
    else { const w = waiting.get(p); if (w) w.push(i); else waiting.set(p, [i]); }
  }
  ready.reverse();
  let readyHead = 0;
  const dispatched = new Array<boolean>(n).fill(false);

  let committed = 0;
  const used = { gas: 0n, blobGas: 0n };
  let storm = false;
  let failure: Error | null = null;

  const blockMsg = { type: 'block' as const, fork: input.fork, block: input.block, accounts: serialize(input.state), blockHashes: input.state.blockHashes, tasks: input.tasks, delay: options.delay };
  workers.forEach((w, k) => w.send({ ...blockMsg, faults: options.faults?.find((f) => f.worker === k) }));
  stats.setupMs = performance.now() - t0;

  return new Promise<PlannerResult>((resolve, reject) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      if (failure) { reject(failure); return; }
      stats.timeMs = performance.now() - t0;
      resolve({ outcomes: outcomes as TxOutcome[], stats });
    };

    const tryCommit = (): void => {
      const c0 = performance.now();
      try { commitReady(); } finally { stats.commitMs += performance.now() - c0; }
    };
    const commitReady = (): void => {
      while (committed < n && outcomes[committed] !== undefined) {
        let o = outcomes[committed]!;
        const stale = firstStaleRead(o.reads, input.state);
        if (stale !== null || storm) {
          if (stale !== null && stats.conflicts.length < 20) stats.conflicts.push({ index: committed, location: stale });
          if (stale !== null) hot.add(stale.slice(2, 42));
          if (stale !== null) {
            o = runTxTask(input.core, input.state, input.tasks[committed], input.fork, input.block, committed);
            stats.reExecutions++;
            stats.executions++;
            outcomes[committed] = o;
          }
        }
        const changes = commit(input, o, used);
        deltas.push(changes.filter((ch) => hot.has(ch.address)));
        committed++;
        for (const j of waiting.get(committed - 1) ?? []) insertReady(j);
        // conflict storm: most executions are thrown away; finish on this core
        if (!storm && committed >= 16 && stats.reExecutions * 2 > committed) { storm = true; stats.reason = `conflict storm after ${committed} transactions: the rest ran sequentially`; }
      }
      if (storm) {
        while (committed < n && outcomes[committed] === undefined && !busy.some((b) => b)) {
          const o = runTxTask(input.core, input.state, input.tasks[committed], input.fork, input.block, committed);
          stats.executions++;
          outcomes[committed] = o;
          deltas.push(commit(input, o, used).filter((ch) => hot.has(ch.address)));
          committed++;
        }
      }
    };

    const insertReady = (j: number): void => {
      // keep ready[readyHead..] sorted: released transactions usually go near the front
      let k = ready.length;
      ready.push(j);
      while (k > readyHead && ready[k - 1] > j) { ready[k] = ready[k - 1]; k--; }
      ready[k] = j;
    };

    const dispatch = (): void => {
      if (storm || failure) return;
      for (let w = 0; w < workers.length; w++) {
        if (busy[w] || dead[w] || readyHead >= ready.length) continue;
        const remaining = ready.length - readyHead;
        const size = Math.max(1, Math.min(maxBatch, Math.ceil(remaining / (workers.length * 4))));
        const indexes: number[] = [];
        while (indexes.length < size && readyHead < ready.length) {
          const i = ready[readyHead++];
          if (dispatched[i]) continue;
          dispatched[i] = true;
          indexes.push(i);
        }
        if (indexes.length === 0) continue;
        busy[w] = true;
        inflight[w] = indexes;
        stats.messages++;
        stats.executions += indexes.length;
        const pending = deltas.slice(synced[w]).filter((d) => d.length > 0);
        workers[w].send({ type: 'exec', deltas: pending, committed, indexes });
        synced[w] = deltas.length;
      }
    };

    const step = (): void => {
      while (!done) {
        try {
          tryCommit();
        } catch (e) {
          failure = e as Error;
        }
        if (failure || committed === n) {
          if (!busy.some((b) => b)) finish();
          return;
        }
        dispatch();
        if (busy.some((b) => b)) return;
        // nothing in flight (no live worker, or nothing dispatchable): run the next transaction here
        if (outcomes[committed] === undefined) {
          try {
            outcomes[committed] = runTxTask(input.core, input.state, input.tasks[committed], input.fork, input.block, committed);
            stats.executions++;
          } catch (e) {
            failure = e as Error;
          }
        }
      }
    };

    // A worker that dies or throws loses only its in-flight transactions: they go back to the queue
    // (and run on this core once no worker is left). Nothing it did was committed.
    const requeue = (w: number): void => {
      for (const i of inflight[w]) if (outcomes[i] === undefined) { dispatched[i] = false; insertReady(i); }
      inflight[w] = [];
    };
    workers.forEach((worker: PoolWorker, w: number) => {
      worker.onReply((msg: WorkerReply) => {
        busy[w] = false;
        if (msg.type === 'results') {
          for (const o of msg.outcomes) {
            if (outcomes[o.index] !== undefined) continue;
            o.writes = writeSetOf(o.changes);
            outcomes[o.index] = o;
            stats.workerExecMs += o.timeMs;
          }
          inflight[w] = [];
        } else if (msg.type === 'error') {
          dead[w] = true;
          stats.workerFailures.push(msg.message.split('\n')[0]);
          requeue(w);
        }
        step();
      }, (err: Error) => {
        busy[w] = false;
        dead[w] = true;
        stats.workerFailures.push(err.message);
        requeue(w);
        step();
      });
    });
    step();
  });
}
