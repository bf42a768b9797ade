#!/usr/bin/env node
// parevm command line: dispatches `parevm <command> ...` to dist/cli/<command>.js (built by `npm run build`).
// Each command module exports `main(argv: string[]): Promise<number>` (the exit code).
import { existsSync } from 'node:fs';

const COMMANDS = {
  statetest: 'run Ethereum state-test fixtures (files or folders of *.json)',
  demo: 'run the conformance sample with a progress bar and a summary table',
  block: 'execute a block (JSON-RPC shape) on its pre-state, in parallel or sequentially',
  blocks: 'built-in block demo: W2 and W4 workloads, sequential then parallel (npm start)',
};

const HELP = `usage: parevm <command> [options]

commands:
${Object.entries(COMMANDS).map(([name, text]) => `  ${name.padEnd(10)} ${text}`).join('\n')}

parevm <command> --help shows the options of a command.`;

async function run(argv) {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    if (command === 'help' && rest[0]) return run([rest[0], '--help']);
    process.stdout.write(`${HELP}\n`);
    return command === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    process.stderr.write(`parevm: unknown command "${command}" (expected one of: ${Object.keys(COMMANDS).join(', ')})\n` +
      `run "parevm --help" for usage\n`);
    return 2;
  }
  const url = new URL(`../dist/cli/${command}.js`, import.meta.url);
  if (!existsSync(url)) {
    process.stderr.write(`parevm: command "${command}" is not built (${url.pathname} missing; run "npm run build")\n`);
    return 1;
  }
  const mod = await import(url.href);
  return mod.main(rest);
}

run(process.argv.slice(2)).then(
  (code) => { process.exitCode = code ?? 0; },
  (err) => {
    process.stderr.write(`parevm: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
