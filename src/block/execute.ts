/**
 * Block execution. Small separate steps so the parallel planner can reuse them:
 * - `blockContext`: the block-level environment and rules (fork, base fee, blob base fee, limits);
 * - the transactions run through the parallel planner (src/parallel/planner.ts), sequentially or not;
 * - `makeReceipt` / `finishBlock`: receipts, bloom, receipts root;
 * - `applyRewards`: block / ommer rewards and withdrawals (off by default: partial pre-states lack them).
 * `executeBlock` composes them sequentially, committing each transaction's changes to `state`.
 */
import { Core, type BlockEnv } from '../evm.js';
import { loadModule } from '../wasm/loader.js';
import { GAS_PER_BLOB, type TxResult } from '../tx/process.js';
import { maxBlobsPerBlock } from '../tx/validate.js';
import type { MemoryState } from '../state/memory-state.js';
import { NO_STORAGE, plainLog, type AccountChange } from '../state/types.js';
import type { ReadSet, WriteSet } from '../state/access.js';
import { preloadKzg } from '../precompiles/index.js';
import { Fork } from '../forks.js';
import { bytesToBigint, bytesToHex } from '../bytes.js';
import { blobBaseFee } from './blob.js';
import { forkAt, type ForkActivation } from './forks.js';
import { logsBloom, bloomOr, receiptsRoot, type Receipt } from './receipts.js';
import type { BlockHeader, BlockTx } from './json.js';
import { executeTransactions, type PlannerOptions, type PlannerStats } from '../parallel/planner.js';
import { createPool, type WorkerPool } from '../parallel/pool.js';
import { checkDagTimes, dagOfExecuted, type DagStats } from '../parallel/dag.js';
import type { Transaction } from '../tx/types.js';
import { preBlockSystemCalls, postBlockSystemCalls, type SystemCallResult } from './system.js';
import { buildRequests, computeRequestsHash, parseDepositRequests, DEPOSIT_CONTRACT_ADDRESS } from './requests.js';
import { checkExcessBlobGas, type ParentBlobFields } from './header-rules.js';

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

/** The receipt of a transaction that ran after `cumulativeGasUsed - result.gasUsed` block gas. */
export function makeReceipt(tx: BlockTx, result: Pick<TxResult, 'status' | 'gasUsed' | 'logs' | 'createdAddress'>, cumulativeGasUsed: bigint): Receipt {
  const receipt: Receipt = {
    type: tx.type,
    status: result.status === 'success' ? 1 : 0,
    cumulativeGasUsed,
    gasUsed: result.gasUsed,
    logs: result.logs.length === 0 ? result.logs : result.logs.map(plainLog),
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
    address, deleted: false, balance: (state.getAccount(address)?.balance ?? 0n) + v, storageCleared: false, storage: NO_STORAGE,
  })));
  return [...credits.keys()];
}

export interface ExecuteBlockOptions {
  header: BlockHeader;
  transactions: BlockTx[];
  /** Pre-state; updated in place to the post-state. */
  state: MemoryState;
  /** 'sequential' (default) or 'parallel': the results are identical. */
  mode?: 'sequential' | 'parallel';
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
  /** Parallel mode: a pool to reuse across blocks (else one of `workers` workers is created and closed). */
  pool?: WorkerPool | null;
  workers?: number;
  planner?: PlannerOptions;
  /**
   * System calls (default true): EIP-4788 / EIP-2935 before the transactions, EIP-7002 / EIP-7251 after
   * them (Prague+). Each runs only when its contract has code in `state`; absent code skips it (partial
   * pre-states of mainnet blocks lack the contracts). false: none run.
   */
  systemCalls?: boolean;
  /** The parent's blob fields: when given (Cancun+), the header's excessBlobGas is checked against them. */
  parent?: ParentBlobFields;
  /** EIP-6110 deposit contract (default: mainnet's). */
  depositContract?: string;
  /**
   * Weights of the DAG statistics, one per transaction (ms), instead of this run's measured times: a
   * benchmark passes the least of several runs (dag.ts dagOfExecuted says why).
   */
  dagTimesMs?: readonly number[];
}

/** A touched account after the block: undefined when it no longer exists. */
export interface PostAccount {
  nonce: bigint;
  balance: bigint;
  codeHash: string;
  /**
   * The slots the block wrote, with their values after it (0: deleted); the account's other slots are as
   * before the block, or zero when `storageCleared`. (Not the whole storage: copying it would make a
   * block's result cost as much as the storage of every contract it touched.)
   */
  storage: Map<string, bigint>;
  /** A transaction of the block cleared the account's storage (CREATE over it, SELFDESTRUCT) before these writes. */
  storageCleared: boolean;
}

export interface BlockStats {
  txCount: number;
  /** Transaction execution time (planner included), ms. */
  timeMs: number;
  planner: PlannerStats;
  /**
   * Dependency DAG from the recorded access sets, weighted by measured time per transaction (or
   * `dagTimesMs`). Computed when first read (it costs about half as much as a mainnet block's execution).
   */
  dag: DagStats;
  /** Each transaction's measured execution time, ms. */
  txTimesMs: number[];
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
  /** Each transaction's read and write sets, spelled as location keys when first read. */
  accessSets: { readonly reads: ReadSet; readonly writes: WriteSet }[];
  /** The block's access list in the shape of EIP-7928: per account, the slots read and written (computed when first read). */
  blockAccessList: BlockAccessList;
  stats: BlockStats;
  /** The system calls that ran (pre-block then post-block), in order. */
  systemCalls: { address: string; status: string }[];
  /**
   * EIP-7685 requests (`type || data`, empty types left out) and their hash: Prague+, only when both
   * the EIP-7002 and EIP-7251 system calls ran (their contracts are in the state).
   */
  requests?: Uint8Array[];
  requestsHash?: Uint8Array;
}

/**
 * Executes a block's transactions against `state` (committed in place), sequentially or with the
 * parallel planner; both give the same receipts and post-state. An invalid block throws, and `state`
 * must then be discarded (pass a copy when the caller needs the pre-state afterwards).
 */
export async function executeBlock(opts: ExecuteBlockOptions): Promise<BlockResult> {
  const { header, transactions, state } = opts;
  const mode = opts.mode ?? 'sequential';
  if (mode !== 'sequential' && mode !== 'parallel') throw new Error(`unknown execution mode "${opts.mode}"`);
  if (opts.dagTimesMs !== undefined) checkDagTimes(opts.dagTimesMs, transactions.length); // (before the state is touched)
  const ctx = blockContext(header, opts.fork ?? forkAt(header.number, header.timestamp, opts.schedule), opts.chainId ?? 1n);
  if (ctx.fork >= Fork.Cancun) await preloadKzg();
  const core = opts.core ?? new Core(await loadModule());
  core.clearCodeCache();
  // --- header rules that need the parent (EIP-4844 / EIP-7691 / EIP-7918) ---
  if (opts.parent) checkExcessBlobGas(header, opts.parent, ctx.fork);
  // --- pre-block system calls (EIP-4788, EIP-2935) ---
  const systemCalls: SystemCallResult[] = opts.systemCalls === false ? [] : preBlockSystemCalls(core, state, {
    fork: ctx.fork, env: ctx.env, parentBeaconBlockRoot: header.parentBeaconBlockRoot,
    parentHash: header.parentHash ?? state.getBlockHash(header.number - 1n),
  });
  let pool = opts.pool ?? null;
  const ownPool = mode === 'parallel' && !pool;
  if (ownPool) pool = await createPool(opts.workers);
  let planned;
  try {
    planned = await executeTransactions({
      core, state, fork: ctx.fork, block: ctx.env, pool: mode === 'parallel' ? pool : null, maxBlobGas: ctx.maxBlobGas,
      tasks: transactions.map((tx, index) => ({ index, tx: stripSender(tx), sender: tx.from })),
    }, { ...opts.planner, sequential: mode === 'sequential' });
  } finally {
    if (ownPool) await pool?.close();
  }
  const receipts: Receipt[] = [];
  const accessSets: BlockResult['accessSets'] = [];
  const touched = new Set<string>();
  const written = new Map<string, Set<string>>(); // slots written, by account
  const cleared = new Set<string>();
  const noteChanges = (changes: readonly AccountChange[]) => {
    for (const ch of changes) {
      touched.add(ch.address);
      let slots = written.get(ch.address);
      if (ch.storageCleared) { cleared.add(ch.address); slots?.clear(); }
      if (ch.storage.size === 0) continue;
      if (slots === undefined) written.set(ch.address, (slots = new Set()));
      for (const slot of ch.storage.keys()) slots.add(slot);
    }
  };
  let gas = 0n;
  let blobGas = 0n;
  planned.outcomes.forEach((o, i) => {
    noteChanges(o.changes);
    if (o.beneficiaryFee !== 0n || ctx.fork >= Fork.SpuriousDragon) touched.add(ctx.env.coinbase);
    gas += o.gasUsed;
    blobGas += o.blobGasUsed;
    receipts.push(makeReceipt(transactions[i], o, gas));
    accessSets.push({ get reads() { return o.reads; }, get writes() { return o.writes; } }); // (the outcome keeps them once spelled)
  });
  if (opts.rewards) for (const a of applyRewards(state, ctx, opts.ommers)) touched.add(a);
  // --- post-block system calls and EIP-7685 requests (Prague+) ---
  let requests: Uint8Array[] | undefined;
  if (opts.systemCalls !== false && ctx.fork >= Fork.Prague) {
    const post = postBlockSystemCalls(core, state, ctx.fork, ctx.env);
    systemCalls.push(...post.calls);
    if (post.withdrawals !== undefined && post.consolidations !== undefined) {
      const deposits = parseDepositRequests(receipts.flatMap((r) => r.logs), opts.depositContract ?? DEPOSIT_CONTRACT_ADDRESS);
      requests = buildRequests(deposits, post.withdrawals, post.consolidations);
    }
  }
  for (const c of systemCalls) noteChanges(c.changes);
  const postState = new Map<string, PostAccount | undefined>();
  for (const a of [...touched].sort()) {
    const acc = state.accounts.get(a);
    const storage = new Map<string, bigint>();
    for (const slot of written.get(a) ?? []) storage.set(slot, acc?.storage.get(slot) ?? 0n);
    postState.set(a, acc && { nonce: acc.nonce, balance: acc.balance, codeHash: bytesToHex(acc.codeHash), storage, storageCleared: cleared.has(a) });
  }
  const stats = { txCount: transactions.length, timeMs: planned.stats.timeMs, planner: planned.stats, txTimesMs: planned.outcomes.map((o) => o.timeMs) } as BlockStats;
  defineLazy(stats, 'dag', () => dagOfExecuted(planned.outcomes, ctx.env.coinbase, opts.dagTimesMs));
  const result = {
    fork: ctx.fork, receipts, ...finishBlock(receipts, ctx.fork), blobGasUsed: blobGas,
    stateRoot: opts.computeStateRoot ? state.stateRoot() : undefined,
    postState, accessSets, stats,
    systemCalls: systemCalls.map((c) => ({ address: c.address, status: c.status })),
    ...(requests ? { requests, requestsHash: computeRequestsHash(requests) } : {}),
  } as BlockResult;
  defineLazy(result, 'blockAccessList', () => blockAccessList(accessSets));
  return result;
}

/**
 * Makes `key` of `target` a value computed on first read and kept (the outcomes it reads from do not
 * change after the block). Enumerable, so a spread or JSON.stringify sees it like any field.
 */
function defineLazy<T extends object, K extends keyof T>(target: T, key: K, make: () => T[K]): void {
  Object.defineProperty(target, key, {
    configurable: true, enumerable: true,
    get(): T[K] {
      const value = make();
      Object.defineProperty(target, key, { value, enumerable: true, writable: false, configurable: false });
      return value;
    },
  });
}

/** The transaction without the block JSON's extra fields (what workers receive). */
function stripSender(tx: BlockTx): Transaction {
  const { from: _from, ...rest } = tx as BlockTx & Record<string, unknown>;
  return rest as unknown as Transaction;
}

/** EIP-7928 shape: per account (sorted), the storage slots written (with the transactions) and only read. */
export type BlockAccessList = {
  address: string;
  storageWrites: { slot: string; txs: number[] }[];
  storageReads: string[];
  balanceChanges: number[];
  nonceChanges: number[];
  codeChanges: number[];
}[];

export function blockAccessList(sets: { reads: ReadSet; writes: WriteSet }[]): BlockAccessList {
  const accounts = new Map<string, { writes: Map<string, number[]>; reads: Set<string>; balance: number[]; nonce: number[]; code: number[] }>();
  const entry = (a: string) => {
    let e = accounts.get(a);
    if (!e) { e = { writes: new Map(), reads: new Set(), balance: [], nonce: [], code: [] }; accounts.set(a, e); }
    return e;
  };
  sets.forEach(({ reads, writes }, i) => {
    for (const key of reads.keys()) {
      const e = entry(key.slice(2, 42));
      if (key[0] === 's') e.reads.add(key.slice(43));
    }
    for (const key of writes.keys()) {
      const e = entry(key.slice(2, 42));
      if (key[0] === 's') { const slot = key.slice(43); const t = e.writes.get(slot); if (t) t.push(i); else e.writes.set(slot, [i]); }
      else if (key[0] === 'b' || key[0] === 'd') { if (e.balance[e.balance.length - 1] !== i) e.balance.push(i); }
      else if (key[0] === 'n') e.nonce.push(i);
      else if (key[0] === 'c') e.code.push(i);
    }
  });
  return [...accounts.keys()].sort().map((address) => {
    const e = accounts.get(address)!;
    return {
      address: '0x' + address,
      storageWrites: [...e.writes.keys()].sort().map((slot) => ({ slot: '0x' + slot, txs: e.writes.get(slot)! })),
      storageReads: [...e.reads].filter((s) => !e.writes.has(s)).sort().map((s) => '0x' + s),
      balanceChanges: e.balance, nonceChanges: e.nonce, codeChanges: e.code,
    };
  });
}
