// npm run bench -- block [--runs N] [--filter BLOCK[,BLOCK...]] [--json]
// The block API end to end on the mainnet blocks of ../shared/mainnet-blocks, sequentially: what a caller
// waits for, not only the transactions' execution. Per block (median of --runs after 3 warm-up runs):
// parsePreState (the pre-state JSON already read), the executeBlock call's wall time, the execution inside it
// (stats.timeMs: the transactions), the rest of the call (receipts, blooms, receipts root, post-state), and
// the statistics computed on first read (stats.dag, the block access list).
import { existsSync, readFileSync } from 'node:fs';
import { Core } from '../dist/evm.js';
import { loadModule } from '../dist/wasm/loader.js';
import { executeBlock } from '../dist/block/execute.js';
import { parseBlock, parsePreState } from '../dist/block/json.js';
import { median } from './lib/stats.js';
import { MAINNET, mainnetTables, mainnetBlockNumbers } from './lib/mainnet.js';

function parse(argv) {
  const o = { runs: 9, filter: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Number(argv[++i]);
    else if (a === '--filter') o.filter = argv[++i].split(',');
    else if (a === '--json') o.json = true;
    else if (a === '--help') o.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs takes a positive whole number');
  return o;
}

export async function main(argv) {
  const o = parse(argv);
  if (o.help) { process.stdout.write('usage: npm run bench -- block [--runs N] [--filter BLOCK[,BLOCK...]] [--json]\n'); return 0; }
  if (!existsSync(`${MAINNET}blocks`)) { process.stdout.write(`block: no mainnet blocks at ${MAINNET}\n`); return 0; }
  const core = new Core(await loadModule()); // (made first: the host's keccak-256 runs in it from here on)
  const { codes, hashes } = mainnetTables();
  const rows = [];
  for (const n of mainnetBlockNumbers()) {
    if (o.filter && !o.filter.includes(String(n))) continue;
    const dir = `${MAINNET}blocks/${n}/`;
    const { header, transactions } = parseBlock(JSON.parse(readFileSync(`${dir}block.json`, 'utf8')));
    if (!transactions.length) continue;
    const pre = JSON.parse(readFileSync(`${dir}pre_state.json`, 'utf8'));
    const t = { parse: [], call: [], exec: [], later: [] };
    for (let i = 0; i < 3 + o.runs; i++) {
      let at = performance.now();
      const state = parsePreState(pre, codes, hashes);
      const parseMs = performance.now() - at;
      globalThis.gc?.({ type: 'minor' });
      at = performance.now();
      const r = await executeBlock({ header, transactions, state, core, mode: 'sequential' });
      const callMs = performance.now() - at;
      at = performance.now();
      void r.stats.dag; void r.blockAccessList;
      const laterMs = performance.now() - at;
      if (i < 3) continue;
      t.parse.push(parseMs); t.call.push(callMs); t.exec.push(r.stats.timeMs); t.later.push(laterMs);
    }
    const row = { block: n, txs: transactions.length, parseMs: median(t.parse), callMs: median(t.call), execMs: median(t.exec), laterMs: median(t.later) };
    row.restMs = row.callMs - row.execMs;
    rows.push(row);
    if (!o.json) {
      if (rows.length === 1) {
        process.stdout.write(`the block API on ../shared/mainnet-blocks, sequential, median of ${o.runs} runs after 3 warm-up runs (ms)\n\n`);
        process.stdout.write(`${'block'.padEnd(10)}${'txs'.padStart(6)}${'parse'.padStart(9)}${'call'.padStart(9)}${'execution'.padStart(11)}${'rest'.padStart(8)}${'dag+BAL'.padStart(9)}\n`);
      }
      const f = (x) => x.toFixed(1);
      process.stdout.write(`${String(n).padEnd(10)}${String(row.txs).padStart(6)}${f(row.parseMs).padStart(9)}${f(row.callMs).padStart(9)}${f(row.execMs).padStart(11)}${f(row.restMs).padStart(8)}${f(row.laterMs).padStart(9)}\n`);
    }
  }
  if (o.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else process.stdout.write('\nparse: parsePreState; call: executeBlock; execution: its stats.timeMs; rest: call - execution (receipts, blooms, receipts root, post-state);\ndag+BAL: stats.dag and the block access list, computed on first read\n');
  return 0;
}
