// Tests of the state-test driver (src/cli). They never load the real EVM: a fake runner module is written
// to a temporary folder and injected through `runnerModule` (or env PAREVM_RUNNER for main()).
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  parseArgs, expandForks, main, UsageError, closingLine, formatTable, groupKey, summarize, runFiles,
  selectSample, countCases, FORKS_UP_TO_CANCUN, SAMPLE_MIN_CASES, collectFiles, progressLine,
} from '../../../dist/cli/statetest.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = join(root, 'ethereum-tests');
const CLOSING = /^\d+ passed, \d+ failed, \d+ skipped$/;

// The fake runner: each fixture file is {"mode": ..., "cases": N}; see runStateTestFile below.
const FAKE_RUNNER = `
import { readFileSync } from 'node:fs';
export let initialized = 0;
export async function initRunner() {
  if (process.env.FAKE_INIT_FAIL === '1') throw new Error('no wasm here');
  initialized++;
}
export function runStateTestFile(path, opts) {
  const spec = JSON.parse(readFileSync(path, 'utf8')); // malformed JSON throws, like the real runner
  const mode = spec.mode ?? 'pass';
  if (mode === 'exit') process.exit(3);
  if (mode === 'crash') { setTimeout(() => { throw new Error('boom from the runner'); }, 0); return new Promise(() => {}); }
  if (mode === 'hang') return new Promise(() => {});
  if (mode === 'throw') throw new Error('cannot parse fixture');
  const out = [];
  for (let i = 0; i < (spec.cases ?? 1); i++) {
    const fork = spec.fork ?? 'Cancun';
    if (opts.forks && !opts.forks.includes(fork)) continue;
    const r = { file: path, name: spec.name ?? 'test', fork, d: i, g: 0, v: 0, pass: mode !== 'fail' };
    if (mode === 'fail') r.error = 'state root mismatch';
    if (mode === 'skip') r.skipped = 'fork not supported';
    out.push(r);
  }
  return out;
}
`;

function sink(isTTY = false) {
  const s = { text: '', isTTY, columns: 120, write(chunk) { s.text += String(chunk); return true; } };
  return s;
}

function io(env = {}) {
  return { stdout: sink(), stderr: sink(), env };
}

describe('cli/statetest', function () {
  let tmp;
  let runner;
  const fixture = (rel, spec) => {
    const p = join(tmp, 'fx', rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, typeof spec === 'string' ? spec : JSON.stringify(spec));
    return p;
  };

  before(function () {
    tmp = mkdtempSync(join(tmpdir(), 'parevm-cli-'));
    runner = join(tmp, 'fake-runner.mjs');
    writeFileSync(runner, FAKE_RUNNER);
  });
  after(function () {
    rmSync(tmp, { recursive: true, force: true });
  });

  describe('argument parsing', function () {
    it('rejects bad arguments with a UsageError', function () {
      assert.throws(() => parseArgs([]), UsageError);
      assert.throws(() => parseArgs(['--bogus', 'x']), /unknown option --bogus/);
      assert.throws(() => parseArgs(['--fork', 'Atlantis', 'x']), /unknown fork "Atlantis"/);
      assert.throws(() => parseArgs(['--fork']), /--fork needs a value/);
      assert.throws(() => parseArgs(['--fork', ',', 'x']), /at least one fork/);
      assert.throws(() => parseArgs(['--workers', '0', 'x']), /positive whole number/);
      assert.throws(() => parseArgs(['--workers', 'two', 'x']), /positive whole number/);
      assert.throws(() => parseArgs(['--workers', '-1', 'x']), /positive whole number/);
      assert.throws(() => parseArgs(['--timeout', '1.5', 'x']), /positive whole number/);
      assert.throws(() => parseArgs(['--json=yes', 'x']), /takes no value/);
      assert.throws(() => parseArgs(['--sample', 'a', 'b']), /at most one PATH/);
    });

    it('parses options and paths', function () {
      const a = parseArgs(['--json', '--workers=3', '--fork', 'cancun,Shanghai', 'a.json', '--timeout', '9', 'dir']);
      assert.deepEqual(a.paths, ['a.json', 'dir']);
      assert.equal(a.json, true);
      assert.equal(a.workers, 3);
      assert.equal(a.timeoutSeconds, 9);
      assert.deepEqual(a.forks, ['Cancun', 'Shanghai']);
      assert.deepEqual(parseArgs(['--sample']).paths, []);
      assert.equal(parseArgs(['--help']).help, true);
      assert.deepEqual(parseArgs(['--', '--odd-name.json']).paths, ['--odd-name.json']);
    });

    it('expands a fork to every fixture spelling of it', function () {
      assert.deepEqual(expandForks(['Paris']).sort(), ['Merge', 'Paris']);
      assert.deepEqual(expandForks(['merge']).sort(), ['Merge', 'Paris']);
      assert.deepEqual(expandForks(['ConstantinopleFix']).sort(), ['ConstantinopleFix', 'Petersburg']);
      assert.deepEqual(expandForks(['EIP150']).sort(), ['EIP150', 'TangerineWhistle']);
      assert.deepEqual(expandForks(['Cancun', 'Cancun']), ['Cancun']);
    });

    it('main() reports usage errors with exit code 2', async function () {
      for (const argv of [[], ['--nope', 'x'], ['--fork', 'Nope', 'x'], ['--workers', '0', 'x'], [join(tmp, 'missing')]]) {
        const o = io();
        assert.equal(await main(argv, o), 2, argv.join(' '));
        assert.match(o.stderr.text, /^parevm statetest: /);
        assert.equal(o.stdout.text, '');
      }
      const empty = join(tmp, 'empty-dir');
      mkdirSync(empty, { recursive: true });
      const o = io();
      assert.equal(await main([empty], o), 2);
      assert.match(o.stderr.text, /no \*\.json fixtures/);
    });
  });

  describe('output', function () {
    it('closing line format', function () {
      assert.equal(closingLine({ passed: 3, failed: 1, skipped: 0 }), '3 passed, 1 failed, 0 skipped');
    });

    it('prints the table, the failures, the skipped cases and exactly one closing line last', async function () {
      fixture('out/stAlpha/a.json', { cases: 3 });
      fixture('out/stAlpha/b.json', { cases: 2, mode: 'fail', name: 'bad' });
      fixture('out/stBeta/c.json', { cases: 2, mode: 'skip', fork: 'Osaka' });
      fixture('out/stBeta/d.json', '{ not json');
      for (const workers of ['1', '2']) {
        const o = io({ PAREVM_RUNNER: runner });
        const code = await main(['--workers', workers, join(tmp, 'fx', 'out')], o);
        assert.equal(code, 1);
        const lines = o.stdout.text.trimEnd().split('\n');
        assert.equal(lines.at(-1), '3 passed, 3 failed, 2 skipped');
        assert.equal(lines.filter((l) => CLOSING.test(l)).length, 1);
        const text = o.stdout.text;
        assert.match(text, /^group +fork +passed +failed +skipped$/m);
        assert.match(text, /^stAlpha +Cancun +3 +2 +0  <-$/m);
        assert.match(text, /^stBeta +Osaka +0 +0 +2$/m);
        assert.match(text, /^stBeta +- +0 +1 +0  <-$/m);
        assert.match(text, /failed cases \(3\):/);
        assert.match(text, /FAIL \S*b\.json  bad  Cancun  d=1 g=0 v=0  state root mismatch/);
        assert.match(text, /FAIL \S*d\.json  d\.json  -  file  /);
        assert.match(text, /SKIP \S*c\.json  test  Osaka  d=0 g=0 v=0  fork not supported/);
        assert.equal(o.stderr.text, ''); // not a TTY: no progress bar
      }
    });

    it('--json prints one object per case, then the closing line; exit 0 when nothing failed', async function () {
      fixture('json/stA/a.json', { cases: 2 });
      fixture('json/stA/b.json', { cases: 1, mode: 'skip' });
      const o = io({ PAREVM_RUNNER: runner });
      const code = await main(['--json', '--workers', '1', join(tmp, 'fx', 'json')], o);
      assert.equal(code, 0);
      const lines = o.stdout.text.trimEnd().split('\n');
      assert.equal(lines.at(-1), '2 passed, 0 failed, 1 skipped');
      const cases = lines.slice(0, -1).map((l) => JSON.parse(l));
      assert.equal(cases.length, 3);
      for (const c of cases) {
        assert.deepEqual(Object.keys(c).slice(0, 7), ['file', 'name', 'fork', 'd', 'g', 'v', 'pass']);
      }
      assert.equal(cases.filter((c) => c.skipped === 'fork not supported').length, 1);
    });

    it('passes --fork spellings through to the runner', async function () {
      fixture('forks/stA/a.json', { cases: 2, fork: 'Merge' });
      fixture('forks/stA/b.json', { cases: 3, fork: 'Cancun' });
      const o = io({ PAREVM_RUNNER: runner });
      assert.equal(await main(['--fork', 'Paris', '--workers', '1', join(tmp, 'fx', 'forks')], o), 0);
      assert.equal(o.stdout.text.trimEnd().split('\n').at(-1), '2 passed, 0 failed, 0 skipped');
    });

    it('formats the summary table', function () {
      const results = [
        { file: '/x/GeneralStateTests/stB/a.json', name: 'a', fork: 'Cancun', d: 0, g: 0, v: 0, pass: true },
        { file: '/x/GeneralStateTests/stB/a.json', name: 'a', fork: 'Berlin', d: 0, g: 0, v: 0, pass: false },
        { file: '/x/GeneralStateTests/stA/b.json', name: 'b', fork: 'Cancun', d: 0, g: 0, v: 0, pass: true, skipped: 'why' },
        { file: '/x/GeneralStateTests/stLongerName/c.json', name: 'c', fork: 'ConstantinopleFix', d: 0, g: 0, v: 0, pass: true },
      ];
      const table = formatTable(summarize(results, (r) => groupKey(r.file)));
      assert.equal(table, [
        'group         fork               passed  failed  skipped',
        '------------  -----------------  ------  ------  -------',
        'stA           Cancun                  0       0        1',
        'stB           Berlin                  0       1        0  <-',
        'stB           Cancun                  1       0        0',
        'stLongerName  ConstantinopleFix       1       0        0',
        '------------  -----------------  ------  ------  -------',
        'total                                 2       1        1',
      ].join('\n'));
    });

    it('groups files by the folder below GeneralStateTests / state_tests', function () {
      assert.equal(groupKey('/r/GeneralStateTests/stExample/add11.json'), 'stExample');
      assert.equal(groupKey('/r/GeneralStateTests/VMTests/vmTests/x.json'), 'VMTests');
      assert.equal(groupKey('/r/GeneralStateTests/Cancun/stEIP1153-transientStorage/x.json'), 'Cancun/stEIP1153-transientStorage');
      assert.equal(groupKey('/r/GeneralStateTests/Pyspecs/cancun/eip4844_blobs/x.json'), 'Pyspecs/cancun/eip4844_blobs');
      assert.equal(groupKey('/r/EEST/state_tests/cancun/eip4844_blobs/x.json'), 'EEST/cancun/eip4844_blobs');
      assert.equal(groupKey('/r/EEST/state_tests/static/state_tests/stCreate2/x.json'), 'EEST/static/stCreate2');
      assert.equal(groupKey('/elsewhere/suite/one/two/x.json', '/elsewhere/suite'), 'one');
      assert.equal(groupKey('/elsewhere/suite/x.json', '/elsewhere/suite'), 'suite');
    });

    it('draws a progress line', function () {
      const line = progressLine({ filesDone: 5, filesTotal: 10, passed: 7, failed: 1, skipped: 2 });
      assert.equal(line, '[############............] 5/10 files  7 passed  1 failed  2 skipped');
    });
  });

  describe('workers', function () {
    this.timeout(60000);

    it('reports a crashed or exited worker as a failed file and keeps going', async function () {
      const files = [
        fixture('crash/stA/ok1.json', { cases: 2 }),
        fixture('crash/stA/exit.json', { mode: 'exit' }),
        fixture('crash/stA/ok2.json', { cases: 3 }),
        fixture('crash/stA/crash.json', { mode: 'crash' }),
        fixture('crash/stA/ok3.json', { cases: 1 }),
        fixture('crash/stA/throw.json', { mode: 'throw' }),
        fixture('crash/stA/ok4.json', { cases: 4 }),
      ];
      const seen = [];
      const results = await runFiles(files.map((file) => ({ file })), {
        workers: 2,
        runnerModule: runner,
        onFile: (item, rs, p) => seen.push([item.file, p.filesDone]),
      });
      assert.equal(seen.length, files.length);
      assert.deepEqual(seen.map((s) => s[1]), [1, 2, 3, 4, 5, 6, 7]);
      assert.equal(results.filter((r) => r.pass).length, 10);
      const failed = Object.fromEntries(results.filter((r) => !r.pass).map((r) => [r.name, r.error]));
      assert.deepEqual(Object.keys(failed).sort(), ['crash.json', 'exit.json', 'throw.json']);
      assert.match(failed['exit.json'], /worker exited with code 3/);
      assert.match(failed['crash.json'], /worker crashed: boom from the runner/);
      assert.match(failed['throw.json'], /cannot parse fixture/);
    });

    it('fails a file that exceeds --timeout and restarts the worker', async function () {
      const files = [
        fixture('hang/stA/hang.json', { mode: 'hang' }),
        fixture('hang/stA/ok.json', { cases: 2 }),
      ];
      const results = await runFiles(files.map((file) => ({ file })), { workers: 1 + 1, runnerModule: runner, timeoutMs: 300 });
      assert.equal(results.length, 3);
      assert.match(results.find((r) => r.name === 'hang.json').error, /timed out/);
    });

    it('runs in-process with workers = 1 (no threads), a throwing runner fails only that file', async function () {
      const files = [fixture('inproc/stA/ok.json', { cases: 2 }), fixture('inproc/stA/bad.json', '[')];
      const results = await runFiles(files.map((file) => ({ file })), { workers: 1, runnerModule: runner });
      assert.equal(results.length, 3);
      assert.equal(results.filter((r) => !r.pass).length, 1);
      const mod = await import(pathToFileURL(runner).href);
      assert.ok(mod.initialized >= 1, 'initRunner ran in this thread');
    });

    it('a failing initRunner() ends the run with an error (exit 1, every file counted failed)', async function () {
      const file = fixture('init/stA/ok.json', { cases: 1 });
      process.env.FAKE_INIT_FAIL = '1'; // worker threads inherit process.env at creation
      try {
        await assert.rejects(runFiles([{ file }], { workers: 2, runnerModule: runner }), /initRunner\(\) failed.*no wasm here/);
        const o = io({ PAREVM_RUNNER: runner });
        assert.equal(await main(['--workers', '2', join(tmp, 'fx', 'init')], o), 1);
        assert.match(o.stderr.text, /no wasm here/);
        assert.equal(o.stdout.text.trimEnd().split('\n').at(-1), '0 passed, 1 failed, 0 skipped');
      } finally {
        delete process.env.FAKE_INIT_FAIL;
      }
    });

    it('collects *.json files recursively in sorted order', function () {
      fixture('sorted/b/z.json', {});
      fixture('sorted/a/y.json', {});
      fixture('sorted/a/x.txt', 'not a fixture');
      const { items } = collectFiles([join(tmp, 'fx', 'sorted')]);
      assert.deepEqual(items.map((i) => i.file.slice(join(tmp, 'fx', 'sorted').length + 1)), ['a/y.json', 'b/z.json']);
    });
  });

  describe('--sample', function () {
    before(function () {
      if (!existsSync(join(fixtures, 'GeneralStateTests', 'VMTests'))) this.skip();
    });

    it('is deterministic and holds at least 5,000 cases', function () {
      const a = selectSample(fixtures);
      const b = selectSample(fixtures);
      assert.deepEqual(a.items, b.items);
      assert.ok(SAMPLE_MIN_CASES >= 5000);
      let cases = 0;
      for (const it of a.items) if (!it.forks) cases += countCases(it.file);
      assert.equal(cases, a.gstCases);
      assert.ok(cases >= 5000, `${cases} cases`);
      assert.match(a.description, /^sample: /);
    });

    it('holds all of VMTests, none of the slow folders, and EEST only up to Cancun', function () {
      const s = selectSample(fixtures);
      const rel = (f) => f.slice(fixtures.length + (fixtures.endsWith('/') ? 0 : 1));
      const files = s.items.map((i) => rel(i.file));
      assert.equal(files.filter((f) => f.startsWith('GeneralStateTests/VMTests/')).length, s.vmTestsFiles);
      assert.ok(s.vmTestsFiles > 0);
      assert.ok(!files.some((f) => /\/(stTimeConsuming|stQuadraticComplexityTest)\//.test(f)));
      for (const it of s.items) {
        if (rel(it.file).startsWith('EEST/')) assert.deepEqual(it.forks, FORKS_UP_TO_CANCUN);
        else assert.equal(it.forks, undefined);
      }
      assert.ok(!FORKS_UP_TO_CANCUN.includes('Prague') && FORKS_UP_TO_CANCUN.includes('Cancun') && FORKS_UP_TO_CANCUN.includes('Frontier'));
    });
  });
});
