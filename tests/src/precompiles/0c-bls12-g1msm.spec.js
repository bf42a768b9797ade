import assert from 'node:assert/strict';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { blsG1MsmGas } from '../../../dist/precompiles/0c-bls12-g1msm.js';
import { G1_MSM_DISCOUNT } from '../../../dist/precompiles/bls12381.js';
import { Fork } from '../../../dist/forks.js';
import { hex, bytes, fp, g1 } from '../../helpers/bls.js';

const w = (n) => BigInt(n).toString(16).padStart(64, '0');
const { Fp, Fr } = bls12_381.fields;
const G1 = bls12_381.G1.Point;
const INF = '00'.repeat(128);
const run = (h, gas = 10_000_000n) => runPrecompile(0x0c, bytes(h), gas, Fork.Prague);

const G = g1(G1.BASE);
const P1 = '00000000000000000000000000000000112b98340eee2777cc3c14163dea3ec97977ac3dc5c70da32e6e87578f44912e902ccef9efe28d4a78b8999dfbca942600000000000000000000000000000000186b28d92356c4dfec4b5201ad099dbdede3781f8998ddf929b4cd7756192185ca7b8f4ef7088f813270ac3d48868a21';

describe('precompile 0x0c BLS12_G1MSM (EIP-2537)', () => {
  it('EIP-2537 vectors', () => {
    // bls_g1msm_(g1+g1=2*g1)
    assert.equal(
      hex(run(G + w(2)).output),
      '000000000000000000000000000000000572cbea904d67468808c8eb50a9450c9721db309128012543902d0ac358a62ae28f75bb8f1c7c42c39a8c5529bf0f4e00000000000000000000000000000000166a9d8cabc673a322fda673779d8e3822ba3ecb8670e461f73bb9021d5fd76a4c56d9d4cd16bd1bba86881979749d28',
    );
    // bls_g1msm_(p1+p1=2*p1)
    assert.equal(
      hex(run(P1 + w(2)).output),
      '0000000000000000000000000000000015222cddbabdd764c4bee0b3720322a65ff4712c86fc4b1588d0c209210a0884fa9468e855d261c483091b2bf7de6a630000000000000000000000000000000009f9edb99bc3b75d7489735c98b16ab78b9386c5f7a1f76c7e96ac6eb5bbde30dbca31a74ec6e0f0b12229eecea33c39',
    );
    assert.equal(hex(run(G + w(1)).output), G);
    assert.equal(hex(run(G + w(0)).output), INF);
    assert.equal(hex(run(INF + w(0x11)).output), INF);
    // bls_g1msm_(2g1+2p1)
    assert.equal(
      hex(run(G + w(2) + P1 + w(2)).output),
      '00000000000000000000000000000000148f92dced907361b4782ab542a75281d4b6f71f65c8abf94a5a9082388c64662d30fd6a01ced724feef3e284752038c0000000000000000000000000000000015c3634c3b67bc18e19150e12bfd8a1769306ed010f59be645a0823acb5b38f39e8e0d86e59b6353fdafc59ca971b769',
    );
    // bls_g1msm_random*g1_unnormalized_scalar (scalar > r)
    assert.equal(
      hex(run(G + '9a2b64cc58f8992cb21237914262ca9ada6cb13dc7b7d3f11c278fe0462040e4').output),
      '000000000000000000000000000000000491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20fd6e10c1b77654d067c0618f6e5a7f79a0000000000000000000000000000000017cd7061575d3e8034fcea62adaa1a3bc38dca4b50e4c5c01d04dd78037c9cee914e17944ea99e7ad84278e5d49f36c4',
    );
  });

  it('matches a naive sum for many points and scalars (Pippenger path)', () => {
    const k = 40;
    let input = '';
    let expected = G1.ZERO;
    for (let i = 1; i <= k; i++) {
      const pt = G1.BASE.multiply(BigInt(i * 7919));
      const s = (BigInt(i) << 200n) * 0x1234567n + BigInt(i) + (i % 5 === 0 ? Fr.ORDER : 0n);
      input += g1(pt) + w(s);
      expected = expected.add(pt.multiply(s % Fr.ORDER));
    }
    assert.equal(hex(run(input).output), g1(expected));
  });

  it('fails on empty input, bad length, subgroup and encoding errors', () => {
    const fail = (h, why) => assert.deepEqual(run(h), { ok: false, gasUsed: 10_000_000n, output: new Uint8Array(0) }, why);
    fail('', 'empty');
    fail(G + w(2) + '00', '161 bytes');
    fail((G + w(2)).slice(0, -2), '159 bytes');
    const x = 4n;
    const y = Fp.sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 4n));
    fail(fp(x) + fp(y) + w(1), 'not in subgroup');
    fail(G + w(1) + fp(x) + fp(y) + w(0), 'not in subgroup, zero scalar');
    fail(fp(1) + fp(2) + w(1), 'off curve');
    fail('01' + G.slice(2) + w(1), 'padding byte');
  });

  it('gas: k · 12000 · discount(k) / 1000', () => {
    assert.equal(G1_MSM_DISCOUNT.length, 128);
    const gas = (k) => blsG1MsmGas(new Uint8Array(160 * k));
    assert.equal(gas(1), 12000n);
    assert.equal(gas(2), 22776n); // EIP-2537 bls_g1msm_discount_table_2
    assert.equal(gas(3), 30528n); // bls_g1msm_discount_table_3
    assert.equal(gas(128), (128n * 12000n * 519n) / 1000n);
    assert.equal(gas(200), (200n * 12000n * 519n) / 1000n); // max discount beyond the table
    assert.equal(run(G + w(2), 11999n).ok, false);
    assert.equal(run(G + w(2), 12000n).gasUsed, 12000n);
  });
});
