/**
 * `parevm statetest [--fork NAME[,NAME...]] [--json] [--workers N] [--timeout SECONDS] [--sample] PATH...`
 *
 * Runs Ethereum state-test fixtures (ethereum/tests GeneralStateTests format, also EEST state_tests)
 * through the runner of src/statetest/runner.ts, spread over worker threads (pool.ts).
 * PATHs are fixture files or folders (searched recursively for *.json, sorted).
 * `--sample` runs the fixed sample of sample.ts (the exact rule is documented there); its PATH is a
 * fixtures root (default: this package's ethereum-tests/). In short: all of GeneralStateTests/VMTests,
 * every k-th other GeneralStateTests file in sorted order (without stTimeConsuming and
 * stQuadraticComplexityTest; k = floor(candidate cases / (5,000 - VMTests cases)), lowered until the
 * GeneralStateTests part holds >= 5,000 cases; k = 3 on the fixtures of ethereum-tests/SOURCES.md), and every 20th EEST/state_tests file run for the
 * forks Frontier..Cancun. The run prints a line describing the sample.
 *
 * Output without --json: progress bar on stderr (TTY only), the table per (group, fork), every failed
 * case (first 200), every skipped case with its reason (first 200), and the closing line.
 * With --json: one JSON object per case and line, then the closing line.
 * The last line of stdout is always `N passed, N failed, N skipped`.
 * Exit code: 0 all passed (or skipped), 1 any failure, 2 bad arguments.
 *
 * The runner module can be replaced (tests use a fake): env PAREVM_RUNNER=path/or/file-URL, or the
 * `runnerModule` field of RunConfig when calling runStatetest() directly.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORK_ALIASES, forkId } from '../forks.js';
import { runFiles, type Progress } from './pool.js';
import {
  closingLine, formatFailures, formatSkipped, formatTable, groupKey, ProgressBar, summarize, totals,
} from './report.js';
import { errorText, RUNNER_ENV, type CaseResult, type WorkItem } from './results.js';
import { listJson, selectSample } from './sample.js';

export { selectSample, countCases, listJson, FORKS_UP_TO_CANCUN, SAMPLE_MIN_CASES } from './sample.js';
export { runFiles, orderForBalance } from './pool.js';
export { closingLine, formatTable, groupKey, summarize, totals, progressLine } from './report.js';
export type { CaseResult, WorkItem } from './results.js';

/** This package's fixtures folder (a symlink made by `npm run fixtures`). */
export const DEFAULT_FIXTURES = fileURLToPath(new URL('../../ethereum-tests/', import.meta.url));

export const USAGE = `usage: parevm statetest [options] PATH...
       parevm statetest --sample [ROOT]

Runs Ethereum state-test fixtures (files or folders of *.json) and reports pass / fail per case.

options:
  --fork NAME[,NAME...]  only these forks (fixture spellings: Frontier, Homestead, EIP150, EIP158,
                         Byzantium, Constantinople, ConstantinopleFix, Istanbul, Berlin, London,
                         Paris/Merge, Shanghai, Cancun, Prague, Osaka; case-insensitive)
  --json                 one JSON object per case and line, then the closing line
  --workers N            worker threads (default: available parallelism, at most one per file;
                         1 = run in this thread)
  --timeout SECONDS      fail a file that takes longer than this (worker mode only)
  --sample               the fixed conformance sample used by npm test (see src/cli/sample.ts);
                         ROOT defaults to this package's ethereum-tests/
  -h, --help             this text

The last line of output is always "N passed, N failed, N skipped".
Exit code: 0 when nothing failed, 1 when a case failed, 2 on a usage error.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface StatetestArgs {
  paths: string[];
  /** Fixture fork spellings to keep (every spelling of each requested fork), or undefined for all. */
  forks?: string[];
  json: boolean;
  workers?: number;
  timeoutSeconds?: number;
  sample: boolean;
  help: boolean;
}

/**
 * Expands the requested forks to every fixture spelling of the same fork
 * (e.g. Paris -> Merge, Paris; ConstantinopleFix -> ConstantinopleFix, Petersburg). Throws UsageError.
 */
export function expandForks(names: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    let id: number;
    try {
      id = forkId(name);
    } catch (e) {
      throw new UsageError(`--fork: ${errorText(e)}`);
    }
    for (const alias of Object.keys(FORK_ALIASES)) {
      if (forkId(alias) === id && !out.includes(alias)) out.push(alias);
    }
  }
  return out;
}

function positiveInt(flag: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1) {
    throw new UsageError(`${flag} needs a positive whole number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  }
  return Number(value);
}

/** Parses the statetest arguments (without the subcommand word). Throws UsageError. */
export function parseArgs(argv: string[]): StatetestArgs {
  const args: StatetestArgs = { paths: [], json: false, sample: false, help: false };
  const forkNames: string[] = [];
  let forkGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      args.paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${flag} needs a value`);
      i++;
      return v;
    };
    const noValue = (): void => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case '--fork':
      case '--forks': {
        forkGiven = true;
        const names = value().split(',').map((s) => s.trim()).filter(Boolean);
        if (names.length === 0) throw new UsageError(`${flag} needs at least one fork name`);
        forkNames.push(...names);
        break;
      }
      case '--json':
        noValue();
        args.json = true;
        break;
      case '--sample':
        noValue();
        args.sample = true;
        break;
      case '--workers':
      case '-j':
        args.workers = positiveInt(flag, value());
        break;
      case '--timeout':
        args.timeoutSeconds = positiveInt(flag, value());
        break;
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (forkGiven) args.forks = expandForks(forkNames);
  if (!args.help && !args.sample && args.paths.length === 0) throw new UsageError('no PATH given (a fixture file or folder)');
  if (args.sample && args.paths.length > 1) throw new UsageError('--sample takes at most one PATH (the fixtures root)');
  return args;
}

export interface FileSet {
  items: WorkItem[];
  /** The PATH argument each file was found under (for the table groups). */
  rootOf: Map<string, string>;
}

/** The *.json files of the given paths (files kept as given, folders searched recursively, sorted). */
export function collectFiles(paths: string[], forks?: string[]): FileSet {
  const items: WorkItem[] = [];
  const rootOf = new Map<string, string>();
  const seen = new Set<string>();
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    const files = st.isDirectory() ? listJson(p).map((rel) => join(p, rel)) : [p];
    if (st.isDirectory() && files.length === 0) throw new UsageError(`no *.json fixtures under ${p}`);
    for (const f of files) {
      const key = resolve(f);
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(forks ? { file: f, forks } : { file: f });
      rootOf.set(f, p);
    }
  }
  return { items, rootOf };
}

function intersect(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.filter((x) => b.includes(x));
}

/** The sample's files, with the user's --fork filter applied on top of the sample's own. */
export function sampleFiles(root: string, forks?: string[]): FileSet & { description: string } {
  if (!existsSync(join(root, 'GeneralStateTests'))) {
    throw new UsageError(`--sample: ${root} has no GeneralStateTests/ folder (run \`npm run fixtures\`?)`);
  }
  const sample = selectSample(root);
  const items = sample.items.map((it) => {
    const f = intersect(it.forks, forks);
    return f ? { file: it.file, forks: f } : { file: it.file };
  });
  const rootOf = new Map(items.map((it) => [it.file, root] as [string, string]));
  return { items, rootOf, description: sample.description };
}

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
}

export interface RunConfig {
  items: WorkItem[];
  rootOf?: Map<string, string>;
  json?: boolean;
  workers?: number;
  timeoutSeconds?: number;
  /** Runner module path / URL; default from env PAREVM_RUNNER, then dist/statetest/runner.js. */
  runnerModule?: string;
  /** Max failed (and skipped) cases listed; default 200. */
  listLimit?: number;
  /** Show the table but no per-case listings of skipped cases (demo). */
  hideSkippedList?: boolean;
  /** Text before the progress bar. */
  progressLabel?: string;
}

export interface RunOutcome {
  results: CaseResult[];
  passed: number;
  failed: number;
  skipped: number;
  exitCode: 0 | 1;
}

/** Path shown for a fixture: relative to the current folder when that is shorter. */
export function displayPath(file: string): string {
  const abs = resolve(file);
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/** Runs the files and writes the report; the last line written to stdout is the closing line. */
export async function runStatetest(cfg: RunConfig, io: Io = defaultIo()): Promise<RunOutcome> {
  const out = (s: string): void => {
    io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  };
  const groups = new Map<CaseResult, string>();
  const bar = cfg.json ? null : new ProgressBar(io.stderr, cfg.progressLabel ?? '');
  const workers = Math.max(1, cfg.workers ?? availableParallelism());
  const initial: Progress = { filesDone: 0, filesTotal: cfg.items.length, passed: 0, failed: 0, skipped: 0 };
  bar?.update(initial, true);
  const started = Date.now();
  let results: CaseResult[];
  try {
    results = await runFiles(cfg.items, {
      workers,
      runnerModule: cfg.runnerModule ?? io.env[RUNNER_ENV],
      timeoutMs: cfg.timeoutSeconds ? cfg.timeoutSeconds * 1000 : undefined,
      onFile: (item, rs, progress) => {
        const group = groupKey(item.file, cfg.rootOf?.get(item.file));
        for (const r of rs) {
          if (!r.file) r.file = item.file;
          groups.set(r, group);
          if (cfg.json) out(JSON.stringify(jsonCase(r)));
        }
        bar?.update(progress);
      },
    });
  } finally {
    bar?.clear();
  }
  const t = totals(results);
  if (!cfg.json) {
    const rows = summarize(results, (r) => groups.get(r) ?? groupKey(r.file));
    if (rows.length) out(formatTable(rows));
    const limit = cfg.listLimit ?? 200;
    const failures = formatFailures(results, limit, displayPath);
    if (failures.length) out(['', ...failures].join('\n'));
    if (!cfg.hideSkippedList) {
      const skipped = formatSkipped(results, limit, displayPath);
      if (skipped.length) out(['', ...skipped].join('\n'));
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const used = Math.min(workers, cfg.items.length);
    out(`\n${cfg.items.length} files, ${results.length} cases in ${seconds} s (${workers === 1 ? 'in-process' : `${used} workers`})`);
  }
  out(closingLine(t));
  return { results, ...t, exitCode: t.failed > 0 ? 1 : 0 };
}

function jsonCase(r: CaseResult): Record<string, unknown> {
  const o: Record<string, unknown> = {
    file: displayPath(r.file), name: r.name, fork: r.fork, d: r.d, g: r.g, v: r.v, pass: r.pass,
  };
  if (r.error !== undefined) o.error = r.error;
  if (r.skipped !== undefined) o.skipped = r.skipped;
  return o;
}

export function defaultIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** `parevm statetest ...`; returns the exit code. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let args: StatetestArgs;
  let files: FileSet;
  let description: string | undefined;
  try {
    args = parseArgs(argv);
    if (args.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.sample) {
      const s = sampleFiles(args.paths[0] ?? DEFAULT_FIXTURES, args.forks);
      files = s;
      description = s.description;
    } else {
      files = collectFiles(args.paths, args.forks);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`parevm statetest: ${e.message}\n(parevm statetest --help for usage)\n`);
      return 2;
    }
    throw e;
  }
  if (description) (args.json ? io.stderr : io.stdout).write(`${description}\n`);
  try {
    const outcome = await runStatetest(
      { items: files.items, rootOf: files.rootOf, json: args.json, workers: args.workers, timeoutSeconds: args.timeoutSeconds },
      io,
    );
    return outcome.exitCode;
  } catch (e) {
    // Nothing could run (the runner did not load or initialize): every file counts as failed.
    io.stderr.write(`parevm statetest: ${errorText(e)}\n`);
    io.stdout.write(`${closingLine({ passed: 0, failed: files.items.length, skipped: 0 })}\n`);
    return 1;
  }
}
