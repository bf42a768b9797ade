/**
 * Runs state-test fixtures (ethereum/tests GeneralStateTests, execution-spec-tests state_tests): for
 * every (fork, data, gas, value) index, executes the transaction on the pre-state and checks the post
 * state root and the logs hash; a case that expects an exception must be rejected.
 */
import { readFileSync } from 'node:fs';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { FORK_ALIASES, Fork, forkId } from '../forks.js';
import { MemoryState, addressKey } from '../state/memory-state.js';
import { hexToBytes, bytesToHex, keccak256 } from '../bytes.js';
import { encode } from '../rlp.js';
import type { Transaction, AccessListItem, Authorization } from '../tx/types.js';
import { processTx } from '../tx/process.js';
import { Core, type BlockEnv } from '../evm.js';
import { loadModule } from '../wasm/loader.js';
import { preloadKzg } from '../precompiles/index.js';
import type { Log } from '../state/types.js';
import { blobBaseFee } from '../block/blob.js';
import { SKIPPED_FILES } from './skip.js';

export interface CaseResult {
  file: string; name: string; fork: string; d: number; g: number; v: number;
  pass: boolean; error?: string; skipped?: string;
}

let core: Core | null = null;

/** Loads the core and the lazy crypto once per process or worker. */
export async function initRunner(): Promise<void> {
  if (!core) core = new Core(await loadModule());
  await preloadKzg();
}

/** keccak256(rlp(logs)): the logs hash of the fixtures. */
export function logsHash(logs: Log[]): Uint8Array {
  return keccak256(encode(logs.map((l) => [l.address, l.topics, l.data])));
}

/** Parses a fixture number; "0x:bigint 0x..." marks values wider than 256 bits. */
function big(x: string | undefined, fallback = 0n): bigint {
  if (x === undefined || x === '') return fallback;
  return BigInt(x.startsWith('0x:bigint ') ? x.slice(10) : x);
}

/** The `transaction` object of a state test (one entry of each of data/gasLimit/value is picked per case). */
export interface TxJson {
  data: string[]; gasLimit: string[]; value: string[]; nonce: string; to: string; secretKey?: string; sender?: string;
  gasPrice?: string; maxFeePerGas?: string; maxPriorityFeePerGas?: string; maxFeePerBlobGas?: string;
  accessLists?: ({ address: string; storageKeys: string[] }[] | null)[]; blobVersionedHashes?: string[];
  authorizationList?: { chainId: string; address: string; nonce: string; v?: string; yParity?: string; r: string; s: string }[];
}

/** The transaction's sender: `sender`, or the address of `secretKey`. */
export function senderOf(tx: TxJson): string {
  if (tx.sender) return addressKey(tx.sender);
  if (!tx.secretKey) throw new Error('transaction has neither sender nor secretKey');
  const pub = secp256k1.getPublicKey(hexToBytes(tx.secretKey), false);
  return bytesToHex(keccak256(pub.subarray(1)).subarray(12)).slice(2);
}

/** The transaction of case (d, g, v): data[d], gasLimit[g], value[v]; unsigned (the sender is given apart). */
export function buildTx(t: TxJson, d: number, g: number, v: number): Transaction {
  const accessList: AccessListItem[] = (t.accessLists?.[d] ?? []).map((e) => ({
    address: hexToBytes(e.address), storageKeys: e.storageKeys.map((k) => hexToBytes(k.replace(/^0x/, '').padStart(64, '0'))),
  }));
  const type = t.authorizationList ? 4 : t.blobVersionedHashes ? 3 : t.maxFeePerGas !== undefined ? 2 : t.accessLists?.[d] ? 1 : 0;
  const authorizationList: Authorization[] | undefined = t.authorizationList?.map((a) => ({
    chainId: big(a.chainId), address: hexToBytes(a.address), nonce: big(a.nonce), yParity: big(a.yParity ?? a.v), r: big(a.r), s: big(a.s),
  }));
  return {
    type: type as Transaction['type'], chainId: type === 0 ? null : 1n, nonce: big(t.nonce),
    gasPrice: type < 2 ? big(t.gasPrice) : undefined,
    maxFeePerGas: type >= 2 ? big(t.maxFeePerGas) : undefined,
    maxPriorityFeePerGas: type >= 2 ? big(t.maxPriorityFeePerGas) : undefined,
    gasLimit: big(t.gasLimit[g]), to: t.to ? hexToBytes(t.to) : null, value: big(t.value[v]),
    data: hexToBytes(t.data[d]), accessList,
    maxFeePerBlobGas: t.maxFeePerBlobGas !== undefined ? big(t.maxFeePerBlobGas) : undefined,
    blobVersionedHashes: t.blobVersionedHashes?.map(hexToBytes), authorizationList, v: 0n, r: 0n, s: 0n,
  };
}

export function blockEnvOf(env: Record<string, string>, fork: number): BlockEnv {
  const excess = big(env.currentExcessBlobGas);
  return {
    coinbase: addressKey(env.currentCoinbase),
    number: big(env.currentNumber), timestamp: big(env.currentTimestamp), gasLimit: big(env.currentGasLimit),
    prevRandao: fork >= Fork.Paris ? big(env.currentRandom ?? env.currentDifficulty) : big(env.currentDifficulty),
    baseFee: big(env.currentBaseFee, 10n),
    blobBaseFee: fork >= Fork.Cancun ? blobBaseFee(excess, fork) : 0n,
    chainId: 1n,
  };
}

/** One (test, fork, d, g, v) case of a fixture file; `skipped` says why the runner does not execute it. */
export interface FixtureCase {
  file: string; name: string; fork: string; d: number; g: number; v: number;
  test: any; post: any;
  /** The fork id (absent when skipped). */
  forkId?: number;
  skipped?: string;
}

/**
 * Every case of a parsed fixture file, in file order, with the runner's skip rules: every case of a file in
 * SKIPPED_FILES and every case of an unknown fork comes with `skipped`. Optionally only the given fork spellings.
 * Throws when an entry is not a state test.
 */
export function* stateTestCases(path: string, json: Record<string, any>, opts: { forks?: string[] } = {}): Generator<FixtureCase> {
  const skip = SKIPPED_FILES.find((s) => path.endsWith(s.path));
  for (const [name, test] of Object.entries(json)) {
    if (!test || typeof test !== 'object' || !test.post) throw new Error(`${name}: not a state test (no "post")`);
    for (const [forkSpelling, posts] of Object.entries(test.post as Record<string, any[]>)) {
      if (opts.forks && !opts.forks.includes(forkSpelling)) continue;
      for (const post of posts) {
        const { data: d, gas: g, value: v } = post.indexes;
        const base = { file: path, name, fork: forkSpelling, d, g, v, test, post };
        if (skip) yield { ...base, skipped: skip.reason };
        else if (!(forkSpelling in FORK_ALIASES)) yield { ...base, skipped: `unknown fork ${forkSpelling}` };
        else yield { ...base, forkId: forkId(forkSpelling) };
      }
    }
  }
}

/** Runs every case of one fixture file (optionally only the given fixture fork spellings). */
export function runStateTestFile(path: string, opts: { forks?: string[] } = {}): CaseResult[] {
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  const results: CaseResult[] = [];
  for (const c of stateTestCases(path, json, opts)) {
    const base = { file: c.file, name: c.name, fork: c.fork, d: c.d, g: c.g, v: c.v };
    if (c.skipped !== undefined) { results.push({ ...base, pass: false, skipped: c.skipped }); continue; }
    try {
      const error = runCase(c.test, c.forkId!, c.d, c.g, c.v, c.post);
      results.push(error ? { ...base, pass: false, error } : { ...base, pass: true });
    } catch (e) {
      results.push({ ...base, pass: false, error: `threw: ${(e as Error).stack ?? e}` });
    }
  }
  return results;
}

/** Runs one case; returns null when it passes, else what differs. */
export function runCase(test: any, fork: number, d: number, g: number, v: number, post: any): string | null {
  if (!core) throw new Error('initRunner() was not called');
  const state = MemoryState.fromJson(test.pre);
  const block = blockEnvOf(test.env, fork);
  const tx = buildTx(test.transaction, d, g, v);
  const sender = senderOf(test.transaction);
  const r = processTx(core, state, tx, sender, fork, block);
  if (r.valid) state.commit(r.changes);
  if (post.expectException && r.valid) return `expected exception ${post.expectException}, but the transaction was valid (status ${r.status}, gas ${r.gasUsed})`;
  const root = bytesToHex(state.stateRoot());
  const logs = bytesToHex(logsHash(r.logs));
  const problems: string[] = [];
  if (!post.expectException && !r.valid) problems.push(`transaction rejected: ${r.error}`);
  if (root !== post.hash) problems.push(`state root ${root} != ${post.hash}`);
  if (post.logs && logs !== post.logs) problems.push(`logs hash ${logs} != ${post.logs}`);
  if (problems.length) return `${problems.join('; ')} [status ${r.status}, gas used ${r.gasUsed}]`;
  return null;
}
