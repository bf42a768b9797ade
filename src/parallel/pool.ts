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
  /**
   * Ends a worker found stuck (planner.ts: no reply in `workerTimeoutMs`): as if it had died, it leaves the
   * pool and another is started in its place. Absent: the caller can only stop using it.
   */
  kill?(): void;
  terminate(): Promise<void>;
}

export interface WorkerPool {
  /**
   * The workers a block may use. createPool's pool leaves out a worker that died (it exited, or its runtime
   * reported an error) and starts another in its place: a block sent to a dead worker would wait forever for
   * its replies.
   */
  readonly workers: readonly PoolWorker[];
  /**
   * Changes whenever a worker joins the pool after its start (a replacement holds none of the code the others
   * kept from earlier blocks: the planner then sends all of it again, planner.ts encodeStateFor). Absent: never.
   */
  readonly generation?: number;
  close(): Promise<void>;
}

/** The worker's module (Node; a browser's worker spells the same URL in its `new Worker`, below). */
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

/**
 * What a worker's ends share, in either runtime: the block's handlers (`onReply`), and `gone`, which reports a
 * death once: the block hears `err`, `close` releases the worker, the pool hears of it (`onDeath`). `end` is a
 * termination asked for: nobody hears of it.
 */
function lifeOf(onDeath: () => void, close: () => void) {
  const life = {
    handler: null as ((msg: WorkerReply) => void) | null,
    onError: null as ((err: Error) => void) | null,
    ended: false,
    gone(err: Error | null): void {
      if (life.ended) return;
      const report = life.onError;
      life.end();
      if (err) report?.(err);
      close();
      onDeath();
    },
    end(): void { life.ended = true; life.onError = null; },
  };
  return life;
}

/** `onDeath`: the worker is gone (it exited, or its runtime reported an error), unless it was terminated here. */
async function spawn(onDeath: () => void): Promise<PoolWorker | null> {
  if (typeof process !== 'undefined' && process.versions?.node) {
    const { Worker, MessageChannel, receiveMessageOnPort } = await import('node:worker_threads');
    // replies come on a port of our own, which can also be read synchronously (poll)
    const { port1: replies, port2 } = new MessageChannel();
    const w = new Worker(WORKER_URL, { workerData: { replyPort: port2 }, transferList: [port2] });
    const life = lifeOf(onDeath, () => replies.close());
    replies.on('message', (m: WorkerReply) => life.handler?.(m));
    w.on('error', (e: Error) => life.onError?.(e));
    // (any exit not asked for is a death, code 0 too: the block's batches there would never come back)
    w.on('exit', (code: number) => life.gone(new Error(`worker exited with code ${code}`)));
    return {
      send: (msg, transfer) => w.postMessage(msg, transfer),
      onReply: (h, e) => { life.handler = h; life.onError = e; },
      poll: () => receiveMessageOnPort(replies)?.message as WorkerReply | undefined,
      kill: () => { if (!life.ended) void w.terminate(); life.gone(null); }, // (terminate stops it even inside a loop)
      terminate: async () => { life.end(); replies.close(); await w.terminate(); },
    };
  }
  const WorkerCtor = (globalThis as { Worker?: new (url: URL, opts: { type: string }) => Worker }).Worker;
  if (!WorkerCtor) return null;
  // (the URL written out in the call: the form bundlers (Vite, webpack) find a worker's module by)
  const w = new WorkerCtor(new URL('./worker.js', import.meta.url), { type: 'module' });
  const life = lifeOf(onDeath, () => w.terminate());
  w.onmessage = (ev: MessageEvent) => life.handler?.(ev.data as WorkerReply);
  // (the worker catches what its handlers throw: an error event is a failed load, or its memory gone; it is
  // ended and replaced rather than trusted with the block's next batches)
  w.onerror = (ev: ErrorEvent) => life.gone(new Error(ev.message || 'worker error'));
  return {
    send: (msg, transfer) => w.postMessage(msg, transfer ?? []),
    onReply: (h, e) => { life.handler = h; life.onError = e; },
    kill: () => life.gone(null),
    terminate: async () => { life.end(); w.terminate(); },
  };
}

export interface PoolOptions {
  /**
   * Old-generation room each worker's heap starts with, MB (Node; default 64; 0: V8's own). A worker decodes
   * a block's pre-state afresh in every block and promotes ~2.5 MB of it (W3); V8 sizes the old generation
   * of a heap that small (~8 MB live) ~4 MB above what is live, so a worker ran a full mark-compact every two
   * to four blocks, 1–10 ms of pause in the middle of a block plus concurrent marking on the platform's
   * threads, beside the planner's. With 64 MB it runs one every ~8 blocks (W3). The memory it costs: up to
   * that much garbage per worker.
   */
  initialOldSpaceMb?: number;
}

const DEFAULT_INITIAL_OLD_SPACE_MB = 64;

/** The initial old-space size (MB) the process was started with, from its options (the last one given), else 0. */
export function initialOldSpaceGiven(execArgv: readonly string[], nodeOptions = ''): number {
  let mb = 0;
  for (const a of [...nodeOptions.split(/\s+/), ...execArgv]) {
    const m = /^--initial[-_]old[-_]space[-_]size=(\d+)$/.exec(a);
    if (m) mb = Number(m[1]);
  }
  return mb;
}

/**
 * Runs `start` with V8's initial old-space size set to `mb` (Node only; elsewhere, or for 0, it just runs
 * it). V8 reads the flag when an isolate's heap is set up, so it is set only while the workers start (until
 * each has answered) and then put back to what the process was started with. It is a process-wide flag:
 * another isolate started in that window gets it too.
 */
async function withInitialOldSpace<T>(mb: number, start: () => Promise<T>): Promise<T> {
  if (!(mb > 0) || typeof process === 'undefined' || !process.versions?.node) return start();
  // (runtimes that speak Node's API without V8's flags, Bun or Deno, may lack it or refuse it: then as they are)
  let setFlag: (flag: string) => void;
  try {
    const v8 = await import('node:v8');
    setFlag = (flag) => v8.setFlagsFromString(flag);
    setFlag(`--initial-old-space-size=${Math.floor(mb)}`);
  } catch {
    return start();
  }
  const given = initialOldSpaceGiven(process.execArgv, process.env.NODE_OPTIONS);
  try { return await start(); } finally { setFlag(`--initial-old-space-size=${given}`); }
}

/** Sends `w` the compiled core and waits for its answer (its heap is then set up). */
function initWorker(w: PoolWorker, module: WebAssembly.Module): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    w.onReply((m) => (m.type === 'ready' ? resolve() : reject(new Error(`worker: unexpected ${m.type}`))), reject);
    w.send({ type: 'init', module });
  });
}

/**
 * How many times a pool replaces workers that died, per worker it was created with. Past that it runs on
 * those left (with none, every block runs on the planner's thread): a worker that dies in every block
 * is not restarted forever.
 */
const REPLACEMENTS_PER_WORKER = 3;

/**
 * Starts `size` workers, each with its own core instance; null without workers. The default is one
 * fewer than the available parallelism (at least 1): the planner's own thread executes transactions
 * too (planner.ts `ownLane`), so N cores run N − 1 workers beside it. A worker that dies leaves the pool
 * at once (a block running on it re-runs its transactions elsewhere: planner.ts) and another is started
 * in its place, joining when it is ready.
 */
export async function createPool(size?: number, options: PoolOptions = {}): Promise<WorkerPool | null> {
  const n = size ?? Math.max(1, (await availableParallelism()) - 1);
  const module = await loadModule();
  const oldSpaceMb = options.initialOldSpaceMb ?? DEFAULT_INITIAL_OLD_SPACE_MB;
  let live: PoolWorker[] = [];
  let generation = 0, replacementsLeft = REPLACEMENTS_PER_WORKER * n, closed = false, returned = false;
  /** Replacements starting (close waits for them, then ends them). */
  const starting = new Set<Promise<void>>();
  /** Workers that died (one may die before the pool is returned). */
  const gone = new Set<PoolWorker>();
  const died = (w: PoolWorker): void => {
    gone.add(w);
    live = live.filter((x) => x !== w);
    // (one that dies while the pool starts fails its start: createPool throws, and replaces nothing)
    if (closed || !returned || replacementsLeft <= 0) return;
    replacementsLeft--;
    const start = (async () => {
      let fresh: PoolWorker | null = null;
      try {
        fresh = await withInitialOldSpace(oldSpaceMb, async () => {
          const s = await spawn(() => died(s!));
          if (s) await initWorker(s, module);
          return s;
        });
      } catch {
        fresh = null; // (it could not start: the pool runs on those left)
      }
      if (fresh === null || gone.has(fresh)) return;
      if (closed) { await fresh.terminate(); return; }
      live = [...live, fresh];
      generation++;
    })();
    starting.add(start);
    const settled = (): void => { starting.delete(start); };
    void start.then(settled, settled);
  };
  const workers: PoolWorker[] = [];
  let started: boolean;
  try {
    started = await withInitialOldSpace(oldSpaceMb, async () => {
      for (let i = 0; i < n; i++) {
        const w = await spawn(() => died(w!));
        if (!w) return false;
        workers.push(w);
      }
      // (answered: each worker's heap is set up)
      await Promise.all(workers.map((w) => initWorker(w, module)));
      return true;
    });
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate())); // (no thread left behind to keep the process up)
    throw e;
  }
  if (!started) return null;
  live = workers.filter((w) => !gone.has(w));
  returned = true;
  return {
    get workers() { return live; },
    get generation() { return generation; },
    close: async () => {
      closed = true;
      await Promise.all([...starting]);
      await Promise.all(live.map((w) => w.terminate()));
      live = [];
    },
  };
}
