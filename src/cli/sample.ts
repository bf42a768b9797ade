/**
 * The fixed conformance sample behind `parevm statetest --sample` (and `npm test`, `npm start`).
 *
 * Given a fixtures root R (default: ethereum-tests/ of this package), the sample is:
 *   1. every file of R/GeneralStateTests/VMTests;
 *   2. of the other R/GeneralStateTests/** files, leaving out the slow folders stTimeConsuming and
 *      stQuadraticComplexityTest, every k-th file (indexes 0, k, 2k, ...) in sorted path order,
 *      where k = floor(cases of the candidates / (5,000 - cases of VMTests)), the stride that would give
 *      5,000 cases if cases were spread evenly, lowered by one until parts 1 + 2 hold >= 5,000 cases.
 *      Cases are counted like every state-test runner does: the sum of post[fork].length over every
 *      test and fork of a file. (With the fixtures of ethereum-tests/SOURCES.md: k = 3,
 *      64 + 870 files, 5,196 cases.)
 *   3. every 20th file (indexes 0, 20, 40, ...) of R/EEST/state_tests/** in sorted path order,
 *      run for the forks Frontier..Cancun only (Prague/Osaka cases of those files are not run).
 *      (With the fixtures of SOURCES.md: 135 files, 758 cases.) Missing when R has no EEST folder.
 * Paths are sorted by their '/'-separated path relative to the folder (plain code-unit order), so the
 * selection does not depend on where R lives or on the file system's listing order.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Fork, FORK_ALIASES } from '../forks.js';
import type { WorkItem } from './results.js';

export const SAMPLE_MIN_CASES = 5000;
export const SAMPLE_SLOW_FOLDERS = ['stTimeConsuming', 'stQuadraticComplexityTest'];
export const SAMPLE_EEST_STRIDE = 20;

/** Fixture fork spellings (FORK_ALIASES keys) from Frontier up to and including Cancun. */
export const FORKS_UP_TO_CANCUN: string[] = Object.entries(FORK_ALIASES)
  .filter(([, canonical]) => Fork[canonical] <= Fork.Cancun)
  .map(([alias]) => alias);

export interface Sample {
  items: WorkItem[];
  /** Cases of parts 1 + 2 (GeneralStateTests), all forks. */
  gstCases: number;
  vmTestsFiles: number;
  vmTestsCases: number;
  stride: number;
  /** Candidate files of part 2 (GeneralStateTests outside VMTests and the slow folders). */
  otherFiles: number;
  otherSelected: number;
  eestFiles: number;
  eestSelected: number;
  /** One line saying what the sample is. */
  description: string;
}

/** Every *.json below dir, as '/'-separated paths relative to dir, sorted. Missing dir: []. */
export function listJson(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(rel ? join(dir, rel) : dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(join(dir, p));
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) walk(p);
      else if (isFile && e.name.endsWith('.json')) out.push(p);
    }
  };
  walk('');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Number of cases in a state-test fixture file (sum of post[fork].length); 0 if unreadable. */
export function countCases(file: string, forks?: Set<string>): number {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return 0;
  }
  let n = 0;
  if (!json || typeof json !== 'object') return 0;
  for (const test of Object.values(json as Record<string, { post?: Record<string, unknown[]> }>)) {
    const post = test && typeof test === 'object' ? test.post : undefined;
    if (!post || typeof post !== 'object') continue;
    for (const [fork, entries] of Object.entries(post)) {
      if (forks && !forks.has(fork)) continue;
      if (Array.isArray(entries)) n += entries.length;
    }
  }
  return n;
}

/** The sample of the fixtures under root (see the comment at the top of this file). Deterministic. */
export function selectSample(root: string, minCases = SAMPLE_MIN_CASES): Sample {
  const gst = join(root, 'GeneralStateTests');
  const eest = join(root, 'EEST', 'state_tests');
  const gstFiles = listJson(gst);
  const items: WorkItem[] = [];

  const vm = gstFiles.filter((p) => p.startsWith('VMTests/'));
  let vmCases = 0;
  for (const p of vm) {
    vmCases += countCases(join(gst, p));
    items.push({ file: join(gst, p) });
  }

  const others = gstFiles.filter((p) => {
    const top = p.split('/')[0]!;
    return top !== 'VMTests' && !SAMPLE_SLOW_FOLDERS.includes(top);
  });
  const counts = others.map((p) => countCases(join(gst, p)));
  const total = counts.reduce((a, b) => a + b, 0);
  const need = minCases - vmCases;
  let stride = 1;
  if (need > 0 && total > need) stride = Math.max(1, Math.floor(total / need));
  else if (need <= 0) stride = Math.max(1, others.length);
  const pick = (k: number): number => {
    let n = 0;
    for (let i = 0; i < counts.length; i += k) n += counts[i]!;
    return n;
  };
  while (stride > 1 && vmCases + pick(stride) < minCases) stride--;
  let otherSelected = 0;
  let otherCases = 0;
  for (let i = 0; i < others.length; i += stride) {
    items.push({ file: join(gst, others[i]!) });
    otherSelected++;
    otherCases += counts[i]!;
  }

  const eestFiles = listJson(eest);
  let eestSelected = 0;
  for (let i = 0; i < eestFiles.length; i += SAMPLE_EEST_STRIDE) {
    items.push({ file: join(eest, eestFiles[i]!), forks: FORKS_UP_TO_CANCUN });
    eestSelected++;
  }

  const gstCases = vmCases + otherCases;
  const ordinal = stride === 1 ? 'every' : `every ${nth(stride)} of the`;
  const description =
    `sample: all ${vm.length} GeneralStateTests/VMTests files + ${ordinal} ${others.length} other GeneralStateTests files ` +
    `(sorted; without ${SAMPLE_SLOW_FOLDERS.join(', ')}) = ${vm.length + otherSelected} files, ${gstCases} cases; ` +
    (eestFiles.length
      ? `+ every ${nth(SAMPLE_EEST_STRIDE)} of the ${eestFiles.length} EEST/state_tests files = ${eestSelected} files, forks Frontier..Cancun`
      : '+ no EEST/state_tests folder');
  return {
    items,
    gstCases,
    vmTestsFiles: vm.length,
    vmTestsCases: vmCases,
    stride,
    otherFiles: others.length,
    otherSelected,
    eestFiles: eestFiles.length,
    eestSelected,
    description,
  };
}

function nth(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}
