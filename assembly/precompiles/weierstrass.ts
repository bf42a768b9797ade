// Short Weierstrass curves y^2 = x^3 + b over a 256-bit prime field (a = 0: secp256k1 and alt_bn128), in
// the core: the field, then Jacobian points. Elements are 4 u64 limbs in linear memory, least significant
// first (as in u256.ts), always below the modulus. secp256k1's field reduces by folding (2^256 ≡ 2^32 + 977
// mod p), alt_bn128's in Montgomery form (CIOS); `useField` picks one before a precompile starts. Points are
// (X, Y, Z) at 0, 32, 64; Z = 0 is the point at infinity. Nothing allocates; the scratch areas make it
// non-re-entrant, as u256.ts is.
import { mulHi, isZero, eq as equal, copy as copy32, lt as less, sub as sub256, add as add256 } from '../u256';

/** Field temporaries: sixteen slots of an element each (32 bytes here; the callers use them too, between calls). */
export const F: usize = memory.data(48 * 16, 16);

// secp256k1's p = 2^256 - 2^32 - 977: the top three limbs are all ones.
const P0: u64 = 0xFFFFFFFEFFFFFC2F;
const ONES: u64 = 0xFFFFFFFFFFFFFFFF;
const FOLD: u64 = 0x1000003D1;

/** The modulus in use (limbs), whether in Montgomery form, and -p^-1 mod 2^64 for it. */
let M0: u64 = 0, M1: u64 = 0, M2: u64 = 0, M3: u64 = 0, MINV: u64 = 0;
let montgomery = false;

/** Selects the field: `modulus` (4 limbs in memory); Montgomery form with `minv` = -p^-1 mod 2^64, else secp256k1's fold. */
export function useField(modulus: usize, inMontgomery: bool, minv: u64): void {
  M0 = load<u64>(modulus); M1 = load<u64>(modulus, 8); M2 = load<u64>(modulus, 16); M3 = load<u64>(modulus, 24);
  montgomery = inMontgomery; MINV = minv;
}

// @ts-ignore: decorator
@inline
export function set4(r: usize, a: u64, b: u64, c: u64, d: u64): void {
  store<u64>(r, a); store<u64>(r, b, 8); store<u64>(r, c, 16); store<u64>(r, d, 24);
}

// --- the field: secp256k1's p, reduced by folding ------------------------------------------------------

// A 192-bit accumulator for the product's columns (product scanning: no memory for the 512-bit product).
let acc0: u64 = 0, acc1: u64 = 0, acc2: u64 = 0;

/** acc += x * y. */
// @ts-ignore: decorator
@inline
function mac(x: u64, y: u64): void {
  const lo = x * y, hi = mulHi(x, y);
  const s0 = acc0 + lo;
  const c = <u64>(s0 < lo);
  acc0 = s0;
  const h = hi + c; // (hi <= 2^64 - 2)
  const s1 = acc1 + h;
  acc2 += <u64>(s1 < h);
  acc1 = s1;
}

/** The accumulator's low word, the accumulator shifted down a word. */
// @ts-ignore: decorator
@inline
function column(): u64 {
  const t = acc0;
  acc0 = acc1; acc1 = acc2; acc2 = 0;
  return t;
}

/** r = a * b mod p (r may alias a or b). */
export function fmul(a: usize, b: usize, r: usize): void {
  if (montgomery) { montMul(a, b, r); return; }
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  acc0 = 0; acc1 = 0; acc2 = 0;
  mac(a0, b0); const l0 = column();
  mac(a0, b1); mac(a1, b0); const l1 = column();
  mac(a0, b2); mac(a1, b1); mac(a2, b0); const l2 = column();
  mac(a0, b3); mac(a1, b2); mac(a2, b1); mac(a3, b0); const l3 = column();
  mac(a1, b3); mac(a2, b2); mac(a3, b1); const h0 = column();
  mac(a2, b3); mac(a3, b2); const h1 = column();
  mac(a3, b3); const h2 = column();
  const h3 = acc0;
  reduce(r, l0, l1, l2, l3, h0, h1, h2, h3);
}

/** r = (h * 2^256 + l) mod p, folding h with 2^256 = FOLD (mod p). */
// @ts-ignore: decorator
@inline
function reduce(r: usize, l0: u64, l1: u64, l2: u64, l3: u64, h0: u64, h1: u64, h2: u64, h3: u64): void {
  acc0 = l0; acc1 = 0; acc2 = 0;
  mac(h0, FOLD); const r0 = column();
  acc0 += l1; acc1 += <u64>(acc0 < l1);
  mac(h1, FOLD); const r1 = column();
  acc0 += l2; acc1 += <u64>(acc0 < l2);
  mac(h2, FOLD); const r2 = column();
  acc0 += l3; acc1 += <u64>(acc0 < l3);
  mac(h3, FOLD); const r3 = column();
  const r4 = acc0; // < 2^34
  // fold the fifth word
  const lo = r4 * FOLD, hi = mulHi(r4, FOLD);
  let x0 = r0 + lo; let c = <u64>(x0 < lo);
  let x1 = r1 + hi; let c1 = <u64>(x1 < hi); x1 += c; c1 += <u64>(x1 < c); c = c1;
  let x2 = r2 + c; c = <u64>(x2 < c);
  let x3 = r3 + c; c = <u64>(x3 < c);
  if (c != 0) { // past 2^256 once more: add FOLD (the value is small now)
    x0 += FOLD; c = <u64>(x0 < FOLD);
    x1 += c; c = <u64>(x1 < c);
    x2 += c; c = <u64>(x2 < c);
    x3 += c;
  }
  if (x3 == ONES && x2 == ONES && x1 == ONES && x0 >= P0) set4(r, x0 - P0, 0, 0, 0);
  else set4(r, x0, x1, x2, x3);
}

// --- any field: addition, subtraction, Montgomery multiplication, powers ----------------------------------

/** r = a + b mod p. */
export function fadd(a: usize, b: usize, r: usize): void {
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const s0 = a0 + b0;
  let c = <u64>(s0 < a0);
  let s1 = a1 + b1; let c1 = <u64>(s1 < a1); s1 += c; c1 += <u64>(s1 < c); c = c1;
  let s2 = a2 + b2; c1 = <u64>(s2 < a2); s2 += c; c1 += <u64>(s2 < c); c = c1;
  let s3 = a3 + b3; c1 = <u64>(s3 < a3); s3 += c; c1 += <u64>(s3 < c); c = c1;
  if (c != 0 || !below(s0, s1, s2, s3)) subModulus(r, s0, s1, s2, s3);
  else set4(r, s0, s1, s2, s3);
}

/** r = a - b mod p. */
export function fsub(a: usize, b: usize, r: usize): void {
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const d0 = a0 - b0;
  let br = <u64>(a0 < b0);
  let d1 = a1 - b1; let br1 = <u64>(a1 < b1); br1 += <u64>(d1 < br); d1 -= br; br = br1;
  let d2 = a2 - b2; br1 = <u64>(a2 < b2); br1 += <u64>(d2 < br); d2 -= br; br = br1;
  let d3 = a3 - b3; br1 = <u64>(a3 < b3); br1 += <u64>(d3 < br); d3 -= br; br = br1;
  if (br != 0) { // add p back (mod 2^256)
    const e0 = d0 + M0; let c = <u64>(e0 < d0);
    let e1 = d1 + M1; let c1 = <u64>(e1 < d1); e1 += c; c1 += <u64>(e1 < c); c = c1;
    let e2 = d2 + M2; c1 = <u64>(e2 < d2); e2 += c; c1 += <u64>(e2 < c); c = c1;
    set4(r, e0, e1, e2, d3 + M3 + c);
  } else set4(r, d0, d1, d2, d3);
}

const ZERO: usize = memory.data(32, 16);

/** r = -a mod p. */
export function fneg(a: usize, r: usize): void { fsub(ZERO, a, r); }

/** x < p for the limbs x0..x3. */
// @ts-ignore: decorator
@inline
function below(x0: u64, x1: u64, x2: u64, x3: u64): bool {
  if (x3 != M3) return x3 < M3;
  if (x2 != M2) return x2 < M2;
  if (x1 != M1) return x1 < M1;
  return x0 < M0;
}

/** r = x - p mod 2^256. */
function subModulus(r: usize, x0: u64, x1: u64, x2: u64, x3: u64): void {
  const d0 = x0 - M0; let br = <u64>(x0 < M0);
  let d1 = x1 - M1; let br1 = <u64>(x1 < M1); br1 += <u64>(d1 < br); d1 -= br; br = br1;
  let d2 = x2 - M2; br1 = <u64>(x2 < M2); br1 += <u64>(d2 < br); d2 -= br; br = br1;
  set4(r, d0, d1, d2, x3 - M3 - br);
}

/** The Montgomery accumulator (five words). */
let T0: u64 = 0, T1: u64 = 0, T2: u64 = 0, T3: u64 = 0, T4: u64 = 0;

/** One round of CIOS: T = (T + ai * b + m * p) / 2^64 with m making the low word vanish. */
// @ts-ignore: decorator
@inline
function montRound(ai: u64, b0: u64, b1: u64, b2: u64, b3: u64): void {
  let lo = ai * b0, hi = mulHi(ai, b0);
  let s = T0 + lo; let c = <u64>(s < lo); T0 = s; let C = hi + c;
  lo = ai * b1; hi = mulHi(ai, b1);
  s = T1 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T1 = s; C = hi + c;
  lo = ai * b2; hi = mulHi(ai, b2);
  s = T2 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T2 = s; C = hi + c;
  lo = ai * b3; hi = mulHi(ai, b3);
  s = T3 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T3 = s; C = hi + c;
  s = T4 + C; const T5 = <u64>(s < C); T4 = s;
  const m = T0 * MINV;
  lo = m * M0; hi = mulHi(m, M0);
  s = T0 + lo; c = <u64>(s < lo); C = hi + c; // (the low word is now 0)
  lo = m * M1; hi = mulHi(m, M1);
  s = T1 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T0 = s; C = hi + c;
  lo = m * M2; hi = mulHi(m, M2);
  s = T2 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T1 = s; C = hi + c;
  lo = m * M3; hi = mulHi(m, M3);
  s = T3 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T2 = s; C = hi + c;
  s = T4 + C; c = <u64>(s < C); T3 = s; T4 = T5 + c;
}

/** r = a * b / 2^256 mod p (Montgomery form; p < 2^255). */
function montMul(a: usize, b: usize, r: usize): void {
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  T0 = 0; T1 = 0; T2 = 0; T3 = 0; T4 = 0;
  montRound(a0, b0, b1, b2, b3);
  montRound(a1, b0, b1, b2, b3);
  montRound(a2, b0, b1, b2, b3);
  montRound(a3, b0, b1, b2, b3);
  if (T4 != 0 || !below(T0, T1, T2, T3)) subModulus(r, T0, T1, T2, T3);
  else set4(r, T0, T1, T2, T3);
}

/** The inverse's working values u, v, x1, x2 (plain, 4 limbs each). */
const INV: usize = memory.data(32 * 4, 16);

/** x >>= k (0 < k < 64), four limbs at x. */
// @ts-ignore: decorator
@inline
function shiftDown(x: usize, k: u64): void {
  const x0 = load<u64>(x), x1 = load<u64>(x, 8), x2 = load<u64>(x, 16), x3 = load<u64>(x, 24), j = 64 - k;
  set4(x, (x0 >> k) | (x1 << j), (x1 >> k) | (x2 << j), (x2 >> k) | (x3 << j), x3 >> k);
}

/** x = x / 2^k mod m (0 < k < 64, x < m, m odd; nm = -m^-1 mod 2^64): (x + t m) / 2^k, t < 2^k making the low k bits vanish. */
function halveMod(x: usize, k: u64, m: usize, nm: u64): void {
  const t = (load<u64>(x) * nm) & ((<u64>1 << k) - 1);
  let c: u64 = 0;
  for (let i: usize = 0; i < 32; i += 8) {
    const mi = load<u64>(m + i), lo = t * mi, hi = mulHi(t, mi);
    let s = load<u64>(x + i) + lo; let c1 = <u64>(s < lo); s += c; c1 += <u64>(s < c);
    store<u64>(x + i, s); c = hi + c1;
  }
  // the sum is below 2^k m (x < m, t < 2^k), its fifth word c: shifted down it is below m
  const j = 64 - k;
  const x0 = load<u64>(x), x1 = load<u64>(x, 8), x2 = load<u64>(x, 16), x3 = load<u64>(x, 24);
  set4(x, (x0 >> k) | (x1 << j), (x1 >> k) | (x2 << j), (x2 >> k) | (x3 << j), (x3 >> k) | (c << j));
}

/** r = a - b mod m (a, b < m; r may be a or b): a - b + m mod 2^256 when a < b. */
export function subMod(a: usize, b: usize, m: usize, r: usize): void {
  if (less(a, b)) { sub256(a, b, r); add256(r, m, r); } else sub256(a, b, r);
}

/**
 * r = a^-1 mod m for a < m, m an odd prime, nm = -m^-1 mod 2^64 (plain values; 0 gives 0): binary extended Euclid
 * keeping x1 a = u, x2 a = v (mod m), a run of trailing zeros shifted out at once (halveMod).
 */
export function invMod(a: usize, m: usize, nm: u64, r: usize): void {
  if (isZero(a)) { set4(r, 0, 0, 0, 0); return; }
  const u = INV, v = INV + 32, x1 = INV + 64, x2 = INV + 96;
  memory.copy(u, a, 32); memory.copy(v, m, 32); set4(x1, 1, 0, 0, 0); set4(x2, 0, 0, 0, 0);
  for (;;) {
    for (let w = load<u64>(u); (w & 1) == 0; w = load<u64>(u)) {
      const k = w == 0 ? 63 : ctz<u64>(w);
      shiftDown(u, k); halveMod(x1, k, m, nm);
    }
    for (let w = load<u64>(v); (w & 1) == 0; w = load<u64>(v)) {
      const k = w == 0 ? 63 : ctz<u64>(w);
      shiftDown(v, k); halveMod(x2, k, m, nm);
    }
    if (isOne(u)) { memory.copy(r, x1, 32); return; }
    if (isOne(v)) { memory.copy(r, x2, 32); return; }
    if (less(u, v)) { sub256(v, u, v); subMod(x2, x1, m, x2); }
    else { sub256(u, v, u); subMod(x1, x2, m, x1); }
  }
}

// @ts-ignore: decorator
@inline
function isOne(x: usize): bool { return load<u64>(x) == 1 && load<u64>(x, 8) == 0 && load<u64>(x, 16) == 0 && load<u64>(x, 24) == 0; }

/** The point at `p` made affine in place, given zinv = 1/Z (and `one`, the field's 1, for the new Z). */
export function affineWith(p: usize, zinv: usize, one: usize): void {
  const zinv2 = F + 128;
  fmul(zinv, zinv, zinv2);
  fmul(p, zinv2, p);
  fmul(zinv2, zinv, zinv2);
  fmul(p + 32, zinv2, p + 32);
  memory.copy(p + 64, one, 32);
}

/**
 * The field in use as a descriptor for the generic point functions below and tower.ts: 32-byte elements,
 * `useField`'s modulus (a null reference: its methods read no fields). bls12.ts has BLS12-381's.
 */
@unmanaged
export class Field256 {
  // @ts-ignore: decorator
  @inline get size(): usize { return 32; }
  // @ts-ignore: decorator
  @inline mul(a: usize, b: usize, r: usize): void { fmul(a, b, r); }
  // @ts-ignore: decorator
  @inline add(a: usize, b: usize, r: usize): void { fadd(a, b, r); }
  // @ts-ignore: decorator
  @inline sub(a: usize, b: usize, r: usize): void { fsub(a, b, r); }
  // @ts-ignore: decorator
  @inline neg(a: usize, r: usize): void { fneg(a, r); }
  // @ts-ignore: decorator
  @inline isZero(a: usize): bool { return isZero(a); }
  // @ts-ignore: decorator
  @inline equal(a: usize, b: usize): bool { return equal(a, b); }
}
export const W256 = changetype<Field256>(0);

// --- points (Jacobian; the formulas hold for any b when a = 0), over a descriptor's field: Field256, or bls12.ts's --

/** r = 2p (dbl-2009-l, a = 0; r may alias p). */
export function pdouble<T>(f: T, p: usize, r: usize): void {
  const e = f.size;
  if (f.isZero(p + e * 2)) { memory.fill(r + e * 2, 0, e); return; }
  const A = F, B = F + e, C = F + e * 2, D = F + e * 3, E = F + e * 4, G = F + e * 5, X3 = F + e * 6;
  f.mul(p, p, A);
  f.mul(p + e, p + e, B);
  f.mul(B, B, C);
  f.add(p, B, D); f.mul(D, D, D); f.sub(D, A, D); f.sub(D, C, D); f.add(D, D, D);
  f.add(A, A, E); f.add(E, A, E);
  f.mul(E, E, G);
  f.sub(G, D, X3); f.sub(X3, D, X3);
  f.mul(p + e, p + e * 2, r + e * 2); f.add(r + e * 2, r + e * 2, r + e * 2); // Z3 = 2 Y1 Z1 (Y1, Z1 read before Y3 is written)
  f.sub(D, X3, D); f.mul(E, D, D);
  f.add(C, C, C); f.add(C, C, C); f.add(C, C, C); // 8C
  f.sub(D, C, r + e);
  memory.copy(r, X3, e);
}

/** r = p + q (add-2007-bl; r may alias p or q). */
export function padd<T>(f: T, p: usize, q: usize, r: usize): void {
  const e = f.size;
  if (f.isZero(p + e * 2)) { memory.copy(r, q, e * 3); return; }
  if (f.isZero(q + e * 2)) { memory.copy(r, p, e * 3); return; }
  const Z1Z1 = F + e * 7, Z2Z2 = F + e * 8, U1 = F + e * 9, U2 = F + e * 10, S1 = F + e * 11, S2 = F + e * 12, H = F + e * 13, I = F + e * 14;
  f.mul(p + e * 2, p + e * 2, Z1Z1);
  f.mul(q + e * 2, q + e * 2, Z2Z2);
  f.mul(p, Z2Z2, U1);
  f.mul(q, Z1Z1, U2);
  f.mul(p + e, q + e * 2, S1); f.mul(S1, Z2Z2, S1);
  f.mul(q + e, p + e * 2, S2); f.mul(S2, Z1Z1, S2);
  f.sub(U2, U1, H);
  if (f.isZero(H)) {
    if (f.equal(S1, S2)) pdouble(f, p, r);
    else memory.fill(r + e * 2, 0, e);
    return;
  }
  // Z3 first, from Z1 and Z2 (r may alias p or q)
  const Z3 = F + e * 15; // (a slot no caller holds across an addition)
  f.add(p + e * 2, q + e * 2, Z3); f.mul(Z3, Z3, Z3); f.sub(Z3, Z1Z1, Z3); f.sub(Z3, Z2Z2, Z3); f.mul(Z3, H, Z3);
  f.add(H, H, I); f.mul(I, I, I); // I = (2H)^2
  const J = Z1Z1, RR = Z2Z2, V = U2; // (reused: no longer needed)
  f.mul(H, I, J);
  f.sub(S2, S1, RR); f.add(RR, RR, RR);
  f.mul(U1, I, V);
  // X3 = rr^2 - J - 2V
  f.mul(RR, RR, U1); f.sub(U1, J, U1); f.sub(U1, V, U1); f.sub(U1, V, U1);
  // Y3 = rr (V - X3) - 2 S1 J
  f.sub(V, U1, V); f.mul(RR, V, V);
  f.mul(S1, J, S1); f.add(S1, S1, S1);
  f.sub(V, S1, r + e);
  memory.copy(r, U1, e);
  memory.copy(r + e * 2, Z3, e);
}

/** r = p + q for an affine q (Z = 1: madd-2007-bl, 5 fewer multiplications; r may alias p). */
export function paddAffine<T>(f: T, p: usize, q: usize, r: usize): void {
  const e = f.size;
  if (f.isZero(p + e * 2)) { memory.copy(r, q, e * 3); return; }
  const Z1Z1 = F + e * 7, U2 = F + e * 8, S2 = F + e * 9, H = F + e * 10, HH = F + e * 11, I = F + e * 12, J = F + e * 13, RR = F + e * 14, V = F + e * 15;
  f.mul(p + e * 2, p + e * 2, Z1Z1);
  f.mul(q, Z1Z1, U2);
  f.mul(q + e, p + e * 2, S2); f.mul(S2, Z1Z1, S2);
  f.sub(U2, p, H);
  if (f.isZero(H)) {
    if (f.equal(S2, p + e)) pdouble(f, p, r);
    else memory.fill(r + e * 2, 0, e);
    return;
  }
  f.mul(H, H, HH);
  f.add(HH, HH, I); f.add(I, I, I); // 4 HH
  f.mul(H, I, J);
  f.sub(S2, p + e, RR); f.add(RR, RR, RR);
  f.mul(p, I, V);
  // Z3 = (Z1 + H)^2 - Z1Z1 - HH, from Z1 before r is written
  f.add(p + e * 2, H, U2); f.mul(U2, U2, U2); f.sub(U2, Z1Z1, U2); f.sub(U2, HH, U2);
  // X3 = rr^2 - J - 2V (in H), Y3 = rr (V - X3) - 2 Y1 J (in S2)
  f.mul(RR, RR, H); f.sub(H, J, H); f.sub(H, V, H); f.sub(H, V, H);
  f.mul(p + e, J, J); f.add(J, J, J);
  f.sub(V, H, V); f.mul(RR, V, V); f.sub(V, J, S2);
  memory.copy(r, H, e); memory.copy(r + e, S2, e); memory.copy(r + e * 2, U2, e);
}

