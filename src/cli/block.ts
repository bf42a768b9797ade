/**
 * `parevm block --block block.json --prestate pre_state.json [--codes bytecodes.json]
 *   [--block-hashes F] [--receipts F] [--fork NAME] [--json]`
 *
 * Executes one block (JSON-RPC `eth_getBlockByNumber(n, true)` shape) on the given pre-state and
 * compares gas used, logs bloom and (from Byzantium) the receipts root with the header.
 * `--codes`, `--block-hashes` and `--receipts` default to bytecodes.json / block_hashes.json found
 * next to the pre-state or two folders up, and receipts.json next to the block (the mainnet-blocks
 * layout); `--receipts` names the first transaction that differs on a mismatch.
 * Exit code: 0 all match, 1 a mismatch or an execution error, 2 bad arguments.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bytesToHex, equalBytes } from '../bytes.js';
import { Fork, forkId, forkName } from '../forks.js';
import { executeBlock, type BlockResult } from '../block/execute.js';
import { parseBlock, parsePreState, type BlockHeader } from '../block/json.js';
import { firstReceiptMismatch, type ExpectedReceipt } from '../block/receipts.js';

export const USAGE = `usage: parevm block --block block.json --prestate pre_state.json [options]

Executes a block on a pre-state and checks gasUsed, logsBloom and (Byzantium+) receiptsRoot against the header.

options:
  --codes FILE         code table {code_hash: code} (default: bytecodes.json next to the pre-state or 2 folders up)
  --block-hashes FILE  ancestor hashes {number: hash} for BLOCKHASH (default: block_hashes.json, same search)
  --receipts FILE      reference receipts, to name the first diverging tx (default: receipts.json next to the block)
  --fork NAME          override the mainnet fork schedule
  --workers N          parallel execution on N workers beside this thread, which executes too (default: the machine's parallelism − 1)
  --sequential         execute the transactions one by one (same results)
  --json               print one JSON object
  -h, --help           this text

Exit code: 0 everything matches, 1 a mismatch or an error, 2 bad arguments.`;

interface Args { block?: string; prestate?: string; codes?: string; blockHashes?: string; receipts?: string; fork?: string; json: boolean; help: boolean; sequential?: boolean; workers?: number }

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, help: false };
  const valued: Record<string, keyof Args> = {
    '--block': 'block', '--prestate': 'prestate', '--codes': 'codes', '--block-hashes': 'blockHashes', '--receipts': 'receipts', '--fork': 'fork',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--sequential') args.sequential = true;
    else if (a === '--workers') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1 || v > 256) throw new Error(`--workers takes a whole number from 1 to 256, got "${argv[i]}"`);
      args.workers = v;
    }
    else if (a === '-h' || a === '--help') args.help = true;
    else if (a in valued) {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      (args as unknown as Record<string, string>)[valued[a]] = v;
    } else throw new Error(`unknown argument "${a}"`);
  }
  return args;
}

function readJson(file: string, what: string): unknown {
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new Error(`cannot read ${what} ${file}: ${(e as Error).message}`); }
}

function findNear(dir: string, name: string): string | undefined {
  return [join(dir, name), join(dir, '..', '..', name)].find((f) => existsSync(f));
}

export interface Check { name: string; expected: string; got: string; match: boolean }

/**
 * The header checks: gasUsed, logsBloom, receiptsRoot from Byzantium on, blobGasUsed from Cancun on,
 * requestsHash from Prague on when the result has one.
 */
export function headerChecks(header: BlockHeader, r: BlockResult): Check[] {
  const checks: Check[] = [
    { name: 'gasUsed', expected: header.gasUsed.toString(), got: r.gasUsed.toString(), match: header.gasUsed === r.gasUsed },
    { name: 'logsBloom', expected: bytesToHex(header.logsBloom), got: bytesToHex(r.logsBloom), match: equalBytes(header.logsBloom, r.logsBloom) },
  ];
  if (r.fork >= Fork.Byzantium) {
    checks.push({ name: 'receiptsRoot', expected: bytesToHex(header.receiptsRoot), got: bytesToHex(r.receiptsRoot), match: equalBytes(header.receiptsRoot, r.receiptsRoot) });
  }
  if (header.blobGasUsed !== undefined && r.fork >= Fork.Cancun) {
    checks.push({ name: 'blobGasUsed', expected: header.blobGasUsed.toString(), got: r.blobGasUsed.toString(), match: header.blobGasUsed === r.blobGasUsed });
  }
  // EIP-7685: only when the requests could be computed (the EIP-7002 / EIP-7251 contracts are in the pre-state)
  if (header.requestsHash !== undefined && r.requestsHash !== undefined && r.fork >= Fork.Prague) {
    checks.push({ name: 'requestsHash', expected: bytesToHex(header.requestsHash), got: bytesToHex(r.requestsHash), match: equalBytes(header.requestsHash, r.requestsHash) });
  }
  return checks;
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try { args = parseArgs(argv); } catch (e) {
    process.stderr.write(`parevm block: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) { process.stdout.write(`${USAGE}\n`); return 0; }
  if (!args.block || !args.prestate) { process.stderr.write(`parevm block: --block and --prestate are required\n${USAGE}\n`); return 2; }
  let fork: number | undefined;
  try { fork = args.fork === undefined ? undefined : forkId(args.fork); } catch (e) {
    process.stderr.write(`parevm block: ${(e as Error).message}\n`);
    return 2;
  }

  try {
    return await run(args, fork);
  } catch (e) {
    process.stderr.write(`parevm block: ${(e as Error).message}\n`);
    return 1;
  }
}

async function run(args: Args, fork: number | undefined): Promise<number> {
  const preDir = dirname(args.prestate!);
  const codesFile = args.codes ?? findNear(preDir, 'bytecodes.json');
  const hashesFile = args.blockHashes ?? findNear(preDir, 'block_hashes.json');
  const receiptsFile = args.receipts ?? [join(dirname(args.block!), 'receipts.json')].find((f) => existsSync(f));
  const block = parseBlock(readJson(args.block!, 'block'));
  const codes = codesFile ? readJson(codesFile, 'code table') as Record<string, string> : {};
  const state = parsePreState(readJson(args.prestate!, 'pre-state'), codes, hashesFile ? readJson(hashesFile, 'block hashes') : undefined);
  const result = await executeBlock({
    header: block.header, transactions: block.transactions, state, fork,
    mode: args.sequential ? 'sequential' : 'parallel', workers: args.workers,
  });

  const checks = headerChecks(block.header, result);
  const ok = checks.every((c) => c.match);
  let firstDiff: string | null = null;
  if (!ok && receiptsFile) {
    const ref = readJson(receiptsFile, 'receipts') as { receipts?: ExpectedReceipt[] } | ExpectedReceipt[];
    firstDiff = firstReceiptMismatch(result.receipts, Array.isArray(ref) ? ref : ref.receipts ?? []);
  }
  const mgas = result.stats.timeMs > 0 ? Number(result.gasUsed) / 1000 / result.stats.timeMs : 0;

  if (args.json) {
    process.stdout.write(`${JSON.stringify({
      number: block.header.number.toString(), fork: forkName(result.fork),
      gasUsed: result.gasUsed.toString(), logsBloom: bytesToHex(result.logsBloom), receiptsRoot: bytesToHex(result.receiptsRoot),
      receipts: result.receipts.map((r) => ({
        type: r.type, status: r.status, gasUsed: r.gasUsed.toString(), cumulativeGasUsed: r.cumulativeGasUsed.toString(),
        logs: r.logs.length, ...(r.contractAddress ? { contractAddress: `0x${r.contractAddress}` } : {}),
      })),
      stats: { ...result.stats, mgasPerSecond: mgas },
      checks, match: ok, ...(firstDiff ? { firstDiff } : {}),
    })}\n`);
  } else {
    const out: string[] = [`block ${block.header.number} (${forkName(result.fork)}), ${result.stats.txCount} transactions`];
    result.receipts.forEach((r, i) => out.push(`  tx ${String(i).padStart(4)}  type ${r.type}  status ${r.status}  gas ${r.gasUsed}  cumulative ${r.cumulativeGasUsed}  logs ${r.logs.length}`));
    out.push(`gas used:      ${result.gasUsed}`, `logs bloom:    ${bytesToHex(result.logsBloom)}`, `receipts root: ${bytesToHex(result.receiptsRoot)}`);
    for (const c of checks) out.push(`${c.name}: ${c.match ? 'MATCH' : `MISMATCH (header ${c.expected}, got ${c.got})`}`);
    if (result.fork < Fork.Byzantium) out.push('receiptsRoot: not checkable before Byzantium (receipts embed intermediate state roots)');
    if (firstDiff) out.push(`first diverging transaction: ${firstDiff}`);
    out.push(`stats: ${result.stats.txCount} txs in ${result.stats.timeMs.toFixed(1)} ms (${mgas.toFixed(1)} Mgas/s)`);
    const pl = result.stats.planner;
    out.push(`planner: ${pl.mode}${pl.reason ? ` (${pl.reason})` : ''}, ${pl.workers} workers, ${pl.executions} executions, ${pl.reExecutions} re-executions, ${pl.messages} messages`);
    const dag = result.stats.dag;
    out.push(`DAG: ${dag.edges} dependencies, critical path ${dag.criticalPathMs.toFixed(1)} of ${dag.totalMs.toFixed(1)} ms, ideal speedup ${dag.idealSpeedup.toFixed(2)}x; list-scheduled: ${dag.listScheduled.map((l) => `${l.workers}w ${l.speedup.toFixed(2)}x`).join(', ')}`);
    out.push(ok ? 'MATCH' : 'MISMATCH');
    process.stdout.write(`${out.join('\n')}\n`);
  }
  return ok ? 0 : 1;
}
