/**
 * System calls (system transactions) around a block's transactions:
 * - pre-block: EIP-4788 beacon block root (Cancun+), EIP-2935 parent block hash (Prague+);
 * - post-block: EIP-7002 withdrawal requests and EIP-7251 consolidation requests (Prague+), whose
 *   output bytes become EIP-7685 requests of type 0x01 / 0x02.
 *
 * A system call is a message call from SYSTEM_ADDRESS to the system contract with 30,000,000 gas and
 * value 0. It is not a transaction: no nonce change, no gas bought or refunded, no fee to the
 * beneficiary, nothing counted in the block's gas. What the call itself changes (the contract's
 * storage) is committed, as in the execution-specs `process_unchecked_system_transaction`. The caller
 * is never debited nor touched (the value is zero and there is no gas purchase), so SYSTEM_ADDRESS does
 * not appear in the post-state.
 *
 * Absent code: the pre-block calls are skipped (EIP-4788 / EIP-2935: "if no code exists at the address,
 * the call must fail silently"). The post-block calls are skipped too here, because partial pre-states
 * (mainnet block re-execution) lack the contracts; when the code is present they must succeed, and a
 * failure throws (the block is invalid).
 */
import type { Core, BlockEnv } from '../evm.js';
import type { MemoryState } from '../state/memory-state.js';
import type { AccountChange, Log } from '../state/types.js';
import { KECCAK_EMPTY } from '../state/memory-state.js';
import { TxOverlay } from '../state/overlay.js';
import { Fork } from '../forks.js';
import { equalBytes } from '../bytes.js';

export const SYSTEM_ADDRESS = 'fffffffffffffffffffffffffffffffffffffffe';
/** EIP-4788 beacon roots contract. */
export const BEACON_ROOTS_ADDRESS = '000f3df6d732807ef1319fb7b8bb8522d0beac02';
/** EIP-2935 history storage contract. */
export const HISTORY_STORAGE_ADDRESS = '0000f90827f1c53a10cb7a02335b175320002935';
/** EIP-7002 withdrawal request predeploy. */
export const WITHDRAWAL_REQUEST_ADDRESS = '00000961ef480eb55e80d19ad83579a64c007002';
/** EIP-7251 consolidation request predeploy. */
export const CONSOLIDATION_REQUEST_ADDRESS = '0000bbddc7ce488642fb579f8b00f3a590007251';
export const SYSTEM_CALL_GAS = 30_000_000n;

export interface SystemCallResult {
  /** 40-hex key of the system contract. */
  address: string;
  success: boolean;
  status: string;
  output: Uint8Array;
  logs: Log[];
  /** The changes committed to the state. */
  changes: AccountChange[];
}

/** True when `address` has code in `state` (the condition for running its system call). */
export function hasCode(state: MemoryState, address: string): boolean {
  const acc = state.getAccount(address);
  return acc !== undefined && !equalBytes(acc.codeHash, KECCAK_EMPTY) && state.getCode(address).length > 0;
}

/**
 * Runs one system call against `state` and commits its changes (always: a failed call has reverted its
 * own changes already). The GASPRICE the contract sees is the block's base fee, as in execution-specs.
 */
export function systemCall(core: Core, state: MemoryState, fork: number, env: BlockEnv, address: string, input: Uint8Array): SystemCallResult {
  const overlay = new TxOverlay(state, fork);
  core.setEnv(fork, env, { origin: SYSTEM_ADDRESS, gasPrice: env.baseFee, blobHashes: [] });
  const r = core.run(overlay, { kind: 'call', caller: SYSTEM_ADDRESS, address, value: 0n, gas: SYSTEM_CALL_GAS, input });
  const success = r.status === 'success';
  const changes = overlay.finalize(), logs = success ? overlay.logs : [];
  overlay.release();
  state.commit(changes);
  return { address, success, status: r.status, output: r.output, logs, changes };
}

/** What the pre-block system calls did: the calls that ran (skipped ones are absent). */
export interface PreBlockInput {
  fork: number;
  env: BlockEnv;
  /** EIP-4788 input (Cancun+). */
  parentBeaconBlockRoot?: Uint8Array;
  /** EIP-2935 input (Prague+). */
  parentHash?: Uint8Array;
}

/**
 * EIP-4788 (Cancun+) then EIP-2935 (Prague+), each only when its contract has code in `state`.
 * Throws when a contract is present but the header lacks the call's input.
 */
export function preBlockSystemCalls(core: Core, state: MemoryState, b: PreBlockInput): SystemCallResult[] {
  const out: SystemCallResult[] = [];
  if (b.fork >= Fork.Cancun && hasCode(state, BEACON_ROOTS_ADDRESS)) {
    if (!b.parentBeaconBlockRoot) throw new Error(`block ${b.env.number}: parentBeaconBlockRoot is required for the EIP-4788 system call`);
    out.push(systemCall(core, state, b.fork, b.env, BEACON_ROOTS_ADDRESS, b.parentBeaconBlockRoot));
  }
  if (b.fork >= Fork.Prague && hasCode(state, HISTORY_STORAGE_ADDRESS)) {
    if (!b.parentHash) throw new Error(`block ${b.env.number}: the parent hash is required for the EIP-2935 system call`);
    out.push(systemCall(core, state, b.fork, b.env, HISTORY_STORAGE_ADDRESS, b.parentHash));
  }
  return out;
}

/**
 * EIP-7002 then EIP-7251 (Prague+): the request data each returns (undefined when its contract has no
 * code, i.e. the call was skipped). A call that fails makes the block invalid: throws.
 */
export function postBlockSystemCalls(core: Core, state: MemoryState, fork: number, env: BlockEnv): { withdrawals?: Uint8Array; consolidations?: Uint8Array; calls: SystemCallResult[] } {
  const calls: SystemCallResult[] = [];
  if (fork < Fork.Prague) return { calls };
  const checked = (address: string, eip: string): Uint8Array | undefined => {
    if (!hasCode(state, address)) return undefined;
    const r = systemCall(core, state, fork, env, address, new Uint8Array(0));
    if (!r.success) throw new Error(`block ${env.number}: the ${eip} system call to 0x${address} failed (${r.status}): the block is invalid`);
    calls.push(r);
    return r.output;
  };
  const withdrawals = checked(WITHDRAWAL_REQUEST_ADDRESS, 'EIP-7002');
  const consolidations = checked(CONSOLIDATION_REQUEST_ADDRESS, 'EIP-7251');
  return { withdrawals, consolidations, calls };
}
