/**
 * Scaling past this machine, on paper: the dependency DAG of a block from its recorded access sets,
 * its critical path weighted by measured time per transaction, the ideal speedup, and a list-scheduled
 * bound for N workers.
 *
 * Transaction j depends on i < j when j read a location whose value i determined: the last absolute
 * write of that location before j, every credit to it since (credits commute with each other but not
 * with a read), and, for the beneficiary's balance, every earlier fee.
 */
import type { ReadSet, WriteSet } from '../state/access.js';

export interface DagInput {
  reads: ReadSet;
  writes: WriteSet;
  /** Measured execution time, ms. */
  timeMs: number;
  /** The deferred beneficiary fee was non-zero (a credit to the beneficiary). */
  paysFee: boolean;
}

export interface DagStats {
  transactions: number;
  edges: number;
  /** Sum of transaction times, ms (sequential execution time). */
  totalMs: number;
  /** Longest dependency chain weighted by time, ms. */
  criticalPathMs: number;
  /** totalMs / criticalPathMs: the speedup with unlimited workers. */
  idealSpeedup: number;
  /** Speedup of a greedy list schedule in transaction order, per worker count. */
  listScheduled: { workers: number; speedup: number }[];
}

export const WORKER_COUNTS = [1, 2, 4, 8, 16, 32];

/** The keys a read of `key` can be changed by. */
function writersOf(key: string): string[] {
  const address = key.slice(2, 42);
  switch (key[0]) {
    case 'b': case 'm': return [`b:${address}`, `x:${address}`];
    case 'n': case 'c': case 'x': return [key, `x:${address}`];
    case 'h': return [`x:${address}`, `hs:${address}`];
    case 's': return [key, `x:${address}`];
    default: return [key];
  }
}

/** Dependencies (earlier transaction indexes) of every transaction. */
export function dependencies(txs: DagInput[], beneficiary: string): number[][] {
  const lastWriter = new Map<string, number>();
  const credits = new Map<string, number[]>(); // address -> crediting txs since the last absolute balance write
  const feePayers: number[] = [];
  const deps: number[][] = [];
  txs.forEach((tx, j) => {
    const d = new Set<number>();
    for (const key of tx.reads.keys()) {
      for (const w of writersOf(key)) { const i = lastWriter.get(w); if (i !== undefined) d.add(i); }
      if (key[0] === 'b') { // an exact balance read also depends on every credit and debit since
        const address = key.slice(2, 42);
        for (const i of credits.get(address) ?? []) d.add(i);
        if (address === beneficiary) for (const i of feePayers) d.add(i);
      }
    }
    deps.push([...d].sort((a, b) => a - b));
    for (const [key, _] of tx.writes) {
      const address = key.slice(2, 42);
      if (key[0] === 'd') { const c = credits.get(address); if (c) c.push(j); else credits.set(address, [j]); continue; }
      lastWriter.set(key, j);
      if (key[0] === 'b' || key[0] === 'x') credits.delete(address);
      if (key[0] === 's') lastWriter.set(`hs:${address}`, j);
    }
    if (tx.paysFee) feePayers.push(j);
  });
  return deps;
}

/** What the DAG needs of an executed transaction (a planner's outcome). */
export interface ExecutedForDag {
  reads: ReadSet;
  writes: WriteSet;
  timeMs: number;
  beneficiaryFee: bigint;
}

/** Throws unless `timesMs` holds one finite time ≥ 0 (ms) per transaction of `count`. */
export function checkDagTimes(timesMs: readonly number[], count: number): void {
  if (timesMs.length !== count) throw new Error(`DAG weights: ${timesMs.length} times for ${count} transactions`);
  const bad = timesMs.findIndex((t) => typeof t !== 'number' || !Number.isFinite(t) || t < 0);
  if (bad >= 0) throw new Error(`DAG weights: time ${bad} is ${String(timesMs[bad])}, not a finite number of ms ≥ 0`);
}

/** Each transaction's least time so far: `run`'s times, or the lesser of them and `least`'s (the weights of dagOfExecuted). */
export function leastTimes(least: readonly number[] | null, run: readonly number[]): number[] {
  return least === null ? [...run] : least.map((t, i) => Math.min(t, run[i]));
}

/**
 * The DAG statistics of executed transactions, each weighted by `timesMs[i]` when given (one per
 * transaction), else by its measured time. A collection pause that lands inside one transaction
 * lengthens every path through it (W1's bound for 32 workers read 11.4, 6.5 and 2.4 in three bench
 * runs), so a benchmark passes the least of each transaction's times over several runs.
 */
export function dagOfExecuted(txs: readonly ExecutedForDag[], beneficiary: string, timesMs?: readonly number[]): DagStats {
  if (timesMs !== undefined) checkDagTimes(timesMs, txs.length);
  return dagStats(dagInputs(txs, timesMs), beneficiary);
}

/** What the DAG reads of executed transactions, weighted by `timesMs[i]` when given, else by their measured times. */
function dagInputs(txs: readonly ExecutedForDag[], timesMs?: readonly number[]): DagInput[] {
  return txs.map((o, i) => ({ reads: o.reads, writes: o.writes, timeMs: timesMs?.[i] ?? o.timeMs, paysFee: o.beneficiaryFee !== 0n }));
}

/**
 * The most transactions on one path of dependencies among executed `txs` (a chain's length in
 * transactions, unweighted): the planner's probe tells a dependency chain from a busy block with it.
 */
export function longestChain(txs: readonly ExecutedForDag[], beneficiary: string): number {
  const depth: number[] = [];
  let longest = 0;
  dependencies(dagInputs(txs), beneficiary).forEach((d, j) => {
    let before = 0;
    for (const i of d) if (depth[i] > before) before = depth[i];
    depth[j] = before + 1;
    if (depth[j] > longest) longest = depth[j];
  });
  return longest;
}

export function dagStats(txs: DagInput[], beneficiary: string, workerCounts: number[] = WORKER_COUNTS): DagStats {
  const deps = dependencies(txs, beneficiary);
  const times = txs.map((t) => Math.max(t.timeMs, 1e-6));
  const totalMs = times.reduce((a, b) => a + b, 0);
  const finish: number[] = [];
  let critical = 0;
  deps.forEach((d, j) => {
    let start = 0;
    for (const i of d) if (finish[i] > start) start = finish[i];
    finish[j] = start + times[j];
    if (finish[j] > critical) critical = finish[j];
  });
  const listScheduled = workerCounts.map((workers) => {
    const free = new Array<number>(workers).fill(0);
    const done: number[] = [];
    let makespan = 0;
    deps.forEach((d, j) => {
      let ready = 0;
      for (const i of d) if (done[i] > ready) ready = done[i];
      let w = 0;
      for (let k = 1; k < workers; k++) if (free[k] < free[w]) w = k;
      const start = Math.max(ready, free[w]);
      done[j] = free[w] = start + times[j];
      if (done[j] > makespan) makespan = done[j];
    });
    return { workers, speedup: txs.length ? totalMs / makespan : 1 };
  });
  return {
    transactions: txs.length,
    edges: deps.reduce((a, d) => a + d.length, 0),
    totalMs,
    criticalPathMs: critical,
    idealSpeedup: txs.length ? totalMs / critical : 1,
    listScheduled,
  };
}
