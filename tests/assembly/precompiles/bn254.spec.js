// assembly/precompiles/bn254.ts: ECADD and ECMUL in the core (on weierstrass.ts, Montgomery form), against
// the host's versions on @noble/curves (src/precompiles/06-, 07-): sums, doublings, opposite points and the
// point at infinity, scalars around the group order, and every input that must fail the call.
import assert from 'node:assert/strict';
import { bn254 } from '@noble/curves/bn254.js';
import { loadTestWasm } from '../../helpers/wasm.js';
import { bn254Add } from '../../../dist/precompiles/06-bn254-add.js';
import { bn254Mul } from '../../../dist/precompiles/07-bn254-mul.js';

const OUT = 65536;
const G1 = bn254.G1.Point;
const ORDER = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const hex = (b) => Buffer.from(b).toString('hex');
const word = (x) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const point = (Q) => { if (Q.equals(G1.ZERO)) return new Uint8Array(64); const a = Q.toAffine(); return Buffer.concat([word(a.x), word(a.y)]); };
const INFINITY = new Uint8Array(64);

describe('assembly/precompiles/bn254: ECADD and ECMUL in the core', () => {
  let w, base;
  const mem = () => new Uint8Array(w.memory.buffer);
  /** The core's answer: 64 output bytes as hex, or null when the call fails. */
  const core = (fn, input) => {
    mem().set(input, base);
    mem().fill(0xee, base + OUT, base + OUT + 64);
    return w[fn](input.length) ? hex(mem().slice(base + OUT, base + OUT + 64)) : null;
  };
  const agree = (fn, input, what) => {
    const want = (fn === 'ecadd' ? bn254Add : bn254Mul)(input);
    const got = core(fn, input);
    assert.equal(got, want === null ? null : hex(want), what);
    return got;
  };
  let seed = 7n;
  const random = () => { seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 256n); return seed; };
  before(() => { w = loadTestWasm('hashes'); base = w.scratch(); });

  it('adds 60 pairs of points, a point to itself, to its negation and to infinity, as the reference does', () => {
    for (let i = 0; i < 60; i++) {
      const A = G1.BASE.multiply(random() % (ORDER - 1n) + 1n), B = G1.BASE.multiply(BigInt(i + 1));
      assert.equal(agree('ecadd', Buffer.concat([point(A), point(B)]), `A + B ${i}`).length, 128);
      agree('ecadd', Buffer.concat([point(A), point(A)]), `A + A ${i}`);
      assert.equal(agree('ecadd', Buffer.concat([point(A), point(A.negate())]), `A - A ${i}`), hex(INFINITY));
      assert.equal(agree('ecadd', Buffer.concat([INFINITY, point(A)]), `0 + A ${i}`), hex(point(A)));
    }
    assert.equal(agree('ecadd', new Uint8Array(0), 'no input: 0 + 0'), hex(INFINITY));
  });

  it('multiplies by 60 random scalars, scalars around the group order and around λ, and small ones, as the reference does', () => {
    const A = G1.BASE.multiply(12345n);
    for (let i = 0; i < 60; i++) agree('ecmul', Buffer.concat([point(A), word(random())]), `A * random ${i}`);
    for (const s of [0n, 1n, 2n, ORDER - 1n, ORDER, ORDER + 1n, (1n << 256n) - 1n]) agree('ecmul', Buffer.concat([point(A), word(s)]), `A * ${s}`);
    // around the endomorphism's λ, where the scalar's halves (glv.ts) are 0, 1 or negative, and small scalars
    const LAMBDA = 0x30644e72e131a029048b6e193fd84104cc37a73fec2bc5e9b8ca0b2d36636f23n;
    for (const s of [LAMBDA, LAMBDA + 1n, LAMBDA - 1n, ORDER - LAMBDA, LAMBDA * 2n % ORDER, 1n << 127n, (1n << 128n) - 1n, 1n << 253n])
      agree('ecmul', Buffer.concat([point(A), word(s)]), `A * ${s}`);
    for (let s = 3n; s < 40n; s++) agree('ecmul', Buffer.concat([point(G1.BASE), word(s)]), `G * ${s}`);
    assert.equal(agree('ecmul', Buffer.concat([INFINITY, word(5n)]), '0 * 5'), hex(INFINITY));
    assert.equal(agree('ecmul', Buffer.concat([point(A), word(ORDER)]), 'A * order'), hex(INFINITY));
  });

  it('fails for a point off the curve or a coordinate not below p, and reads short inputs as zero-padded', () => {
    const A = point(G1.BASE.multiply(99n));
    assert.equal(agree('ecadd', Buffer.concat([word(1n), word(3n), A]), 'off the curve'), null);
    assert.equal(agree('ecadd', Buffer.concat([A, word(P), word(2n)]), 'x = p'), null);
    assert.equal(agree('ecmul', Buffer.concat([word(1n), word(2n + P), word(3n)]), 'y = p + 2'), null);
    assert.equal(agree('ecmul', Buffer.concat([word(0n), word(1n), word(3n)]), '(0, 1)'), null);
    assert.equal(agree('ecadd', A.subarray(0, 40), 'short: (x, 0) off the curve'), null);
    assert.equal(agree('ecmul', Buffer.concat([word(1n), word(2n)]), 'G, no scalar: G * 0'), hex(INFINITY));
    const long = Buffer.concat([word(1n), word(2n), word(2n), new Uint8Array(50).fill(0xab)]);
    assert.equal(core('ecmul', long), core('ecmul', long.subarray(0, 96)), 'bytes past 96 are ignored');
  });
});
