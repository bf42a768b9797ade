/** A workload's block through the planner, sequentially or in parallel (benchmarks, equivalence tests, demo). */
import type { Core } from '../evm.js';
import { MemoryState } from '../state/memory-state.js';
import { forkId } from '../forks.js';
import { executeTransactions, type PlannerOptions, type PlannerResult } from '../parallel/planner.js';
import type { WorkerPool } from '../parallel/pool.js';
import { dagOfExecuted, type DagStats } from '../parallel/dag.js';
import { blockEnv } from './sequential.js';
import type { Workload } from './builder.js';

export interface WorkloadRun extends PlannerResult {
  state: MemoryState;
  /** Absent when the run was asked not to compute it (`run.dag: false`). */
  dag?: DagStats;
}

/**
 * Runs the workload's block. `run.state`: a pre-state built beforehand (benchmarks build it outside
 * the timed region, for both modes alike); `run.dag: false` skips the DAG statistics; `run.dagTimesMs`
 * weighs them by these times (one per transaction) instead of this run's (dag.ts dagOfExecuted).
 */
export async function executeWorkload(w: Workload, core: Core, pool: WorkerPool | null, options: PlannerOptions = {},
  run: { state?: MemoryState; dag?: boolean; dagTimesMs?: readonly number[] } = {}): Promise<WorkloadRun> {
  const state = run.state ?? MemoryState.fromJson(w.preState);
  const block = blockEnv(w);
  const tasks = w.transactions.map((t, index) => ({ index, tx: t.tx, sender: t.sender.slice(2) }));
  core.clearCodeCache();
  const r = await executeTransactions({ core, state, fork: forkId(w.fork), block, tasks, pool }, options);
  if (run.dag === false) return { ...r, state };
  const dag = dagOfExecuted(r.outcomes, block.coinbase, run.dagTimesMs);
  return { ...r, state, dag };
}
