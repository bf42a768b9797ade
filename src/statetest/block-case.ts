/**
 * A state-test case as a one-transaction block for the parallel planner, and the check that the planner's
 * parallel path gives exactly its sequential result on it (and both the fixture's post state root and logs hash).
 *
 * A case (test, fork, d, g, v) becomes: a factory of fresh pre-states, the block environment, the task
 * { index: 0, tx, sender } and the fixture's expectations (post.hash, post.logs, post.expectException).
 * An invalid transaction makes the block invalid: executeTransactions throws InvalidBlockError, and the
 * state must be left as it was (the fixtures' post.hash of such a case is the pre-state root).
 */
import { isDeepStrictEqual } from 'node:util';
import { FORK_ALIASES, forkId } from '../forks.js';
import { MemoryState } from '../state/memory-state.js';
import { bytesToHex } from '../bytes.js';
import type { Core, BlockEnv } from '../evm.js';
import type { TxTask, TxOutcome } from '../parallel/protocol.js';
import type { WorkerPool } from '../parallel/pool.js';
import { executeTransactions, InvalidBlockError, type PlannerOptions, type PlannerStats } from '../parallel/planner.js';
import { blockEnvOf, buildTx, logsHash, senderOf } from './runner.js';

export interface BlockCase {
  /** Where the case comes from (for messages). */
  file: string; name: string; fork: string; d: number; g: number; v: number;
  forkId: number;
  /** A fresh pre-state on every call. */
  pre(): MemoryState;
  block: BlockEnv;
  task: TxTask;
  expect: { hash: string; logs?: string; exception?: string };
}

/**
 * The one-transaction block of case (fork, d, g, v) of `test` (one entry of a fixture file). `fork` is a
 * fixture spelling ("Merge") or a fork id; the expectations are `opts.post`, else the first post entry of that
 * fork with these indexes. `opts.file` and `opts.name` only name the case in messages.
 */
export function blockCaseOf(test: any, fork: string | number, d: number, g: number, v: number, opts: { file?: string; name?: string; post?: any } = {}): BlockCase {
  const id = typeof fork === 'number' ? fork : forkId(fork);
  let spelling = typeof fork === 'string' ? fork : undefined;
  let post: any = opts.post;
  for (const [key, posts] of Object.entries((test?.post ?? {}) as Record<string, any[]>)) {
    if (post) break;
    if (typeof fork === 'string' ? key !== fork : !(key in FORK_ALIASES) || forkId(key) !== id) continue;
    post = posts.find((p) => p.indexes.data === d && p.indexes.gas === g && p.indexes.value === v);
    if (post) spelling = key;
  }
  if (!post) throw new Error(`${opts.name ?? 'test'}: no post entry for fork ${fork}, d=${d} g=${g} v=${v}`);
  return {
    file: opts.file ?? '', name: opts.name ?? '', fork: spelling ?? String(fork), d, g, v, forkId: id,
    pre: () => MemoryState.fromJson(test.pre),
    block: blockEnvOf(test.env, id),
    task: { index: 0, tx: buildTx(test.transaction, d, g, v), sender: senderOf(test.transaction) },
    expect: { hash: post.hash, logs: post.logs, exception: post.expectException },
  };
}

/** "file name fork d=.. g=.. v=..": how a case is named in messages. */
export function caseLabel(c: { file: string; name: string; fork: string; d: number; g: number; v: number }): string {
  return `${c.file} ${c.name} ${c.fork} d=${c.d} g=${c.g} v=${c.v}`;
}

/** One execution of a case's block: the outcome, or the InvalidBlockError message; the state afterwards. */
export interface BlockRun {
  outcome?: TxOutcome;
  invalid?: string;
  state: MemoryState;
  stats?: PlannerStats;
}

/**
 * Runs the case's block: sequentially with pool null, else in parallel on `pool` (minTransactions 1, and no
 * reserve for the planner's thread: the one transaction goes to a worker, unless the planner takes it over).
 */
export async function runBlockCase(core: Core, c: BlockCase, pool: WorkerPool | null, delay?: PlannerOptions['delay']): Promise<BlockRun> {
  const state = c.pre();
  const input = { core, state, fork: c.forkId, block: c.block, tasks: [c.task], pool };
  const options: PlannerOptions = pool ? { minTransactions: 1, reserve: 0, delay } : { sequential: true };
  try {
    const r = await executeTransactions(input, options);
    return { outcome: r.outcomes[0], state, stats: r.stats };
  } catch (e) {
    if (e instanceof InvalidBlockError) return { invalid: e.message, state };
    throw e;
  }
}

/** What a run gives that must not depend on how it ran (everything but timings), logs apart. */
function observable(r: BlockRun): Record<string, unknown> {
  const o = r.outcome;
  return {
    invalid: r.invalid,
    valid: o?.valid, error: o?.error, status: o?.status, gasUsed: o?.gasUsed, beneficiaryFee: o?.beneficiaryFee,
    blobGasUsed: o?.blobGasUsed, createdAddress: o?.createdAddress,
    // the access sets (a worker's are decoded from its text), entries sorted
    reads: o ? [...o.reads].sort() : undefined, writes: o ? [...o.writes].sort() : undefined,
  };
}

/** The logs as hex: address, topics, data. */
function logsOf(r: BlockRun): { address: string; topics: string[]; data: string }[] {
  return (r.outcome?.logs ?? []).map((l) => ({ address: bytesToHex(l.address), topics: l.topics.map(bytesToHex), data: bytesToHex(l.data) }));
}

const roots = new WeakMap<MemoryState, string>();
/** A run's state root (hex), computed once: states are not changed after their run. */
function rootOf(state: MemoryState): string {
  let r = roots.get(state);
  if (r === undefined) { r = bytesToHex(state.stateRoot()); roots.set(state, r); }
  return r;
}

const short = (x: unknown): string => {
  const s = JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  return s === undefined ? 'undefined' : s.length > 300 ? `${s.slice(0, 300)}...` : s;
};

type AccountJson = ReturnType<MemoryState['toJSON']>[string];

/** How two accounts (toJSON form) differ: the fields, and at most 3 storage slots. */
function accountDiff(a: AccountJson | undefined, b: AccountJson | undefined): string {
  if (!a || !b) return `sequential ${a ? 'exists' : 'absent'}, parallel ${b ? 'exists' : 'absent'} (${short(a ?? b)})`;
  const out: string[] = [];
  for (const f of ['balance', 'nonce', 'code'] as const) if (a[f] !== b[f]) out.push(`${f} sequential ${short(a[f])}, parallel ${short(b[f])}`);
  const sa = a.storage ?? {}, sb = b.storage ?? {};
  const slots = [...new Set([...Object.keys(sa), ...Object.keys(sb)])].filter((k) => sa[k] !== sb[k]).sort();
  for (const k of slots.slice(0, 3)) out.push(`slot ${k} sequential ${sa[k] ?? '0'}, parallel ${sb[k] ?? '0'}`);
  if (slots.length > 3) out.push(`${slots.length} slots differ`);
  return out.join(', ');
}

/** The differences between two runs ([] when equal): outcome fields, state root, then accounts. */
export function diffRuns(expected: BlockRun, actual: BlockRun): string[] {
  const out: string[] = [];
  const a = observable(expected), b = observable(actual);
  for (const key of Object.keys(a)) {
    if (!isDeepStrictEqual(a[key], b[key])) out.push(`${key}: sequential ${short(a[key])}, parallel ${short(b[key])}`);
  }
  const la = logsOf(expected), lb = logsOf(actual);
  if (la.length !== lb.length) out.push(`logs: sequential ${la.length}, parallel ${lb.length}`);
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    for (const field of ['address', 'topics', 'data'] as const) {
      if (!isDeepStrictEqual(la[i][field], lb[i][field])) out.push(`logs[${i}].${field}: sequential ${short(la[i][field])}, parallel ${short(lb[i][field])}`);
    }
  }
  const rootA = rootOf(expected.state), rootB = rootOf(actual.state);
  if (rootA !== rootB) out.push(`state root: sequential ${rootA}, parallel ${rootB}`);
  const ja = expected.state.toJSON(), jb = actual.state.toJSON();
  if (!isDeepStrictEqual(ja, jb)) {
    const addresses = [...new Set([...Object.keys(ja), ...Object.keys(jb)])].sort();
    const differing = addresses.filter((k) => !isDeepStrictEqual(ja[k], jb[k]));
    for (const k of differing.slice(0, 3)) out.push(`account ${k}: ${accountDiff(ja[k], jb[k])}`);
    if (differing.length > 3) out.push(`... ${differing.length} accounts differ`);
  }
  return out;
}

/**
 * The fixture's verdict on a run ([] when it agrees): a valid block for a case without expectException
 * (an InvalidBlockError for one with it), the post state root, and the logs hash of a valid block.
 */
export function fixtureProblems(c: BlockCase, r: BlockRun): string[] {
  const out: string[] = [];
  if (c.expect.exception && !r.invalid) out.push(`expected exception ${c.expect.exception}, but the block was valid (status ${r.outcome?.status}, gas ${r.outcome?.gasUsed})`);
  if (!c.expect.exception && r.invalid) out.push(`block rejected: ${r.invalid}`);
  const root = rootOf(r.state);
  if (root !== c.expect.hash) out.push(`state root ${root} != fixture ${c.expect.hash}`);
  if (!r.invalid && c.expect.logs) {
    const logs = bytesToHex(logsHash(r.outcome!.logs));
    if (logs !== c.expect.logs) out.push(`logs hash ${logs} != fixture ${c.expect.logs}`);
  }
  return out;
}

/**
 * What is wrong with a parallel run against the sequential one ([] when nothing): it must have run in
 * parallel mode (when the block was valid: an invalid block ends in InvalidBlockError, without stats), as
 * one execution with no re-execution (a one-transaction block has nothing to conflict with, so a
 * re-execution means the worker saw another pre-state) and no worker failure; then diffRuns.
 */
export function parallelProblems(seq: BlockRun, par: BlockRun): string[] {
  const out: string[] = [];
  if (par.stats) {
    if (par.stats.mode !== 'parallel') out.push(`mode ${par.stats.mode} (${par.stats.reason ?? 'no reason'}), not parallel`);
    if (par.stats.reExecutions !== 0) out.push(`${par.stats.reExecutions} re-execution(s), first stale read ${par.stats.conflicts[0]?.location}`);
    if (par.stats.workerFailures.length) out.push(`worker failures: ${par.stats.workerFailures.join('; ')}`);
  }
  return [...out, ...diffRuns(seq, par)];
}

export interface CaseCheck {
  pools: { workers: number; pool: WorkerPool; delay?: PlannerOptions['delay'] }[];
}

/**
 * Runs the case sequentially, then on every given pool, and returns every problem found ([] when all runs
 * agree with each other and with the fixture), each as "<case>: <problem> (<runs>)", where <runs> lists
 * the runs that showed it ("sequential", "2 workers", "4 workers with delay seed 3 max 1 ms"). A run that
 * throws anything but InvalidBlockError counts as a problem.
 */
export async function checkBlockCase(core: Core, c: BlockCase, check: CaseCheck): Promise<string[]> {
  const seen = new Map<string, string[]>(); // problem -> runs
  const note = (run: string, problems: string[]): void => {
    for (const p of problems) { const runs = seen.get(p); if (runs) runs.push(run); else seen.set(p, [run]); }
  };
  const thrown = (e: unknown): string => `threw ${((e as Error).stack ?? String(e)).split('\n').slice(0, 4).join(' | ')}`;
  let seq: BlockRun | undefined;
  try {
    seq = await runBlockCase(core, c, null);
    note('sequential', fixtureProblems(c, seq).map((p) => `fixture: ${p}`));
  } catch (e) {
    note('sequential', [thrown(e)]);
  }
  if (seq) {
    for (const { workers, pool, delay } of check.pools) {
      const run = `${workers} worker${workers === 1 ? '' : 's'}${delay ? ` with delay seed ${delay.seed} max ${delay.maxMs} ms` : ''}`;
      try {
        const par = await runBlockCase(core, c, pool, delay);
        note(run, [...parallelProblems(seq, par), ...fixtureProblems(c, par).map((p) => `fixture: ${p}`)]);
      } catch (e) {
        note(run, [thrown(e)]);
      }
    }
  }
  const label = caseLabel(c);
  return [...seen].map(([p, runs]) => `${label}: ${p} (${runs.join(', ')})`);
}
