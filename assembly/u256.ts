// 256-bit EVM word arithmetic.
//
// A word is 32 bytes of linear memory at a pointer: four u64 limbs in little-endian limb order
// (limb0 = least significant 64 bits at ptr+0, ..., limb3 = most significant at ptr+24), each limb a
// native little-endian u64. The whole word is therefore a 32-byte little-endian integer, so byte k
// (counting from the least significant byte) lives at ptr+k.
//
// Every operation works in place on pointers. A result pointer `r` may alias any input pointer: all
// inputs are read before anything is written to `r`. Nothing here allocates; temporaries live in
// locals, module globals, or the static scratch areas below. Because of those scratch areas the
// functions are not re-entrant (irrelevant for single-threaded Wasm, but never pass a pointer into
// this module's scratch memory as an argument).
//
// Semantics follow the Yellow Paper (arithmetic / comparison / bitwise opcodes), EIP-145 (SHL, SHR,
// SAR) and EIP-7939 (CLZ).

// ---------------------------------------------------------------------------------------------
// Static scratch memory (never exposed).

/** Normalized dividend for long division: up to 8 limbs + 1 overflow limb (+1 spare). */
const UN: usize = memory.data(80, 16);
/** Normalized divisor: up to 4 limbs. */
const VN: usize = memory.data(32, 16);
/** Quotient limbs of the last divmodCore: up to 8. */
const QT: usize = memory.data(64, 16);
/** Remainder of the last divmodCore: 4 limbs (upper ones zeroed). */
const RM: usize = memory.data(32, 16);
/** 512-bit product for mulmod / 257-bit sum for addmod. */
const PR: usize = memory.data(64, 16);
/** |a| for signed division, base for exp. */
const SA: usize = memory.data(32, 16);
/** |b| for signed division, exponent for exp, byte buffer for storeBigEndianPartial. */
const SB: usize = memory.data(32, 16);

/** Remainder produced by div128. */
let divRem: u64 = 0;
/** Counters of the rare long-division branches (exercised by the tests). */
let knuthAddBacks: u32 = 0;
let knuthQhatMax: u32 = 0;

// ---------------------------------------------------------------------------------------------
// 64-bit primitives.

/** High 64 bits of the 128-bit product a*b (the low half is simply a*b). */
// @ts-ignore: decorator
@inline
export function mulHi(a: u64, b: u64): u64 {
  const aL = a & 0xFFFFFFFF, aH = a >> 32;
  const bL = b & 0xFFFFFFFF, bH = b >> 32;
  const ll = aL * bL;
  const lh = aL * bH;
  const hl = aH * bL;
  const mid = (ll >> 32) + (lh & 0xFFFFFFFF) + (hl & 0xFFFFFFFF);
  return aH * bH + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/**
 * (hi:lo) / d for a normalized d (top bit set) and hi < d, so the quotient fits in 64 bits.
 * Returns the quotient; the remainder is left in `divRem`. Two 64/32-bit digit steps
 * (Hacker's Delight "divlu"), using native u64 division for the trial digits.
 */
// @ts-ignore: decorator
@inline
function div128(hi: u64, lo: u64, d: u64): u64 {
  const dh = d >> 32, dl = d & 0xFFFFFFFF;
  const l1 = lo >> 32, l0 = lo & 0xFFFFFFFF;
  let q1 = hi / dh;
  let rh = hi - q1 * dh;
  while (q1 > 0xFFFFFFFF || q1 * dl > ((rh << 32) | l1)) {
    q1--;
    rh += dh;
    if (rh > 0xFFFFFFFF) break;
  }
  // (hi:l1) - q1*d < d fits in 64 bits, so wrapping arithmetic is exact.
  const t = ((hi << 32) | l1) - q1 * d;
  let q0 = t / dh;
  rh = t - q0 * dh;
  while (q0 > 0xFFFFFFFF || q0 * dl > ((rh << 32) | l0)) {
    q0--;
    rh += dh;
    if (rh > 0xFFFFFFFF) break;
  }
  divRem = ((t << 32) | l0) - q0 * d;
  return (q1 << 32) | q0;
}

/** Number of significant limbs of a nonzero value (1 for zero). */
// @ts-ignore: decorator
@inline
function limbCount(x0: u64, x1: u64, x2: u64, x3: u64): i32 {
  return x3 != 0 ? 4 : x2 != 0 ? 3 : x1 != 0 ? 2 : 1;
}

/** Unsigned x < y on limb values. */
// @ts-ignore: decorator
@inline
function ltL(x0: u64, x1: u64, x2: u64, x3: u64, y0: u64, y1: u64, y2: u64, y3: u64): bool {
  if (x3 != y3) return x3 < y3;
  if (x2 != y2) return x2 < y2;
  if (x1 != y1) return x1 < y1;
  return x0 < y0;
}

// @ts-ignore: decorator
@inline
function store4(r: usize, x0: u64, x1: u64, x2: u64, x3: u64): void {
  store<u64>(r, x0);
  store<u64>(r, x1, 8);
  store<u64>(r, x2, 16);
  store<u64>(r, x3, 24);
}

/** r = -x (two's complement) from limb values. */
// @ts-ignore: decorator
@inline
function storeNeg(r: usize, x0: u64, x1: u64, x2: u64, x3: u64): void {
  const n0 = ~x0 + 1;
  let c = <u64>(n0 == 0);
  const n1 = ~x1 + c;
  c &= <u64>(n1 == 0);
  const n2 = ~x2 + c;
  c &= <u64>(n2 == 0);
  store4(r, n0, n1, n2, ~x3 + c);
}

/** r = x * y (mod 2^256) for a single-limb y. */
// @ts-ignore: decorator
@inline
function mulSingle(r: usize, x0: u64, x1: u64, x2: u64, x3: u64, y: u64): void {
  const r0 = x0 * y;
  let c = mulHi(x0, y);
  const r1 = x1 * y + c;
  c = mulHi(x1, y) + <u64>(r1 < c);
  const r2 = x2 * y + c;
  c = mulHi(x2, y) + <u64>(r2 < c);
  store4(r, r0, r1, r2, x3 * y + c);
}

/** p[0..3] += x * (y0..y3); p[4] = carry out (stored, not added). */
// @ts-ignore: decorator
@inline
function mulRow(p: usize, x: u64, y0: u64, y1: u64, y2: u64, y3: u64): void {
  let lo = x * y0;
  let hi = mulHi(x, y0);
  let t = load<u64>(p) + lo;
  hi += <u64>(t < lo);
  store<u64>(p, t);
  let c = hi;

  lo = x * y1; hi = mulHi(x, y1);
  lo += c; hi += <u64>(lo < c);
  t = load<u64>(p, 8) + lo; hi += <u64>(t < lo);
  store<u64>(p, t, 8);
  c = hi;

  lo = x * y2; hi = mulHi(x, y2);
  lo += c; hi += <u64>(lo < c);
  t = load<u64>(p, 16) + lo; hi += <u64>(t < lo);
  store<u64>(p, t, 16);
  c = hi;

  lo = x * y3; hi = mulHi(x, y3);
  lo += c; hi += <u64>(lo < c);
  t = load<u64>(p, 24) + lo; hi += <u64>(t < lo);
  store<u64>(p, t, 24);
  store<u64>(p, hi, 32);
}

// ---------------------------------------------------------------------------------------------
// Long division core.

/**
 * Divides the nu-limb number at u by the nv-limb number at v (1 <= nv <= 4, nv <= nu <= 8,
 * v[nv-1] != 0). Writes the nu-nv+1 quotient limbs to QT (for nv == 1: nu limbs) and the remainder
 * to RM (4 limbs, zero-extended). u and v are only read (they may be the same pointer, or be
 * caller memory that the caller overwrites afterwards). Knuth vol. 2, 4.3.1, algorithm D, with
 * 64-bit digits.
 */
function divmodCore(u: usize, nu: i32, v: usize, nv: i32): void {
  if (nv == 1) {
    const d = load<u64>(v);
    const s = <u64>i64.clz(d);
    const rs: u64 = 63 - s; // (x >> 1) >> rs == x >> (64 - s), and 0 when s == 0
    const dn = d << s;
    let cur = load<u64>(u + (<usize>(nu - 1) << 3));
    let rem = (cur >> 1) >> rs;
    for (let i = nu - 1; i >= 0; i--) {
      const nxt: u64 = i > 0 ? load<u64>(u + (<usize>(i - 1) << 3)) : 0;
      const q = div128(rem, (cur << s) | ((nxt >> 1) >> rs), dn);
      store<u64>(QT + (<usize>i << 3), q);
      rem = divRem;
      cur = nxt;
    }
    store4(RM, rem >> s, 0, 0, 0);
    return;
  }

  const s = <u64>i64.clz(load<u64>(v + (<usize>(nv - 1) << 3)));
  const rs: u64 = 63 - s;
  // Normalize: VN = v << s, UN = u << s (nu + 1 limbs).
  for (let i = nv - 1; i > 0; i--) {
    const p = v + (<usize>i << 3);
    store<u64>(VN + (<usize>i << 3), (load<u64>(p) << s) | ((load<u64>(p - 8) >> 1) >> rs));
  }
  store<u64>(VN, load<u64>(v) << s);
  store<u64>(UN + (<usize>nu << 3), (load<u64>(u + (<usize>(nu - 1) << 3)) >> 1) >> rs);
  for (let i = nu - 1; i > 0; i--) {
    const p = u + (<usize>i << 3);
    store<u64>(UN + (<usize>i << 3), (load<u64>(p) << s) | ((load<u64>(p - 8) >> 1) >> rs));
  }
  store<u64>(UN, load<u64>(u) << s);

  const nvb = <usize>nv << 3;
  const vTop = load<u64>(VN + nvb - 8);
  const vSec = load<u64>(VN + nvb - 16);
  for (let j = nu - nv; j >= 0; j--) {
    const uj = UN + (<usize>j << 3); // &UN[j]
    const ujn = uj + nvb;            // &UN[j + nv]
    const u2 = load<u64>(ujn);
    const u1 = load<u64>(ujn - 8);
    const u0 = load<u64>(ujn - 16);
    // Trial quotient digit qhat = floor((u2:u1) / vTop), clamped to 2^64-1 (u2 <= vTop holds).
    let qhat: u64, rhat: u64;
    let refine = true;
    if (u2 >= vTop) {
      knuthQhatMax++;
      qhat = <u64>-1;
      rhat = u1 + vTop;          // (u2:u1) - (2^64-1)*vTop when u2 == vTop
      refine = rhat >= vTop;     // rhat overflowed 64 bits: the test below cannot succeed
    } else {
      qhat = div128(u2, u1, vTop);
      rhat = divRem;
    }
    // While qhat*vSec > (rhat:u0): qhat--, rhat += vTop (at most twice, stop once rhat >= 2^64).
    while (refine) {
      const pl = qhat * vSec, ph = mulHi(qhat, vSec);
      if (ph > rhat || (ph == rhat && pl > u0)) {
        qhat--;
        const nr = rhat + vTop;
        if (nr < rhat) break;
        rhat = nr;
      } else {
        break;
      }
    }
    // UN[j..j+nv] -= qhat * VN
    let k: u64 = 0, br: u64 = 0;
    for (let i: usize = 0; i < nvb; i += 8) {
      const vi = load<u64>(VN + i);
      let pl = qhat * vi;
      let ph = mulHi(qhat, vi);
      pl += k;
      ph += <u64>(pl < k);
      k = ph;
      const p = uj + i;
      const ui = load<u64>(p);
      const t = ui - pl;
      const b1 = <u64>(ui < pl);
      store<u64>(p, t - br);
      br = b1 | <u64>(t < br);
    }
    const t = u2 - k;
    const b1 = <u64>(u2 < k);
    store<u64>(ujn, t - br);
    if ((b1 | <u64>(t < br)) != 0) {
      // qhat was one too large (probability ~2^-63 on random data): add VN back.
      knuthAddBacks++;
      qhat--;
      let c: u64 = 0;
      for (let i: usize = 0; i < nvb; i += 8) {
        const vi = load<u64>(VN + i);
        const p = uj + i;
        const s1 = load<u64>(p) + vi;
        const c1 = <u64>(s1 < vi);
        const s2 = s1 + c;
        store<u64>(p, s2);
        c = c1 | <u64>(s2 < c);
      }
      store<u64>(ujn, load<u64>(ujn) + c);
    }
    store<u64>(QT + (<usize>j << 3), qhat);
  }
  // Remainder = UN[0..nv-1] >> s (UN[nv] is zero now).
  for (let i: usize = 0; i < nvb; i += 8) {
    const p = UN + i;
    store<u64>(RM + i, (load<u64>(p) >> s) | ((load<u64>(p + 8) << 1) << rs));
  }
  for (let i: usize = nvb; i < 32; i += 8) store<u64>(RM + i, 0);
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

/** r = v (zero-extended). */
// @ts-ignore: decorator
@inline
export function setU64(r: usize, v: u64): void {
  store4(r, v, 0, 0, 0);
}

/** r = 0. */
// @ts-ignore: decorator
@inline
export function setZero(r: usize): void {
  store4(r, 0, 0, 0, 0);
}

/** r = 2^256 - 1. */
// @ts-ignore: decorator
@inline
export function setMax(r: usize): void {
  store4(r, <u64>-1, <u64>-1, <u64>-1, <u64>-1);
}

/** dst = src (overlap-safe). */
// @ts-ignore: decorator
@inline
export function copy(src: usize, dst: usize): void {
  const x0 = load<u64>(src), x1 = load<u64>(src, 8), x2 = load<u64>(src, 16), x3 = load<u64>(src, 24);
  store4(dst, x0, x1, x2, x3);
}

// @ts-ignore: decorator
@inline
export function isZero(a: usize): bool {
  return (load<u64>(a) | load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0;
}

/** a == 2^256 - 1 */
// @ts-ignore: decorator
@inline
export function isMax(a: usize): bool {
  return (load<u64>(a) & load<u64>(a, 8) & load<u64>(a, 16) & load<u64>(a, 24)) == <u64>-1;
}

/** Sign bit set (negative as a two's-complement int256). */
// @ts-ignore: decorator
@inline
export function isNeg(a: usize): bool {
  return <i64>load<u64>(a, 24) < 0;
}

/** a < 2^64 */
// @ts-ignore: decorator
@inline
export function fitsU64(a: usize): bool {
  return (load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0;
}

/** a < 2^32 */
// @ts-ignore: decorator
@inline
export function fitsU32(a: usize): bool {
  return ((load<u64>(a) >> 32) | load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0;
}

/** Low 64 bits (truncating). */
// @ts-ignore: decorator
@inline
export function toU64(a: usize): u64 {
  return load<u64>(a);
}

/** a if a < 2^64, else 2^64 - 1 (saturating; handy for offsets/sizes before gas checks). */
// @ts-ignore: decorator
@inline
export function toU64Sat(a: usize): u64 {
  return (load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0 ? load<u64>(a) : <u64>-1;
}

/** Number of significant bits (0 for zero). */
export function bitLength(a: usize): i32 {
  const x3 = load<u64>(a, 24);
  if (x3 != 0) return 256 - <i32>i64.clz(x3);
  const x2 = load<u64>(a, 16);
  if (x2 != 0) return 192 - <i32>i64.clz(x2);
  const x1 = load<u64>(a, 8);
  if (x1 != 0) return 128 - <i32>i64.clz(x1);
  return 64 - <i32>i64.clz(load<u64>(a));
}

/** Number of significant bytes of the exponent (0 for zero); EXP gas is 50 * this. */
export function expByteLength(e: usize): i32 {
  return (bitLength(e) + 7) >> 3;
}

// ---------------------------------------------------------------------------------------------
// Comparison (EVM LT, GT, SLT, SGT, EQ, ISZERO).

// @ts-ignore: decorator
@inline
export function lt(a: usize, b: usize): bool {
  let x = load<u64>(a, 24), y = load<u64>(b, 24);
  if (x != y) return x < y;
  x = load<u64>(a, 16); y = load<u64>(b, 16);
  if (x != y) return x < y;
  x = load<u64>(a, 8); y = load<u64>(b, 8);
  if (x != y) return x < y;
  return load<u64>(a) < load<u64>(b);
}

// @ts-ignore: decorator
@inline
export function gt(a: usize, b: usize): bool {
  return lt(b, a);
}

// @ts-ignore: decorator
@inline
export function slt(a: usize, b: usize): bool {
  let x = load<u64>(a, 24), y = load<u64>(b, 24);
  if (x != y) return <i64>x < <i64>y;
  x = load<u64>(a, 16); y = load<u64>(b, 16);
  if (x != y) return x < y;
  x = load<u64>(a, 8); y = load<u64>(b, 8);
  if (x != y) return x < y;
  return load<u64>(a) < load<u64>(b);
}

// @ts-ignore: decorator
@inline
export function sgt(a: usize, b: usize): bool {
  return slt(b, a);
}

// @ts-ignore: decorator
@inline
export function eq(a: usize, b: usize): bool {
  return ((load<u64>(a) ^ load<u64>(b)) | (load<u64>(a, 8) ^ load<u64>(b, 8)) |
    (load<u64>(a, 16) ^ load<u64>(b, 16)) | (load<u64>(a, 24) ^ load<u64>(b, 24))) == 0;
}

// ---------------------------------------------------------------------------------------------
// Bitwise (EVM AND, OR, XOR, NOT, BYTE, SHL, SHR, SAR, CLZ).

// @ts-ignore: decorator
@inline
export function and(a: usize, b: usize, r: usize): void {
  const x0 = load<u64>(a) & load<u64>(b);
  const x1 = load<u64>(a, 8) & load<u64>(b, 8);
  const x2 = load<u64>(a, 16) & load<u64>(b, 16);
  const x3 = load<u64>(a, 24) & load<u64>(b, 24);
  store4(r, x0, x1, x2, x3);
}

// @ts-ignore: decorator
@inline
export function or(a: usize, b: usize, r: usize): void {
  const x0 = load<u64>(a) | load<u64>(b);
  const x1 = load<u64>(a, 8) | load<u64>(b, 8);
  const x2 = load<u64>(a, 16) | load<u64>(b, 16);
  const x3 = load<u64>(a, 24) | load<u64>(b, 24);
  store4(r, x0, x1, x2, x3);
}

// @ts-ignore: decorator
@inline
export function xor(a: usize, b: usize, r: usize): void {
  const x0 = load<u64>(a) ^ load<u64>(b);
  const x1 = load<u64>(a, 8) ^ load<u64>(b, 8);
  const x2 = load<u64>(a, 16) ^ load<u64>(b, 16);
  const x3 = load<u64>(a, 24) ^ load<u64>(b, 24);
  store4(r, x0, x1, x2, x3);
}

// @ts-ignore: decorator
@inline
export function not(a: usize, r: usize): void {
  const x0 = ~load<u64>(a), x1 = ~load<u64>(a, 8), x2 = ~load<u64>(a, 16), x3 = ~load<u64>(a, 24);
  store4(r, x0, x1, x2, x3);
}

/** EVM BYTE: r = i-th byte of x counting from the most significant; 0 if i >= 32. */
export function byteAt(i: usize, x: usize, r: usize): void {
  const i0 = load<u64>(i);
  if ((load<u64>(i, 8) | load<u64>(i, 16) | load<u64>(i, 24)) != 0 || i0 >= 32) {
    setZero(r);
    return;
  }
  // The word is a little-endian 32-byte integer: byte k from the least significant is at x + k.
  const v = <u64>load<u8>(x + <usize>(31 - i0));
  store4(r, v, 0, 0, 0);
}

/** EIP-145 SHL: r = value << shift (mod 2^256); 0 if shift >= 256. */
export function shl(shift: usize, value: usize, r: usize): void {
  const s0 = load<u64>(shift);
  if ((load<u64>(shift, 8) | load<u64>(shift, 16) | load<u64>(shift, 24)) != 0 || s0 >= 256) {
    setZero(r);
    return;
  }
  const v0 = load<u64>(value), v1 = load<u64>(value, 8), v2 = load<u64>(value, 16), v3 = load<u64>(value, 24);
  const bs = s0 & 63;
  const rb: u64 = 63 - bs; // (x >> 1) >> rb == x >> (64 - bs), and 0 for bs == 0
  switch (<i32>(s0 >> 6)) {
    case 0: {
      store4(r, v0 << bs, (v1 << bs) | ((v0 >> 1) >> rb), (v2 << bs) | ((v1 >> 1) >> rb),
        (v3 << bs) | ((v2 >> 1) >> rb));
      break;
    }
    case 1: {
      store4(r, 0, v0 << bs, (v1 << bs) | ((v0 >> 1) >> rb), (v2 << bs) | ((v1 >> 1) >> rb));
      break;
    }
    case 2: {
      store4(r, 0, 0, v0 << bs, (v1 << bs) | ((v0 >> 1) >> rb));
      break;
    }
    default: {
      store4(r, 0, 0, 0, v0 << bs);
      break;
    }
  }
}

/** Right shift of limbs v0..v3 by s0 < 256 with `fill` (0 or all ones) shifted in at the top. */
// @ts-ignore: decorator
@inline
function shiftRight(r: usize, v0: u64, v1: u64, v2: u64, v3: u64, s0: u64, fill: u64): void {
  const bs = s0 & 63;
  const lb: u64 = 63 - bs; // (x << 1) << lb == x << (64 - bs), and 0 for bs == 0
  switch (<i32>(s0 >> 6)) {
    case 0: {
      store4(r, (v0 >> bs) | ((v1 << 1) << lb), (v1 >> bs) | ((v2 << 1) << lb),
        (v2 >> bs) | ((v3 << 1) << lb), (v3 >> bs) | ((fill << 1) << lb));
      break;
    }
    case 1: {
      store4(r, (v1 >> bs) | ((v2 << 1) << lb), (v2 >> bs) | ((v3 << 1) << lb),
        (v3 >> bs) | ((fill << 1) << lb), fill);
      break;
    }
    case 2: {
      store4(r, (v2 >> bs) | ((v3 << 1) << lb), (v3 >> bs) | ((fill << 1) << lb), fill, fill);
      break;
    }
    default: {
      store4(r, (v3 >> bs) | ((fill << 1) << lb), fill, fill, fill);
      break;
    }
  }
}

/** EIP-145 SHR: r = value >> shift (logical); 0 if shift >= 256. */
export function shr(shift: usize, value: usize, r: usize): void {
  const s0 = load<u64>(shift);
  if ((load<u64>(shift, 8) | load<u64>(shift, 16) | load<u64>(shift, 24)) != 0 || s0 >= 256) {
    setZero(r);
    return;
  }
  const v0 = load<u64>(value), v1 = load<u64>(value, 8), v2 = load<u64>(value, 16), v3 = load<u64>(value, 24);
  shiftRight(r, v0, v1, v2, v3, s0, 0);
}

/** EIP-145 SAR: arithmetic right shift; shift >= 256 gives 0 or all ones (negative value). */
export function sar(shift: usize, value: usize, r: usize): void {
  const v0 = load<u64>(value), v1 = load<u64>(value, 8), v2 = load<u64>(value, 16), v3 = load<u64>(value, 24);
  const fill = <u64>(<i64>v3 >> 63);
  const s0 = load<u64>(shift);
  if ((load<u64>(shift, 8) | load<u64>(shift, 16) | load<u64>(shift, 24)) != 0 || s0 >= 256) {
    store4(r, fill, fill, fill, fill);
    return;
  }
  shiftRight(r, v0, v1, v2, v3, s0, fill);
}

/** EIP-7939 CLZ: r = number of leading zero bits of x (256 for zero). */
export function clz(x: usize, r: usize): void {
  setU64(r, <u64>(256 - bitLength(x)));
}

/** EVM SIGNEXTEND: extend the sign of byte b (from the least significant) of x; b >= 31 leaves x. */
export function signextend(b: usize, x: usize, r: usize): void {
  const b0 = load<u64>(b);
  const x0 = load<u64>(x), x1 = load<u64>(x, 8), x2 = load<u64>(x, 16), x3 = load<u64>(x, 24);
  if ((load<u64>(b, 8) | load<u64>(b, 16) | load<u64>(b, 24)) != 0 || b0 >= 31) {
    store4(r, x0, x1, x2, x3);
    return;
  }
  const bit = (b0 << 3) + 7;         // index of the sign bit, 7..247
  const bi = bit & 63;
  const mask = (<u64>2 << bi) - 1;   // bits 0..bi (all ones when bi == 63)
  switch (<i32>(bit >> 6)) {
    case 0: {
      const fill = 0 - ((x0 >> bi) & 1);
      store4(r, (x0 & mask) | (fill & ~mask), fill, fill, fill);
      break;
    }
    case 1: {
      const fill = 0 - ((x1 >> bi) & 1);
      store4(r, x0, (x1 & mask) | (fill & ~mask), fill, fill);
      break;
    }
    case 2: {
      const fill = 0 - ((x2 >> bi) & 1);
      store4(r, x0, x1, (x2 & mask) | (fill & ~mask), fill);
      break;
    }
    default: {
      const fill = 0 - ((x3 >> bi) & 1);
      store4(r, x0, x1, x2, (x3 & mask) | (fill & ~mask));
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Arithmetic (EVM ADD, SUB, MUL, DIV, MOD, SDIV, SMOD, ADDMOD, MULMOD, EXP).

/** r = a + b (mod 2^256) */
// @ts-ignore: decorator
@inline
export function add(a: usize, b: usize, r: usize): void {
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const s0 = a0 + b0;
  let c = <u64>(s0 < a0);
  let t = a1 + b1;
  let c1 = <u64>(t < a1);
  const s1 = t + c;
  c = c1 | <u64>(s1 < c);
  t = a2 + b2;
  c1 = <u64>(t < a2);
  const s2 = t + c;
  c = c1 | <u64>(s2 < c);
  store4(r, s0, s1, s2, a3 + b3 + c);
}

/** r = a - b (mod 2^256) */
// @ts-ignore: decorator
@inline
export function sub(a: usize, b: usize, r: usize): void {
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const d0 = a0 - b0;
  let br = <u64>(a0 < b0);
  let t = a1 - b1;
  let b1r = <u64>(a1 < b1);
  const d1 = t - br;
  br = b1r | <u64>(t < br);
  t = a2 - b2;
  b1r = <u64>(a2 < b2);
  const d2 = t - br;
  br = b1r | <u64>(t < br);
  store4(r, d0, d1, d2, a3 - b3 - br);
}

/** r = -a (mod 2^256) */
// @ts-ignore: decorator
@inline
export function neg(a: usize, r: usize): void {
  storeNeg(r, load<u64>(a), load<u64>(a, 8), load<u64>(a, 16), load<u64>(a, 24));
}

/** r = a * b (mod 2^256) */
export function mul(a: usize, b: usize, r: usize): void {
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  if ((a1 | a2 | a3) == 0) {
    if ((b1 | b2 | b3) == 0) {
      store4(r, a0 * b0, mulHi(a0, b0), 0, 0);
      return;
    }
    mulSingle(r, b0, b1, b2, b3, a0);
    return;
  }
  if ((b1 | b2 | b3) == 0) {
    mulSingle(r, a0, a1, a2, a3, b0);
    return;
  }
  // Schoolbook, products a_i*b_j with i + j <= 3 (high halves only where i + j <= 2).
  // row a0
  const r0 = a0 * b0;
  let c = mulHi(a0, b0);
  let r1 = a0 * b1 + c;
  c = mulHi(a0, b1) + <u64>(r1 < c);
  let r2 = a0 * b2 + c;
  c = mulHi(a0, b2) + <u64>(r2 < c);
  let r3 = a0 * b3 + c;
  // row a1
  let lo = a1 * b0;
  let hi = mulHi(a1, b0);
  r1 += lo;
  hi += <u64>(r1 < lo);
  lo = a1 * b1 + hi;
  hi = mulHi(a1, b1) + <u64>(lo < hi);
  r2 += lo;
  hi += <u64>(r2 < lo);
  r3 += a1 * b2 + hi;
  // row a2
  lo = a2 * b0;
  hi = mulHi(a2, b0);
  r2 += lo;
  hi += <u64>(r2 < lo);
  r3 += a2 * b1 + hi;
  // row a3
  r3 += a3 * b0;
  store4(r, r0, r1, r2, r3);
}

/** r = a / b (unsigned); 0 if b == 0. */
export function div(a: usize, b: usize, r: usize): void {
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  if ((b1 | b2 | b3) == 0) {
    if (b0 == 0) {
      setZero(r);
      return;
    }
    if ((a1 | a2 | a3) == 0) {
      store4(r, a0 / b0, 0, 0, 0);
      return;
    }
  }
  if (ltL(a0, a1, a2, a3, b0, b1, b2, b3)) {
    setZero(r);
    return;
  }
  const nu = limbCount(a0, a1, a2, a3);
  const nv = limbCount(b0, b1, b2, b3);
  divmodCore(a, nu, b, nv);
  const nq = nu - nv; // index of the top quotient limb
  store4(r, load<u64>(QT), nq >= 1 ? load<u64>(QT, 8) : 0, nq >= 2 ? load<u64>(QT, 16) : 0,
    nq >= 3 ? load<u64>(QT, 24) : 0);
}

/** r = a mod b (unsigned); 0 if b == 0. */
export function mod(a: usize, b: usize, r: usize): void {
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  if ((b1 | b2 | b3) == 0) {
    if (b0 == 0) {
      setZero(r);
      return;
    }
    if ((a1 | a2 | a3) == 0) {
      store4(r, a0 % b0, 0, 0, 0);
      return;
    }
  }
  if (ltL(a0, a1, a2, a3, b0, b1, b2, b3)) {
    store4(r, a0, a1, a2, a3);
    return;
  }
  divmodCore(a, limbCount(a0, a1, a2, a3), b, limbCount(b0, b1, b2, b3));
  copy(RM, r);
}

/** EVM SDIV: signed (two's complement) division truncating toward zero; 0 if b == 0;
 *  sdiv(-2^255, -1) = -2^255. */
export function sdiv(a: usize, b: usize, r: usize): void {
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const na = <i64>a3 < 0, nb = <i64>b3 < 0;
  if (!(na | nb)) {
    div(a, b, r);
    return;
  }
  if (na) storeNeg(SA, a0, a1, a2, a3); else store4(SA, a0, a1, a2, a3);
  if (nb) storeNeg(SB, b0, b1, b2, b3); else store4(SB, b0, b1, b2, b3);
  div(SA, SB, r);
  if (na != nb) neg(r, r);
}

/** EVM SMOD: signed remainder, sign follows the dividend; 0 if b == 0. */
export function smod(a: usize, b: usize, r: usize): void {
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const na = <i64>a3 < 0, nb = <i64>b3 < 0;
  if (!(na | nb)) {
    mod(a, b, r);
    return;
  }
  if (na) storeNeg(SA, a0, a1, a2, a3); else store4(SA, a0, a1, a2, a3);
  if (nb) storeNeg(SB, b0, b1, b2, b3); else store4(SB, b0, b1, b2, b3);
  mod(SA, SB, r);
  if (na) neg(r, r);
}

/** r = (a + b) mod n with an exact 257-bit intermediate; 0 if n == 0. */
export function addmod(a: usize, b: usize, n: usize, r: usize): void {
  const n0 = load<u64>(n), n1 = load<u64>(n, 8), n2 = load<u64>(n, 16), n3 = load<u64>(n, 24);
  if ((n0 | n1 | n2 | n3) == 0) {
    setZero(r);
    return;
  }
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  let s0 = a0 + b0;
  let c = <u64>(s0 < a0);
  let t = a1 + b1;
  let c1 = <u64>(t < a1);
  let s1 = t + c;
  c = c1 | <u64>(s1 < c);
  t = a2 + b2;
  c1 = <u64>(t < a2);
  let s2 = t + c;
  c = c1 | <u64>(s2 < c);
  t = a3 + b3;
  c1 = <u64>(t < a3);
  let s3 = t + c;
  const s4 = c1 | <u64>(s3 < c); // bit 256 of the sum

  if (ltL(a0, a1, a2, a3, n0, n1, n2, n3) && ltL(b0, b1, b2, b3, n0, n1, n2, n3)) {
    // a + b < 2n: at most one subtraction of n.
    if (s4 != 0 || !ltL(s0, s1, s2, s3, n0, n1, n2, n3)) {
      const d0 = s0 - n0;
      let br = <u64>(s0 < n0);
      t = s1 - n1;
      let bb = <u64>(s1 < n1);
      const d1 = t - br;
      br = bb | <u64>(t < br);
      t = s2 - n2;
      bb = <u64>(s2 < n2);
      const d2 = t - br;
      br = bb | <u64>(t < br);
      store4(r, d0, d1, d2, s3 - n3 - br);
    } else {
      store4(r, s0, s1, s2, s3);
    }
    return;
  }
  const nv = limbCount(n0, n1, n2, n3);
  const nu = s4 != 0 ? 5 : limbCount(s0, s1, s2, s3);
  if (nu < nv) {
    store4(r, s0, s1, s2, s3);
    return;
  }
  store4(PR, s0, s1, s2, s3);
  store<u64>(PR, s4, 32);
  divmodCore(PR, nu, n, nv);
  copy(RM, r);
}

/** The 512-bit product a * b into the eight limbs at `r` (least significant first). */
export function mulWide(a: usize, b: usize, r: usize): void {
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  store4(r, 0, 0, 0, 0);
  mulRow(r, load<u64>(a), b0, b1, b2, b3);
  mulRow(r + 8, load<u64>(a, 8), b0, b1, b2, b3);
  mulRow(r + 16, load<u64>(a, 16), b0, b1, b2, b3);
  mulRow(r + 24, load<u64>(a, 24), b0, b1, b2, b3);
}

/** r = (a * b) mod n with an exact 512-bit intermediate; 0 if n == 0. */
export function mulmod(a: usize, b: usize, n: usize, r: usize): void {
  const n0 = load<u64>(n), n1 = load<u64>(n, 8), n2 = load<u64>(n, 16), n3 = load<u64>(n, 24);
  if ((n1 | n2 | n3) == 0) {
    if (n0 == 0) {
      setZero(r);
      return;
    }
  }
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  if ((a1 | a2 | a3 | b1 | b2 | b3 | n1 | n2 | n3) == 0) {
    const lo = a0 * b0, hi = mulHi(a0, b0);
    if (hi == 0) {
      store4(r, lo % n0, 0, 0, 0);
      return;
    }
    const s = <u64>i64.clz(n0);
    const rs: u64 = 63 - s;
    const dn = n0 << s;
    div128((hi >> 1) >> rs, (hi << s) | ((lo >> 1) >> rs), dn);
    div128(divRem, lo << s, dn);
    store4(r, divRem >> s, 0, 0, 0);
    return;
  }
  // Full 512-bit product into PR.
  store4(PR, 0, 0, 0, 0);
  if (a0 != 0) mulRow(PR, a0, b0, b1, b2, b3); else store<u64>(PR, 0, 32);
  if (a1 != 0) mulRow(PR + 8, a1, b0, b1, b2, b3); else store<u64>(PR, 0, 40);
  if (a2 != 0) mulRow(PR + 16, a2, b0, b1, b2, b3); else store<u64>(PR, 0, 48);
  if (a3 != 0) mulRow(PR + 24, a3, b0, b1, b2, b3); else store<u64>(PR, 0, 56);
  let nu = 8;
  while (nu > 1 && load<u64>(PR + (<usize>(nu - 1) << 3)) == 0) nu--;
  const nv = limbCount(n0, n1, n2, n3);
  if (nu < nv) {
    copy(PR, r); // product < 2^(64*nu) <= n
    return;
  }
  divmodCore(PR, nu, n, nv);
  copy(RM, r);
}

/** r = base ^ e (mod 2^256), left-to-right square-and-multiply. */
export function exp(base: usize, e: usize, r: usize): void {
  const e0 = load<u64>(e), e1 = load<u64>(e, 8), e2 = load<u64>(e, 16), e3 = load<u64>(e, 24);
  if ((e0 | e1 | e2 | e3) == 0) {
    setU64(r, 1);
    return;
  }
  const b0 = load<u64>(base), b1 = load<u64>(base, 8), b2 = load<u64>(base, 16), b3 = load<u64>(base, 24);
  if ((b1 | b2 | b3) == 0 && b0 <= 1) {
    setU64(r, b0); // 0^e = 0, 1^e = 1 (e > 0)
    return;
  }
  if (<i32>(popcnt<u64>(b0) + popcnt<u64>(b1) + popcnt<u64>(b2) + popcnt<u64>(b3)) == 1) {
    // base = 2^k (k >= 1): result = 2^(k*e), zero once k*e >= 256.
    const k = <u64>(bitLength(base) - 1);
    if ((e1 | e2 | e3) == 0 && e0 < 256) {
      const p = k * e0;
      if (p < 256) {
        setZero(r);
        store<u64>(r + <usize>((p >> 6) << 3), <u64>1 << (p & 63));
        return;
      }
    }
    setZero(r);
    return;
  }
  store4(SA, b0, b1, b2, b3);
  store4(SB, e0, e1, e2, e3);
  store4(r, b0, b1, b2, b3);
  for (let i = bitLength(SB) - 2; i >= 0; i--) {
    mul(r, r, r);
    const w = load<u64>(SB + (<usize>(i >>> 6) << 3));
    if (((w >> <u64>(i & 63)) & 1) != 0) mul(r, SA, r);
  }
}

// ---------------------------------------------------------------------------------------------
// Conversion to and from EVM (big-endian) byte order.

/** r = the 32 big-endian bytes at src. */
// @ts-ignore: decorator
@inline
export function loadBigEndian(src: usize, r: usize): void {
  const x3 = bswap<u64>(load<u64>(src));
  const x2 = bswap<u64>(load<u64>(src, 8));
  const x1 = bswap<u64>(load<u64>(src, 16));
  const x0 = bswap<u64>(load<u64>(src, 24));
  store4(r, x0, x1, x2, x3);
}

/** Writes a as 32 big-endian bytes at dst. */
// @ts-ignore: decorator
@inline
export function storeBigEndian(a: usize, dst: usize): void {
  const x0 = load<u64>(a), x1 = load<u64>(a, 8), x2 = load<u64>(a, 16), x3 = load<u64>(a, 24);
  store<u64>(dst, bswap<u64>(x3));
  store<u64>(dst, bswap<u64>(x2), 8);
  store<u64>(dst, bswap<u64>(x1), 16);
  store<u64>(dst, bswap<u64>(x0), 24);
}

/**
 * r = the len (0..32) big-endian bytes at src as the low-order bytes of the word (PUSHn).
 * Reads exactly bytes src..src+len-1.
 */
export function loadBigEndianPartial(src: usize, len: i32, r: usize): void {
  if (len >= 32) {
    loadBigEndian(src, r);
    return;
  }
  const k = len & 7;
  let top: u64 = 0;
  let p = src;
  if (k & 4) {
    top = <u64>bswap<u32>(load<u32>(p));
    p += 4;
  }
  if (k & 2) {
    top = (top << 16) | <u64>bswap<u16>(load<u16>(p));
    p += 2;
  }
  if (k & 1) top = (top << 8) | <u64>load<u8>(p);
  const end = src + <usize>len;
  switch (len >> 3) {
    case 0: {
      store4(r, top, 0, 0, 0);
      break;
    }
    case 1: {
      store4(r, bswap<u64>(load<u64>(end - 8)), top, 0, 0);
      break;
    }
    case 2: {
      store4(r, bswap<u64>(load<u64>(end - 8)), bswap<u64>(load<u64>(end - 16)), top, 0);
      break;
    }
    default: {
      store4(r, bswap<u64>(load<u64>(end - 8)), bswap<u64>(load<u64>(end - 16)),
        bswap<u64>(load<u64>(end - 24)), top);
      break;
    }
  }
}

/** Writes the low len (0..32) bytes of a, big-endian, at dst (e.g. len 20 for an address). */
export function storeBigEndianPartial(a: usize, dst: usize, len: i32): void {
  storeBigEndian(a, SB);
  memory.copy(dst, SB + 32 - <usize>len, <usize>len);
}

// ---------------------------------------------------------------------------------------------
// Test instrumentation: how often the rare branches of the long division ran.

export function _divAddBackCount(): u32 {
  return knuthAddBacks;
}

export function _divQhatMaxCount(): u32 {
  return knuthQhatMax;
}
