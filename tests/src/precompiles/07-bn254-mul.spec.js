import assert from 'node:assert/strict';
import { bn254 } from '@noble/curves/bn254.js';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';

const hex = (b) => Buffer.from(b).toString('hex');
const bytes = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const w = (n) => BigInt(n).toString(16).padStart(64, '0');
const P = bn254.fields.Fp.ORDER;
const N = bn254.fields.Fr.ORDER;
const G = w(1) + w(2);
const ZERO = '00'.repeat(64);
const enc = (pt) => (pt.is0() ? ZERO : w(pt.toAffine().x) + w(pt.toAffine().y));
const run = (h, fork = Fork.Istanbul, gas = 100000n) => runPrecompile(7, bytes(h), gas, fork);
const base = bn254.G1.Point.BASE;

describe('precompile 0x07 ECMUL (alt_bn128)', () => {
  it('multiplies by any 256-bit scalar', () => {
    assert.equal(hex(run(G + w(2)).output), enc(base.multiply(2n)));
    assert.equal(hex(run(G + w(1)).output), G);
    assert.equal(hex(run(G + w(0)).output), ZERO);
    assert.equal(hex(run(G + w(N)).output), ZERO);
    assert.equal(hex(run(G + w(N + 1n)).output), G);
    const big = 2n ** 256n - 1n;
    assert.equal(hex(run(G + w(big)).output), enc(base.multiply(big % N)));
    const k = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000n; // n - 1
    assert.equal(hex(run(G + w(k)).output), w(1) + w(P - 2n));
    assert.equal(hex(run(ZERO + w(5)).output), ZERO);
  });

  it('pads short input: missing scalar bytes are zeros', () => {
    assert.equal(hex(run(G).output), ZERO);
    assert.equal(hex(run(G + '02').output), enc(base.multiply(2n << 248n)));
    assert.equal(hex(run(G + w(3) + 'ff').output), enc(base.multiply(3n)));
  });

  it('fails on an invalid point', () => {
    assert.equal(run(w(1) + w(3) + w(1)).ok, false);
    assert.equal(run(w(P + 1n) + w(2) + w(1)).ok, false);
    assert.equal(run(w(1) + w(3) + w(0)).ok, false, 'even with a zero scalar');
  });

  it('gas: 40000 before Istanbul, 6000 from Istanbul (EIP-1108)', () => {
    assert.equal(run(G + w(2), Fork.Byzantium).gasUsed, 40000n);
    assert.equal(run(G + w(2), Fork.Istanbul).gasUsed, 6000n);
    assert.equal(run(G + w(2), Fork.Byzantium, 39999n).ok, false);
    assert.equal(run(G + w(2), Fork.Istanbul, 5999n).ok, false);
  });
});
