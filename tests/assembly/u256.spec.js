// Differential tests of assembly/u256.ts (via the test entry assembly/testing/u256.ts) against
// BigInt reference implementations of the EVM opcodes (Yellow Paper, EIP-145, EIP-7939).
import assert from 'node:assert/strict';
import { loadTestWasm } from '../helpers/wasm.js';

const N = 10_000; // random cases per operation (on top of the exhaustive edge-value cases)

const M = 1n << 256n;
const MASK = M - 1n;
const B64 = 1n << 64n;
const M64 = B64 - 1n;
const SIGN = 1n << 255n;
const u256 = (x) => BigInt.asUintN(256, x);
const toS = (x) => BigInt.asIntN(256, x);
const bitLen = (x) => (x === 0n ? 0 : x.toString(2).length);
const hex = (x) => '0x' + x.toString(16);

// ---- deterministic PRNG: xoshiro128** seeded by splitmix32 -----------------------------------
function makeRng(seed) {
  let z = seed >>> 0;
  const sm = () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z ^ (z >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
  let a = sm(), b = sm(), c = sm(), d = sm();
  const u32 = () => {
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = (d << 11) | (d >>> 21);
    return r;
  };
  const int = (n) => Math.floor((u32() / 4294967296) * n); // 0 <= int(n) < n
  const bits = (nbits) => { // uniform in [0, 2^nbits)
    if (nbits <= 0) return 0n;
    let s = '';
    for (let i = 0; i < Math.ceil(nbits / 32); i++) s += u32().toString(16).padStart(8, '0');
    return BigInt('0x' + s) & ((1n << BigInt(nbits)) - 1n);
  };
  return { u32, int, bits, pick: (arr) => arr[int(arr.length)] };
}

// ---- value generators -------------------------------------------------------------------------
const EDGES = [
  0n, 1n, 2n, 3n, 7n, 31n, 32n, 33n, 255n, 256n,
  (1n << 32n) - 1n, 1n << 32n, (1n << 63n) - 1n, 1n << 63n,
  M64, B64, B64 + 1n, (1n << 128n) - 1n, 1n << 128n, (1n << 128n) + 1n,
  (1n << 192n) - 1n, 1n << 192n, SIGN - 1n, SIGN, SIGN + 1n,
  MASK - 1n, MASK, MASK - M64, MASK ^ 0xffn, MASK - 31n,
];

function generators(rng) {
  const rand = () => rng.bits(256);
  const word = () => {
    const k = rng.int(100);
    if (k < 30) return rand();
    if (k < 42) return rng.pick(EDGES);
    if (k < 52) return BigInt(rng.int(41));
    if (k < 62) { // random limbs zeroed
      let x = rand();
      for (let i = 0n; i < 4n; i++) if (rng.int(2)) x &= MASK ^ (M64 << (64n * i));
      return x;
    }
    if (k < 72) { // random power of two, +-1
      const p = 1n << BigInt(rng.int(256));
      return u256(p + BigInt(rng.int(3) - 1));
    }
    if (k < 82) return rand() >> BigInt(rng.int(256)); // random bit length
    if (k < 90) return u256(-BigInt(rng.int(41))); // small negative
    if (k < 95) return rand() | SIGN; // large negative
    return rand() & (rng.int(2) ? M64 : (1n << 128n) - 1n); // 64 / 128-bit values
  };
  // Divisor with 1..4 significant limbs (top limb of random size).
  const divisor = () => {
    if (rng.int(4) === 0) return word();
    const limbs = 1 + rng.int(4);
    const top = (rng.bits(64) >> BigInt(rng.int(64))) || 1n;
    return (top << BigInt(64 * (limbs - 1))) | rng.bits(64 * (limbs - 1));
  };
  const below = (n) => (n === 0n ? 0n : rng.bits(256) % n);
  // Pairs with related operands (equal, adjacent, sharing high limbs), to hit every comparison branch.
  const pair = () => {
    const a = word();
    switch (rng.int(10)) {
      case 0: return [a, a];
      case 1: return [a, u256(a + 1n)];
      case 2: return [a, u256(a - 1n)];
      case 3: return [a, a ^ (1n << BigInt(rng.int(256)))];
      case 4: return [a, ((a >> 64n) << 64n) | rng.bits(64)];
      case 5: return [a, ((a >> 192n) << 192n) | rng.bits(192)];
      case 6: return [word(), a];
      default: return [a, word()];
    }
  };

  // Normalized divisor vn: `limbs` limbs, top bit set, low `s` bits clear, and nonzero below the
  // top two limbs (limbs >= 3) so that a trial quotient from the top digits can be too large.
  const normDivisor = (limbs, s) => {
    let vn = rng.bits(64 * limbs) | (1n << BigInt(64 * limbs - 1));
    vn &= ~((1n << BigInt(s)) - 1n);
    const lowBits = BigInt(64 * Math.max(limbs - 2, 1));
    if ((vn & ((1n << lowBits) - 1n)) === 0n) vn |= 1n << BigInt(s);
    return vn;
  };

  // Knuth D "add back" step: at quotient step j the remainder's top three digits are exactly
  // q*(vTop:vSec), so the refined trial digit is q while the true digit is q-1.
  const mulmodAddBack = () => {
    const n = 3 + rng.int(2), j = 1 + rng.int(3), s = rng.int(64);
    const vn = normDivisor(n, s);
    const v2 = vn >> BigInt(64 * (n - 2));
    const q = 1n + (rng.bits(64) % M64);
    return [v2 << BigInt(64 * (n - 2)), q << BigInt(64 * j - s), vn >> BigInt(s)];
  };
  const divAddBack = () => {
    for (;;) {
      const n = 3 + rng.int(2), j = rng.int(5 - n), s = 1 + rng.int(63);
      const vn = normDivisor(n, s);
      const unit = (vn >> BigInt(64 * (n - 2))) << BigInt(64 * (n - 2 + j));
      const qmax = ((1n << BigInt(256 + s)) - 1n) / unit;
      if (qmax < 1n) continue;
      const q = 1n + (rng.bits(64) % qmax);
      return [(q * unit) >> BigInt(s), vn >> BigInt(s)];
    }
  };
  // Knuth D trial digit clamp: after step k the remainder R has top digit equal to vTop, so the
  // next step sees u[j+n] == vTop.
  const qhatMaxParts = (n, s) => {
    const vn = normDivisor(n, s);
    const vTop = vn >> BigInt(64 * (n - 1));
    const low = vn - (vTop << BigInt(64 * (n - 1)));
    const R = (vTop << BigInt(64 * (n - 1))) + (low > 0n ? rng.bits(256) % low : 0n);
    return { vn, R };
  };
  const mulmodQhatMax = () => {
    const n = 2 + rng.int(3), s = rng.int(64);
    let k = 1 + rng.int(4);
    if (64 * k - s > 255) k = 3;
    const { vn, R } = qhatMaxParts(n, s);
    const qmax = (MASK - R) / vn;
    const X = rng.int(2) ? R : R + vn * (rng.bits(256) % (qmax + 1n));
    return [X, 1n << BigInt(64 * k - s), vn >> BigInt(s)];
  };
  const divQhatMax = () => {
    const n = 2 + rng.int(2), k = 1 + rng.int(4 - n), s = rng.int(64);
    const { vn, R } = qhatMaxParts(n, s);
    const limit = 1n << BigInt(256 + s - 64 * k);
    const qmax = (limit - 1n - R) / vn;
    const X = R + vn * (rng.bits(256) % (qmax + 1n));
    const lower = rng.bits(64 * k) & ~((1n << BigInt(s)) - 1n);
    return [((X << BigInt(64 * k)) + lower) >> BigInt(s), vn >> BigInt(s)];
  };

  const divPair = () => {
    const k = rng.int(20);
    if (k < 6) return [word(), divisor()];
    if (k < 9) { // a = b*q + r
      const b = divisor();
      const a = b * (rand() >> BigInt(rng.int(257))) + below(b);
      return [a & MASK, b];
    }
    if (k < 11) { const b = divisor(); return [below(b), b]; }
    if (k < 13) return divAddBack();
    if (k < 15) return divQhatMax();
    if (k < 16) return [rng.bits(128), rng.bits(64) || 1n];
    return pair();
  };
  const signed = ([a, b]) => [rng.int(2) ? u256(-a) : a, rng.int(2) ? u256(-b) : b];

  const addmodArgs = () => {
    const k = rng.int(20);
    if (k < 6) return [word(), word(), divisor()];
    if (k < 9) { const n = divisor(); return [below(n), below(n), n]; }
    if (k < 11) return [MASK - rng.bits(rng.int(257)), MASK - rng.bits(rng.int(257)), divisor()];
    if (k < 13) { const [a, n] = divAddBack(); return [a, 0n, n]; }
    if (k < 15) { const [a, n] = divQhatMax(); return rng.int(2) ? [a, 0n, n] : [0n, a, n]; }
    if (k < 17) return [rng.bits(64), rng.bits(64), rng.bits(64) >> BigInt(rng.int(64))];
    return [word(), word(), word()];
  };
  const mulmodArgs = () => {
    const k = rng.int(20);
    if (k < 6) return [word(), word(), divisor()];
    if (k < 8) return [rand(), rand(), rand() >> BigInt(rng.int(256))];
    if (k < 10) return [rng.bits(64), rng.bits(64), rng.bits(64) >> BigInt(rng.int(64))];
    if (k < 12) return mulmodAddBack();
    if (k < 14) return mulmodQhatMax();
    if (k < 16) { const n = divisor(); return [below(n), below(n), n]; }
    return [word(), word(), word()];
  };

  const shiftAmount = () => {
    const k = rng.int(20);
    if (k < 12) return BigInt(rng.int(301));
    if (k < 15) return BigInt(rng.pick([0, 1, 63, 64, 65, 127, 128, 129, 191, 192, 193, 254, 255, 256, 257]));
    if (k < 17) return rand() | (1n << BigInt(64 + rng.int(192))); // huge
    return word();
  };
  const byteIndex = () => (rng.int(5) ? BigInt(rng.int(41)) : word());

  const expArgs = () => {
    const k = rng.int(10);
    const base = k < 2 ? BigInt(rng.int(11)) : k < 3 ? 1n << BigInt(rng.int(256)) : word();
    const e = rng.int(3) === 0 ? BigInt(rng.int(301)) : word();
    return [base, e];
  };

  return {
    word, divisor, pair, divPair, signed, addmodArgs, mulmodArgs, shiftAmount, byteIndex, expArgs,
  };
}

// ---- BigInt references ------------------------------------------------------------------------
function expRef(b, e) { // right-to-left square-and-multiply (the wasm goes left-to-right)
  let r = 1n;
  let x = b;
  while (e > 0n) {
    if (e & 1n) r = (r * x) & MASK;
    x = (x * x) & MASK;
    e >>= 1n;
  }
  return r;
}
function signextendRef(b, x) {
  if (b >= 31n) return x;
  const bit = 8n * b + 7n;
  const mask = (1n << (bit + 1n)) - 1n;
  return (x >> bit) & 1n ? x | (MASK ^ mask) : x & mask;
}
const beBytes = (x) => {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) { out[i] = Number(x & 0xffn); x >>= 8n; }
  return out;
};
const fromBytes = (bytes) => bytes.reduce((acc, v) => (acc << 8n) | BigInt(v), 0n);

// ---- harness ----------------------------------------------------------------------------------
describe('assembly/u256', function () {
  let w, S, mem64, mem8;
  const put = (slot, x) => {
    const o = slot * 4;
    mem64[o] = x; mem64[o + 1] = x >> 64n; mem64[o + 2] = x >> 128n; mem64[o + 3] = x >> 192n;
  };
  const get = (slot) => {
    const o = slot * 4;
    return mem64[o] | (mem64[o + 1] << 64n) | (mem64[o + 2] << 128n) | (mem64[o + 3] << 192n);
  };

  before(() => {
    w = loadTestWasm('u256');
    S = w.scratch();
    mem64 = new BigUint64Array(w.memory.buffer, S, 64);
    mem8 = new Uint8Array(w.memory.buffer, S, 512);
  });

  const rngFor = (name) => { // a fixed seed per op so each test is reproducible on its own
    let h = 0x1234567;
    for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
    return makeRng(h);
  };

  // Word-result ops: result checked at slot 3 (offset 96) and, with the same inputs, written over
  // each input slot (r aliasing a, b or c).
  function wordOp(name, code, arity, edgeArgs, gen, ref) {
    it(`${name}: edge values + ${N} random cases, incl. aliased result`, () => {
      const g = generators(rngFor(name));
      const cases = edgeArgs ? [...edgeArgs] : [];
      for (let i = 0; i < N; i++) cases.push(gen(g));
      for (const args of cases) {
        const expected = ref(...args);
        for (const rOff of [96, 0, 32, 64]) {
          for (let i = 0; i < 3; i++) put(i, args[i] ?? 0xdeadn);
          if (rOff === 96) put(3, MASK ^ 0x5a5an);
          w.op(code, rOff);
          const got = get(rOff / 32);
          if (got !== expected) {
            assert.fail(`${name}(${args.slice(0, arity).map(hex).join(', ')}) [r at +${rOff}] = ${hex(got)}, expected ${hex(expected)}`);
          }
        }
      }
    });
  }
  // Ops returning an i32 (bools and counts).
  function intOp(name, code, edgeArgs, gen, ref) {
    it(`${name}: edge values + ${N} random cases`, () => {
      const g = generators(rngFor(name));
      const cases = [...edgeArgs];
      for (let i = 0; i < N; i++) cases.push(gen(g));
      for (const args of cases) {
        put(0, args[0]); put(1, args[1] ?? 0n);
        const got = w.op(code, 96);
        const expected = Number(ref(...args));
        if (got !== expected) assert.fail(`${name}(${args.map(hex).join(', ')}) = ${got}, expected ${expected}`);
      }
    });
  }

  const edgePairs = EDGES.flatMap((a) => EDGES.map((b) => [a, b]));
  const edgeSingles = EDGES.map((a) => [a]);
  const edgeTriples = (g) => EDGES.flatMap((a) => EDGES.filter((_, i) => i % 3 === 0).map((n) => [a, g, n]));

  // ---- arithmetic
  wordOp('add', 0, 2, edgePairs, (g) => g.pair(), (a, b) => (a + b) & MASK);
  wordOp('sub', 1, 2, edgePairs, (g) => g.pair(), (a, b) => u256(a - b));
  wordOp('mul', 2, 2, edgePairs, (g) => g.pair(), (a, b) => (a * b) & MASK);
  wordOp('div', 3, 2, edgePairs, (g) => g.divPair(), (a, b) => (b === 0n ? 0n : a / b));
  wordOp('mod', 4, 2, edgePairs, (g) => g.divPair(), (a, b) => (b === 0n ? 0n : a % b));
  wordOp('sdiv', 5, 2, edgePairs, (g) => g.signed(g.divPair()),
    (a, b) => (b === 0n ? 0n : u256(toS(a) / toS(b)))); // BigInt division truncates toward zero
  wordOp('smod', 6, 2, edgePairs, (g) => g.signed(g.divPair()),
    (a, b) => (b === 0n ? 0n : u256(toS(a) % toS(b)))); // BigInt remainder takes the dividend's sign
  wordOp('addmod', 7, 3, [...edgeTriples(MASK), ...edgeTriples(1n)], (g) => g.addmodArgs(),
    (a, b, n) => (n === 0n ? 0n : (a + b) % n));
  wordOp('mulmod', 8, 3, [...edgeTriples(MASK), ...edgeTriples(SIGN + 1n)], (g) => g.mulmodArgs(),
    (a, b, n) => (n === 0n ? 0n : (a * b) % n));
  wordOp('exp', 9, 2, edgePairs, (g) => g.expArgs(), expRef);
  wordOp('signextend', 10, 2, edgePairs, (g) => [g.byteIndex(), g.word()], signextendRef);
  wordOp('neg', 37, 1, edgeSingles, (g) => [g.word()], (a) => u256(-a));

  it('div/mod/mulmod exercised the rare long-division branches', () => {
    assert.ok(w.divAddBackCount() > 100, `add-back steps: ${w.divAddBackCount()}`);
    assert.ok(w.divQhatMaxCount() > 100, `qhat = 2^64-1 steps: ${w.divQhatMaxCount()}`);
  });

  it('sdiv/smod special cases', () => {
    const cases = [
      [5, SIGN, MASK, SIGN], [5, SIGN, 1n, SIGN], [5, MASK, MASK, 1n], [5, u256(-7n), 2n, u256(-3n)],
      [5, 7n, u256(-2n), u256(-3n)], [6, u256(-7n), 2n, MASK], [6, 7n, u256(-2n), 1n],
      [6, SIGN, MASK, 0n], [5, 3n, 0n, 0n], [6, 3n, 0n, 0n],
    ];
    for (const [code, a, b, want] of cases) {
      put(0, a); put(1, b); w.op(code, 96);
      assert.equal(get(3), want, `op ${code}(${hex(a)}, ${hex(b)})`);
    }
  });

  // ---- comparison
  intOp('lt', 11, edgePairs, (g) => g.pair(), (a, b) => a < b);
  intOp('gt', 12, edgePairs, (g) => g.pair(), (a, b) => a > b);
  intOp('slt', 13, edgePairs, (g) => g.pair(), (a, b) => toS(a) < toS(b));
  intOp('sgt', 14, edgePairs, (g) => g.pair(), (a, b) => toS(a) > toS(b));
  intOp('eq', 15, edgePairs, (g) => g.pair(), (a, b) => a === b);
  intOp('isZero', 16, edgeSingles, (g) => [g.word()], (a) => a === 0n);

  // ---- bitwise
  wordOp('and', 17, 2, edgePairs, (g) => g.pair(), (a, b) => a & b);
  wordOp('or', 18, 2, edgePairs, (g) => g.pair(), (a, b) => a | b);
  wordOp('xor', 19, 2, edgePairs, (g) => g.pair(), (a, b) => a ^ b);
  wordOp('not', 20, 1, edgeSingles, (g) => [g.word()], (a) => MASK ^ a);
  wordOp('byteAt', 21, 2, edgePairs, (g) => [g.byteIndex(), g.word()],
    (i, x) => (i >= 32n ? 0n : (x >> (8n * (31n - i))) & 0xffn));
  wordOp('shl', 22, 2, edgePairs, (g) => [g.shiftAmount(), g.word()],
    (s, v) => (s >= 256n ? 0n : (v << s) & MASK));
  wordOp('shr', 23, 2, edgePairs, (g) => [g.shiftAmount(), g.word()], (s, v) => (s >= 256n ? 0n : v >> s));
  wordOp('sar', 24, 2, edgePairs, (g) => [g.shiftAmount(), g.word()],
    (s, v) => (s >= 256n ? (v & SIGN ? MASK : 0n) : u256(toS(v) >> s))); // BigInt >> is arithmetic
  wordOp('clz', 25, 1, edgeSingles, (g) => [g.word()], (x) => BigInt(256 - bitLen(x)));

  // ---- helpers
  intOp('expByteLength', 26, edgeSingles, (g) => [g.word()], (x) => Math.ceil(bitLen(x) / 8));
  intOp('bitLength', 27, edgeSingles, (g) => [g.word()], (x) => bitLen(x));
  intOp('fitsU64', 28, edgeSingles, (g) => [g.word()], (x) => x < B64);
  intOp('fitsU32', 29, edgeSingles, (g) => [g.word()], (x) => x < 1n << 32n);
  intOp('isMax', 30, edgeSingles, (g) => [g.word()], (x) => x === MASK);
  intOp('isNeg', 31, edgeSingles, (g) => [g.word()], (x) => x >= SIGN);
  wordOp('toU64', 32, 1, edgeSingles, (g) => [g.word()], (x) => x & M64);
  wordOp('toU64Sat', 33, 1, edgeSingles, (g) => [g.word()], (x) => (x < B64 ? x : M64));
  wordOp('copy', 34, 1, edgeSingles, (g) => [g.word()], (x) => x);
  wordOp('setZero', 35, 0, null, (g) => [g.word()], () => 0n);
  wordOp('setMax', 36, 0, null, (g) => [g.word()], () => MASK);

  // ---- big-endian conversion (buffer at scratch + 160)
  const BUF = 160;
  const fillBuf = (rng) => { for (let i = 0; i < 96; i++) mem8[BUF + i] = rng.u32() & 0xff; };

  it(`loadBigEndian / loadBigEndianPartial: ${N} cases each`, () => {
    const rng = rngFor('loadBigEndian');
    for (let i = 0; i < N; i++) {
      fillBuf(rng);
      const full = fromBytes(mem8.slice(BUF, BUF + 32));
      put(3, rng.bits(256));
      w.op(38, 96);
      assert.equal(get(3), full, 'loadBigEndian');

      const len = i < 33 ? i : rng.int(33);
      put(1, BigInt(len));
      put(3, rng.bits(256));
      w.op(40, 96);
      assert.equal(get(3), fromBytes(mem8.slice(BUF, BUF + len)), `loadBigEndianPartial len ${len}`);
    }
  });

  it(`storeBigEndian / storeBigEndianPartial: ${N} cases each`, () => {
    const rng = rngFor('storeBigEndian');
    const g = generators(rng);
    for (let i = 0; i < N; i++) {
      const a = g.word();
      fillBuf(rng);
      const before = mem8.slice(BUF, BUF + 96);
      put(0, a);
      w.op(39, 96);
      assert.deepEqual(mem8.slice(BUF, BUF + 32), beBytes(a), `storeBigEndian ${hex(a)}`);
      assert.deepEqual(mem8.slice(BUF + 32, BUF + 96), before.slice(32), 'storeBigEndian wrote past 32 bytes');

      const len = i < 33 ? i : rng.int(33);
      fillBuf(rng);
      const before2 = mem8.slice(BUF, BUF + 96);
      put(1, BigInt(len));
      w.op(41, 96);
      assert.deepEqual(mem8.slice(BUF, BUF + len), beBytes(a).slice(32 - len), `storeBigEndianPartial ${len}`);
      assert.deepEqual(mem8.slice(BUF + len, BUF + 96), before2.slice(len), 'storeBigEndianPartial overwrote');
    }
  });
});
