// assembly/precompiles/bls12-field.ts: the BLS12-381 base field in the core (6 limbs, Montgomery form), through
// the test entry assembly/testing/bls12.ts, against BigInt arithmetic mod p: edge values (0, 1, p - 1, words
// around 2^64k), seeded pseudo-random values, results written over an argument, the big-endian encoding
// (values not below p rejected), inverses, square roots of squares and non-squares, and the sign rule.
import assert from 'node:assert/strict';
import { loadTestWasm } from '../../helpers/wasm.js';

const P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;
const R = 1n << 384n;
const MASK64 = (1n << 64n) - 1n;
const mod = (x) => ((x % P) + P) % P;
const pow = (b, e) => { let r = 1n; b = mod(b); for (; e > 0n; e >>= 1n) { if (e & 1n) r = r * b % P; b = b * b % P; } return r; };
const inv = (x) => pow(x, P - 2n);
const RINV = inv(R % P);
const mont = (x) => mod(x) * R % P;
const plain = (m) => m * RINV % P;
const hex = (x) => x.toString(16);

/** Edge values: 0, 1, 2, p - 1, p - 2, (p ± 1) / 2, and words around the 64-bit limb boundaries. */
const EDGES = [0n, 1n, 2n, 3n, P - 1n, P - 2n, (P - 1n) / 2n, (P + 1n) / 2n, R % P, (R * R) % P];
for (let k = 64n; k < 384n; k += 64n) EDGES.push(mod((1n << k) - 1n), mod(1n << k), mod((1n << k) + 1n));
EDGES.push((1n << 380n) - 1n, 1n << 380n, MASK64 * (P / MASK64 / 2n));
// and elements whose Montgomery form (the limbs the code sees) is an edge: small, all-ones words, p - 1
for (const m of [1n, 2n, MASK64, 1n << 64n, (1n << 128n) - 1n, (1n << 192n) - 1n, (1n << 256n) - 1n, (1n << 320n) - 1n,
  1n << 320n, (1n << 320n) + MASK64, P - 1n, P - 2n, P - (1n << 64n), (P >> 64n) << 64n]) EDGES.push(plain(m));

describe('assembly/precompiles/bls12-field: BLS12-381 Fp in the core', () => {
  let w, base;
  // scratch layout: elements at A, B, C (48 bytes each), bytes and exponents further on
  const A = 0, B = 48, C = 96, BYTES = 256, EXP = 512;
  const view = () => new DataView(w.memory.buffer);
  const at = (off) => base + off;
  const putRaw = (off, x) => { for (let i = 0; i < 6; i++) view().setBigUint64(at(off) + 8 * i, (x >> BigInt(64 * i)) & MASK64, true); };
  const getRaw = (off) => { let x = 0n; for (let i = 5; i >= 0; i--) x = (x << 64n) | view().getBigUint64(at(off) + 8 * i, true); return x; };
  const rawAt = (ptr) => { let x = 0n; for (let i = 5; i >= 0; i--) x = (x << 64n) | view().getBigUint64(ptr + 8 * i, true); return x; };
  /** An element x (plain value) stored in Montgomery form; the plain value of the element stored. */
  const put = (off, x) => putRaw(off, mont(x));
  const get = (off) => { const m = getRaw(off); assert.ok(m < P, `not reduced: ${hex(m)}`); return plain(m); };
  const putBytes = (off, x, len = 48) => { const b = Buffer.from(x.toString(16).padStart(2 * len, '0'), 'hex'); new Uint8Array(w.memory.buffer).set(b, at(off)); };
  const getBytes = (off, len = 48) => BigInt('0x' + Buffer.from(new Uint8Array(w.memory.buffer, at(off), len)).toString('hex'));

  let seed = 0x2537n;
  const next64 = () => { seed = (seed * 6364136223846793005n + 1442695040888963407n) & MASK64; return seed; };
  const random = () => { let x = 0n; for (let i = 0; i < 6; i++) x = (x << 64n) | next64(); return x % P; };
  const RANDOM = [];
  before(() => {
    w = loadTestWasm('bls12'); base = w.scratch();
    for (let i = 0; i < 300; i++) RANDOM.push(random());
    // and values just below p and just above 0 with random low words
    for (let i = 0; i < 20; i++) { RANDOM.push(P - 1n - (next64() & 0xffffn)); RANDOM.push(next64()); }
  });

  const OPS = { fpAdd: (x, y) => mod(x + y), fpSub: (x, y) => mod(x - y), fpMul: (x, y) => x * y % P };
  /** Runs a binary operation on (x, y) with the result in C, over x (r == a), over y (r == b), and on (x, x) over x. */
  const binary = (fn, x, y, what) => {
    const want = OPS[fn](x, y);
    put(A, x); put(B, y); w[fn](at(A), at(B), at(C));
    assert.equal(hex(get(C)), hex(want), `${what}: ${fn}(${hex(x)}, ${hex(y)})`);
    w[fn](at(A), at(B), at(A));
    assert.equal(hex(get(A)), hex(want), `${what}: ${fn} with r == a`);
    put(A, x); w[fn](at(A), at(B), at(B));
    assert.equal(hex(get(B)), hex(want), `${what}: ${fn} with r == b`);
    put(B, x); w[fn](at(B), at(B), at(B));
    assert.equal(hex(get(B)), hex(OPS[fn](x, x)), `${what}: ${fn} with a == b == r`);
  };
  /** Runs a unary operation on x, with the result in C and over x. */
  const unary = (fn, x, want, what) => {
    put(A, x); w[fn](at(A), at(C));
    assert.equal(hex(get(C)), hex(want), `${what}: ${fn}(${hex(x)})`);
    w[fn](at(A), at(A));
    assert.equal(hex(get(A)), hex(want), `${what}: ${fn} with r == a`);
  };

  it('holds p, R, R^2 and -p^-1 mod 2^64 as worked out here', () => {
    assert.equal(hex(rawAt(w.blsP())), hex(P));
    assert.equal(hex(rawAt(w.blsOne())), hex(R % P));
    assert.equal(hex(rawAt(w.blsR2())), hex(R * R % P));
    const minv = BigInt.asUintN(64, w.blsMinv());
    assert.equal((minv * P + 1n) & MASK64, 0n, 'p * minv = -1 mod 2^64');
  });

  it('adds, subtracts, doubles and negates edge values and random ones, into a third place and over an argument', () => {
    const pairs = [];
    for (const x of EDGES) for (const y of EDGES) pairs.push([x, y, 'edge']);
    for (let i = 0; i + 1 < RANDOM.length; i++) pairs.push([RANDOM[i], RANDOM[i + 1], `random ${i}`]);
    // pairs whose Montgomery forms share their top words (borrows that run through them)
    for (const x of RANDOM.slice(0, 50)) {
      const m = mont(x);
      for (const d of [1n, 1n << 64n, 1n << 256n]) if (m + d < P) pairs.push([x, plain(m + d), 'close'], [plain(m + d), x, 'close']);
    }
    for (const [x, y, what] of pairs) {
      binary('fpAdd', x, y, what);
      binary('fpSub', x, y, what);
    }
    for (const x of [...EDGES, ...RANDOM]) {
      unary('fpNeg', x, mod(-x), 'neg');
      unary('fpDouble', x, mod(2n * x), 'double');
    }
    put(A, 0n); w.fpNeg(at(A), at(C));
    assert.equal(getRaw(C), 0n, '-0 is 0, not p');
  });

  it('multiplies and squares edge values and random ones, into a third place and over an argument', () => {
    for (const x of EDGES) for (const y of EDGES) binary('fpMul', x, y, 'edge');
    for (let i = 0; i + 1 < RANDOM.length; i++) binary('fpMul', RANDOM[i], RANDOM[i + 1], `random ${i}`);
    for (const x of [...EDGES, ...RANDOM]) unary('fpSqr', x, x * x % P, 'sqr');
    // a chain: x * y^n, and x^(2^n)
    const [x, y] = [RANDOM[0], RANDOM[1]];
    put(A, x); put(B, y); w.fpMulRepeat(at(A), at(B), 1000);
    assert.equal(hex(get(A)), hex(x * pow(y, 1000n) % P), 'x * y^1000');
    put(A, x); w.fpSqrRepeat(at(A), 500);
    assert.equal(hex(get(A)), hex(pow(x, 1n << 500n)), 'x^(2^500)');
    put(A, x); w.fpSqrMulRepeat(at(A), at(B), 100);
    let want = x; for (let i = 0; i < 100; i++) want = want * want % P * y % P;
    assert.equal(hex(get(A)), hex(want), '(x^2 y) 100 times');
  });

  it('tells zero and equal elements, and copies', () => {
    for (const x of [...EDGES, ...RANDOM.slice(0, 50)]) {
      put(A, x);
      assert.equal(w.fpIsZero(at(A)), x === 0n ? 1 : 0, `isZero ${hex(x)}`);
      put(B, x);
      assert.equal(w.fpEqual(at(A), at(B)), 1, `equal ${hex(x)}`);
      for (const d of [1n, 1n << 64n, 1n << 320n]) {
        put(B, x + d);
        assert.equal(w.fpEqual(at(A), at(B)), 0, `not equal ${hex(x)} + ${hex(d)}`);
      }
      w.fpCopy(at(A), at(C));
      assert.equal(getRaw(C), getRaw(A), 'copy');
    }
  });

  it('enters and leaves Montgomery form', () => {
    for (const x of [...EDGES, ...RANDOM.slice(0, 100)]) {
      putRaw(A, x); w.fpToMont(at(A), at(C));
      assert.equal(hex(getRaw(C)), hex(mont(x)), `toMont ${hex(x)}`);
      w.fpFromMont(at(C), at(C));
      assert.equal(hex(getRaw(C)), hex(x), `fromMont ${hex(x)}`);
      putRaw(A, mont(x)); w.fpFromMont(at(A), at(A));
      assert.equal(hex(getRaw(A)), hex(x), `fromMont ${hex(x)} with r == a`);
    }
  });

  it('reads 48 big-endian bytes below p (anywhere, unaligned too) and refuses p and above', () => {
    for (const [i, x] of [...EDGES, ...RANDOM.slice(0, 100)].entries()) {
      const off = BYTES + (i % 8); // unaligned as well
      putBytes(off, x);
      putRaw(C, 0n);
      assert.equal(w.fpReadBigEndian(at(off), at(C)), 1, `read ${hex(x)}`);
      assert.equal(hex(get(C)), hex(x), `read ${hex(x)}`);
    }
    for (const x of [P, P + 1n, P + (1n << 64n), (1n << 381n) - 1n, 1n << 381n, (1n << 383n) + 5n, R - 1n, 2n * P]) {
      putBytes(BYTES + 3, x);
      put(C, 12345n);
      assert.equal(w.fpReadBigEndian(at(BYTES + 3), at(C)), 0, `refuses ${hex(x)}`);
      assert.equal(get(C), 12345n, 'leaves r alone when refusing');
    }
  });

  it('writes 48 big-endian bytes of the plain value (anywhere, over the element too)', () => {
    for (const [i, x] of [...EDGES, ...RANDOM.slice(0, 100)].entries()) {
      const off = BYTES + (i % 8);
      put(A, x);
      new Uint8Array(w.memory.buffer).fill(0xee, at(BYTES), at(BYTES + 64));
      w.fpWriteBigEndian(at(A), at(off));
      assert.equal(hex(getBytes(off)), hex(x), `write ${hex(x)}`);
      assert.equal(new Uint8Array(w.memory.buffer)[at(off + 48)], 0xee, 'writes 48 bytes, no more');
      w.fpWriteBigEndian(at(A), at(A));
      assert.equal(hex(getBytes(A)), hex(x), `write ${hex(x)} over itself`);
    }
  });

  it('inverts edge values and random ones (1/0 = 0), over the argument too', () => {
    for (const x of [...EDGES, ...RANDOM]) {
      const want = x === 0n ? 0n : inv(x);
      unary('fpInv', x, want, 'inverse');
      if (x !== 0n) {
        put(A, x); w.fpInv(at(A), at(B)); w.fpMul(at(A), at(B), at(C));
        assert.equal(get(C), 1n, `x / x = 1 for ${hex(x)}`);
      }
    }
    for (let k = 0n; k < 384n; k += 7n) unary('fpInv', mod(1n << k), inv(mod(1n << k)), `inverse of 2^${k}`);
    put(A, RANDOM[5]); w.fpInvRepeat(at(A), at(C), 3);
    assert.equal(hex(get(C)), hex(inv(RANDOM[5])), 'inverse, repeated');
  });

  it('takes square roots of squares, and says which values are not squares', () => {
    const isSquare = (x) => x === 0n || pow(x, (P - 1n) / 2n) === 1n;
    let squares = 0, nonSquares = 0;
    const check = (x, what) => {
      const square = isSquare(x);
      put(A, x); putRaw(C, 0n);
      const got = w.fpSqrt(at(A), at(C));
      assert.equal(got, square ? 1 : 0, `${what}: is ${hex(x)} a square`);
      const root = get(C);
      if (square) { squares++; assert.equal(root * root % P, x, `${what}: root of ${hex(x)}`); }
      else { nonSquares++; assert.equal(root * root % P, mod(-x), `${what}: a^((p+1)/4) squared is -a for a non-square`); }
      put(A, x);
      assert.equal(w.fpSqrt(at(A), at(A)), got, `${what}: with r == a`);
      assert.equal(get(A), root, `${what}: root with r == a`);
    };
    for (const x of EDGES) check(x, 'edge');
    for (const x of RANDOM.slice(0, 150)) { check(x, 'random'); check(x * x % P, 'random square'); }
    check(P - 1n, '-1 (p = 3 mod 4)');
    assert.ok(squares > 150 && nonSquares > 50, `${squares} squares, ${nonSquares} non-squares`);
    put(A, 4n); assert.equal(w.fpSqrtRepeat(at(A), at(C), 3), 3, 'sqrt repeated');
  });

  it('raises to exponents of any length (limbs in memory)', () => {
    const putExp = (e) => { for (let i = 0; i < 8; i++) view().setBigUint64(at(EXP) + 8 * i, (e >> BigInt(64 * i)) & MASK64, true); };
    const cases = [[0n, 0], [0n, 10], [1n, 1], [2n, 2], [31n, 5], [32n, 6], [0xffffn, 16], [P - 2n, 381], [(P + 1n) / 4n, 379], [(1n << 512n) - 1n, 512]];
    for (let i = 0; i < 40; i++) { const e = (next64() << 64n) | next64(); cases.push([e, 128], [e >> 70n, 58], [e & 0xfn, 4]); }
    for (const [i, [e, nbits]] of cases.entries()) {
      const x = RANDOM[i];
      putExp(e); put(A, x);
      w.fpPow(at(A), at(EXP), nbits, at(C));
      assert.equal(hex(get(C)), hex(pow(x, e)), `${hex(x)}^${hex(e)} (${nbits} bits)`);
      w.fpPow(at(A), at(EXP), nbits, at(A));
      assert.equal(hex(get(A)), hex(pow(x, e)), `^${hex(e)} with r == a`);
    }
    putExp(5n); put(A, 0n); w.fpPow(at(A), at(EXP), 3, at(C));
    assert.equal(get(C), 0n, '0^5');
  });

  it('tells the lexicographically larger of y and p - y (the ZCash sign rule)', () => {
    const half = (P - 1n) / 2n;
    for (const y of [...EDGES, ...RANDOM, half - 1n, half, half + 1n]) {
      put(A, y);
      assert.equal(w.fpIsLexLargest(at(A)), y > half ? 1 : 0, `sign of ${hex(y)}`);
      if (y !== 0n) { put(A, P - y); assert.equal(w.fpIsLexLargest(at(A)), y > half ? 0 : 1, `sign of p - ${hex(y)}`); }
    }
  });
});
