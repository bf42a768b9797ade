import assert from 'node:assert/strict';
import {
  PRECOMPILES,
  getPrecompile,
  isPrecompile,
  precompileAddresses,
  runPrecompile,
} from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';

describe('precompiles: index', () => {
  it('activates the address sets at the right forks', () => {
    const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
    assert.deepEqual(precompileAddresses(Fork.Frontier), range(1, 4));
    assert.deepEqual(precompileAddresses(Fork.SpuriousDragon), range(1, 4));
    assert.deepEqual(precompileAddresses(Fork.Byzantium), range(1, 8));
    assert.deepEqual(precompileAddresses(Fork.Petersburg), range(1, 8));
    assert.deepEqual(precompileAddresses(Fork.Istanbul), range(1, 9));
    assert.deepEqual(precompileAddresses(Fork.Shanghai), range(1, 9));
    assert.deepEqual(precompileAddresses(Fork.Cancun), range(1, 10));
    assert.deepEqual(precompileAddresses(Fork.Prague), range(1, 0x11));
    assert.deepEqual(precompileAddresses(Fork.Osaka), [...range(1, 0x11), 0x100]);
  });

  it('isPrecompile follows the same table', () => {
    assert.equal(isPrecompile(0, Fork.Osaka), false);
    assert.equal(isPrecompile(1, Fork.Frontier), true);
    assert.equal(isPrecompile(5, Fork.SpuriousDragon), false);
    assert.equal(isPrecompile(5, Fork.Byzantium), true);
    assert.equal(isPrecompile(9, Fork.Petersburg), false);
    assert.equal(isPrecompile(9, Fork.Istanbul), true);
    assert.equal(isPrecompile(0x0a, Fork.Shanghai), false);
    assert.equal(isPrecompile(0x0a, Fork.Cancun), true);
    assert.equal(isPrecompile(0x0b, Fork.Cancun), false);
    assert.equal(isPrecompile(0x11, Fork.Prague), true);
    assert.equal(isPrecompile(0x12, Fork.Osaka), false);
    assert.equal(isPrecompile(0x100, Fork.Prague), false);
    assert.equal(isPrecompile(0x100, Fork.Osaka), true);
    assert.equal(isPrecompile(0x101, Fork.Osaka), false);
  });

  it('table entries are consistent', () => {
    for (const p of PRECOMPILES) {
      assert.equal(getPrecompile(p.address), p);
      assert.equal(typeof p.name, 'string');
    }
    assert.equal(getPrecompile(0x12), undefined);
  });

  it('charges the cost on success and returns the output', () => {
    const r = runPrecompile(4, Uint8Array.of(1, 2, 3), 100n, Fork.Frontier);
    assert.deepEqual(r, { ok: true, gasUsed: 18n, output: Uint8Array.of(1, 2, 3) });
  });

  it('fails with all gas consumed when the cost exceeds the limit', () => {
    const r = runPrecompile(4, Uint8Array.of(1, 2, 3), 17n, Fork.Frontier);
    assert.deepEqual(r, { ok: false, gasUsed: 17n, output: new Uint8Array(0) });
    const exact = runPrecompile(4, Uint8Array.of(1, 2, 3), 18n, Fork.Frontier);
    assert.equal(exact.ok, true);
    assert.equal(exact.gasUsed, 18n);
  });

  it('fails with all gas consumed on invalid input', () => {
    const r = runPrecompile(9, new Uint8Array(10), 1000n, Fork.Istanbul);
    assert.deepEqual(r, { ok: false, gasUsed: 1000n, output: new Uint8Array(0) });
  });

  it('throws for an address that is not a precompile at that fork', () => {
    assert.throws(() => runPrecompile(5, new Uint8Array(0), 1000n, Fork.Homestead), /no precompile/);
    assert.throws(() => runPrecompile(0x42, new Uint8Array(0), 1000n, Fork.Osaka), /no precompile/);
  });
});
