/** Text output of the state-test driver: groups, the summary table, failure listings, progress bar. */
import { relative, resolve, sep, basename } from 'node:path';
import { forkId } from '../forks.js';
import { outcome, type CaseResult, type Outcome } from './results.js';
import type { Progress } from './pool.js';

/** Folder names that only sort tests by fork or origin: a group goes one level below them. */
const CONTAINERS = new Set([
  'frontier', 'homestead', 'tangerinewhistle', 'spuriousdragon', 'byzantium', 'constantinople', 'petersburg',
  'istanbul', 'berlin', 'london', 'paris', 'shanghai', 'cancun', 'prague', 'osaka',
  'pyspecs', 'static', 'state_tests',
]);
const ANCHORS = new Set(['GeneralStateTests', 'state_tests']);

/**
 * The table group of a fixture file: the first folder below GeneralStateTests/ or state_tests/
 * (or below `root` when the path has neither), going one level deeper through fork / origin folders:
 * GeneralStateTests/stExample/x.json -> stExample, GeneralStateTests/VMTests/vmTests/x.json -> VMTests,
 * GeneralStateTests/Cancun/stEIP1153-transientStorage/x.json -> Cancun/stEIP1153-transientStorage,
 * EEST/state_tests/cancun/eip4844_blobs/x.json -> EEST/cancun/eip4844_blobs,
 * EEST/state_tests/static/state_tests/stCreate2/x.json -> EEST/static/stCreate2.
 */
export function groupKey(file: string, root?: string): string {
  const abs = resolve(file).split(sep);
  abs.pop();
  let dirs: string[];
  const anchor = abs.findIndex((s) => ANCHORS.has(s));
  if (anchor >= 0) dirs = abs.slice(anchor + 1);
  else if (root) {
    const rel = relative(resolve(root), resolve(file)).split(sep);
    rel.pop();
    dirs = rel.filter((s) => s && s !== '..' && s !== '.');
  } else dirs = [];
  const key: string[] = [];
  if (anchor >= 0 && abs[anchor] === 'state_tests') {
    // execution-spec-tests layout: label it, and drop the inner state_tests/ of static/state_tests/.
    key.push('EEST');
    dirs = dirs.filter((d) => d !== 'state_tests');
    if (dirs.length === 0) return 'EEST';
  }
  if (dirs.length === 0) return anchor >= 0 ? abs[anchor]! : root ? basename(resolve(root)) || '.' : '.';
  for (const d of dirs) {
    key.push(d);
    if (!CONTAINERS.has(d.toLowerCase())) break;
  }
  return key.join('/');
}

export interface Row {
  group: string;
  fork: string;
  passed: number;
  failed: number;
  skipped: number;
}

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function forkOrder(fork: string): number {
  try {
    return forkId(fork);
  } catch {
    return 1000;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Per (group, fork) counts, sorted by group then fork (chronological). `groupOf` maps a result to its group. */
export function summarize(results: CaseResult[], groupOf: (r: CaseResult) => string): Row[] {
  const rows = new Map<string, Row>();
  for (const r of results) {
    const group = groupOf(r);
    const fork = r.fork || '-';
    const key = `${group}\u0000${fork}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { group, fork, passed: 0, failed: 0, skipped: 0 }));
    row[outcome(r)]++;
  }
  return [...rows.values()].sort((a, b) => cmp(a.group, b.group) || forkOrder(a.fork) - forkOrder(b.fork) || cmp(a.fork, b.fork));
}

export function totals(results: Iterable<CaseResult>): Counts {
  const c: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) c[outcome(r)]++;
  return c;
}

/** The last line of every run: `N passed, N failed, N skipped`. */
export function closingLine(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

/** The summary table: one line per (group, fork), then a total line. */
export function formatTable(rows: Row[]): string {
  const head = ['group', 'fork', 'passed', 'failed', 'skipped'];
  const total = rows.reduce(
    (t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  const body = rows.map((r) => [r.group, r.fork, String(r.passed), String(r.failed), String(r.skipped)]);
  const foot = ['total', '', String(total.passed), String(total.failed), String(total.skipped)];
  const widths = head.map((h, i) => Math.max(h.length, foot[i]!.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[], mark = ''): string =>
    (cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ') + mark).trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    line(head),
    rule,
    ...body.map((b, i) => line(b, rows[i]!.failed > 0 ? '  <-' : '')),
    rule,
    line(foot),
  ].join('\n');
}

function dgv(r: CaseResult): string {
  return r.d < 0 && r.g < 0 && r.v < 0 ? 'file' : `d=${r.d} g=${r.g} v=${r.v}`;
}

function byCase(a: CaseResult, b: CaseResult): number {
  return cmp(a.file, b.file) || cmp(a.name, b.name) || forkOrder(a.fork) - forkOrder(b.fork) || a.d - b.d || a.g - b.g || a.v - b.v;
}

/** One line per failed case (file, name, fork, d/g/v, error), at most `limit` lines plus a line for the rest. */
export function formatFailures(results: CaseResult[], limit: number, display: (file: string) => string): string[] {
  const failed = results.filter((r) => outcome(r) === 'failed').sort(byCase);
  if (failed.length === 0) return [];
  const out = [`failed cases (${failed.length}):`];
  for (const r of failed.slice(0, limit)) {
    out.push(`  FAIL ${display(r.file)}  ${r.name}  ${r.fork || '-'}  ${dgv(r)}  ${oneLine(r.error ?? 'failed')}`);
  }
  if (failed.length > limit) out.push(`  ... and ${failed.length - limit} more failed cases (use --json for all of them)`);
  return out;
}

/** One line per skipped case with its reason (at most `limit`; the rest summarized per reason). */
export function formatSkipped(results: CaseResult[], limit: number, display: (file: string) => string): string[] {
  const skipped = results.filter((r) => outcome(r) === 'skipped').sort(byCase);
  if (skipped.length === 0) return [];
  const out = [`skipped cases (${skipped.length}):`];
  for (const r of skipped.slice(0, limit)) {
    out.push(`  SKIP ${display(r.file)}  ${r.name}  ${r.fork || '-'}  ${dgv(r)}  ${oneLine(r.skipped || 'skipped')}`);
  }
  if (skipped.length > limit) {
    const reasons = new Map<string, number>();
    for (const r of skipped.slice(limit)) reasons.set(r.skipped || 'skipped', (reasons.get(r.skipped || 'skipped') ?? 0) + 1);
    out.push(`  ... and ${skipped.length - limit} more skipped cases:`);
    for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))) {
      out.push(`    ${n} x ${oneLine(reason)}`);
    }
  }
  return out;
}

function oneLine(s: string): string {
  const flat = s.replace(/\s*\n\s*/g, ' | ');
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

/** A one-line progress bar redrawn in place (only when the stream is a TTY). */
export class ProgressBar {
  private last = 0;
  private drawn = false;
  constructor(private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, private readonly label = '') {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(p: Progress, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100 && p.filesDone !== p.filesTotal) return;
    this.last = now;
    this.stream.write(`\r\x1b[2K${progressLine(p, this.label, this.stream.columns || 100)}`);
    this.drawn = true;
  }

  /** Removes the bar so the report starts on a clean line. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

export function progressLine(p: Progress, label = '', columns = 100): string {
  const width = 24;
  const frac = p.filesTotal ? p.filesDone / p.filesTotal : 1;
  const full = Math.round(frac * width);
  const bar = `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
  const text = `${label}${bar} ${p.filesDone}/${p.filesTotal} files  ${p.passed} passed  ${p.failed} failed  ${p.skipped} skipped`;
  return text.length >= columns ? text.slice(0, Math.max(10, columns - 1)) : text;
}

export type { Outcome };
