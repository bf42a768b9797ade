// The planner's promise on the state-test fixtures: every case, run as a one-transaction block, gives in
// parallel (pools of 1, 2, 4 and 8 workers; some runs with random worker delays) exactly the sequential
// result: validity (same InvalidBlockError message), status, gas, beneficiary fee, logs, created address,
// state root and the whole post-state; and both match the fixture's post state root and logs hash.
// Default: a fixed sample (every 15th file, sorted paths, of GeneralStateTests and of EEST/state_tests, slow
// files left out; every case of it, all forks). PAREVM_LONG=1: every file, one test per top-level folder, and a
// delay run for every case.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Core } from '../../../dist/evm.js';
import { loadModule } from '../../../dist/wasm/loader.js';
import { createPool } from '../../../dist/parallel/pool.js';
import { listJson, SAMPLE_SLOW_FOLDERS } from '../../../dist/cli/sample.js';
import { stateTestCases } from '../../../dist/statetest/runner.js';
import { blockCaseOf, checkBlockCase } from '../../../dist/statetest/block-case.js';

const LONG = process.env.PAREVM_LONG === '1';
const ROOT = fileURLToPath(new URL('../../../ethereum-tests/', import.meta.url));
const WORKERS = [1, 2, 4, 8];
/**
 * Sample mode: every STRIDE-th file of each suite (sorted paths), leaving out the slow files first: the
 * GeneralStateTests folders the conformance sample leaves out too, and the EIP-2537 gas tests whose MSMs and
 * pairings take up to about 0.7 s per run in JavaScript (one such file would double the sample's time).
 */
const SUITES = [
  { name: 'GeneralStateTests', dir: 'GeneralStateTests', stride: 15, slow: SAMPLE_SLOW_FOLDERS.map((f) => `${f}/`) },
  { name: 'EEST/state_tests', dir: 'EEST/state_tests', stride: 15, slow: ['prague/eip2537_bls_12_381_precompiles/test_valid_gas_'] },
];
const DELAY_EVERY = LONG ? 1 : 4;
const MAX_LISTED = 10;

const fmt = (n) => n.toLocaleString('en-US');
const count = (n, word) => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
const nth = (n) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** Cases to run and cases skipped (by reason) in the given files; reads every file once. */
function census(files) {
  let run = 0;
  const skipped = new Map();
  for (const file of files) {
    for (const c of stateTestCases(file, JSON.parse(readFileSync(file, 'utf8')))) {
      if (c.skipped === undefined) run++;
      else skipped.set(c.skipped, (skipped.get(c.skipped) ?? 0) + 1);
    }
  }
  return { run, skipped };
}

/** The groups of files, one test each: the sample of a suite, or (long mode) each top-level folder. */
function groupsOf(suite) {
  const dir = join(ROOT, suite.dir);
  const rel = listJson(dir);
  if (!LONG) {
    const candidates = rel.filter((p) => !suite.slow.some((s) => p.startsWith(s)));
    const picked = candidates.filter((_, i) => i % suite.stride === 0);
    const without = `${fmt(rel.length - candidates.length)} slow ones (${suite.slow.map((s) => `${s}*`).join(', ')})`;
    return [{ title: `${suite.name} sample (every ${nth(suite.stride)} of ${fmt(rel.length)} files without ${without}: ${picked.length})`, files: picked.map((p) => join(dir, p)) }];
  }
  const byTop = new Map();
  for (const p of rel) {
    const top = p.includes('/') ? p.slice(0, p.indexOf('/')) : '.';
    if (!byTop.has(top)) byTop.set(top, []);
    byTop.get(top).push(join(dir, p));
  }
  return [...byTop].map(([top, files]) => ({ title: `${suite.name}/${top} (${files.length === 1 ? 'its 1 file' : `all ${fmt(files.length)} files`})`, files }));
}

describe('parallel planner: every state-test case as a one-transaction block equals sequential execution', function () {
  this.timeout(LONG ? 0 : 600_000);
  if (!existsSync(join(ROOT, 'GeneralStateTests'))) {
    it.skip('fixtures not present (npm run fixtures)');
    return;
  }
  let core;
  const pools = {};
  before(async () => {
    core = new Core(await loadModule());
    for (const n of WORKERS) pools[n] = await createPool(n);
  });
  after(async () => { for (const p of Object.values(pools)) await p?.close(); });

  let ordinal = 0; // over all cases of this file, in order: picks the delay runs and seeds
  for (const suite of SUITES) {
    if (!existsSync(join(ROOT, suite.dir))) {
      it.skip(`${suite.name}: folder not present`);
      continue;
    }
    for (const group of groupsOf(suite)) {
      const { run, skipped } = census(group.files);
      // the delay runs this group will make: the cases whose ordinal is a multiple of DELAY_EVERY
      const first = ordinal;
      ordinal += run;
      const delays = Math.floor((first + run - 1) / DELAY_EVERY) - Math.floor((first - 1) / DELAY_EVERY);
      const skippedText = skipped.size === 0 ? '0 skipped'
        : `${fmt([...skipped.values()].reduce((a, b) => a + b, 0))} skipped (${[...skipped].map(([r, n]) => `${r}: ${fmt(n)}`).join('; ')})`;
      const title = `${group.title}: ${count(run, 'case')} × ${WORKERS.length} pools (${WORKERS.join(', ')} workers) + ${count(delays, 'delay run')} = ${count(run * WORKERS.length + delays, 'parallel run')} equal sequential and the fixture; ${skippedText}`;
      it(title, async () => {
        assert.ok(WORKERS.every((n) => pools[n]), 'no worker pool in this runtime');
        const problems = [];
        let ran = 0, runs = 0, k = first;
        for (const file of group.files) {
          const json = JSON.parse(readFileSync(file, 'utf8'));
          for (const c of stateTestCases(file, json)) {
            if (c.skipped !== undefined) continue;
            const bc = blockCaseOf(c.test, c.fork, c.d, c.g, c.v, { file: file.slice(ROOT.length), name: c.name, post: c.post });
            const check = { pools: WORKERS.map((n) => ({ workers: n, pool: pools[n] })) };
            if (k % DELAY_EVERY === 0) check.pools.push({ workers: WORKERS[k % WORKERS.length], pool: pools[WORKERS[k % WORKERS.length]], delay: { seed: k + 1, maxMs: 1 } });
            problems.push(...await checkBlockCase(core, bc, check));
            ran++;
            runs += check.pools.length;
            k++;
          }
        }
        assert.equal(ran, run, 'cases run != cases counted up front');
        assert.equal(runs, run * WORKERS.length + delays, 'parallel runs != runs counted up front');
        if (problems.length) {
          assert.fail(`${fmt(problems.length)} problem(s) in ${fmt(ran)} cases:\n  ${problems.slice(0, MAX_LISTED).join('\n  ')}${problems.length > MAX_LISTED ? `\n  ... and ${fmt(problems.length - MAX_LISTED)} more` : ''}`);
        }
      });
    }
  }
});
