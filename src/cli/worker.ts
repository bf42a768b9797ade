/**
 * Worker-thread entry of the state-test driver (started by pool.ts).
 * workerData: { runnerUrl: string }. Protocol:
 *   worker -> parent  { type: 'ready' } once initRunner() resolved, or { type: 'init-error', error }
 *   parent -> worker  { type: 'run', id, item: WorkItem }
 *   worker -> parent  { type: 'done', id, results: CaseResult[] }
 * Anything that kills the thread (uncaught exception, process.exit, out of memory) is handled by the parent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorText, loadRunner, runOne, type RunnerModule, type WorkItem } from './results.js';

interface RunMessage {
  type: 'run';
  id: number;
  item: WorkItem;
}

const port = parentPort;
if (!port) throw new Error('src/cli/worker.ts must run in a worker thread');

async function start(): Promise<void> {
  let runner: RunnerModule;
  try {
    runner = await loadRunner((workerData as { runnerUrl: string }).runnerUrl);
    if (runner.initRunner) await runner.initRunner();
  } catch (e) {
    port!.postMessage({ type: 'init-error', error: errorText(e) });
    return;
  }
  port!.on('message', (msg: RunMessage) => {
    if (msg.type !== 'run') return;
    void runOne(runner, msg.item).then((results) => {
      port!.postMessage({ type: 'done', id: msg.id, results });
    });
  });
  port!.postMessage({ type: 'ready' });
}

void start();
