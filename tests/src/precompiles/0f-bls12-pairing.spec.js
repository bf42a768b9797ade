import assert from 'node:assert/strict';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';
import { hex, bytes, fp, g1, g2 } from '../../helpers/bls.js';

const w = (n) => BigInt(n).toString(16).padStart(64, '0');
const { Fp, Fp2 } = bls12_381.fields;
const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
const ONE = w(1);
const ZERO = w(0);
const run = (h, gas = 10_000_000n) => runPrecompile(0x0f, bytes(h), gas, Fork.Prague);
const fail = (h, why) => assert.deepEqual(run(h), { ok: false, gasUsed: 10_000_000n, output: new Uint8Array(0) }, why);

describe('precompile 0x0f BLS12_PAIRING_CHECK (EIP-2537)', () => {
  it('neutral infinity pairs, inverse pairs, non-degeneracy (EIP-2537 vector shapes)', () => {
    const G = g1(G1.BASE), Q = g2(G2.BASE);
    assert.equal(hex(run('00'.repeat(384)).output), ONE); // e(0,0)
    assert.equal(hex(run('00'.repeat(128) + Q).output), ONE); // e(0,G2)
    assert.equal(hex(run(G + '00'.repeat(256)).output), ONE); // e(G1,0)
    assert.equal(hex(run(G + Q).output), ZERO); // non-degeneracy
    assert.equal(hex(run(G + Q + G + g2(G2.BASE.negate())).output), ONE); // e(G1,G2)·e(G1,-G2)
    assert.equal(hex(run(G + g2(G2.BASE.negate()) + g1(G1.BASE.negate()) + Q).output), ZERO); // e(G1,G2)^-2
    assert.equal(hex(run(G + Q + g1(G1.BASE.negate()) + Q).output), ONE);
    assert.equal(hex(run(G + Q + G + Q).output), ZERO);
  });

  it('bilinearity: e(aP, bQ) · e(-abP, Q) = 1', () => {
    const a = 0x1234567890abcdefn, b = 0xfedcba0987654321n;
    const input = g1(G1.BASE.multiply(a)) + g2(G2.BASE.multiply(b)) + g1(G1.BASE.multiply(a * b).negate()) + g2(G2.BASE);
    assert.equal(hex(run(input).output), ONE);
  });

  it('fails on empty input, bad length, subgroup and encoding errors', () => {
    const G = g1(G1.BASE), Q = g2(G2.BASE);
    fail('', 'empty');
    fail(G + Q + '00', '385 bytes');
    fail((G + Q).slice(0, -2), '383 bytes');
    // G1 point on the curve outside the subgroup (x = 4)
    const x = 4n;
    const y = Fp.sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 4n));
    fail(fp(x) + fp(y) + Q, 'G1 not in subgroup');
    fail(fp(x) + fp(y) + '00'.repeat(256), 'G1 not in subgroup paired with infinity');
    // G2 point outside the subgroup
    const b2 = Fp2.fromBigTuple([4n, 4n]);
    let bad;
    for (let k = 1n; !bad; k++) {
      const X = Fp2.fromBigTuple([k, 0n]);
      let Y;
      try { Y = Fp2.sqrt(Fp2.add(Fp2.mul(Fp2.sqr(X), X), b2)); } catch { continue; }
      const pt = G2.fromAffine({ x: X, y: Y });
      if (!pt.isTorsionFree()) bad = pt;
    }
    fail(G + g2(bad), 'G2 not in subgroup');
    fail('00'.repeat(128) + g2(bad), 'G2 not in subgroup paired with infinity');
    fail(fp(1) + fp(2) + Q, 'G1 off curve');
    fail(G + fp(Fp.ORDER) + Q.slice(128), 'G2 coordinate = p');
    fail('01' + G.slice(2) + Q, 'padding byte');
  });

  it('gas: 32600·k + 37700', () => {
    const G = g1(G1.BASE), Q = g2(G2.BASE);
    assert.equal(run(G + Q).gasUsed, 70300n);
    assert.equal(run(G + Q + G + Q).gasUsed, 102900n);
    assert.equal(run(G + Q, 70299n).ok, false);
  });

  it('timing (informational): one 2-pair pairing check after warm-up', () => {
    const input = bytes(g1(G1.BASE) + g2(G2.BASE) + g1(G1.BASE.negate()) + g2(G2.BASE));
    for (let i = 0; i < 3; i++) runPrecompile(0x0f, input, 1n << 30n, Fork.Prague);
    const reps = 5;
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) runPrecompile(0x0f, input, 1n << 30n, Fork.Prague);
    console.log(`      BLS12-381 pairing check, 2 pairs: ${((performance.now() - t0) / reps).toFixed(1)} ms`);
  });
});
