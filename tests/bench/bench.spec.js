// The benchmarks (bench/*.js) still run against today's dist/: each one, on its smallest input, ends with
// exit code 0 and prints what its README section says. (`npm run bench -- wire` failed for sessions after
// an export it imported was renamed; nothing ran it.) Times are not checked: that is what the benchmarks are for.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** Runs `bench/NAME.js` main(argv), returning its exit code and everything it printed. */
async function runBench(name, argv) {
  const { main } = await import(`../../bench/${name}.js`);
  let out = '';
  const log = console.log, write = process.stdout.write;
  console.log = (...args) => { out += `${args.join(' ')}\n`; };
  process.stdout.write = (chunk) => { out += String(chunk); return true; };
  try {
    const code = await main(argv);
    return { code, out };
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
}

describe('bench', function () {
  this.timeout(120_000);

  it('wire replays a block through the wire formats to the sequential state root', async () => {
    const { code, out } = await runBench('wire', ['--workload', 'w5-chain', '--runs', '1']);
    assert.equal(code, 0);
    assert.match(out, /the replayed state root equals the sequential one/);
    assert.match(out, /^w5-chain\s+\d/m);
  });

  it('parallel prints each row with the CPU of all threads in both modes', async () => {
    const { code, out } = await runBench('parallel', ['--quick', '--filter', 'w7a', '--runs', '1']);
    assert.equal(code, 0);
    assert.match(out, /^w7a-coinbase\s+8\s/m);
    assert.match(out, /CPU of all threads per run \(median\) [\d.]+ ms sequential, [\d.]+ parallel \(-?[\d.]+ µs a transaction more\)/);
  });

  it('contention times a block alone and beside a busy thread', async () => {
    const { code, out } = await runBench('contention', ['--workload', 'w5-chain', '--runs', '1', '--gc', 'default']);
    assert.equal(code, 0);
    assert.match(out, /slowdown [\d.]+x/);
  });

  it('cpu splits a block\'s CPU by thread (or says why it cannot)', async () => {
    const { code, out } = await runBench('cpu', ['--workload', 'w5-chain', '--runs', '1']);
    assert.equal(code, 0);
    if (existsSync('/proc/self/task')) {
      assert.match(out, /parallel\s+wall\s+[\d.]+ ms/);
      assert.match(out, /ceiling\s+the sequential run keeps [\d.]+ cores busy .* at most [\d.]+x faster on \d+ cores/);
    }
    else assert.match(out, /needs \/proc\/self\/task/);
  });

  it('contracts runs an evmone benchmark case on parevm against its reference result', async function () {
    if (!existsSync(`${SHARED}evm-benchmarks`)) this.skip(); // (../shared is beside every clone CI runs on)
    const { code, out } = await runBench('contracts', ['--quick', '--iterations', '1', '--filter', 'blake2b_shifts', '--engines', 'parevm']);
    assert.equal(code, 0);
    assert.match(out, /blake2b_shifts\/\S+\s+[\d,]+/);
    assert.match(out, /all results match reference-results\.json/);
  });

  it('block runs the block API on a mainnet block', async function () {
    if (!existsSync(`${SHARED}mainnet-blocks`)) this.skip();
    const { code, out } = await runBench('block', ['--filter', '116525', '--runs', '1']);
    assert.equal(code, 0);
    assert.match(out, /^116525\s/m);
  });
});
