/**
 * One transaction execution for the planner: processTx with the beneficiary fee deferred. A worker asks
 * for no write set (`writeSet` false): it sends the changes, and the planner derives the writes from them.
 */
import type { Core, BlockEnv } from '../evm.js';
import type { StateReader } from '../state/types.js';
import { processTx } from '../tx/process.js';
import type { TxOutcome, TxTask } from './protocol.js';

export function runTxTask(core: Core, state: StateReader, task: TxTask, fork: number, block: BlockEnv, writeSet = true): TxOutcome {
  const t0 = performance.now();
  const r = processTx(core, state, task.tx, task.sender, fork, block, { deferBeneficiaryFee: true, writeSet });
  return {
    index: task.index, valid: r.valid, error: r.error, status: r.status, gasUsed: r.gasUsed, logs: r.logs,
    createdAddress: r.createdAddress, beneficiaryFee: r.beneficiaryFee, blobGasUsed: r.blobGasUsed,
    changes: r.changes, reads: r.reads, writes: r.writes, timeMs: performance.now() - t0,
  };
}
