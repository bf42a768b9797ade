/**
 * Runs fixture files through a runner module, in-process (workers = 1) or on a pool of worker threads.
 *
 * The pool is a dynamic queue: files are sorted biggest first and each worker is handed the next file
 * when it reports the previous one. A worker that dies (uncaught exception, exit, out of memory) or
 * exceeds the per-file timeout gets its in-flight file reported as one failed case, and a fresh worker
 * takes its place. A runner whose initRunner() fails is fatal for the run (runFiles rejects).
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import {
  errorText, fileFailure, loadRunner, outcome, runOne, runnerUrl,
  type CaseResult, type WorkItem,
} from './results.js';

export interface Progress {
  filesDone: number;
  filesTotal: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface RunFilesOptions {
  /** Number of worker threads; 1 runs in this thread without workers. Capped by the number of files. */
  workers: number;
  /** Runner module path or URL (default: dist/statetest/runner.js). The test seam. */
  runnerModule?: string;
  /** Per-file time limit in ms (worker mode only; the worker is terminated and restarted). */
  timeoutMs?: number;
  /** Called after every file with that file's results. */
  onFile?: (item: WorkItem, results: CaseResult[], progress: Progress) => void;
}

/** Consecutive worker deaths before any file was handed out, after which the run is abandoned. */
const MAX_INIT_DEATHS = 3;

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Biggest files first (ties by path, so the order is deterministic). */
export function orderForBalance(items: WorkItem[]): WorkItem[] {
  const sized = items.map((item) => ({ item, size: fileSize(item.file) }));
  sized.sort((a, b) => b.size - a.size || (a.item.file < b.item.file ? -1 : a.item.file > b.item.file ? 1 : 0));
  return sized.map((s) => s.item);
}

class Tally {
  progress: Progress;
  constructor(total: number) {
    this.progress = { filesDone: 0, filesTotal: total, passed: 0, failed: 0, skipped: 0 };
  }
  add(results: CaseResult[]): Progress {
    this.progress.filesDone++;
    for (const r of results) this.progress[outcome(r)]++;
    return { ...this.progress };
  }
}

/** Runs every item; resolves with all case results (in completion order). */
export async function runFiles(items: WorkItem[], opts: RunFilesOptions): Promise<CaseResult[]> {
  const url = runnerUrl(opts.runnerModule);
  const queue = orderForBalance(items);
  const workers = Math.max(1, Math.min(opts.workers, queue.length));
  if (queue.length === 0) return [];
  if (workers === 1 && opts.workers === 1) return runInProcess(queue, url, opts);
  return runOnWorkers(queue, url, workers, opts);
}

async function runInProcess(queue: WorkItem[], url: string, opts: RunFilesOptions): Promise<CaseResult[]> {
  const runner = await loadRunner(url);
  if (runner.initRunner) {
    try {
      await runner.initRunner();
    } catch (e) {
      throw new Error(`initRunner() failed: ${errorText(e)}`);
    }
  }
  const tally = new Tally(queue.length);
  const all: CaseResult[] = [];
  for (const item of queue) {
    const results = await runOne(runner, item);
    for (const r of results) all.push(r);
    opts.onFile?.(item, results, tally.add(results));
  }
  return all;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** The file this worker is running, with its message id. */
  busy: { id: number; item: WorkItem; timer?: NodeJS.Timeout } | null;
  /** Set when we terminate the worker on purpose (no more work, or the run is over). */
  retiring: boolean;
  /** Set when we terminate it because its file timed out. */
  timedOut?: string;
  lastError?: string;
}

function runOnWorkers(queue: WorkItem[], url: string, count: number, opts: RunFilesOptions): Promise<CaseResult[]> {
  const workerUrl = new URL('./worker.js', import.meta.url);
  const tally = new Tally(queue.length);
  const all: CaseResult[] = [];
  const slots = new Set<Slot>();
  let next = 0;
  let nextId = 1;
  let initDeaths = 0;
  let finished = false;

  return new Promise<CaseResult[]>((resolvePromise, rejectPromise) => {
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      for (const s of slots) {
        s.retiring = true;
        if (s.busy?.timer) clearTimeout(s.busy.timer);
        void s.worker.terminate();
      }
      slots.clear();
      if (error) rejectPromise(error);
      else resolvePromise(all);
    };

    const record = (item: WorkItem, results: CaseResult[]): void => {
      for (const r of results) all.push(r);
      const progress = tally.add(results);
      try {
        opts.onFile?.(item, results, progress);
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      if (progress.filesDone === progress.filesTotal) finish();
    };

    const dispatch = (slot: Slot): void => {
      if (finished) return;
      if (next >= queue.length) {
        // Nothing left to hand out: let this worker go.
        slot.retiring = true;
        slots.delete(slot);
        void slot.worker.terminate();
        return;
      }
      const item = queue[next++]!;
      const id = nextId++;
      slot.busy = { id, item };
      if (opts.timeoutMs && opts.timeoutMs > 0) {
        const ms = opts.timeoutMs;
        slot.busy.timer = setTimeout(() => {
          slot.timedOut = `timed out after ${ms / 1000} s (worker terminated)`;
          void slot.worker.terminate();
        }, ms);
      }
      slot.worker.postMessage({ type: 'run', id, item });
    };

    const spawn = (): void => {
      const worker = new Worker(workerUrl, { workerData: { runnerUrl: url } });
      const slot: Slot = { worker, ready: false, busy: null, retiring: false };
      slots.add(slot);
      worker.on('message', (msg: { type: string; id?: number; results?: CaseResult[]; error?: string }) => {
        // A timed-out worker is being terminated: whatever it still says is ignored (its file is failed on exit).
        if (finished || slot.timedOut) return;
        if (msg.type === 'ready') {
          slot.ready = true;
          initDeaths = 0;
          dispatch(slot);
        } else if (msg.type === 'init-error') {
          finish(new Error(`initRunner() failed in a worker: ${msg.error}`));
        } else if (msg.type === 'done' && slot.busy && msg.id === slot.busy.id) {
          const { item, timer } = slot.busy;
          if (timer) clearTimeout(timer);
          slot.busy = null;
          record(item, msg.results ?? []);
          dispatch(slot);
        }
      });
      worker.on('error', (err) => {
        slot.lastError = errorText(err);
      });
      worker.on('exit', (code) => {
        slots.delete(slot);
        if (finished || slot.retiring) return;
        if (slot.busy?.timer) clearTimeout(slot.busy.timer);
        const why = slot.timedOut ?? (slot.lastError
          ? `worker crashed: ${slot.lastError}`
          : `worker exited with code ${code}`);
        if (!slot.ready) {
          initDeaths++;
          if (initDeaths >= MAX_INIT_DEATHS) {
            finish(new Error(`state-test workers keep dying before they are ready (${why})`));
            return;
          }
        }
        const inflight = slot.busy?.item;
        slot.busy = null;
        if (inflight) record(inflight, [fileFailure(inflight.file, why)]);
        if (!finished && next < queue.length) spawn();
        else if (!finished && slots.size === 0) {
          // Every worker is gone and nothing is left to dispatch, but some file never reported.
          finish(new Error('state-test workers exited before all files were reported'));
        }
      });
    };

    for (let i = 0; i < count; i++) spawn();
  });
}
