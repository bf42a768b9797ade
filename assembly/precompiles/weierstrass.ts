// Short Weierstrass curves y^2 = x^3 + b over a 256-bit prime field (a = 0: secp256k1 and alt_bn128), in
// the core: the field, then Jacobian points. Elements are 4 u64 limbs in linear memory, least significant
// first (as in u256.ts), always below the modulus. secp256k1's field reduces by folding (2^256 ≡ 2^32 + 977
// mod p), alt_bn128's in Montgomery form (CIOS); `useField` picks one before a precompile starts. Points are
// (X, Y, Z) at 0, 32, 64; Z = 0 is the point at infinity. Nothing allocates; the scratch areas make it
// non-re-entrant, as u256.ts is.
import { mulHi, isZero, eq as equal, copy as copy32 } from '../u256';

/** Field temporaries, 32 bytes each (the callers use them too, between calls). */
export const F: usize = memory.data(32 * 16, 16);

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

const POW_BASE: usize = memory.data(32, 16);

/** r = a^e (e: 4 limbs in memory), square and multiply from the top bit; `one` is the field's 1. */
export function fpow(a: usize, e: usize, one: usize, r: usize): void {
  memory.copy(POW_BASE, a, 32);
  memory.copy(r, one, 32);
  for (let i = 255; i >= 0; i--) {
    fmul(r, r, r);
    if ((load<u64>(e + (<usize>(i >> 6) << 3)) >> <u64>(i & 63)) & 1) fmul(r, POW_BASE, r);
  }
}

/** The point at `p` made affine in place, given zinv = 1/Z (and `one`, the field's 1, for the new Z). */
export function affineWith(p: usize, zinv: usize, one: usize): void {
  const zinv2 = F + 128;
  fmul(zinv, zinv, zinv2);
  fmul(p, zinv2, p);
  fmul(zinv2, zinv, zinv2);
  fmul(p + 32, zinv2, p + 32);
  memory.copy(p + 64, one, 32);
}

// --- points (Jacobian; the formulas hold for any b when a = 0) --------------------------------------------

/** r = 2p (dbl-2009-l, a = 0; r may alias p). */
export function pdouble(p: usize, r: usize): void {
  if (isZero(p + 64)) { store<u64>(r + 64, 0); store<u64>(r + 72, 0); store<u64>(r + 80, 0); store<u64>(r + 88, 0); return; }
  const A = F, B = F + 32, C = F + 64, D = F + 96, E = F + 128, G = F + 160, X3 = F + 192;
  fmul(p, p, A);
  fmul(p + 32, p + 32, B);
  fmul(B, B, C);
  fadd(p, B, D); fmul(D, D, D); fsub(D, A, D); fsub(D, C, D); fadd(D, D, D);
  fadd(A, A, E); fadd(E, A, E);
  fmul(E, E, G);
  fsub(G, D, X3); fsub(X3, D, X3);
  fmul(p + 32, p + 64, r + 64); fadd(r + 64, r + 64, r + 64); // Z3 = 2 Y1 Z1 (Y1, Z1 read before Y3 is written)
  fsub(D, X3, D); fmul(E, D, D);
  fadd(C, C, C); fadd(C, C, C); fadd(C, C, C); // 8C
  fsub(D, C, r + 32);
  copy32(X3, r);
}

/** r = p + q (add-2007-bl; r may alias p or q). */
export function padd(p: usize, q: usize, r: usize): void {
  if (isZero(p + 64)) { memory.copy(r, q, 96); return; }
  if (isZero(q + 64)) { memory.copy(r, p, 96); return; }
  const Z1Z1 = F + 224, Z2Z2 = F + 256, U1 = F + 288, U2 = F + 320, S1 = F + 352, S2 = F + 384, H = F + 416, I = F + 448;
  fmul(p + 64, p + 64, Z1Z1);
  fmul(q + 64, q + 64, Z2Z2);
  fmul(p, Z2Z2, U1);
  fmul(q, Z1Z1, U2);
  fmul(p + 32, q + 64, S1); fmul(S1, Z2Z2, S1);
  fmul(q + 32, p + 64, S2); fmul(S2, Z1Z1, S2);
  fsub(U2, U1, H);
  if (isZero(H)) {
    if (equal(S1, S2)) pdouble(p, r);
    else { store<u64>(r + 64, 0); store<u64>(r + 72, 0); store<u64>(r + 80, 0); store<u64>(r + 88, 0); }
    return;
  }
  // Z3 first, from Z1 and Z2 (r may alias p or q)
  const Z3 = F + 480; // (a slot no caller holds across an addition)
  fadd(p + 64, q + 64, Z3); fmul(Z3, Z3, Z3); fsub(Z3, Z1Z1, Z3); fsub(Z3, Z2Z2, Z3); fmul(Z3, H, Z3);
  fadd(H, H, I); fmul(I, I, I); // I = (2H)^2
  const J = Z1Z1, RR = Z2Z2, V = U2; // (reused: no longer needed)
  fmul(H, I, J);
  fsub(S2, S1, RR); fadd(RR, RR, RR);
  fmul(U1, I, V);
  // X3 = rr^2 - J - 2V
  fmul(RR, RR, U1); fsub(U1, J, U1); fsub(U1, V, U1); fsub(U1, V, U1);
  // Y3 = rr (V - X3) - 2 S1 J
  fsub(V, U1, V); fmul(RR, V, V);
  fmul(S1, J, S1); fadd(S1, S1, S1);
  fsub(V, S1, r + 32);
  copy32(U1, r);
  copy32(Z3, r + 64);
}

/** r = p + q for an affine q (Z = 1: madd-2007-bl, 5 fewer multiplications; r may alias p). */
export function paddAffine(p: usize, q: usize, r: usize): void {
  if (isZero(p + 64)) { memory.copy(r, q, 96); return; }
  const Z1Z1 = F + 224, U2 = F + 256, S2 = F + 288, H = F + 320, HH = F + 352, I = F + 384, J = F + 416, RR = F + 448, V = F + 480;
  fmul(p + 64, p + 64, Z1Z1);
  fmul(q, Z1Z1, U2);
  fmul(q + 32, p + 64, S2); fmul(S2, Z1Z1, S2);
  fsub(U2, p, H);
  if (isZero(H)) {
    if (equal(S2, p + 32)) pdouble(p, r);
    else { store<u64>(r + 64, 0); store<u64>(r + 72, 0); store<u64>(r + 80, 0); store<u64>(r + 88, 0); }
    return;
  }
  fmul(H, H, HH);
  fadd(HH, HH, I); fadd(I, I, I); // 4 HH
  fmul(H, I, J);
  fsub(S2, p + 32, RR); fadd(RR, RR, RR);
  fmul(p, I, V);
  // Z3 = (Z1 + H)^2 - Z1Z1 - HH, from Z1 before r is written
  fadd(p + 64, H, U2); fmul(U2, U2, U2); fsub(U2, Z1Z1, U2); fsub(U2, HH, U2);
  // X3 = rr^2 - J - 2V (in H), Y3 = rr (V - X3) - 2 Y1 J (in S2)
  fmul(RR, RR, H); fsub(H, J, H); fsub(H, V, H); fsub(H, V, H);
  fmul(p + 32, J, J); fadd(J, J, J);
  fsub(V, H, V); fmul(RR, V, V); fsub(V, J, S2);
  copy32(H, r); copy32(S2, r + 32); copy32(U2, r + 64);
}

