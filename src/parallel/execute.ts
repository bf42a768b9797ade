/** One transaction execution for the planner: processTx with the beneficiary fee deferred. */
import type { Core, BlockEnv } from '../evm.js';
import type { StateReader, Log } from '../state/types.js';
import { AccessSets } from '../state/access.js';
import { processTx, type TxResult, type TxOptions } from '../tx/process.js';
import type { TxOutcome, TxTask } from './protocol.js';

/** An outcome executed on this thread (its access sets spelled only when asked for). */
class LocalOutcome extends AccessSets implements TxOutcome {
  readonly valid: boolean;
  readonly error?: string;
  readonly status: TxOutcome['status'];
  readonly gasUsed: bigint;
  readonly logs: Log[];
  readonly createdAddress?: string;
  readonly beneficiaryFee: bigint;
  readonly blobGasUsed: bigint;
  constructor(readonly index: number, r: TxResult, readonly timeMs: number) {
    super(r.readRecord, r.changes);
    this.valid = r.valid; this.error = r.error; this.status = r.status; this.gasUsed = r.gasUsed; this.logs = r.logs;
    this.createdAddress = r.createdAddress; this.beneficiaryFee = r.beneficiaryFee; this.blobGasUsed = r.blobGasUsed;
  }
}

/** How the planner and its workers run a transaction: the beneficiary's fee deferred (a delta at commit), no output copied. */
export const TASK_OPTIONS: Readonly<TxOptions> = { deferBeneficiaryFee: true, withOutput: false };

export function runTxTask(core: Core, state: StateReader, task: TxTask, fork: number, block: BlockEnv): TxOutcome {
  const t0 = performance.now();
  const r = processTx(core, state, task.tx, task.sender, fork, block, TASK_OPTIONS);
  return new LocalOutcome(task.index, r, performance.now() - t0);
}
