// ECRECOVER (0x01) inside the core: secp256k1 public-key recovery (SEC 1 v2 §4.1.6, Yellow Paper
// appendix F), then keccak256 of the key. The host's version on @noble/curves (src/precompiles/
// 01-ecrecover.ts) is the reference the tests compare against; this one does the arithmetic on u64 limbs.
// u1·G + u2·R is one loop of doublings over both scalars' width-5 NAFs, with G's odd multiples made once
// (affine) and R's per call; the square root and the inverse mod p are addition chains.
//
// Field elements mod p and scalars mod n are 4 u64 limbs in linear memory, least significant first (as in
// u256.ts), always kept below their modulus. Points are Jacobian (X, Y, Z) at 0, 32, 64; Z = 0 is the point
// at infinity. Nothing here allocates; the scratch areas below make it non-re-entrant, as u256.ts is.
import { mulHi, mulmod, loadBigEndian, storeBigEndian, isZero, eq as equal, lt as less, sub as sub256, add as addNoCarry, copy as copy32 } from '../u256';
import { keccak256 } from '../crypto/keccak';

// p = 2^256 - 2^32 - 977: the top three limbs are all ones, and 2^256 ≡ FOLD (mod p).
const P0: u64 = 0xFFFFFFFEFFFFFC2F;
const ONES: u64 = 0xFFFFFFFFFFFFFFFF;
const FOLD: u64 = 0x1000003D1;

/** Scratch: field temporaries (32 bytes each). */
const F: usize = memory.data(32 * 16, 16);
/** Constants: n, G (affine), 1, 7. */
const K: usize = memory.data<u64>([
  0xBFD25E8CD0364141, 0xBAAEDCE6AF48A03B, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFFFFFFFFFF, // n
  0x59F2815B16F81798, 0x029BFCDB2DCE28D9, 0x55A06295CE870B07, 0x79BE667EF9DCBBAC, // Gx
  0x9C47D08FFB10D4B8, 0xFD17B448A6855419, 0x5DA4FBFC0E1108A8, 0x483ADA7726A3C465, // Gy
  1, 0, 0, 0, // 1 (Z of an affine point)
  7, 0, 0, 0, // b of y^2 = x^3 + 7
], 16);
const N: usize = K, GX: usize = K + 32, GY: usize = K + 64, ONE: usize = K + 96, B7: usize = K + 128;

// @ts-ignore: decorator
@inline
function set4(r: usize, a: u64, b: u64, c: u64, d: u64): void {
  store<u64>(r, a); store<u64>(r, b, 8); store<u64>(r, c, 16); store<u64>(r, d, 24);
}

// --- the field mod p ---------------------------------------------------------------------------------

/** Adds FOLD (≡ 2^256 - p) to r0..r3 mod 2^256, i.e. subtracts p from a value in [p, 2^257). */
// @ts-ignore: decorator
@inline
function addFold(r: usize, r0: u64, r1: u64, r2: u64, r3: u64): void {
  const s0 = r0 + FOLD;
  let c = <u64>(s0 < FOLD);
  const s1 = r1 + c; c = <u64>(s1 < c);
  const s2 = r2 + c; c = <u64>(s2 < c);
  set4(r, s0, s1, s2, r3 + c);
}

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
function fmul(a: usize, b: usize, r: usize): void {
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

/** r = a + b mod p. */
function fadd(a: usize, b: usize, r: usize): void {
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const s0 = a0 + b0;
  let c = <u64>(s0 < a0);
  let s1 = a1 + b1; let c1 = <u64>(s1 < a1); s1 += c; c1 += <u64>(s1 < c); c = c1;
  let s2 = a2 + b2; c1 = <u64>(s2 < a2); s2 += c; c1 += <u64>(s2 < c); c = c1;
  let s3 = a3 + b3; c1 = <u64>(s3 < a3); s3 += c; c1 += <u64>(s3 < c); c = c1;
  if (c != 0 || (s3 == ONES && s2 == ONES && s1 == ONES && s0 >= P0)) addFold(r, s0, s1, s2, s3);
  else set4(r, s0, s1, s2, s3);
}

/** r = a - b mod p. */
function fsub(a: usize, b: usize, r: usize): void {
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24);
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24);
  const d0 = a0 - b0;
  let br = <u64>(a0 < b0);
  let d1 = a1 - b1; let br1 = <u64>(a1 < b1); br1 += <u64>(d1 < br); d1 -= br; br = br1;
  let d2 = a2 - b2; br1 = <u64>(a2 < b2); br1 += <u64>(d2 < br); d2 -= br; br = br1;
  let d3 = a3 - b3; br1 = <u64>(a3 < b3); br1 += <u64>(d3 < br); d3 -= br; br = br1;
  if (br != 0) { // add p back: subtract FOLD mod 2^256
    const e0 = d0 - FOLD;
    let b = <u64>(d0 < FOLD);
    const e1 = d1 - b; b = <u64>(d1 < b);
    const e2 = d2 - b; b = <u64>(d2 < b);
    set4(r, e0, e1, e2, d3 - b);
  } else set4(r, d0, d1, d2, d3);
}

/** r = a^(2^k) * m (k squarings, then a multiplication; m must not be where r goes). */
function sqrMul(a: usize, k: i32, m: usize, r: usize): void {
  fmul(a, a, r);
  for (let i = 1; i < k; i++) fmul(r, r, r);
  fmul(r, m, r);
}

/**
 * a^(2^223 - 1) into X223, with a^3 in X2 and a^(2^22 - 1) in X22 (the shared start of the square root
 * and the inverse; an addition chain: 255 squarings and 12 multiplications in all, against ~500 steps of
 * square and multiply).
 */
const X2: usize = F + 480, X3: usize = F + 448, X22: usize = F + 416, X223: usize = F + 384, XT: usize = F + 352, X176: usize = F + 288;
function chain223(a: usize): void {
  sqrMul(a, 1, a, X2);
  sqrMul(X2, 1, a, X3);
  sqrMul(X3, 3, X3, XT);       // x6
  sqrMul(XT, 3, X3, XT);       // x9
  sqrMul(XT, 2, X2, XT);       // x11
  sqrMul(XT, 11, XT, X22);     // x22
  sqrMul(X22, 22, X22, XT);    // x44
  sqrMul(XT, 44, XT, X223);    // x88
  sqrMul(X223, 88, X223, X176); // x176 (m must not be where the result goes)
  sqrMul(X176, 44, XT, X223);  // x220
  sqrMul(X223, 3, X3, X223);   // x223
}

/** r = a^((p + 1) / 4): the square root of a when a has one (p ≡ 3 mod 4). */
function fsqrt(a: usize, r: usize): void {
  chain223(a);
  sqrMul(X223, 23, X22, XT);
  sqrMul(XT, 6, X2, XT);
  fmul(XT, XT, r); fmul(r, r, r);
}

/** r = a^(p - 2) = 1 / a (Fermat; a ≠ 0). */
function finv(a: usize, r: usize): void {
  copy32(a, F + 320); // (a may sit where the chain works)
  const x = F + 320;
  chain223(x);
  sqrMul(X223, 23, X22, XT);
  sqrMul(XT, 5, x, XT);
  sqrMul(XT, 3, X2, XT);
  sqrMul(XT, 2, x, r);
}

// --- points (Jacobian, y^2 = x^3 + 7) ------------------------------------------------------------------

/** r = 2p (dbl-2009-l, a = 0; r may alias p). */
function pdouble(p: usize, r: usize): void {
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
function padd(p: usize, q: usize, r: usize): void {
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
  const Z3 = F + 480; // (the chains' slot, free here)
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
function paddAffine(p: usize, q: usize, r: usize): void {
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

// --- scalars mod n --------------------------------------------------------------------------------------

/** x = x / 2 mod n (x < n, n odd). */
function halveModN(x: usize): void {
  let x0 = load<u64>(x), x1 = load<u64>(x, 8), x2 = load<u64>(x, 16), x3 = load<u64>(x, 24);
  let top: u64 = 0;
  if (x0 & 1) { // x + n, 257 bits
    const n0 = load<u64>(N), n1 = load<u64>(N, 8), n2 = load<u64>(N, 16), n3 = load<u64>(N, 24);
    const s0 = x0 + n0; let c = <u64>(s0 < n0);
    let s1 = x1 + n1; let c1 = <u64>(s1 < n1); s1 += c; c1 += <u64>(s1 < c); c = c1;
    let s2 = x2 + n2; c1 = <u64>(s2 < n2); s2 += c; c1 += <u64>(s2 < c); c = c1;
    let s3 = x3 + n3; c1 = <u64>(s3 < n3); s3 += c; c1 += <u64>(s3 < c);
    x0 = s0; x1 = s1; x2 = s2; x3 = s3; top = c1;
  }
  set4(x, (x0 >> 1) | (x1 << 63), (x1 >> 1) | (x2 << 63), (x2 >> 1) | (x3 << 63), (x3 >> 1) | (top << 63));
}

/** r = a - b mod n (a, b < n). */
function subModN(a: usize, b: usize, r: usize): void {
  if (less(a, b)) { sub256(N, b, F + 448); addNoCarry(a, F + 448, r); } // a + (n - b)
  else sub256(a, b, r);
}

/** r = a^-1 mod n for 0 < a < n (binary extended Euclid; n is prime). */
function invModN(a: usize, r: usize): void {
  const u = F, v = F + 32, x1 = F + 64, x2 = F + 96;
  copy32(a, u); copy32(N, v); copy32(ONE, x1); set4(x2, 0, 0, 0, 0);
  while (!equal(u, ONE) && !equal(v, ONE)) {
    while ((load<u64>(u) & 1) == 0) { shiftRight1(u); halveModN(x1); }
    while ((load<u64>(v) & 1) == 0) { shiftRight1(v); halveModN(x2); }
    if (less(u, v)) { sub256(v, u, v); subModN(x2, x1, x2); }
    else { sub256(u, v, u); subModN(x1, x2, x1); }
  }
  copy32(equal(u, ONE) ? x1 : x2, r);
}

function shiftRight1(x: usize): void {
  const x0 = load<u64>(x), x1 = load<u64>(x, 8), x2 = load<u64>(x, 16), x3 = load<u64>(x, 24);
  set4(x, (x0 >> 1) | (x1 << 63), (x1 >> 1) | (x2 << 63), (x2 >> 1) | (x3 << 63), x3 >> 1);
}

// --- the double-scalar multiplication (wNAF, width 5) ----------------------------------------------------

/** Odd multiples 1, 3, ..., 15 of G (affine, Z = 1: made once) and of R (Jacobian), 96 bytes each. */
const TABLE_G: usize = memory.data(96 * 8, 16);
const TABLE_R: usize = memory.data(96 * 8, 16);
let tableGReady = false;
/** A table point negated, the accumulator, a doubled point; the digits of the two scalars. */
const NEG: usize = memory.data(96, 16);
const ACC: usize = memory.data(96, 16);
const TWICE: usize = memory.data(96, 16);
const ZERO: usize = memory.data(32, 16);
const DIGITS1: usize = memory.data(260, 16);
const DIGITS2: usize = memory.data(260, 16);
const KW: usize = memory.data(32, 16);

/** Fills `table` with the odd multiples of the point at `table` (its first entry). */
function oddMultiples(table: usize): void {
  pdouble(table, TWICE);
  for (let i: usize = 1; i < 8; i++) padd(table + (i - 1) * 96, TWICE, table + i * 96);
}

/** The point at `p` made affine in place (Z = 1; p is not infinity). */
function toAffine(p: usize): void {
  const zinv = F + 96, zinv2 = F + 128;
  finv(p + 64, zinv);
  fmul(zinv, zinv, zinv2);
  fmul(p, zinv2, p);
  fmul(zinv2, zinv, zinv2);
  fmul(p + 32, zinv2, p + 32);
  copy32(ONE, p + 64);
}

/** x = x - d mod 2^256 for a small signed d. */
function subSmall(x: usize, d: i64): void {
  const x0 = load<u64>(x);
  if (d >= 0) {
    const y0 = x0 - <u64>d; let b = <u64>(x0 < <u64>d);
    const x1 = load<u64>(x, 8), y1 = x1 - b; b = <u64>(x1 < b);
    const x2 = load<u64>(x, 16), y2 = x2 - b; b = <u64>(x2 < b);
    set4(x, y0, y1, y2, load<u64>(x, 24) - b);
  } else {
    const y0 = x0 + <u64>(-d); let c = <u64>(y0 < x0);
    const y1 = load<u64>(x, 8) + c; c = <u64>(y1 < c);
    const y2 = load<u64>(x, 16) + c; c = <u64>(y2 < c);
    set4(x, y0, y1, y2, load<u64>(x, 24) + c);
  }
}

/** The width-5 NAF of the scalar at `k` (< n): a digit in -15..15, odd or 0, per bit, into `digits`; returns how many. */
function wnaf(k: usize, digits: usize): i32 {
  memory.fill(digits, 0, 260);
  copy32(k, KW);
  let i = 0;
  while (!isZero(KW)) {
    const low = load<u64>(KW);
    if (low & 1) {
      let d = <i64>(low & 31);
      if (d >= 16) d -= 32;
      store<i8>(digits + <usize>i, <i8>d);
      subSmall(KW, d); // (k + 15 stays below 2^256: k < n)
    }
    shiftRight1(KW);
    i++;
  }
  return i;
}

/** acc += digit * (the table's point), the table's points affine or not. */
function addDigit(d: i32, table: usize, affine: bool): void {
  let point = table + <usize>(((d < 0 ? -d : d) >> 1) * 96);
  if (d < 0) { memory.copy(NEG, point, 96); fsub(ZERO, NEG + 32, NEG + 32); point = NEG; }
  if (affine) paddAffine(ACC, point, ACC); else padd(ACC, point, ACC);
}

/** ACC = u1 G + u2 R (R at TABLE_R's first entry, Jacobian). */
function doubleScalar(u1: usize, u2: usize): void {
  if (!tableGReady) {
    copy32(GX, TABLE_G); copy32(GY, TABLE_G + 32); copy32(ONE, TABLE_G + 64);
    oddMultiples(TABLE_G);
    for (let i: usize = 1; i < 8; i++) toAffine(TABLE_G + i * 96);
    tableGReady = true;
  }
  oddMultiples(TABLE_R);
  const n1 = wnaf(u1, DIGITS1), n2 = wnaf(u2, DIGITS2);
  set4(ACC + 64, 0, 0, 0, 0);
  for (let i = (n1 > n2 ? n1 : n2) - 1; i >= 0; i--) {
    pdouble(ACC, ACC);
    const d1 = <i32>load<i8>(DIGITS1 + <usize>i), d2 = <i32>load<i8>(DIGITS2 + <usize>i);
    if (d1 != 0) addDigit(d1, TABLE_G, true);
    if (d2 != 0) addDigit(d2, TABLE_R, false);
  }
}

// --- ECRECOVER ------------------------------------------------------------------------------------------

/** The 128 input bytes (zero-padded), the key's 64 bytes and its hash. */
const IN: usize = memory.data(128, 16);
const KEY: usize = memory.data(64, 16);
const HASH: usize = memory.data(32, 16);
/** Words: z (the hash signed), v, r, s, and the scalars worked out from them. */
const W: usize = memory.data(32 * 8, 16);

/**
 * ECRECOVER of `len` input bytes at `input`: writes the signer's address, left-padded to 32 bytes, to
 * `out` and returns true; false (nothing written) for a signature that recovers no key. Gas (3000) is the
 * caller's.
 */
export function ecrecover(input: usize, len: u32, out: usize): bool {
  memory.fill(IN, 0, 128);
  memory.copy(IN, input, <usize>(len < 128 ? len : <u32>128));
  const z = W, v = W + 32, r = W + 64, s = W + 96, rinv = W + 128, u1 = W + 160, u2 = W + 192;
  loadBigEndian(IN, z); loadBigEndian(IN + 32, v); loadBigEndian(IN + 64, r); loadBigEndian(IN + 96, s);
  const v0 = load<u64>(v);
  if ((load<u64>(v, 8) | load<u64>(v, 16) | load<u64>(v, 24)) != 0 || (v0 != 27 && v0 != 28)) return false;
  if (isZero(r) || !less(r, N) || isZero(s) || !less(s, N)) return false;
  // R = (r, y) with y^2 = r^3 + 7 and y's parity from v
  const Rp = TABLE_R;
  const rhs = F + 0, y = F + 32;
  fmul(r, r, rhs); fmul(rhs, r, rhs); fadd(rhs, B7, rhs);
  fsqrt(rhs, y);
  const check = F + 64;
  fmul(y, y, check);
  if (!equal(check, rhs)) return false; // r is no point's x
  if ((load<u64>(y) & 1) != v0 - 27) { set4(check, 0, 0, 0, 0); fsub(check, y, y); }
  copy32(r, Rp); copy32(y, Rp + 32); copy32(ONE, Rp + 64);
  // u1 = -z / r, u2 = s / r (mod n)
  if (!less(z, N)) sub256(z, N, z);
  invModN(r, rinv);
  if (!isZero(z)) sub256(N, z, z);
  mulmod(z, rinv, N, u1);
  mulmod(s, rinv, N, u2);
  // Q = u1 G + u2 R
  doubleScalar(u1, u2);
  const Q = ACC;
  if (isZero(Q + 64)) return false;
  // to affine, then the address
  toAffine(Q);
  storeBigEndian(Q, KEY); storeBigEndian(Q + 32, KEY + 32);
  keccak256(KEY, 64, HASH);
  memory.fill(out, 0, 12);
  memory.copy(out + 12, HASH + 12, 20);
  return true;
}
