/** Messages between the planner and its workers (structured-clone friendly; bulky parts travel as bytes: wire.ts, task-codec.ts, state-codec.ts). */
import type { AccountChange, Log } from '../state/types.js';
import type { ReadSet, WriteSet, ReadRecord } from '../state/access.js';
import type { BlockEnv } from '../evm.js';
import type { Transaction } from '../tx/types.js';
import type { StatusName } from '../wasm/layout.js';
import type { Encoded } from './wire.js';
import type { EncodedState } from './state-codec.js';

export interface TxTask { index: number; tx: Transaction; sender: string }

/**
 * Committed account states the planner replays into a worker: absolute values (idempotent), stamped with
 * the committing transaction, so that a worker whose own speculative execution is ahead keeps its view.
 */
export interface Delta { version: number; changes: Encoded }

/** What a worker returns per transaction: enough to validate, commit and build the receipt. */
export interface TxOutcome {
  index: number;
  valid: boolean;
  error?: string;
  status: StatusName | 'invalid';
  gasUsed: bigint;
  logs: Log[];
  createdAddress?: string;
  beneficiaryFee: bigint;
  blobGasUsed: bigint;
  changes: AccountChange[];
  /** What the transaction read, in compact form (access.ts): what validation checks. */
  readonly readRecord: ReadRecord;
  /** The read set spelled as location keys, on first access. */
  readonly reads: ReadSet;
  /** The write set, derived from `changes` on first access (workers send only the changes). */
  readonly writes: WriteSet;
  timeMs: number;
}

/** Failures a worker injects into itself (tests): it exits (with exitCode, default 70), throws or hangs after so many transactions. */
export interface WorkerFaults { exitAfterTasks?: number; exitCode?: number; throwAfterTasks?: number; hangAfterTasks?: number }

export type WorkerRequest =
  | { type: 'init'; module: WebAssembly.Module }
  /**
   * `cancel[0]` set: the block is decided, skip the rest. `claims[i]`: who runs transaction i of a batch
   * sent out (0 nobody yet, 1 the worker, 2 the planner's thread, which took it over: work stealing).
   * `posted[0]`: replies the workers have posted since, each counted once it is on its way (a planner that
   * cannot take replies synchronously, in a browser, turns to its event loop when one waits). All three are
   * shared memory, absent where SharedArrayBuffer is not available. `codeReset`: forget the
   * code kept from earlier blocks before reading `state` (state-codec.ts).
   */
  | { type: 'block'; fork: number; block: BlockEnv; state: EncodedState; blockHashes: Map<bigint, Uint8Array>; epoch: number; cancel?: Int32Array; claims?: Uint8Array; posted?: Int32Array; codeReset?: boolean; delay?: { seed: number; maxMs: number }; faults?: WorkerFaults }
  /** Run these tasks (task-codec.ts encodeTasks, in this order; the buffer is transferred), after replaying the deltas. */
  | { type: 'exec'; epoch: number; deltas: Delta[]; tasks: Uint8Array };

export type WorkerReply =
  | { type: 'ready' }
  /** `outcomes`, `logs` and `slots`: the batch's TxOutcomes encoded by wire.ts encodeOutcomes (all three handed over, not copied). */
  | { type: 'results'; epoch: number; outcomes: Uint8Array; logs: Uint8Array; slots: Int32Array; busyMs: number }
  | { type: 'error'; message: string };
