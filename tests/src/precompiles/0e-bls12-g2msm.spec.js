import assert from 'node:assert/strict';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { blsG2MsmGas } from '../../../dist/precompiles/0e-bls12-g2msm.js';
import { G2_MSM_DISCOUNT } from '../../../dist/precompiles/bls12381.js';
import { Fork } from '../../../dist/forks.js';
import { nonSubgroupG2, hex, bytes, g2 } from '../../helpers/bls.js';

const w = (n) => BigInt(n).toString(16).padStart(64, '0');
const { Fp2, Fr } = bls12_381.fields;
const G2 = bls12_381.G2.Point;
const INF = '00'.repeat(256);
const G = g2(G2.BASE);
const run = (h, gas = 10_000_000n) => runPrecompile(0x0e, bytes(h), gas, Fork.Prague);


describe('precompile 0x0e BLS12_G2MSM (EIP-2537)', () => {
  it('single pair: scalar multiplication, any 256-bit scalar', () => {
    assert.equal(hex(run(G + w(2)).output), g2(G2.BASE.double()));
    assert.equal(hex(run(G + w(1)).output), G);
    assert.equal(hex(run(G + w(0)).output), INF);
    assert.equal(hex(run(G + w(Fr.ORDER)).output), INF);
    assert.equal(hex(run(INF + w(5)).output), INF);
    const s = 2n ** 256n - 1n;
    assert.equal(hex(run(G + w(s)).output), g2(G2.BASE.multiply(s % Fr.ORDER)));
  });

  it('matches a naive sum for several pairs', () => {
    let input = '';
    let expected = G2.ZERO;
    for (let i = 1; i <= 9; i++) {
      const pt = G2.BASE.multiply(BigInt(i * 1009));
      const s = BigInt(i) * 0xfedcba9876543210fedcba9876543210n + (i === 3 ? Fr.ORDER : 0n);
      input += g2(pt) + w(s);
      expected = expected.add(pt.multiply(s % Fr.ORDER));
    }
    assert.equal(hex(run(input).output), g2(expected));
  });

  it('fails on empty input, bad length, subgroup and encoding errors', () => {
    const fail = (h, why) => assert.deepEqual(run(h), { ok: false, gasUsed: 10_000_000n, output: new Uint8Array(0) }, why);
    fail('', 'empty');
    fail(G + w(2) + '00', '289 bytes');
    fail((G + w(2)).slice(0, -2), '287 bytes');
    fail(g2(nonSubgroupG2()) + w(1), 'not in subgroup');
    fail(G.slice(0, 256) + G.slice(0, 256) + w(1), 'off curve');
    fail('01' + G.slice(2) + w(1), 'padding byte');
  });

  it('gas: k · 22500 · discount(k) / 1000', () => {
    assert.equal(G2_MSM_DISCOUNT.length, 128);
    const gas = (k) => blsG2MsmGas(new Uint8Array(288 * k));
    assert.equal(gas(1), 22500n);
    assert.equal(gas(2), 45000n);
    assert.equal(gas(3), (3n * 22500n * 923n) / 1000n);
    assert.equal(gas(128), (128n * 22500n * 524n) / 1000n);
    assert.equal(gas(1000), (1000n * 22500n * 524n) / 1000n);
    assert.equal(run(G + w(2), 22499n).ok, false);
  });
});
