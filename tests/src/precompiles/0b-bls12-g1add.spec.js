import assert from 'node:assert/strict';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';
import { hex, bytes, fp, g1 } from '../../helpers/bls.js';

const { Fp } = bls12_381.fields;
const P = Fp.ORDER;
const G1 = bls12_381.G1.Point;
const INF = '00'.repeat(128);
const run = (h, gas = 375n) => runPrecompile(0x0b, bytes(h), gas, Fork.Prague);
const fail = (h, why) => assert.deepEqual(run(h), { ok: false, gasUsed: 375n, output: new Uint8Array(0) }, why);

// EIP-2537 test vector points: G1 generator and P1.
const G = '0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb0000000000000000000000000000000008b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1';
const P1 = '00000000000000000000000000000000112b98340eee2777cc3c14163dea3ec97977ac3dc5c70da32e6e87578f44912e902ccef9efe28d4a78b8999dfbca942600000000000000000000000000000000186b28d92356c4dfec4b5201ad099dbdede3781f8998ddf929b4cd7756192185ca7b8f4ef7088f813270ac3d48868a21';
// bls_g1add_g1+p1 from the EIP-2537 vectors
const G_PLUS_P1 = '000000000000000000000000000000000a40300ce2dec9888b60690e9a41d3004fda4886854573974fab73b046d3147ba5b7a5bde85279ffede1b45b3918d82d0000000000000000000000000000000006d3d887e9f53b9ec4eb6cedf5607226754b07c01ace7834f57f3e7315faefb739e59018e22c492006190fba4a870025';

/** A point on y² = x³ + 4 outside the r-order subgroup (x = 4). */
function nonSubgroup() {
  const x = 4n;
  const y = Fp.sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 4n));
  return { x, y, pt: G1.fromAffine({ x, y }) };
}

describe('precompile 0x0b BLS12_G1ADD (EIP-2537)', () => {
  it('adds points', () => {
    assert.equal(g1(G1.BASE), G);
    assert.equal(hex(run(G + P1).output), G_PLUS_P1);
    assert.equal(hex(run(P1 + G).output), G_PLUS_P1);
    assert.equal(hex(run(G + G).output), g1(G1.BASE.double()));
    assert.equal(hex(run(G + g1(G1.BASE.negate())).output), INF);
    assert.equal(hex(run(G + INF).output), G);
    assert.equal(hex(run(INF + INF).output), INF);
  });

  it('does not require subgroup membership', () => {
    const { x, y, pt } = nonSubgroup();
    assert.equal(pt.isTorsionFree(), false);
    const r = run(fp(x) + fp(y) + G);
    assert.equal(r.ok, true);
    assert.equal(hex(r.output), g1(pt.add(G1.BASE)));
  });

  it('fails on length, field range, padding bytes and off-curve points', () => {
    fail(G + G.slice(0, -2), '255 bytes');
    fail(G + G + '00', '257 bytes');
    fail('', 'empty');
    fail(fp(1) + fp(2) + G, 'off curve');
    fail(fp(P) + fp(0) + G, 'x = p');
    fail(G.slice(0, 128) + fp(P + 1n) + G, 'y >= p');
    const padded = '01' + G.slice(2);
    fail(padded + G, 'non-zero top padding byte');
    fail(G + fp(0) + fp(1), '(0, 1) is not infinity and not on the curve');
  });

  it('costs 375 gas', () => {
    assert.equal(run(G + P1).gasUsed, 375n);
    assert.equal(run(G + P1, 374n).ok, false);
  });
});
