/**
 * Worker entry: owns one isolated core instance and a local copy of the block's state, kept in step
 * with the planner's commits through the deltas that come with each batch of transactions.
 */
import { Core } from '../evm.js';
import { LazyState, type CodeCache } from './state-codec.js';
import { TASK_OPTIONS } from './execute.js';
import { processTx } from '../tx/process.js';
import type { WorkerReply, WorkerRequest, WorkerFaults } from './protocol.js';
import { Wire, decodeChanges, beginOutcomes, addOutcome, finishOutcomes } from './wire.js';
import { EncodedTasks } from './task-codec.js';
import type { BlockEnv } from '../evm.js';

let core: Core | null = null;
let state: LazyState | null = null;
let fork = 0;
let block: BlockEnv | null = null;
/** Set by the planner once the block no longer needs this worker's results. */
let cancel: Int32Array | undefined;
/** Per transaction: 0 free, 1 taken here, 2 taken by the planner's thread (protocol.ts). */
let claims: Uint8Array | undefined;
/** The block's count of replies posted (protocol.ts): one more after each reply goes out. */
let posted: Int32Array | undefined;
/** The epoch of the block this worker holds. */
let epoch = -1;
let rng = 0;
let maxDelayMs = 0;
let faults: WorkerFaults = {};
let tasksRun = 0;
/** Contract code by hash, kept across blocks (the planner sends each code once per pool). */
const codes: CodeCache = new Map();

function nextRandom(): number {
  rng = (rng * 1103515245 + 12345) >>> 0;
  return rng / 0x100000000;
}

function busyWait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* injected delay (tests) */ }
}

/** Thrown once a browser worker has closed itself: it is gone, and says nothing more (safeHandle sends no reply). */
class WorkerClosed extends Error {}

/**
 * Ends this worker (injected deaths, tests). Node reports the exit to the pool; a browser reports nothing
 * when a worker closes itself, so it goes silent, as a worker that died there does: the planner's watchdog
 * finds it (planner.ts workerTimeoutMs) and the pool replaces it.
 */
function exitNow(code = 70): never {
  if (typeof process !== 'undefined' && process.versions?.node) process.exit(code);
  (globalThis as unknown as { close(): void }).close();
  throw new WorkerClosed('worker closed');
}

function handle(msg: WorkerRequest): WorkerReply | null {
  switch (msg.type) {
    case 'init':
      core = new Core(msg.module);
      return { type: 'ready' };
    case 'block':
      if (msg.codeReset) codes.clear();
      state = new LazyState(msg.state, codes);
      for (const [n, h] of msg.blockHashes) state.blockHashes.set(n, h);
      fork = msg.fork;
      block = msg.block;
      cancel = msg.cancel;
      claims = msg.claims;
      posted = msg.posted;
      epoch = msg.epoch;
      rng = msg.delay?.seed ?? 0;
      maxDelayMs = msg.delay?.maxMs ?? 0;
      faults = msg.faults ?? {};
      tasksRun = 0;
      core!.clearCodeCache();
      return null;
    case 'exec': {
      if (!core || !state || !block) return { type: 'error', message: 'worker: exec before init/block' };
      const t0 = performance.now();
      for (const delta of msg.deltas) {
        // (an account this worker has since written speculatively keeps its newer value)
        const fresh = decodeChanges(Wire.of(delta.changes)).filter((ch) => state!.versionOf(ch.address) <= delta.version);
        state.commit(fresh, delta.version);
      }
      const tasks = new EncodedTasks(msg.tasks);
      // (each outcome is encoded as it is made: accounts of the block's pre-state go by place, the planner
      // reads its own key string back, wire.ts; no outcome objects kept to the batch's end)
      beginOutcomes((address) => state!.placeOf(address));
      for (let k = 0; k < tasks.length; k++) {
        if (cancel && Atomics.load(cancel, 0) !== 0) break;
        const index = tasks.indexAt(k);
        // the planner's thread took it over while it waited here: no outcome from this worker
        if (claims && Atomics.compareExchange(claims, index, 0, 1) !== 0) continue;
        const task = tasks.get(k);
        if (maxDelayMs > 0) busyWait(nextRandom() * maxDelayMs);
        // injected failures (tests): die or throw in the middle of a batch
        if (faults.exitAfterTasks !== undefined && tasksRun >= faults.exitAfterTasks) exitNow(faults.exitCode);
        if (faults.throwAfterTasks !== undefined && tasksRun >= faults.throwAfterTasks) throw new Error('injected worker fault');
        if (faults.hangAfterTasks !== undefined && tasksRun >= faults.hangAfterTasks) for (;;) { /* injected: stuck for good */ }
        tasksRun++;
        const t1 = performance.now();
        const r = processTx(core, state, task.tx, task.sender, fork, block, TASK_OPTIONS);
        addOutcome(index, performance.now() - t1, r);
        // speculative local commit: later transactions of this worker see these writes (chains stay on one worker)
        if (r.valid) state.commit(r.changes, index);
      }
      const encoded = finishOutcomes();
      return { type: 'results', epoch: msg.epoch, outcomes: encoded.bytes, logs: encoded.logs, slots: encoded.slots, busyMs: performance.now() - t0 };
    }
  }
}

/** What a reply hands over rather than copies: a batch's bytes, log bytes and storage words (buffers of their own). */
const transferOf = (reply: WorkerReply): ArrayBuffer[] => (reply.type === 'results'
  ? [reply.outcomes.buffer as ArrayBuffer, reply.logs.buffer as ArrayBuffer, reply.slots.buffer as ArrayBuffer] : []);

function safeHandle(msg: WorkerRequest): WorkerReply | null {
  try {
    return handle(msg);
  } catch (e) {
    if (e instanceof WorkerClosed) return null;
    return { type: 'error', message: (e as Error).stack ?? String(e) };
  }
}

/**
 * Handles `msg` and posts the reply, if any, with `post`; a result of this block's batches is then counted
 * where the planner sees it (protocol.ts `posted`).
 */
function answer(msg: WorkerRequest, post: (reply: WorkerReply, transfer: ArrayBuffer[]) => void): void {
  const reply = safeHandle(msg);
  if (!reply) return;
  post(reply, transferOf(reply));
  if (posted && reply.type === 'results' && reply.epoch === epoch) { Atomics.add(posted, 0, 1); Atomics.notify(posted, 0); }
}

if (typeof process !== 'undefined' && process.versions?.node) {
  const { parentPort, workerData } = await import('node:worker_threads');
  // the pool reads replies from a port of its own (it can take them without returning to its event loop)
  const replies = (workerData as { replyPort?: import('node:worker_threads').MessagePort } | null)?.replyPort ?? parentPort;
  parentPort?.on('message', (msg: WorkerRequest) => answer(msg, (reply, transfer) => replies?.postMessage(reply, transfer)));
} else {
  const scope = globalThis as unknown as { onmessage: ((ev: MessageEvent) => void) | null; postMessage(m: unknown, transfer: ArrayBuffer[]): void };
  scope.onmessage = (ev: MessageEvent) => answer(ev.data as WorkerRequest, (reply, transfer) => scope.postMessage(reply, transfer));
}
