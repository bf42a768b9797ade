/**
 * One small interface over Node worker_threads and browser Web Workers. The compiled core
 * (a WebAssembly.Module) is posted once to each worker, which instantiates its own isolated copy.
 * Where no workers exist (edge runtimes), createPool() returns null and the planner runs in one isolate.
 */
import { loadModule } from '../wasm/loader.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

export interface PoolWorker {
  /** Posts `msg`; the buffers in `transfer` are handed over, not copied (unusable here after). */
  send(msg: WorkerRequest, transfer?: ArrayBuffer[]): void;
  /** Resolves with the next reply; rejects when the worker dies. */
  onReply(handler: (msg: WorkerReply) => void, onError: (err: Error) => void): void;
  /**
   * Takes the next reply now if one is waiting (it is then not delivered to the handler), without
   * returning to the event loop. Absent where the runtime cannot (browsers): replies come as events only.
   */
  poll?(): WorkerReply | undefined;
  terminate(): Promise<void>;
}

export interface WorkerPool {
  readonly workers: PoolWorker[];
  close(): Promise<void>;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** The machine's parallelism (Node os.availableParallelism, navigator.hardwareConcurrency), at least 1. */
export async function availableParallelism(): Promise<number> {
  if (typeof process !== 'undefined' && process.versions?.node) {
    const os = await import('node:os');
    return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

async function spawn(): Promise<PoolWorker | null> {
  if (typeof process !== 'undefined' && process.versions?.node) {
    const { Worker, MessageChannel, receiveMessageOnPort } = await import('node:worker_threads');
    // replies come on a port of our own, which can also be read synchronously (poll)
    const { port1: replies, port2 } = new MessageChannel();
    const w = new Worker(WORKER_URL, { workerData: { replyPort: port2 }, transferList: [port2] });
    let handler: ((msg: WorkerReply) => void) | null = null;
    let onError: ((err: Error) => void) | null = null;
    replies.on('message', (m: WorkerReply) => handler?.(m));
    w.on('error', (e: Error) => onError?.(e));
    w.on('exit', (code: number) => { if (code !== 0) onError?.(new Error(`worker exited with code ${code}`)); });
    return {
      send: (msg, transfer) => w.postMessage(msg, transfer),
      onReply: (h, e) => { handler = h; onError = e; },
      poll: () => receiveMessageOnPort(replies)?.message as WorkerReply | undefined,
      terminate: async () => { onError = null; replies.close(); await w.terminate(); },
    };
  }
  const WorkerCtor = (globalThis as { Worker?: new (url: URL, opts: { type: string }) => Worker }).Worker;
  if (!WorkerCtor) return null;
  const w = new WorkerCtor(WORKER_URL, { type: 'module' });
  let handler: ((msg: WorkerReply) => void) | null = null;
  let onError: ((err: Error) => void) | null = null;
  w.onmessage = (ev: MessageEvent) => handler?.(ev.data as WorkerReply);
  w.onerror = (ev: ErrorEvent) => onError?.(new Error(ev.message || 'worker error'));
  return {
    send: (msg, transfer) => w.postMessage(msg, transfer ?? []),
    onReply: (h, e) => { handler = h; onError = e; },
    terminate: async () => { onError = null; w.terminate(); },
  };
}

/**
 * Starts `size` workers, each with its own core instance; null without workers. The default is one
 * fewer than the available parallelism (at least 1): the planner's own thread executes transactions
 * too (planner.ts `ownLane`), so N cores run N − 1 workers beside it.
 */
export async function createPool(size?: number): Promise<WorkerPool | null> {
  const n = size ?? Math.max(1, (await availableParallelism()) - 1);
  const module = await loadModule();
  const workers: PoolWorker[] = [];
  for (let i = 0; i < n; i++) {
    const w = await spawn();
    if (!w) return null;
    workers.push(w);
  }
  await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
    w.onReply((m) => (m.type === 'ready' ? resolve() : reject(new Error(`worker: unexpected ${m.type}`))), reject);
    w.send({ type: 'init', module });
  })));
  return {
    workers,
    close: async () => { await Promise.all(workers.map((w) => w.terminate())); },
  };
}
