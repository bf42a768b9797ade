// npm run bench [-- contracts] [--filter NAME[,NAME]] [--quick] [--iterations N] [--legacy] [--engines LIST] [--json]
//
// The EVM interpreter on the evmone benchmark corpus (../shared/evm-benchmarks, see its SOURCES.md):
// for every case (27 "current" ones; --legacy adds the 16 legacy-only inputs) both engines run the
// contract in this process, with the corpus semantics: revision Istanbul, a plain CALL into the
// contract (no transaction, no intrinsic gas), gas limit 2^63-1, fresh storage for every run.
//   parevm      createEvm({ fork: 'Istanbul' }) / evm.runCode() from dist/index.js (synchronous)
//   ethereumjs  @ethereumjs/evm createEVM({ common: Istanbul }) / evm.runCode() (async); the state is
//               checkpointed before and reverted after each run (outside the timed part)
// Each engine: warm-up runs, then timed runs; the median time gives Mgas/s = gas used / median.
// Gas, status and output of every run are checked against reference-results.json (and legacy
// expected outputs from cases.json); any mismatch is flagged in the table, listed loudly at the end,
// and makes the exit code 1.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { median } from './lib/stats.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_DIR = resolve(HERE, '..', '..', 'shared', 'evm-benchmarks');
const GAS_LIMIT = (1n << 63n) - 1n;
const CONTRACT = '0x' + 'c0de'.repeat(10);
const CALLER = '0x' + 'ca11'.repeat(10);
const ENGINES = ['parevm', 'ethereumjs'];

const USAGE = `usage: npm run bench -- [contracts] [options]

Runs the evmone benchmark contracts (../shared/evm-benchmarks, or env EVM_BENCHMARKS_DIR) on parevm
and @ethereumjs/evm in this process: Istanbul, CALL into the contract, gas limit 2^63-1, fresh storage.

options:
  --filter NAME[,NAME]  only cases whose id contains one of these (case-insensitive), e.g. snail,sha1
  --quick               fewer warm-up and timed runs
  --iterations N        exactly N timed runs per engine and case
  --legacy              also the 16 legacy-only inputs (checked against their expected outputs)
  --engines LIST        parevm,ethereumjs (default both)
  --json                print the results as one JSON object instead of the table`;

const MODES = {
  // warm-up: until warmRuns runs or warmTime seconds (at least one run)
  // timed:   until (minRuns and minTime) or maxRuns, or (>= cutRuns runs and maxTime seconds)
  full: { warmRuns: 2, warmTime: 1, minRuns: 5, minTime: 1, maxRuns: 50, cutRuns: 3, maxTime: 10 },
  quick: { warmRuns: 1, warmTime: 0, minRuns: 3, minTime: 0.2, maxRuns: 10, cutRuns: 1, maxTime: 2 },
};

class UsageError extends Error {}

export function parseArgs(argv) {
  const o = { filters: [], quick: false, iterations: undefined, legacy: false, engines: [...ENGINES], json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      if (eq > 0) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case '--filter': o.filters.push(...value().split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)); break;
      case '--quick': o.quick = true; break;
      case '--legacy': o.legacy = true; break;
      case '--json': o.json = true; break;
      case '--iterations': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError('--iterations needs a positive whole number');
        o.iterations = Number(v);
        break;
      }
      case '--engines': {
        o.engines = value().split(',').map((s) => s.trim()).filter(Boolean);
        const bad = o.engines.filter((e) => !ENGINES.includes(e));
        if (bad.length || o.engines.length === 0) throw new UsageError(`--engines: expected some of ${ENGINES.join(',')}`);
        break;
      }
      case '-h': case '--help': o.help = true; break;
      default:
        if (!arg.startsWith('-')) { o.filters.push(arg.toLowerCase()); break; } // `bench -- contracts snail`
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return o;
}

const hexToBytes = (hex) => Uint8Array.from(Buffer.from(hex.startsWith('0x') ? hex.slice(2) : hex, 'hex'));
const bytesToHex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

export function loadCases(dir, { legacy = false, filters = [] } = {}) {
  const cases = JSON.parse(readFileSync(resolve(dir, 'cases.json'), 'utf8'));
  const ref = JSON.parse(readFileSync(resolve(dir, 'reference-results.json'), 'utf8')).cases ?? {};
  return cases
    .filter((c) => c.set === 'current' || (legacy && c.set === 'legacy'))
    .filter((c) => filters.length === 0 || filters.some((f) => c.id.toLowerCase().includes(f)))
    .map((c) => {
      const r = ref[c.id];
      return {
        id: c.id,
        code: hexToBytes(c.code),
        input: hexToBytes(c.input),
        // What every run must give: gas and status from the reference results; output from them or cases.json.
        expect: {
          gas: r ? BigInt(r.gas_istanbul) : undefined,
          status: r ? r.status : undefined,
          output: r ? r.output : c.expected_output ?? undefined,
        },
      };
    });
}

// ---- engines: each has name, available, note, and async run(case) -> { status, gasUsed: bigint, output: Uint8Array, ns: bigint }

async function ourEngine() {
  let mod;
  try {
    mod = await import('../dist/index.js');
  } catch (e) {
    return { name: 'parevm', available: false, note: `cannot import dist/index.js (${e.message.split('\n')[0]}); run \`npm run build\`` };
  }
  if (typeof mod.createEvm !== 'function') {
    return { name: 'parevm', available: false, note: 'dist/index.js has no createEvm() export yet' };
  }
  let evm;
  try {
    evm = await mod.createEvm({ fork: 'Istanbul' });
  } catch (e) {
    return { name: 'parevm', available: false, note: `createEvm({ fork: 'Istanbul' }) failed: ${e.message}` };
  }
  const caller = hexToBytes(CALLER);
  const address = hexToBytes(CONTRACT);
  return {
    name: 'parevm',
    available: true,
    async run(c) {
      const opts = { code: c.code, data: c.input, gasLimit: GAS_LIMIT, caller, address, value: 0n };
      const t0 = process.hrtime.bigint();
      const r = evm.runCode(opts);
      const ns = process.hrtime.bigint() - t0;
      return { status: String(r.status), gasUsed: BigInt(r.gasUsed), output: r.output ?? new Uint8Array(), ns };
    },
  };
}

async function ethereumjsEngine() {
  let evmMod, commonMod, utilMod;
  try {
    [evmMod, commonMod, utilMod] = await Promise.all([
      import('@ethereumjs/evm'), import('@ethereumjs/common'), import('@ethereumjs/util'),
    ]);
  } catch (e) {
    return { name: 'ethereumjs', available: false, note: `cannot import @ethereumjs/evm (${e.message.split('\n')[0]}); run \`npm install\`` };
  }
  const { Common, Mainnet, Hardfork } = commonMod;
  const { Account, createAddressFromString } = utilMod;
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Istanbul });
  const evm = await evmMod.createEVM({ common });
  const to = createAddressFromString(CONTRACT);
  const caller = createAddressFromString(CALLER);
  // SSTORE needs the executing account to exist in the state; the runs revert to this empty account.
  await evm.stateManager.putAccount(to, new Account());
  return {
    name: 'ethereumjs',
    available: true,
    version: readVersion('@ethereumjs/evm'),
    async run(c) {
      await evm.stateManager.checkpoint();
      let r;
      let ns;
      try {
        const t0 = process.hrtime.bigint();
        r = await evm.runCode({ code: c.code, data: c.input, gasLimit: GAS_LIMIT, to, caller, value: 0n });
        ns = process.hrtime.bigint() - t0;
      } finally {
        await evm.stateManager.revert();
      }
      const err = r.exceptionError?.error;
      const status = err === undefined ? 'success' : err === 'revert' ? 'revert' : String(err);
      return { status, gasUsed: r.executionGasUsed, output: r.returnValue, ns };
    },
  };
}

function readVersion(pkg) {
  try {
    return JSON.parse(readFileSync(resolve(HERE, '..', 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

// ---- measuring

function check(c, r) {
  const problems = [];
  if (c.expect.status !== undefined && r.status !== c.expect.status) problems.push(`status ${r.status}, expected ${c.expect.status}`);
  if (c.expect.gas !== undefined && r.gasUsed !== c.expect.gas) problems.push(`gas ${r.gasUsed}, expected ${c.expect.gas}`);
  if (c.expect.output !== undefined) {
    const out = bytesToHex(r.output);
    if (out !== c.expect.output.toLowerCase()) problems.push(`output ${short(out)}, expected ${short(c.expect.output)}`);
  }
  return problems;
}

const short = (hex) => (hex.length > 24 ? `0x${hex.slice(0, 16)}..(${hex.length / 2} bytes)` : `0x${hex}`);

/** Warm-up then timed runs of one engine on one case. Every run is checked. */
export async function measure(engine, c, mode, iterations) {
  const problems = new Set();
  let first;
  const once = async () => {
    const r = await engine.run(c);
    if (!first) first = r;
    for (const p of check(c, r)) problems.add(p);
    if (r.gasUsed !== first.gasUsed) problems.add(`gas differs between runs (${first.gasUsed} then ${r.gasUsed})`);
    return r;
  };
  try {
    let warmed = 0;
    const w0 = performance.now();
    do {
      await once();
      warmed++;
    } while (warmed < mode.warmRuns && (performance.now() - w0) / 1000 < mode.warmTime);
    const times = [];
    const t0 = performance.now();
    for (;;) {
      times.push(Number((await once()).ns));
      const n = times.length;
      const elapsed = (performance.now() - t0) / 1000;
      if (iterations !== undefined) {
        if (n >= iterations) break;
        continue;
      }
      if ((n >= mode.minRuns && elapsed >= mode.minTime) || n >= mode.maxRuns) break;
      if (n >= mode.cutRuns && elapsed >= mode.maxTime) break;
    }
    const medianNs = median(times);
    const gas = first.gasUsed;
    return { runs: times.length, medianNs, gas, mgasPerS: medianNs > 0 ? Number(gas) / (medianNs / 1e9) / 1e6 : Infinity, problems: [...problems] };
  } catch (e) {
    problems.add(`threw: ${e?.message ?? e}`);
    return { runs: 0, medianNs: NaN, gas: first?.gasUsed, mgasPerS: NaN, problems: [...problems] };
  }
}

export function geomean(xs) {
  const ok = xs.filter((x) => Number.isFinite(x) && x > 0);
  if (ok.length === 0) return NaN;
  return Math.exp(ok.reduce((a, x) => a + Math.log(x), 0) / ok.length);
}

// ---- output

const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const fmtGas = (g) => (g === undefined ? 'n/a' : g.toLocaleString('en-US'));
const fmtMs = (ns) => (Number.isFinite(ns) ? (ns / 1e6).toFixed(ns < 1e6 ? 3 : 1) : 'n/a');

const COLUMNS = [
  ['case', 40, 'l'], ['gas', 13, 'r'], ['parevm ms', 10, 'r'], ['parevm Mgas/s', 14, 'r'],
  ['ethjs ms', 10, 'r'], ['ethjs Mgas/s', 13, 'r'], ['ours/ethjs', 10, 'r'], ['check', 8, 'l'],
];

function row(cells) {
  return cells.map((c, i) => {
    const [, w, align] = COLUMNS[i];
    return align === 'l' ? String(c).padEnd(w) : String(c).padStart(w);
  }).join('  ').trimEnd();
}

export async function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`bench contracts: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dir = process.env.EVM_BENCHMARKS_DIR ? resolve(process.env.EVM_BENCHMARKS_DIR) : DEFAULT_DIR;
  let cases;
  try {
    cases = loadCases(dir, opts);
  } catch (e) {
    process.stderr.write(`bench contracts: cannot read the benchmark corpus in ${dir}: ${e.message}\n`);
    return 2;
  }
  if (cases.length === 0) {
    process.stderr.write(`bench contracts: no case matches --filter ${opts.filters.join(',')}\n`);
    return 2;
  }
  const mode = opts.quick ? MODES.quick : MODES.full;
  const log = (s = '') => { if (!opts.json) process.stdout.write(`${s}\n`); };

  const engines = {};
  if (opts.engines.includes('parevm')) engines.parevm = await ourEngine();
  if (opts.engines.includes('ethereumjs')) engines.ethereumjs = await ethereumjsEngine();
  log(`EVM benchmark: ${cases.length} cases from ${dir}`);
  log(`Istanbul, CALL into the contract, gas limit 2^63-1, fresh storage per run; ${opts.iterations ? `${opts.iterations} timed runs` : opts.quick ? 'quick mode' : 'median of timed runs after warm-up'}; node ${process.version}`);
  for (const e of Object.values(engines)) {
    if (!e.available) log(`!! ${e.name}: NOT MEASURED: ${e.note}`);
    else if (e.version) log(`${e.name}: @ethereumjs/evm ${e.version}`);
  }
  log();
  log(row(COLUMNS.map((c) => c[0])));
  log(row(COLUMNS.map((c) => '-'.repeat(c[1]))));

  const results = [];
  const tty = process.stderr.isTTY && !opts.json;
  for (const c of cases) {
    const res = { id: c.id, expectedGas: c.expect.gas };
    for (const name of ENGINES) {
      const e = engines[name];
      if (!e?.available) continue;
      if (tty) process.stderr.write(`\r\x1b[2K  running ${c.id} on ${name} ...`);
      res[name] = await measure(e, c, mode, opts.iterations);
    }
    if (tty) process.stderr.write('\r\x1b[2K');
    const ours = res.parevm;
    const theirs = res.ethereumjs;
    res.ratio = ours && theirs ? ours.mgasPerS / theirs.mgasPerS : NaN;
    const problems = [...(ours?.problems ?? []).map((p) => `parevm: ${p}`), ...(theirs?.problems ?? []).map((p) => `ethereumjs: ${p}`)];
    res.problems = problems;
    results.push(res);
    log(row([
      c.id, fmtGas(c.expect.gas ?? ours?.gas ?? theirs?.gas),
      fmtMs(ours?.medianNs), fmt(ours?.mgasPerS), fmtMs(theirs?.medianNs), fmt(theirs?.mgasPerS),
      Number.isFinite(res.ratio) ? `${res.ratio.toFixed(2)}x` : 'n/a',
      problems.length ? '!! MISMATCH' : 'ok',
    ]));
  }

  const gm = {
    parevm: geomean(results.map((r) => r.parevm?.mgasPerS)),
    ethereumjs: geomean(results.map((r) => r.ethereumjs?.mgasPerS)),
    ratio: geomean(results.map((r) => r.ratio)),
  };
  log(row(COLUMNS.map((c) => '-'.repeat(c[1]))));
  log(row(['geometric mean', '', '', fmt(gm.parevm), '', fmt(gm.ethereumjs), Number.isFinite(gm.ratio) ? `${gm.ratio.toFixed(2)}x` : 'n/a', '']));

  const bad = results.filter((r) => r.problems.length);
  if (opts.json) {
    const plain = JSON.stringify({ dir, mode: opts.quick ? 'quick' : 'full', engines: Object.fromEntries(Object.entries(engines).map(([k, e]) => [k, { available: e.available, note: e.note }])), results, geomean: gm },
      (k, v) => (typeof v === 'bigint' ? v.toString() : v), 1);
    process.stdout.write(`${plain}\n`);
  } else if (bad.length) {
    const lines = bad.flatMap((r) => r.problems.map((p) => `!!   ${r.id}: ${p}`));
    log();
    log('!'.repeat(78));
    log(`!! ${bad.length} CASE${bad.length > 1 ? 'S' : ''} DO NOT MATCH reference-results.json:`);
    for (const l of lines) log(l);
    log('!'.repeat(78));
  } else {
    log();
    log(`all results match reference-results.json (gas, status, output) for ${Object.values(engines).filter((e) => e.available).map((e) => e.name).join(' and ')}`);
  }
  if (bad.length && opts.json) process.stderr.write(`bench contracts: ${bad.length} cases do not match the reference results\n`);
  return bad.length ? 1 : 0;
}
