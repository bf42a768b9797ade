import assert from 'node:assert/strict';
import { bn254 } from '@noble/curves/bn254.js';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';

const hex = (b) => Buffer.from(b).toString('hex');
const bytes = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const w = (n) => BigInt(n).toString(16).padStart(64, '0');
const P = bn254.fields.Fp.ORDER;
const G = w(1) + w(2);
const G2x = '030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3';
const G2y = '15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4';
const NEG_G = w(1) + w(P - 2n);
const ZERO = '00'.repeat(64);
const run = (h, fork = Fork.Istanbul, gas = 1000n) => runPrecompile(6, bytes(h), gas, fork);

describe('precompile 0x06 ECADD (alt_bn128)', () => {
  it('adds points (EIP-196 encoding)', () => {
    assert.equal(hex(run(G + G).output), G2x + G2y);
    assert.equal(hex(run(G + NEG_G).output), ZERO);
    assert.equal(hex(run(G + ZERO).output), G);
    assert.equal(hex(run(ZERO + G).output), G);
    assert.equal(hex(run(ZERO + ZERO).output), ZERO);
    // 2G + G = 3G
    const three = bn254.G1.Point.BASE.multiply(3n).toAffine();
    assert.equal(hex(run(G2x + G2y + G).output), w(three.x) + w(three.y));
  });

  it('pads short input with zeros and ignores extra bytes', () => {
    assert.equal(hex(run('').output), ZERO);
    assert.equal(hex(run(G).output), G);
    assert.equal(hex(run(G + G + 'ffff').output), G2x + G2y);
  });

  it('fails on coordinates >= p or points off the curve', () => {
    for (const bad of [w(1) + w(3), w(P) + w(2), w(1) + w(P + 2n), w(0) + w(1), w(1) + w(0)]) {
      assert.deepEqual(run(bad + G), { ok: false, gasUsed: 1000n, output: new Uint8Array(0) }, bad);
      assert.equal(run(G + bad).ok, false, bad);
    }
  });

  it('gas: 500 before Istanbul, 150 from Istanbul (EIP-1108)', () => {
    assert.equal(run(G + G, Fork.Byzantium).gasUsed, 500n);
    assert.equal(run(G + G, Fork.Petersburg).gasUsed, 500n);
    assert.equal(run(G + G, Fork.Istanbul).gasUsed, 150n);
    assert.equal(run(G + G, Fork.Osaka).gasUsed, 150n);
    assert.equal(run(G + G, Fork.Petersburg, 499n).ok, false);
    assert.equal(run(G + G, Fork.Istanbul, 149n).ok, false);
  });
});
