#!/usr/bin/env node
// npm run bench [-- WORD] [options]: dispatches on the first positional word to bench/WORD.js,
// whose `main(argv: string[]): Promise<number>` returns the exit code. Default word: "contracts".
//   contracts  the interpreter on ../shared/evm-benchmarks next to @ethereumjs/evm (bench/contracts.js)
//   parallel   the parallel planner on the workloads and mainnet blocks (bench/parallel.js)
//   contention one block alone and beside a busy second thread: the two-thread ceiling (bench/contention.js)
//   wire       the parallel path's cost per transaction, replayed on one thread (bench/wire.js)
//   cpu        CPU time per block by thread, sequential and parallel (bench/cpu.js)
//   block      the block API end to end on the mainnet blocks: parse, call, execution, the rest (bench/block.js)
// A new benchmark is a new file bench/NAME.js exporting main(); list it in BENCHMARKS for --help.
import { existsSync } from 'node:fs';

const BENCHMARKS = {
  contracts: 'EVM interpreter on the evmone benchmark contracts, parevm vs @ethereumjs/evm (default)',
  parallel: 'parallel block execution',
  contention: 'how much slower this engine runs while a second thread runs too (the two-thread ceiling here)',
  wire: "the parallel path's cost per transaction beside execution, replayed on one thread (steadier than a two-thread A/B)",
  cpu: 'CPU time per block by thread (this one, the workers, V8 helpers), sequential and parallel (Linux)',
  block: 'the block API end to end on the mainnet blocks, sequential: parsePreState, the executeBlock call, the execution in it',
};

function help() {
  const lines = Object.entries(BENCHMARKS)
    .filter(([name]) => existsSync(new URL(`./${name}.js`, import.meta.url)))
    .map(([name, text]) => `  ${name.padEnd(10)} ${text}`);
  return `usage: npm run bench -- [BENCHMARK] [options]\n\nbenchmarks:\n${lines.join('\n')}\n\n` +
    'npm run bench -- BENCHMARK --help shows its options.';
}

async function run(argv) {
  const first = argv[0];
  if (first === 'help' || ((first === '--help' || first === '-h') && argv.length === 1)) {
    process.stdout.write(`${help()}\n`);
    return 0;
  }
  const positional = first !== undefined && !first.startsWith('-');
  const word = positional ? first : 'contracts';
  const rest = positional ? argv.slice(1) : argv;
  const url = new URL(`./${word}.js`, import.meta.url);
  if (!/^[a-z][a-z0-9-]*$/.test(word) || word === 'index' || !existsSync(url)) {
    process.stderr.write(`bench: unknown benchmark "${word}"\n${help()}\n`);
    return 2;
  }
  const mod = await import(url.href);
  if (typeof mod.main !== 'function') {
    process.stderr.write(`bench: bench/${word}.js does not export main()\n`);
    return 2;
  }
  return mod.main(rest);
}

run(process.argv.slice(2)).then(
  (code) => { process.exitCode = code ?? 0; },
  (err) => {
    process.stderr.write(`bench: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
