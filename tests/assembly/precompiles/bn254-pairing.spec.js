// assembly/precompiles/bn254-pairing.ts: ECPAIRING in the core, against the host's version on @noble/curves
// (src/precompiles/08-): products that are one and products that are not, batches longer than the core's
// (8 pairs share a Miller loop), G2 points whose lines were kept from earlier calls, points at infinity, and
// every input that must fail the call, including twist points outside the order-r subgroup.
import assert from 'node:assert/strict';
import { bn254 } from '@noble/curves/bn254.js';
import { loadTestWasm } from '../../helpers/wasm.js';
import { bn254Pairing } from '../../../dist/precompiles/08-bn254-pairing.js';

const OUT = 65536;
const G1 = bn254.G1.Point, G2 = bn254.G2.Point, Fp2 = bn254.fields.Fp2;
const TWIST_B = G2.CURVE().b;
const ORDER = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const word = (x) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const g1 = (A) => { if (A.equals(G1.ZERO)) return new Uint8Array(64); const a = A.toAffine(); return Buffer.concat([word(a.x), word(a.y)]); };
/** A twist point as EIP-197 encodes it: x's imaginary part, x's real part, then y's. */
const g2raw = (x, y) => Buffer.concat([word(x.c1), word(x.c0), word(y.c1), word(y.c0)]);
const g2 = (B) => { if (B.equals(G2.ZERO)) return new Uint8Array(128); const a = B.toAffine(); return g2raw(a.x, a.y); };
const pair = (a, b) => Buffer.concat([g1(G1.BASE.multiply(a)), g2(G2.BASE.multiply(b))]);
const negPair = (a, b) => Buffer.concat([a === 0n ? new Uint8Array(64) : g1(G1.BASE.multiply(a).negate()), g2(G2.BASE.multiply(b))]);

describe('assembly/precompiles/bn254-pairing: ECPAIRING in the core', () => {
  let w, base;
  const mem = () => new Uint8Array(w.memory.buffer);
  /** The core's answer: 0 or 1, or null when the call fails. */
  const core = (input) => {
    mem().set(input, base);
    mem().fill(0xee, base + OUT, base + OUT + 32);
    if (!w.ecpairing(input.length)) return null;
    const out = mem().slice(base + OUT, base + OUT + 32);
    assert.ok(out.subarray(0, 31).every((b) => b === 0), 'the output is a 32-byte word');
    return out[31];
  };
  const agree = (input, what) => {
    const want = bn254Pairing(input);
    const got = core(input);
    assert.equal(got, want === null ? null : want[31], what);
    return got;
  };
  let seed = 11n;
  const random = () => { seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 256n); return seed % (ORDER - 1n) + 1n; };
  /** A point of the twist outside G2: a random x with x^3 + b' a square (G2 is a 1/p-th of the twist's points). */
  const offSubgroup = () => {
    for (;;) {
      const x = Fp2.create({ c0: random() % P, c1: random() % P });
      const y2 = Fp2.add(Fp2.mul(Fp2.sqr(x), x), TWIST_B);
      let y;
      try { y = Fp2.sqrt(y2); } catch { continue; }
      if (y === undefined || !Fp2.eql(Fp2.sqr(y), y2)) continue;
      return { x, y };
    }
  };
  before(() => { w = loadTestWasm('hashes'); base = w.scratch(); });

  it('finds e(aP, bQ) e(-abP, Q) = 1 and e(aP, bQ) e(-(ab+1)P, Q) ≠ 1 for 12 random pairs of scalars', () => {
    for (let i = 0; i < 12; i++) {
      const a = random(), b = random();
      assert.equal(agree(Buffer.concat([pair(a, b), negPair(a * b % ORDER, 1n)]), `one ${i}`), 1);
      assert.equal(agree(Buffer.concat([pair(a, b), negPair((a * b + 1n) % ORDER, 1n)]), `not one ${i}`), 0);
    }
  });

  it('multiplies across batches: 1, 7, 8, 9, 17 pairs whose product is one, and one changed pair', () => {
    for (const n of [1, 7, 8, 9, 17]) {
      const parts = []; let sum = 0n;
      for (let i = 0; i < n - 1; i++) { const a = random(), b = random(); parts.push(pair(a, b)); sum = (sum + a * b) % ORDER; }
      parts.push(negPair(sum, 1n));
      assert.equal(agree(Buffer.concat(parts), `${n} pairs`), 1);
      parts[0] = pair(2n, 3n);
      assert.equal(agree(Buffer.concat(parts), `${n} pairs, the first changed`), 0);
    }
  });

  it('keeps the lines of the G2 points it saw (16 slots): 20 calls over 20 points, kept and new mixed, 9 pairs a call', () => {
    const b = Array.from({ length: 20 }, () => random());
    for (let call = 0; call < 20; call++) {
      const parts = []; let sum = 0n;
      for (let i = 0; i < 8; i++) { const a = random(), j = (call * 3 + i * 7) % 20; parts.push(pair(a, b[j])); sum = (sum + a * b[j]) % ORDER; }
      parts.push(negPair(sum, 1n));
      assert.equal(agree(Buffer.concat(parts), `call ${call}`), 1);
      parts[call % 9] = pair(5n, b[call % 20]);
      assert.equal(agree(Buffer.concat(parts), `call ${call}, a pair changed`), 0);
    }
    // Q and -Q share their x: e(aP, bQ) e(aP, -bQ) = 1 after both were kept
    const Q = G2.BASE.multiply(b[0]);
    for (let i = 0; i < 2; i++) assert.equal(agree(Buffer.concat([g1(G1.BASE.multiply(3n)), g2(Q), g1(G1.BASE.multiply(3n)), g2(Q.negate())]), `±Q ${i}`), 1);
    assert.equal(agree(Buffer.concat([g1(G1.BASE.multiply(3n)), g2(Q), g1(G1.BASE.multiply(4n)), g2(Q.negate())]), '±Q, other multiples'), 0);
  });

  it('does not give a point the slot of one that a pair of the same batch uses', () => {
    // 16 new points fill the slots in turn, so the next new one would take the first one's slot
    const c = Array.from({ length: 16 }, () => random());
    agree(Buffer.concat(c.map((ci) => pair(3n, ci))), '16 new points');
    const a = random(), b = random(), d = random();
    const parts = [pair(a, c[0]), pair(b, d), negPair((a * c[0] + b * d) % ORDER, 1n)];
    assert.equal(agree(Buffer.concat(parts), 'the first kept point, then a new one'), 1);
  });

  it('does not keep a point it refused: the same twist point outside G2 fails every time', () => {
    const { x, y } = offSubgroup();
    for (let i = 0; i < 3; i++) assert.equal(agree(Buffer.concat([g1(G1.BASE), g2raw(x, y)]), `call ${i}`), null);
  });

  it('treats a pair with a point at infinity as one, and no input as one', () => {
    const inf1 = new Uint8Array(64), inf2 = new Uint8Array(128);
    assert.equal(agree(new Uint8Array(0), 'no input'), 1);
    assert.equal(agree(Buffer.concat([inf1, g2(G2.BASE)]), '(∞, Q)'), 1);
    assert.equal(agree(Buffer.concat([g1(G1.BASE), inf2]), '(P, ∞)'), 1);
    assert.equal(agree(Buffer.concat([inf1, inf2]), '(∞, ∞)'), 1);
    assert.equal(agree(Buffer.concat([inf1, inf2, pair(5n, 7n), negPair(35n, 1n)]), '(∞, ∞) then a product of one'), 1);
    assert.equal(agree(Buffer.concat([pair(5n, 7n), g1(G1.BASE), inf2]), 'e(5P, 7Q) (P, ∞)'), 0);
  });

  it('fails for a length not a multiple of 192, a coordinate not below p, a point off its curve', () => {
    const good = pair(3n, 4n);
    for (const len of [1, 64, 191, 193, 383]) assert.equal(agree(Buffer.concat([good, good]).subarray(0, len), `length ${len}`), null);
    for (let k = 0; k < 6; k++) {
      const bad = Buffer.from(good);
      bad.set(word(P), k * 32);
      assert.equal(agree(bad, `coordinate ${k} = p`), null);
      bad.set(word((1n << 256n) - 1n), k * 32);
      assert.equal(agree(bad, `coordinate ${k} = 2^256 - 1`), null);
    }
    const offCurve = Buffer.from(good); offCurve.set(word(1n), 0); offCurve.set(word(3n), 32);
    assert.equal(agree(offCurve, 'G1 off the curve'), null);
    const offTwist = Buffer.from(good); offTwist[191] ^= 1;
    assert.equal(agree(offTwist, 'G2 off the twist'), null);
    const infinityY = Buffer.from(good); infinityY.fill(0, 64, 128);
    assert.equal(agree(infinityY, 'G2 with x = 0 and y ≠ 0 (not on the twist)'), null);
  });

  it('fails for 20 twist points outside the order-r subgroup, alone and beside a valid pair', () => {
    for (let i = 0; i < 20; i++) {
      const { x, y } = offSubgroup();
      const q = g2raw(x, y);
      assert.equal(agree(Buffer.concat([g1(G1.BASE), q]), `off the subgroup ${i}`), null);
      assert.equal(agree(Buffer.concat([pair(2n, 9n), new Uint8Array(64), q]), `off the subgroup beside (∞, Q') ${i}`), null);
    }
  });
});
