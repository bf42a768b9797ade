/**
 * What the state-test driver exchanges with a runner module, and how one fixture file is run.
 *
 * A runner module is any ES module exporting
 *   - `runStateTestFile(path, { forks? })` -> CaseResult[] (or a Promise of it), and
 *   - optionally `initRunner()` (awaited once per process / worker before the first file).
 * The real one is `dist/statetest/runner.js`; tests inject a fake one (see `runnerModule` in pool.ts).
 */
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Mirrors `CaseResult` of src/statetest/runner.ts (kept structural so this folder compiles on its own). */
export interface CaseResult {
  file: string;
  name: string;
  fork: string;
  d: number;
  g: number;
  v: number;
  pass: boolean;
  error?: string;
  /** Reason, when the case was not run. */
  skipped?: string;
}

export interface RunnerModule {
  runStateTestFile(path: string, opts: { forks?: string[] }): CaseResult[] | Promise<CaseResult[]>;
  initRunner?(): void | Promise<void>;
}

/** One fixture file to run, with the fixture fork spellings to keep (undefined: all forks). */
export interface WorkItem {
  file: string;
  forks?: string[];
}

/** The runner used when none is injected: the compiled src/statetest/runner.ts next to this folder. */
export const DEFAULT_RUNNER_URL = new URL('../statetest/runner.js', import.meta.url).href;

/** Environment variable the CLI reads to replace the runner module (a path or a file: URL). */
export const RUNNER_ENV = 'PAREVM_RUNNER';

/** Turns a module path or URL into an importable URL string. */
export function runnerUrl(spec: string | undefined): string {
  if (!spec) return DEFAULT_RUNNER_URL;
  if (/^(file|data|node):/.test(spec)) return spec;
  return pathToFileURL(resolve(spec)).href;
}

export async function loadRunner(url: string): Promise<RunnerModule> {
  let mod: Partial<RunnerModule>;
  try {
    mod = (await import(url)) as Partial<RunnerModule>;
  } catch (e) {
    throw new Error(`cannot load the state-test runner ${url}: ${errorText(e)}` +
      (url === DEFAULT_RUNNER_URL ? ' (run `npm run build` first)' : ''));
  }
  if (typeof mod.runStateTestFile !== 'function') {
    throw new Error(`state-test runner ${url} does not export runStateTestFile()`);
  }
  return mod as RunnerModule;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

/** A failure that is not one case of the fixture: an unreadable file, a crashed worker, a timeout. */
export function fileFailure(file: string, error: string): CaseResult {
  return { file, name: basename(file), fork: '', d: -1, g: -1, v: -1, pass: false, error };
}

/** Runs one file; never throws (a throwing runner becomes one failed case named after the file). */
export async function runOne(runner: RunnerModule, item: WorkItem): Promise<CaseResult[]> {
  try {
    const opts = item.forks ? { forks: item.forks } : {};
    const results = await runner.runStateTestFile(item.file, opts);
    if (!Array.isArray(results)) return [fileFailure(item.file, 'runner returned no result list')];
    return results;
  } catch (e) {
    return [fileFailure(item.file, errorText(e))];
  }
}

export type Outcome = 'passed' | 'failed' | 'skipped';

export function outcome(r: CaseResult): Outcome {
  if (r.skipped !== undefined) return 'skipped';
  return r.pass ? 'passed' : 'failed';
}
