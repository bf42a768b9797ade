/**
 * A transaction's life in named stages: validate -> buy gas -> warm -> execute -> refund -> pay the
 * beneficiary -> finalize (EIP-161 / EIP-6780 deletions, read and write sets).
 */
import type { Transaction } from './types.js';
import { feeCap } from './types.js';
import { validateTxStatic } from './validate.js';
import { intrinsicGas, floorDataGas } from './intrinsic.js';
import { NO_STORAGE, NO_LOGS, type StateReader, type Log, type AccountChange } from '../state/types.js';
import { AccessSets, type ReadSet, type WriteSet, type ReadRecord } from '../state/access.js';
import { TxOverlay } from '../state/overlay.js';
import { KECCAK_EMPTY, type MemoryState } from '../state/memory-state.js';
import type { Core, BlockEnv } from '../evm.js';
import type { StatusName } from '../wasm/layout.js';
import { addressKeyFromBytes } from '../wasm/codec.js';
import { isDelegation } from '../wasm/imports.js';
import { Fork } from '../forks.js';
import { keccak256, hexToBytes, bytesToHex, equalBytes, NO_BYTES } from '../bytes.js';
import { encode } from '../rlp.js';
import { precompileAddresses } from '../precompiles/index.js';
import { authorityOf } from './signer.js';

export const GAS_PER_BLOB = 131072n; // EIP-4844

export interface TxResult {
  /** false: the transaction is invalid and changed nothing (`error` says why). */
  valid: boolean;
  error?: string;
  status: StatusName | 'invalid';
  gasUsed: bigint;
  /** Gas used before the refund (and before the EIP-7623 floor). */
  gasUsedBeforeRefund: bigint;
  refund: bigint;
  blobGasUsed: bigint;
  logs: Log[];
  output: Uint8Array;
  createdAddress?: string;
  /** The beneficiary's fee when it was deferred (deferBeneficiaryFee), else 0. */
  beneficiaryFee: bigint;
  changes: AccountChange[];
  /** What the transaction read, in compact form (src/state/access.ts). */
  readRecord: ReadRecord;
  /** The read set, spelled from `readRecord` on first access. */
  readonly reads: ReadSet;
  /** The write set of `changes`, spelled on first access. */
  readonly writes: WriteSet;
}

/** processTx's result (the access sets spelled only when asked for: AccessSets). */
class ExecutedTx extends AccessSets implements TxResult {
  constructor(
    readonly valid: boolean, readonly status: TxResult['status'], readonly gasUsed: bigint, readonly gasUsedBeforeRefund: bigint,
    readonly refund: bigint, readonly blobGasUsed: bigint, readonly logs: Log[], readonly output: Uint8Array, readonly beneficiaryFee: bigint,
    changes: AccountChange[], readRecord: ReadRecord, readonly error?: string, readonly createdAddress?: string,
  ) { super(readRecord, changes); }
}

export interface TxOptions {
  /** Gas still available in the block (defaults to the block gas limit). */
  blockGasAvailable?: bigint;
  /** Blob gas still available in the block. */
  blobGasAvailable?: bigint;
  /**
   * Leave the beneficiary's fee out of the transaction's state and return it as `beneficiaryFee`, to be
   * added at commit (applyBeneficiaryFee): the fee becomes a commutative delta, so transactions that
   * do not read the beneficiary's balance do not conflict on it (parallel execution).
   */
  deferBeneficiaryFee?: boolean;
  /** false: `output` is left empty (the planner does not read it; the copy costs a slice). Default true. */
  withOutput?: boolean;
}

/** An invalid transaction: no changes; its reads are what the verdict rested on (parallel validation). */
function invalid(error: string, readRecord: ReadRecord = []): TxResult {
  return new ExecutedTx(false, 'invalid', 0n, 0n, 0n, 0n, NO_LOGS, new Uint8Array(0), 0n, [], readRecord, error);
}

const PRECOMPILE_KEYS = new Map<number, ReadonlySet<string>>();
/** The active precompiles of `fork` as address keys (cached). */
function precompileKeys(fork: number): ReadonlySet<string> {
  let keys = PRECOMPILE_KEYS.get(fork);
  if (!keys) {
    keys = new Set(precompileAddresses(fork).map((p) => p.toString(16).padStart(40, '0')));
    PRECOMPILE_KEYS.set(fork, keys);
  }
  return keys;
}

/** The address of a contract created by `sender` with `nonce`: keccak256(rlp([sender, nonce]))[12:]. */
export function createAddress(sender: string, nonce: bigint): string {
  const h = keccak256(encode([hexToBytes(sender), nonce]));
  return addressKeyFromBytes(h.subarray(12));
}

/** Effective gas price: gasPrice, or min(maxFee, baseFee + maxPriorityFee) (EIP-1559). */
export function effectiveGasPrice(tx: Transaction, baseFee: bigint): bigint {
  if (tx.type < 2) return tx.gasPrice ?? 0n;
  const tip = tx.maxFeePerGas! - baseFee < tx.maxPriorityFeePerGas! ? tx.maxFeePerGas! - baseFee : tx.maxPriorityFeePerGas!;
  return baseFee + tip;
}

/** Runs `tx` from `sender` (40-hex key) against `base`; the caller commits `changes` when it is valid. */
export function processTx(core: Core, base: StateReader, tx: Transaction, sender: string, fork: number,
  block: BlockEnv, options: TxOptions = {}): TxResult {
  // --- validate ---------------------------------------------------------------------------------
  const staticError = validateTxStatic(tx, fork, block.chainId);
  if (staticError) return invalid(staticError);
  const gasAvailable = options.blockGasAvailable ?? block.gasLimit;
  if (tx.gasLimit > gasAvailable) return invalid(`gas limit ${tx.gasLimit} exceeds the block's available gas ${gasAvailable}`);
  const baseFee = fork >= Fork.London ? block.baseFee : 0n;
  if (fork >= Fork.London && feeCap(tx) < baseFee) return invalid(`fee cap ${feeCap(tx)} is below the base fee ${baseFee} (EIP-1559)`);
  const blobGasUsed = tx.type === 3 ? BigInt(tx.blobVersionedHashes?.length ?? 0) * GAS_PER_BLOB : 0n;
  if (tx.type === 3) {
    if ((tx.maxFeePerBlobGas ?? 0n) < block.blobBaseFee) return invalid(`max fee per blob gas ${tx.maxFeePerBlobGas} is below the blob base fee ${block.blobBaseFee} (EIP-4844)`);
    if (options.blobGasAvailable !== undefined && blobGasUsed > options.blobGasAvailable) return invalid('blob gas exceeds what the block has left');
  }
  const state = new TxOverlay(base, fork);
  try {
    return executeOn(state, core, tx, sender, fork, block, options, baseFee, blobGasUsed);
  } finally {
    state.release(); // (its changes and read record are copies)
  }
}

/** Blob hashes of every transaction without them (the core only reads them). */
const NO_BLOB_HASHES: Uint8Array[] = [];

/** processTx once the transaction passed its static checks: the rest, on its overlay. */
function executeOn(state: TxOverlay, core: Core, tx: Transaction, sender: string, fork: number, block: BlockEnv, options: TxOptions,
  baseFee: bigint, blobGasUsed: bigint): TxResult {
  const nonce = state.nonce(sender);
  if (nonce !== tx.nonce) return invalid(`nonce mismatch: transaction ${tx.nonce}, account ${nonce}`, state.readRecord());
  if (nonce >= 0xffffffffffffffffn) return invalid('sender nonce is at its maximum (EIP-2681)', state.readRecord());
  const senderCode = state.code(sender);
  if (senderCode.length > 0 && !(fork >= Fork.Prague && isDelegation(senderCode))) return invalid('sender has code (EIP-3607)', state.readRecord());
  // (blob terms only for blob transactions: every BigInt operation allocates)
  let maxCost = tx.gasLimit * feeCap(tx) + tx.value;
  if (tx.type === 3) maxCost += blobGasUsed * (tx.maxFeePerBlobGas ?? 0n);
  // (balance checks and moves go through hasAtLeast / debit / credit: they commute across transactions)
  if (!state.hasAtLeast(sender, maxCost)) return invalid(`insufficient funds: balance ${state.balance(sender)} < ${maxCost}`, state.readRecord());

  // --- buy gas, bump the nonce ---------------------------------------------------------------------
  const gasPrice = effectiveGasPrice(tx, baseFee);
  state.setNonce(sender, nonce + 1n);
  let gasCost = tx.gasLimit * gasPrice;
  if (tx.type === 3) gasCost += blobGasUsed * block.blobBaseFee;
  state.debit(sender, gasCost);

  // --- warm (EIP-2929, EIP-2930, EIP-3651) ------------------------------------------------------------
  // (the target's key from the core's cache: the same string its calls name the account by, and no new one for a contract called again)
  const to = tx.to ? core.mem.addressKeyOfBytes(tx.to) : createAddress(sender, nonce);
  if (fork >= Fork.Berlin) {
    state.warmAddress(sender);
    state.warmAddress(to);
    state.alwaysWarm = precompileKeys(fork);
    if (fork >= Fork.Shanghai) state.warmAddress(block.coinbase);
    for (const item of tx.accessList) {
      const a = addressKeyFromBytes(item.address);
      state.warmAddress(a);
      for (const k of item.storageKeys) state.warmSlot(a, bytesToHex(k).slice(2));
    }
  }

  // --- execute ---------------------------------------------------------------------------------
  const intrinsic = intrinsicGas(tx, fork);
  const gas = tx.gasLimit - intrinsic;
  // (the environment and the message are fresh objects: one module-level object of each, rewritten per
  // transaction, made a W1 transfer ~0.15 µs slower, though it allocated less)
  core.setEnv(fork, block, { origin: sender, gasPrice, blobHashes: tx.blobVersionedHashes ?? NO_BLOB_HASHES });
  let status: StatusName;
  let gasLeft: bigint;
  let refundCounter = 0n;
  let output: Uint8Array;
  let createdAddress: string | undefined;
  if (tx.to === null) {
    createdAddress = to;
    // EIP-684 / EIP-7610: no creation over code, a nonce or storage
    const collision = state.nonce(to) !== 0n || !equalBytes(state.codeHash(to), KECCAK_EMPTY) || state.hasStorage(to);
    if (collision) {
      status = 'create-collision';
      gasLeft = 0n;
      output = new Uint8Array(0);
    } else {
      const r = core.run(state, { kind: 'create', caller: sender, address: to, value: tx.value, gas, input: tx.data }, options.withOutput !== false);
      ({ status, gasLeft } = r);
      refundCounter = r.refund;
      output = r.output;
    }
  } else {
    if (tx.type === 4) refundCounter += setDelegations(state, tx, block.chainId);
    let codeAddress = to;
    const code = state.code(to);
    const delegated = fork >= Fork.Prague && isDelegation(code);
    if (delegated) {
      codeAddress = addressKeyFromBytes(code.subarray(3));
      state.warmAddress(codeAddress);
    }
    const r = core.run(state, { kind: 'call', caller: sender, address: to, codeAddress, delegated, value: tx.value, gas, input: tx.data }, options.withOutput !== false);
    ({ status, gasLeft } = r);
    refundCounter += r.refund;
    output = r.output;
  }

  // --- refund (EIP-3529 quotient from London), EIP-7623 floor ---------------------------------------
  const gasUsedBeforeRefund = tx.gasLimit - gasLeft;
  const quotient = fork >= Fork.London ? 5n : 2n;
  const maxRefund = gasUsedBeforeRefund / quotient;
  // the execution's refund is zero unless it succeeded; EIP-7702 authorization refunds stay regardless
  const refund = refundCounter < maxRefund ? refundCounter : maxRefund;
  let gasUsed = gasUsedBeforeRefund - refund;
  const floor = floorDataGas(tx, fork);
  if (gasUsed < floor) gasUsed = floor;
  state.credit(sender, (tx.gasLimit - gasUsed) * gasPrice);

  // --- pay the beneficiary ---------------------------------------------------------------------------
  const priorityFee = fork >= Fork.London ? gasPrice - baseFee : gasPrice;
  const fee = gasUsed * priorityFee;
  const deferred = options.deferBeneficiaryFee === true;
  if (!deferred) {
    if (fee !== 0n) state.credit(block.coinbase, fee);
    else state.touch(block.coinbase);
  }

  const changes = deferred ? state.finalize(block.coinbase, fee) : state.finalize();
  return new ExecutedTx(true, status, gasUsed, gasUsedBeforeRefund, refund, blobGasUsed, status === 'success' ? state.takeLogs() : NO_LOGS, output,
    deferred ? fee : 0n, changes, state.readRecord(), undefined, status === 'success' ? createdAddress : undefined);
}

/**
 * Pays a deferred beneficiary fee on committed state: what processTx does inline when not deferred
 * (a zero fee still touches the beneficiary: EIP-161 deletes it when empty).
 */
export function applyBeneficiaryFee(state: MemoryState, coinbase: string, fee: bigint, fork: number): void {
  const acc = state.accounts.get(coinbase);
  if (fee !== 0n) {
    state.commit([{ address: coinbase, deleted: false, balance: (acc?.balance ?? 0n) + fee, storageCleared: false, storage: NO_STORAGE }]);
  } else if (fork < Fork.SpuriousDragon) {
    if (!acc) state.commit([{ address: coinbase, deleted: false, storageCleared: false, storage: NO_STORAGE }]);
  } else if (acc && acc.nonce === 0n && acc.balance === 0n && acc.code.length === 0) {
    state.commit([{ address: coinbase, deleted: true, storageCleared: true, storage: NO_STORAGE }]);
  }
}

/** EIP-7702 PER_EMPTY_ACCOUNT_COST - PER_AUTH_BASE_COST: refunded for an authority that already exists. */
const AUTH_EXISTING_REFUND = 25000n - 12500n;

/** EIP-7702 set_delegation: applies each valid authorization in order; returns the refund. */
function setDelegations(state: TxOverlay, tx: Transaction, chainId: bigint): bigint {
  let refund = 0n;
  for (const auth of tx.authorizationList ?? []) {
    if (auth.chainId !== 0n && auth.chainId !== chainId) continue;
    if (auth.nonce >= 0xffffffffffffffffn) continue;
    const authorityBytes = authorityOf(auth);
    if (authorityBytes === null) continue;
    const authority = addressKeyFromBytes(authorityBytes);
    state.warmAddress(authority);
    const code = state.code(authority);
    if (code.length !== 0 && !isDelegation(code)) continue;
    if (state.nonce(authority) !== auth.nonce) continue;
    if (state.exists(authority)) refund += AUTH_EXISTING_REFUND;
    const target = auth.address;
    const isZero = target.every((b) => b === 0);
    state.setCode(authority, isZero ? NO_BYTES : Uint8Array.of(0xef, 0x01, 0x00, ...target));
    state.setNonce(authority, auth.nonce + 1n);
  }
  return refund;
}
