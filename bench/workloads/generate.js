#!/usr/bin/env node
// Seeded benchmark workloads for the parallel planner (generators in src/workloads, built to dist/workloads).
//
//   node bench/workloads/generate.js --list
//   node bench/workloads/generate.js w3-swaps [--seed N] [--size N] [--out file.json]   JSON of one block
//   node bench/workloads/generate.js --run [NAME[,NAME]] [--seed N] [--size N]          sequential runTx timing
//
// `npm run tsbuild` first. --run executes each block once, sequentially, with evm.runTx (the ground truth
// a parallel executor must reproduce) and prints transactions, gas used, wall time and Mgas/s.
import { writeFileSync } from 'node:fs';

const USAGE = `usage: node bench/workloads/generate.js (--list | NAME [--out FILE] | --run [NAME,...]) [--seed N] [--size N]`;

async function main(argv) {
  const wl = await import('../../dist/workloads/index.js');
  const opts = {};
  let run = false, list = false, out, names = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--size') opts.size = Number(argv[++i]);
    else if (a === '--out') out = argv[++i];
    else if (a === '--run') run = true;
    else if (a === '--list') list = true;
    else if (a === '-h' || a === '--help') { console.log(USAGE); return 0; }
    else if (!a.startsWith('-')) names.push(...a.split(',').filter(Boolean));
    else { console.error(`unknown option ${a}\n${USAGE}`); return 2; }
  }
  if (list) { console.log(Object.keys(wl.WORKLOADS).join('\n')); return 0; }
  for (const n of names) if (!wl.WORKLOADS[n]) { console.error(`unknown workload ${n}; --list shows them`); return 2; }
  if (!run) {
    if (names.length !== 1) { console.error(USAGE); return 2; }
    const json = JSON.stringify(wl.workloadToJson(wl.WORKLOADS[names[0]](opts)));
    if (out) writeFileSync(out, json); else process.stdout.write(json + '\n');
    return 0;
  }
  if (names.length === 0) names = Object.keys(wl.WORKLOADS);
  const rows = [['workload', 'fork', 'txs', 'gas used', 'block gas limit', 'runTx ms', 'Mgas/s', 'result']];
  let failed = false;
  for (const name of names) {
    const w = wl.WORKLOADS[name](opts);
    const r = await wl.runSequential(w);
    const bad = r.results.filter((x) => x.status !== 'success').length;
    const ok = w.expectInvalid ? !r.valid : r.valid && bad === 0;
    failed ||= !ok;
    const result = r.valid ? (bad ? `${bad} not success` : 'ok') : `invalid: ${r.error}`;
    rows.push([name, w.fork, String(w.transactions.length), r.gasUsed.toString(), w.header.gasLimit.toString(),
      r.ms.toFixed(1), (Number(r.gasUsed) / 1000 / r.ms).toFixed(1), (ok ? '' : '!! ') + result]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) console.log(r.map((v, c) => (c >= 2 && c <= 6 ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  '));
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((c) => { process.exitCode = c; }, (e) => { console.error(e?.stack ?? e); process.exitCode = 1; });
