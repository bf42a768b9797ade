/**
 * parevm public API: the only place bigint meets the user at the edge.
 *
 *   const evm = await createEvm({ fork: 'Cancun' });
 *   const r = evm.runCode({ code, data, gasLimit: 1_000_000n });
 *   const t = evm.runTx({ tx, sender });   // commits to evm.state when valid
 */
import { forkId, forkName, type ForkName } from './forks.js';
import { Core, type BlockEnv } from './evm.js';
import { loadModule, setModule } from './wasm/loader.js';
import { MemoryState, addressKey, KECCAK_EMPTY } from './state/memory-state.js';
import { TxOverlay } from './state/overlay.js';
import type { Log, StateReader } from './state/types.js';
import { writeSetOf, type ReadSet, type WriteSet } from './state/access.js';
import { processTx, type TxResult } from './tx/process.js';
import type { Transaction } from './tx/types.js';
import { decodeTx } from './tx/decode.js';
import { recoverSender } from './tx/signer.js';
import { addressKeyFromBytes } from './wasm/codec.js';
import { preloadKzg } from './precompiles/index.js';
import { bytesToHex, keccak256 } from './bytes.js';

export { Fork, forkId, forkName, FORK_NAMES, type ForkName } from './forks.js';
export { MemoryState, type StoredAccount } from './state/memory-state.js';
export { SlotMap, SlotList } from './state/slots.js';
export type { StateReader, Account, Log, AccountChange } from './state/types.js';
export { PackedLog, plainLog } from './state/types.js';
export type { ReadSet, WriteSet, LocationKey, ReadRecord, AccountReads } from './state/access.js';
export type { Transaction } from './tx/types.js';
export type { TxResult } from './tx/process.js';
export type { BlockEnv } from './evm.js';
export { setModule };

export interface RunCodeOptions {
  code: Uint8Array;
  data?: Uint8Array;
  gasLimit: bigint;
  value?: bigint;
  caller?: Uint8Array;
  address?: Uint8Array;
}

export interface RunCodeResult {
  /** 'success', 'revert', or the exceptional halt ('out-of-gas', 'invalid-opcode', 'stack-underflow', ...). */
  status: string;
  gasUsed: bigint;
  gasRefund: bigint;
  output: Uint8Array;
  logs: Log[];
  /** Locations read from evm.state (with the values seen) and written (changes are discarded). */
  reads: ReadSet;
  writes: WriteSet;
}

export interface RunTxOptions {
  /** A decoded transaction, or its raw EIP-2718 / legacy RLP bytes. */
  tx: Transaction | Uint8Array;
  /** The sender; recovered from the signature when omitted. */
  sender?: Uint8Array;
  block?: Partial<BlockEnv> & { coinbase?: string | Uint8Array };
  /** Apply the changes to evm.state when the transaction is valid (default true). */
  commit?: boolean;
}

export interface CreateEvmOptions {
  /** Fork name in any common spelling ('Cancun', 'Merge', 'ConstantinopleFix', ...). Default: Prague. */
  fork?: string;
  /** Initial state (default: empty). */
  state?: MemoryState;
}

const CODE_HASHES = new WeakMap<Uint8Array, Uint8Array>();
/** keccak256 of `code`, remembered per code object: a benchmark or a simulator runs the same code again and again. */
function codeHashOf(code: Uint8Array): Uint8Array {
  let h = CODE_HASHES.get(code);
  if (!h) { h = keccak256(code); CODE_HASHES.set(code, h); }
  return h;
}

const DEFAULT_CALLER = '1000000000000000000000000000000000000001';
const DEFAULT_ADDRESS = '2000000000000000000000000000000000000002';

export class Evm {
  readonly fork: ForkName;
  readonly forkId: number;
  state: MemoryState;
  block: BlockEnv;
  private readonly core: Core;

  constructor(core: Core, fork: number, state: MemoryState) {
    this.core = core;
    this.forkId = fork;
    this.fork = forkName(fork);
    this.state = state;
    this.block = {
      coinbase: '0'.repeat(40), number: 1n, timestamp: 1n, gasLimit: 30_000_000n, prevRandao: 0n,
      baseFee: 7n, blobBaseFee: 1n, chainId: 1n,
    };
  }

  /** Runs `code` as a plain CALL (no transaction, no intrinsic gas) with fresh storage; changes are discarded. */
  runCode(opts: RunCodeOptions): RunCodeResult {
    const caller = opts.caller ? addressKeyFromBytes(opts.caller) : DEFAULT_CALLER;
    const address = opts.address ? addressKeyFromBytes(opts.address) : DEFAULT_ADDRESS;
    const overlay = new TxOverlay(this.state as StateReader, this.forkId);
    overlay.createAccount(address);
    overlay.setCode(address, opts.code, codeHashOf(opts.code));
    const value = opts.value ?? 0n;
    if (value > 0n) overlay.setBalance(caller, overlay.balance(caller) + value);
    this.core.setEnv(this.forkId, this.block, { origin: caller, gasPrice: 1n, blobHashes: [] });
    const r = this.core.run(overlay, { kind: 'call', caller, address, value, gas: opts.gasLimit, input: opts.data ?? new Uint8Array(0) });
    const writes = writeSetOf(overlay.finalize());
    const reads = overlay.reads, logs = r.status === 'success' ? overlay.logs : [];
    overlay.release(); // (its slot table goes to the next run)
    return { status: r.status, gasUsed: opts.gasLimit - r.gasLeft, gasRefund: r.refund, output: r.output, logs, reads, writes };
  }

  /** Executes a transaction; returns its result with the read and write sets, and commits it by default. */
  runTx(opts: RunTxOptions): TxResult {
    const tx = opts.tx instanceof Uint8Array ? decodeTx(opts.tx) : opts.tx;
    const sender = opts.sender ? addressKeyFromBytes(opts.sender) : addressKeyFromBytes(recoverSender(tx, this.forkId));
    const coinbase = opts.block?.coinbase;
    const block: BlockEnv = {
      ...this.block, ...opts.block,
      coinbase: coinbase === undefined ? this.block.coinbase : typeof coinbase === 'string' ? addressKey(coinbase) : addressKeyFromBytes(coinbase),
    };
    const r = processTx(this.core, this.state, tx, sender, this.forkId, block);
    if (r.valid && opts.commit !== false) this.state.commit(r.changes);
    return r;
  }

  /** The state root of evm.state. */
  stateRoot(): string { return bytesToHex(this.state.stateRoot()); }
}

/** Loads the core (once per process) and returns an EVM for `fork`. */
export async function createEvm(opts: CreateEvmOptions = {}): Promise<Evm> {
  const module = await loadModule();
  await preloadKzg();
  return new Evm(new Core(module), forkId(opts.fork ?? 'Prague'), opts.state ?? new MemoryState());
}

export { KECCAK_EMPTY };

// Blocks, sequentially or in parallel (see README "Using it").
export { executeBlock, type BlockResult, type ExecuteBlockOptions } from './block/execute.js';
export { parseBlock, parsePreState } from './block/json.js';
export { createPool, type WorkerPool } from './parallel/pool.js';
export { executeTransactions, type PlannerStats, type PlannerOptions } from './parallel/planner.js';
