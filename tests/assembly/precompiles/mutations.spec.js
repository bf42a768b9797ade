// The core's ECRECOVER, ECADD, ECMUL and ECPAIRING against the host's versions on @noble/curves, on valid
// inputs with seeded random damage: bytes flipped or set to 0x00 / 0xff, a word replaced by p, n or
// 2^256 - 1, the input cut short or run long. Each must fail, or succeed with the same output, exactly as
// the reference does.
import assert from 'node:assert/strict';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bn254 } from '@noble/curves/bn254.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { loadTestWasm } from '../../helpers/wasm.js';
import { ecrecover } from '../../../dist/precompiles/01-ecrecover.js';
import { bn254Add } from '../../../dist/precompiles/06-bn254-add.js';
import { bn254Mul } from '../../../dist/precompiles/07-bn254-mul.js';
import { bn254Pairing } from '../../../dist/precompiles/08-bn254-pairing.js';

const OUT = 65536;
const hex = (b) => Buffer.from(b).toString('hex');
const word = (x) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const BN_P = bn254.fields.Fp.ORDER, BN_N = bn254.fields.Fr.ORDER;
const SECP_P = secp256k1.Point.CURVE().p, SECP_N = secp256k1.Point.CURVE().n;
const G1 = bn254.G1.Point, G2 = bn254.G2.Point;
const g1 = (A) => { const a = A.toAffine(); return Buffer.concat([word(a.x), word(a.y)]); };
const g2 = (B) => { const a = B.toAffine(); return Buffer.concat([word(a.x.c1), word(a.x.c0), word(a.y.c1), word(a.y.c0)]); };

let seed = 0x2545F491;
/** A seeded integer in [0, n). */
const rand = (n) => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };

/** `input` with one to three pieces of damage. */
function damage(input, specials) {
  let b = Uint8Array.from(input);
  for (let k = 1 + rand(3); k > 0; k--) {
    const kind = rand(6);
    if (kind === 0 && b.length) b[rand(b.length)] ^= 1 << rand(8);
    else if (kind === 1 && b.length) b[rand(b.length)] = rand(2) ? 0 : 0xff;
    else if (kind === 2 && b.length >= 32) { const at = rand(b.length >> 5) * 32; b.set(word(specials[rand(specials.length)]), at); }
    else if (kind === 3) b = b.subarray(0, rand(b.length + 1));
    else if (kind === 4) b = Buffer.concat([b, new Uint8Array(1 + rand(64))]);
    else if (b.length >= 32) b.fill(0, rand(b.length >> 5) * 32, (rand(b.length >> 5) + 1) * 32);
  }
  return b;
}

describe('assembly/precompiles: the core against noble on damaged inputs', () => {
  let w, base;
  const mem = () => new Uint8Array(w.memory.buffer);
  /** The core's output bytes as hex, or null when the call fails. */
  const core = (fn, input, outLen) => {
    mem().set(input, base);
    mem().fill(0xee, base + OUT, base + OUT + outLen);
    return w[fn](input.length) ? hex(mem().slice(base + OUT, base + OUT + outLen)) : null;
  };
  before(() => { w = loadTestWasm('hashes'); base = w.scratch(); });

  it('ECRECOVER: 400 damaged signatures recover the same key or none', () => {
    let recovered = 0;
    for (let i = 0; i < 400; i++) {
      const sk = keccak_256(Uint8Array.of(3, i, i >> 8)), h = keccak_256(Uint8Array.of(i));
      const sig = secp256k1.sign(h, sk, { prehash: false, format: 'recovered' });
      const input = new Uint8Array(128);
      input.set(h, 0); input[63] = 27 + sig[0]; input.set(sig.subarray(1, 65), 64);
      const bad = damage(input, [SECP_P, SECP_N, SECP_N - 1n, (1n << 256n) - 1n, 27n, 28n]);
      const want = hex(ecrecover(bad));
      const got = core('ecrecover', bad, 32);
      assert.equal(got ?? '', want, `case ${i}: ${hex(bad)}`);
      if (want) recovered++;
    }
    assert.ok(recovered > 40 && recovered < 360, `a mix of recovered (${recovered}) and not`);
  });

  it('ECADD and ECMUL: 300 damaged inputs each fail or agree', () => {
    const outcomes = { add: 0, mul: 0 };
    for (let i = 0; i < 300; i++) {
      const A = G1.BASE.multiply(BigInt(i + 2)), B = G1.BASE.multiply(BigInt(3 * i + 5));
      const specials = [BN_P, BN_P - 1n, BN_N, (1n << 256n) - 1n, 0n, 1n, 2n];
      const add = damage(Buffer.concat([g1(A), g1(B)]), specials);
      const wantAdd = bn254Add(add);
      assert.equal(core('ecadd', add, 64), wantAdd === null ? null : hex(wantAdd), `ECADD case ${i}: ${hex(add)}`);
      const mul = damage(Buffer.concat([g1(A), word(BigInt(i) * 0x1234567890abcdefn + 1n)]), specials);
      const wantMul = bn254Mul(mul);
      assert.equal(core('ecmul', mul, 64), wantMul === null ? null : hex(wantMul), `ECMUL case ${i}: ${hex(mul)}`);
      if (wantAdd !== null) outcomes.add++;
      if (wantMul !== null) outcomes.mul++;
    }
    assert.ok(outcomes.add > 20 && outcomes.add < 280 && outcomes.mul > 20 && outcomes.mul < 280, `a mix of successes and failures: ${JSON.stringify(outcomes)}`);
  });

  it('ECPAIRING: 60 damaged two-pair inputs fail or agree', () => {
    let succeeded = 0;
    for (let i = 0; i < 60; i++) {
      const a = BigInt(i + 2), b = BigInt(2 * i + 3);
      const input = Buffer.concat([g1(G1.BASE.multiply(a)), g2(G2.BASE.multiply(b)), g1(G1.BASE.multiply(a * b).negate()), g2(G2.BASE)]);
      const bad = damage(input, [BN_P, BN_P - 1n, (1n << 256n) - 1n, 0n, 1n]);
      const want = bn254Pairing(bad);
      assert.equal(core('ecpairing', bad, 32), want === null ? null : hex(want), `case ${i}: ${hex(bad)}`);
      if (want !== null) succeeded++;
    }
    assert.ok(succeeded > 3 && succeeded < 57, `a mix of successes (${succeeded}) and failures`);
  });
});
