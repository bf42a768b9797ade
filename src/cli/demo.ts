/**
 * `parevm demo [--full] [--workers N]` (what `npm start` runs).
 * For now: runs the Ethereum state-test conformance suite on the fixtures with a progress bar and prints
 * the summary table: the fixed sample of sample.ts, or with --full every GeneralStateTests and
 * EEST/state_tests fixture. It is `parevm statetest` with a shorter listing (same code).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorText } from './results.js';
import {
  collectFiles, DEFAULT_FIXTURES, defaultIo, sampleFiles, runStatetest, UsageError,
  type FileSet, type Io,
} from './statetest.js';

export const USAGE = `usage: parevm demo [--full] [--workers N]

Runs the Ethereum state-test conformance suite (the sample of npm test, or with --full all of
ethereum-tests/GeneralStateTests and ethereum-tests/EEST/state_tests) and prints the summary table.`;

export interface DemoArgs {
  full: boolean;
  workers?: number;
  help: boolean;
}

export function parseDemoArgs(argv: string[]): DemoArgs {
  const args: DemoArgs = { full: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--full') args.full = true;
    else if (flag === '-h' || flag === '--help') args.help = true;
    else if (flag === '--workers' || flag === '-j') {
      const v = inline ?? argv[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`${flag} needs a positive whole number`);
      args.workers = Number(v);
    } else throw new UsageError(`unexpected argument ${arg}`);
  }
  return args;
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let args: DemoArgs;
  let files: FileSet;
  let what: string;
  try {
    args = parseDemoArgs(argv);
    if (args.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.full) {
      const roots = [join(DEFAULT_FIXTURES, 'GeneralStateTests'), join(DEFAULT_FIXTURES, 'EEST', 'state_tests')].filter((p) => existsSync(p));
      if (roots.length === 0) throw new UsageError(`no fixtures under ${DEFAULT_FIXTURES} (run \`npm run fixtures\`)`);
      files = collectFiles(roots);
      what = `full suite: every fixture of ${roots.map((r) => r.slice(DEFAULT_FIXTURES.length)).join(' and ')} (${files.items.length} files)`;
    } else {
      const s = sampleFiles(DEFAULT_FIXTURES);
      files = s;
      what = s.description;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`parevm demo: ${e.message}\n(parevm demo --help for usage)\n`);
      return 2;
    }
    throw e;
  }
  io.stdout.write('parevm: a WebAssembly EVM. Running the Ethereum state-test conformance suite.\n');
  io.stdout.write(`${what}\n`);
  if (!args.full) io.stdout.write('(parevm demo --full runs everything; parevm statetest --help for more)\n');
  try {
    const outcome = await runStatetest(
      { items: files.items, rootOf: files.rootOf, workers: args.workers, listLimit: 20, progressLabel: 'conformance ' },
      io,
    );
    return outcome.exitCode;
  } catch (e) {
    io.stderr.write(`parevm demo: ${errorText(e)}\n`);
    io.stdout.write(`0 passed, ${files.items.length} failed, 0 skipped\n`);
    return 1;
  }
}
