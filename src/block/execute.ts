/**
 * Block execution. Small separate steps so the parallel planner can reuse them:
 * - `blockContext`: the block-level environment and rules (fork, base fee, blob base fee, limits);
 * - `runTx`: one transaction against a state reader, under the block's remaining gas and blob gas;
 * - `makeReceipt` / `finishBlock`: receipts, bloom, receipts root;
 * - `applyRewards`: block / ommer rewards and withdrawals (off by default: partial pre-states lack them).
 * `executeBlock` composes them sequentially, committing each transaction's changes to `state`.
 */
import { Core, type BlockEnv } from '../evm.js';
import { loadModule } from '../wasm/loader.js';
import { processTx, GAS_PER_BLOB, type TxOptions, type TxResult } from '../tx/process.js';
import { maxBlobsPerBlock } from '../tx/validate.js';
import type { MemoryState } from '../state/memory-state.js';
import type { StateReader } from '../state/types.js';
import type { ReadSet, WriteSet } from '../state/access.js';
import { preloadKzg } from '../precompiles/index.js';
import { Fork } from '../forks.js';
import { bytesToBigint, bytesToHex } from '../bytes.js';
import { blobBaseFee } from './blob.js';
import { forkAt, type ForkActivation } from './forks.js';
import { logsBloom, bloomOr, receiptsRoot, type Receipt } from './receipts.js';
import type { BlockHeader, BlockTx } from './json.js';

export interface BlockContext {
  fork: number;
  env: BlockEnv;
  header: BlockHeader;
  /** Blob gas a block may use (0 before Cancun). */
  maxBlobGas: bigint;
}

/** Builds the execution environment of `header` and checks the header fields the fork requires. */
export function blockContext(header: BlockHeader, fork: number = forkAt(header.number, header.timestamp), chainId = 1n): BlockContext {
  if (fork >= Fork.London && header.baseFeePerGas === undefined) throw new Error(`block ${header.number}: baseFeePerGas is required from London on`);
  if (fork >= Fork.Cancun && header.excessBlobGas === undefined) throw new Error(`block ${header.number}: excessBlobGas is required from Cancun on`);
  const env: BlockEnv = {
    coinbase: header.coinbase,
    number: header.number,
    timestamp: header.timestamp,
    gasLimit: header.gasLimit,
    prevRandao: fork >= Fork.Paris ? bytesToBigint(header.mixHash) : header.difficulty,
    baseFee: fork >= Fork.London ? header.baseFeePerGas! : 0n,
    blobBaseFee: fork >= Fork.Cancun ? blobBaseFee(header.excessBlobGas!, fork) : 0n,
    chainId,
  };
  return { fork, env, header, maxBlobGas: fork >= Fork.Cancun ? BigInt(maxBlobsPerBlock(fork)) * GAS_PER_BLOB : 0n };
}

/** Gas and blob gas the block has used so far. */
export interface BlockUsage {
  gas: bigint;
  blobGas: bigint;
}

/**
 * Runs transaction `index` against `state` under the block rules. Throws (naming the index) when the
 * transaction does not fit in the block or is invalid: either makes the whole block invalid.
 * `extra` passes further processTx options (e.g. deferBeneficiaryFee for the parallel planner).
 */
export function runTx(core: Core, state: StateReader, tx: BlockTx, index: number, ctx: BlockContext, used: BlockUsage,
  extra: TxOptions = {}): TxResult {
  const gasLeft = ctx.header.gasLimit - used.gas;
  if (tx.gasLimit > gasLeft) throw new Error(`tx ${index}: gas limit ${tx.gasLimit} exceeds the block's remaining gas ${gasLeft}`);
  const result = processTx(core, state, tx, tx.from, ctx.fork, ctx.env, {
    ...extra,
    blockGasAvailable: gasLeft,
    blobGasAvailable: ctx.maxBlobGas - used.blobGas,
  });
  if (!result.valid) throw new Error(`tx ${index}: invalid transaction: ${result.error}`);
  return result;
}

/** The receipt of a transaction that ran after `cumulativeGasUsed - result.gasUsed` block gas. */
export function makeReceipt(tx: BlockTx, result: TxResult, cumulativeGasUsed: bigint): Receipt {
  const receipt: Receipt = {
    type: tx.type,
    status: result.status === 'success' ? 1 : 0,
    cumulativeGasUsed,
    gasUsed: result.gasUsed,
    logs: result.logs,
    logsBloom: logsBloom(result.logs),
  };
  if (result.createdAddress !== undefined) receipt.contractAddress = result.createdAddress;
  return receipt;
}

/** Block-level results derived from the receipts. */
export function finishBlock(receipts: readonly Receipt[], fork: number): { gasUsed: bigint; logsBloom: Uint8Array; receiptsRoot: Uint8Array } {
  const bloom = new Uint8Array(256);
  for (const r of receipts) bloomOr(bloom, r.logsBloom);
  return {
    gasUsed: receipts.length ? receipts[receipts.length - 1].cumulativeGasUsed : 0n,
    logsBloom: bloom,
    receiptsRoot: receiptsRoot(receipts, fork),
  };
}

const ETHER = 10n ** 18n;

/** The miner's base reward before the Merge (EIP-649 Byzantium, EIP-1234 Constantinople). */
export function blockReward(fork: number): bigint {
  if (fork >= Fork.Paris) return 0n;
  if (fork >= Fork.Constantinople) return 2n * ETHER;
  if (fork >= Fork.Byzantium) return 3n * ETHER;
  return 5n * ETHER;
}

/**
 * Block and ommer rewards (pre-Merge) and EIP-4895 withdrawals (Shanghai+, amounts in Gwei).
 * Returns the addresses credited. `ommers` gives each ommer's beneficiary and number (the JSON block
 * has only their hashes; the nephew bonus uses the header's uncle count).
 */
export function applyRewards(state: MemoryState, ctx: BlockContext, ommers: { coinbase: string; number: bigint }[] = []): string[] {
  const credits = new Map<string, bigint>();
  const credit = (a: string, v: bigint) => credits.set(a, (credits.get(a) ?? 0n) + v);
  const reward = blockReward(ctx.fork);
  if (reward > 0n) {
    credit(ctx.header.coinbase, reward + (reward / 32n) * BigInt(ctx.header.uncles.length));
    for (const o of ommers) credit(o.coinbase, ((8n + o.number - ctx.header.number) * reward) / 8n);
  }
  if (ctx.fork >= Fork.Shanghai) for (const w of ctx.header.withdrawals ?? []) if (w.amount > 0n) credit(w.address, w.amount * 10n ** 9n);
  state.commit([...credits].map(([address, v]) => ({
    address, deleted: false, balance: (state.getAccount(address)?.balance ?? 0n) + v, storageCleared: false, storage: new Map(),
  })));
  return [...credits.keys()];
}

export interface ExecuteBlockOptions {
  header: BlockHeader;
  transactions: BlockTx[];
  /** Pre-state; updated in place to the post-state. */
  state: MemoryState;
  mode?: 'sequential';
  /** The fork to run under (default: from `schedule`). */
  fork?: number;
  /** Fork schedule (default: mainnet). */
  schedule?: readonly ForkActivation[];
  /** Apply block / ommer rewards and withdrawals (default false). */
  rewards?: boolean;
  ommers?: { coinbase: string; number: bigint }[];
  /** Compute the state root of the whole (post-)state (only meaningful with a complete state). */
  computeStateRoot?: boolean;
  chainId?: bigint;
  /** A core to reuse (one is created otherwise). */
  core?: Core;
}

/** A touched account after the block: undefined when it no longer exists. */
export interface PostAccount {
  nonce: bigint;
  balance: bigint;
  codeHash: string;
  storage: Map<string, bigint>;
}

export interface BlockResult {
  fork: number;
  receipts: Receipt[];
  gasUsed: bigint;
  blobGasUsed: bigint;
  logsBloom: Uint8Array;
  receiptsRoot: Uint8Array;
  stateRoot?: Uint8Array;
  /** Final state of every account a transaction (or reward) changed, keyed by address. */
  postState: Map<string, PostAccount | undefined>;
  accessSets: { reads: ReadSet; writes: WriteSet }[];
  stats: { txCount: number; timeMs: number };
}

/** Executes a block's transactions in order against `state` (committed in place). */
export async function executeBlock(opts: ExecuteBlockOptions): Promise<BlockResult> {
  const { header, transactions, state } = opts;
  if ((opts.mode ?? 'sequential') !== 'sequential') throw new Error(`unknown execution mode "${opts.mode}"`);
  const ctx = blockContext(header, opts.fork ?? forkAt(header.number, header.timestamp, opts.schedule), opts.chainId ?? 1n);
  if (ctx.fork >= Fork.Cancun) await preloadKzg();
  const core = opts.core ?? new Core(await loadModule());
  core.clearCodeCache();
  const start = performance.now();
  const used: BlockUsage = { gas: 0n, blobGas: 0n };
  const receipts: Receipt[] = [];
  const accessSets: BlockResult['accessSets'] = [];
  const touched = new Set<string>();
  transactions.forEach((tx, i) => {
    const result = runTx(core, state, tx, i, ctx, used);
    state.commit(result.changes);
    for (const ch of result.changes) touched.add(ch.address);
    used.gas += result.gasUsed;
    used.blobGas += result.blobGasUsed;
    receipts.push(makeReceipt(tx, result, used.gas));
    accessSets.push({ reads: result.reads, writes: result.writes });
  });
  if (opts.rewards) for (const a of applyRewards(state, ctx, opts.ommers)) touched.add(a);
  const timeMs = performance.now() - start;
  const postState = new Map<string, PostAccount | undefined>();
  for (const a of [...touched].sort()) {
    const acc = state.accounts.get(a);
    postState.set(a, acc && { nonce: acc.nonce, balance: acc.balance, codeHash: bytesToHex(acc.codeHash), storage: new Map(acc.storage) });
  }
  return {
    fork: ctx.fork, receipts, ...finishBlock(receipts, ctx.fork), blobGasUsed: used.blobGas,
    stateRoot: opts.computeStateRoot ? state.stateRoot() : undefined,
    postState, accessSets, stats: { txCount: transactions.length, timeMs },
  };
}
