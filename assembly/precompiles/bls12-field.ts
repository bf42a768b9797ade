// The BLS12-381 base field Fp (p < 2^381) in the core, for the KZG point evaluation (EIP-4844) and the
// EIP-2537 precompiles. Elements are 6 u64 limbs in linear memory, least significant first (48 bytes), always
// below p and in Montgomery form (a·R mod p, R = 2^384). Multiplication is CIOS as in weierstrass.ts; p's top
// word is below 2^61, so the accumulator needs no seventh word ("no-carry" CIOS) and a product is below 2p
// before its one conditional subtraction. Squaring has its own code (57 word products against 72). The
// inverse is Kaliski's binary method, the square root a^((p+1)/4) (p ≡ 3 mod 4). Results may alias
// arguments. Nothing allocates; the scratch areas make it non-re-entrant, as u256.ts is.
import { mulHi } from '../u256';

// p, limb by limb.
const P0: u64 = 0xB9FEFFFFFFFFAAAB, P1: u64 = 0x1EABFFFEB153FFFF, P2: u64 = 0x6730D2A0F6B0F624;
const P3: u64 = 0x64774B84F38512BF, P4: u64 = 0x4B1BA7B6434BACD7, P5: u64 = 0x1A0111EA397FE69A;

/** Constants (worked out with BigInt): p, R mod p (1), R^2 mod p, R^3 mod p, (p + 1) / 4. */
const K: usize = memory.data<u64>([
  0xB9FEFFFFFFFFAAAB, 0x1EABFFFEB153FFFF, 0x6730D2A0F6B0F624, 0x64774B84F38512BF, 0x4B1BA7B6434BACD7, 0x1A0111EA397FE69A, // p
  0x760900000002FFFD, 0xEBF4000BC40C0002, 0x5F48985753C758BA, 0x77CE585370525745, 0x5C071A97A256EC6D, 0x15F65EC3FA80E493, // R
  0xF4DF1F341C341746, 0x0A76E6A609D104F1, 0x8DE5476C4C95B6D5, 0x67EB88A9939D83C0, 0x9A793E85B519952D, 0x11988FE592CAE3AA, // R^2
  0xED48AC6BD94CA1E0, 0x315F831E03A7ADF8, 0x9A53352A615E29DD, 0x34C04E5E921E1761, 0x2512D43565724728, 0x0AA6346091755D4D, // R^3
  0xEE7FBFFFFFFFEAAB, 0x07AAFFFFAC54FFFF, 0xD9CC34A83DAC3D89, 0xD91DD2E13CE144AF, 0x92C6E9ED90D2EB35, 0x0680447A8E5FF9A6, // (p+1)/4
], 16);
/** p (plain). */
export const BLS_P: usize = K;
/** 1 in Montgomery form (R mod p). */
export const BLS_ONE: usize = K + 48;
/** R^2 mod p (multiplying by it enters Montgomery form). */
export const BLS_R2: usize = K + 96;
const R3: usize = K + 144;
const SQRT_EXP: usize = K + 192;
/** (p - 1) / 2, limb by limb (the ZCash sign rule's threshold). */
const HALF_H0: u64 = 0xDCFF7FFFFFFFD555, HALF_H1: u64 = 0x0F55FFFF58A9FFFF, HALF_H2: u64 = 0xB39869507B587B12;
const HALF_H3: u64 = 0xB23BA5C279C2895F, HALF_H4: u64 = 0x258DD3DB21A5D66B, HALF_H5: u64 = 0x0D0088F51CBFF34D;
/** -p^-1 mod 2^64. */
export const BLS_MINV: u64 = 0x89F3FFFCFFFCFFFD;

/** Temporaries: a plain value, the square root's check, the exponentiation's table (16 odd powers). */
const TMP: usize = memory.data(48, 16);
const CHECK: usize = memory.data(48, 16);
const POW_TABLE: usize = memory.data(48 * 16, 16);

// @ts-ignore: decorator
@inline
function store6(r: usize, x0: u64, x1: u64, x2: u64, x3: u64, x4: u64, x5: u64): void {
  store<u64>(r, x0); store<u64>(r, x1, 8); store<u64>(r, x2, 16);
  store<u64>(r, x3, 24); store<u64>(r, x4, 32); store<u64>(r, x5, 40);
}

/** x < p for the limbs x0..x5. */
// @ts-ignore: decorator
@inline
function below(x0: u64, x1: u64, x2: u64, x3: u64, x4: u64, x5: u64): bool {
  if (x5 != P5) return x5 < P5;
  if (x4 != P4) return x4 < P4;
  if (x3 != P3) return x3 < P3;
  if (x2 != P2) return x2 < P2;
  if (x1 != P1) return x1 < P1;
  return x0 < P0;
}

/** r = x mod p for x < 2p (x - p when x ≥ p). */
// @ts-ignore: decorator
@inline
function storeReduced(r: usize, x0: u64, x1: u64, x2: u64, x3: u64, x4: u64, x5: u64): void {
  if (below(x0, x1, x2, x3, x4, x5)) { store6(r, x0, x1, x2, x3, x4, x5); return; }
  const d0 = x0 - P0; let br = <u64>(x0 < P0);
  let d1 = x1 - P1; let br1 = <u64>(x1 < P1); br1 |= <u64>(d1 < br); d1 -= br; br = br1;
  let d2 = x2 - P2; br1 = <u64>(x2 < P2); br1 |= <u64>(d2 < br); d2 -= br; br = br1;
  let d3 = x3 - P3; br1 = <u64>(x3 < P3); br1 |= <u64>(d3 < br); d3 -= br; br = br1;
  let d4 = x4 - P4; br1 = <u64>(x4 < P4); br1 |= <u64>(d4 < br); d4 -= br; br = br1;
  store6(r, d0, d1, d2, d3, d4, x5 - P5 - br);
}

// --- addition and subtraction -------------------------------------------------------------------------

/** r = a + b mod p (a + b < 2p < 2^382: no carry out of the sixth word). */
export function fpAdd(a: usize, b: usize, r: usize): void {
  const a0 = load<u64>(a), b0 = load<u64>(b);
  const s0 = a0 + b0; let c = <u64>(s0 < a0);
  let s1 = load<u64>(a, 8); let t = load<u64>(b, 8) + c; c = <u64>(t < c); s1 += t; c |= <u64>(s1 < t);
  let s2 = load<u64>(a, 16); t = load<u64>(b, 16) + c; c = <u64>(t < c); s2 += t; c |= <u64>(s2 < t);
  let s3 = load<u64>(a, 24); t = load<u64>(b, 24) + c; c = <u64>(t < c); s3 += t; c |= <u64>(s3 < t);
  let s4 = load<u64>(a, 32); t = load<u64>(b, 32) + c; c = <u64>(t < c); s4 += t; c |= <u64>(s4 < t);
  const s5 = load<u64>(a, 40) + load<u64>(b, 40) + c;
  storeReduced(r, s0, s1, s2, s3, s4, s5);
}

/** r = 2a mod p. */
export function fpDouble(a: usize, r: usize): void {
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24), a4 = load<u64>(a, 32), a5 = load<u64>(a, 40);
  storeReduced(r, a0 << 1, (a1 << 1) | (a0 >> 63), (a2 << 1) | (a1 >> 63), (a3 << 1) | (a2 >> 63), (a4 << 1) | (a3 >> 63), (a5 << 1) | (a4 >> 63));
}

/** r = a - b mod p (p added back on a borrow). */
export function fpSub(a: usize, b: usize, r: usize): void {
  const a0 = load<u64>(a), b0 = load<u64>(b);
  const d0 = a0 - b0; let br = <u64>(a0 < b0);
  let x = load<u64>(a, 8), y = load<u64>(b, 8);
  let d1 = x - y; let br1 = <u64>(x < y); br1 |= <u64>(d1 < br); d1 -= br; br = br1;
  x = load<u64>(a, 16); y = load<u64>(b, 16);
  let d2 = x - y; br1 = <u64>(x < y); br1 |= <u64>(d2 < br); d2 -= br; br = br1;
  x = load<u64>(a, 24); y = load<u64>(b, 24);
  let d3 = x - y; br1 = <u64>(x < y); br1 |= <u64>(d3 < br); d3 -= br; br = br1;
  x = load<u64>(a, 32); y = load<u64>(b, 32);
  let d4 = x - y; br1 = <u64>(x < y); br1 |= <u64>(d4 < br); d4 -= br; br = br1;
  let d5 = load<u64>(a, 40) - load<u64>(b, 40) - br;
  if (<i64>d5 < 0) { // borrowed (the words are below 2^61): add p back, mod 2^384
    const e0 = d0 + P0; let c = <u64>(e0 < P0);
    let e1 = d1 + c; c = <u64>(e1 < c); e1 += P1; c |= <u64>(e1 < P1);
    let e2 = d2 + c; c = <u64>(e2 < c); e2 += P2; c |= <u64>(e2 < P2);
    let e3 = d3 + c; c = <u64>(e3 < c); e3 += P3; c |= <u64>(e3 < P3);
    let e4 = d4 + c; c = <u64>(e4 < c); e4 += P4; c |= <u64>(e4 < P4);
    store6(r, e0, e1, e2, e3, e4, d5 + P5 + c);
  } else store6(r, d0, d1, d2, d3, d4, d5);
}

/** r = -a mod p (-0 = 0). */
export function fpNeg(a: usize, r: usize): void {
  if (fpIsZero(a)) { store6(r, 0, 0, 0, 0, 0, 0); return; }
  const a0 = load<u64>(a);
  const d0 = P0 - a0; let br = <u64>(P0 < a0);
  let x = load<u64>(a, 8);
  let d1 = P1 - x; let br1 = <u64>(P1 < x); br1 |= <u64>(d1 < br); d1 -= br; br = br1;
  x = load<u64>(a, 16);
  let d2 = P2 - x; br1 = <u64>(P2 < x); br1 |= <u64>(d2 < br); d2 -= br; br = br1;
  x = load<u64>(a, 24);
  let d3 = P3 - x; br1 = <u64>(P3 < x); br1 |= <u64>(d3 < br); d3 -= br; br = br1;
  x = load<u64>(a, 32);
  let d4 = P4 - x; br1 = <u64>(P4 < x); br1 |= <u64>(d4 < br); d4 -= br; br = br1;
  store6(r, d0, d1, d2, d3, d4, P5 - load<u64>(a, 40) - br);
}

/** a == 0. */
export function fpIsZero(a: usize): bool {
  return (load<u64>(a) | load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24) | load<u64>(a, 32) | load<u64>(a, 40)) == 0;
}

/** a == b (both reduced, so equal limbs). */
export function fpEqual(a: usize, b: usize): bool {
  return ((load<u64>(a) ^ load<u64>(b)) | (load<u64>(a, 8) ^ load<u64>(b, 8)) | (load<u64>(a, 16) ^ load<u64>(b, 16)) |
    (load<u64>(a, 24) ^ load<u64>(b, 24)) | (load<u64>(a, 32) ^ load<u64>(b, 32)) | (load<u64>(a, 40) ^ load<u64>(b, 40))) == 0;
}

/** r = a. */
export function fpCopy(a: usize, r: usize): void {
  memory.copy(r, a, 48);
}

// --- Montgomery multiplication ------------------------------------------------------------------------

/** The accumulator (six words; no seventh: p's top word is below 2^61). */
let T0: u64 = 0, T1: u64 = 0, T2: u64 = 0, T3: u64 = 0, T4: u64 = 0, T5: u64 = 0;

/**
 * One round of CIOS: T = (T + ai * b + m * p) / 2^64 with m making the low word vanish; the product's and
 * the reduction's carries (A, C) run side by side, one word apart.
 */
// @ts-ignore: decorator
@inline
function montRound(ai: u64, b0: u64, b1: u64, b2: u64, b3: u64, b4: u64, b5: u64): void {
  let lo = ai * b0, hi = mulHi(ai, b0);
  let s = T0 + lo; let A = hi + <u64>(s < lo);
  const m = s * BLS_MINV;
  lo = m * P0; hi = mulHi(m, P0);
  let C = hi + <u64>(s + lo < lo); // (the low word is now 0)
  let c: u64;
  lo = ai * b1; hi = mulHi(ai, b1);
  s = T1 + lo; c = <u64>(s < lo); s += A; c += <u64>(s < A); A = hi + c;
  lo = m * P1; hi = mulHi(m, P1);
  s += lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T0 = s; C = hi + c;
  lo = ai * b2; hi = mulHi(ai, b2);
  s = T2 + lo; c = <u64>(s < lo); s += A; c += <u64>(s < A); A = hi + c;
  lo = m * P2; hi = mulHi(m, P2);
  s += lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T1 = s; C = hi + c;
  lo = ai * b3; hi = mulHi(ai, b3);
  s = T3 + lo; c = <u64>(s < lo); s += A; c += <u64>(s < A); A = hi + c;
  lo = m * P3; hi = mulHi(m, P3);
  s += lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T2 = s; C = hi + c;
  lo = ai * b4; hi = mulHi(ai, b4);
  s = T4 + lo; c = <u64>(s < lo); s += A; c += <u64>(s < A); A = hi + c;
  lo = m * P4; hi = mulHi(m, P4);
  s += lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T3 = s; C = hi + c;
  lo = ai * b5; hi = mulHi(ai, b5);
  s = T5 + lo; c = <u64>(s < lo); s += A; c += <u64>(s < A); A = hi + c;
  lo = m * P5; hi = mulHi(m, P5);
  s += lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T4 = s; C = hi + c;
  T5 = C + A;
}

/**
 * r = a * b / R mod p (a, b < p; r may alias a or b). Two rounds per pass of the loop rather than six in a
 * row: the smaller body measured 5% slower alone but a third faster next to fpSqr (as in an exponentiation).
 */
export function fpMul(a: usize, b: usize, r: usize): void {
  const b0 = load<u64>(b), b1 = load<u64>(b, 8), b2 = load<u64>(b, 16), b3 = load<u64>(b, 24), b4 = load<u64>(b, 32), b5 = load<u64>(b, 40);
  T0 = 0; T1 = 0; T2 = 0; T3 = 0; T4 = 0; T5 = 0;
  for (let i: usize = 0; i < 48; i += 16) {
    montRound(load<u64>(a + i), b0, b1, b2, b3, b4, b5);
    montRound(load<u64>(a + i, 8), b0, b1, b2, b3, b4, b5);
  }
  storeReduced(r, T0, T1, T2, T3, T4, T5);
}

/** One step of Montgomery reduction alone: T = (T + m * p) / 2^64 with m making the low word vanish. */
// @ts-ignore: decorator
@inline
function redcRound(): void {
  const m = T0 * BLS_MINV;
  let lo = m * P0, hi = mulHi(m, P0);
  let C = hi + <u64>(T0 + lo < lo); // (the low word is now 0)
  let s: u64, c: u64;
  lo = m * P1; hi = mulHi(m, P1);
  s = T1 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T0 = s; C = hi + c;
  lo = m * P2; hi = mulHi(m, P2);
  s = T2 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T1 = s; C = hi + c;
  lo = m * P3; hi = mulHi(m, P3);
  s = T3 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T2 = s; C = hi + c;
  lo = m * P4; hi = mulHi(m, P4);
  s = T4 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T3 = s; C = hi + c;
  lo = m * P5; hi = mulHi(m, P5);
  s = T5 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T4 = s; T5 = hi + c;
}

/** The square's high words (its low words go to T0..T5). */
let H0: u64 = 0, H1: u64 = 0, H2: u64 = 0, H3: u64 = 0, H4: u64 = 0, H5: u64 = 0;

/**
 * r = a^2 / R mod p: the 15 cross products once, doubled, plus the 6 squares (a 12-word X = XL + XH·R),
 * then XL reduced alone, (XL + M p) / R ≤ p, plus XH < p^2 / R < p / 8: 57 word products against fpMul's 72.
 */
export function fpSqr(a: usize, r: usize): void {
  const a0 = load<u64>(a), a1 = load<u64>(a, 8), a2 = load<u64>(a, 16), a3 = load<u64>(a, 24), a4 = load<u64>(a, 32), a5 = load<u64>(a, 40);
  let lo: u64, hi: u64, s: u64, c: u64, C: u64;
  // a0 * a1..a5 into words 1..6
  lo = a0 * a1; hi = mulHi(a0, a1); T1 = lo; C = hi;
  lo = a0 * a2; hi = mulHi(a0, a2); s = lo + C; T2 = s; C = hi + <u64>(s < C);
  lo = a0 * a3; hi = mulHi(a0, a3); s = lo + C; T3 = s; C = hi + <u64>(s < C);
  lo = a0 * a4; hi = mulHi(a0, a4); s = lo + C; T4 = s; C = hi + <u64>(s < C);
  lo = a0 * a5; hi = mulHi(a0, a5); s = lo + C; T5 = s; C = hi + <u64>(s < C);
  H0 = C;
  // a1 * a2..a5 into words 3..7
  lo = a1 * a2; hi = mulHi(a1, a2); s = T3 + lo; T3 = s; C = hi + <u64>(s < lo);
  lo = a1 * a3; hi = mulHi(a1, a3); s = T4 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T4 = s; C = hi + c;
  lo = a1 * a4; hi = mulHi(a1, a4); s = T5 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); T5 = s; C = hi + c;
  lo = a1 * a5; hi = mulHi(a1, a5); s = H0 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); H0 = s; C = hi + c;
  H1 = C;
  // a2 * a3..a5 into words 5..8
  lo = a2 * a3; hi = mulHi(a2, a3); s = T5 + lo; T5 = s; C = hi + <u64>(s < lo);
  lo = a2 * a4; hi = mulHi(a2, a4); s = H0 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); H0 = s; C = hi + c;
  lo = a2 * a5; hi = mulHi(a2, a5); s = H1 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); H1 = s; C = hi + c;
  H2 = C;
  // a3 * a4, a5 into words 7..9
  lo = a3 * a4; hi = mulHi(a3, a4); s = H1 + lo; H1 = s; C = hi + <u64>(s < lo);
  lo = a3 * a5; hi = mulHi(a3, a5); s = H2 + lo; c = <u64>(s < lo); s += C; c += <u64>(s < C); H2 = s; C = hi + c;
  H3 = C;
  // a4 * a5 into words 9, 10
  lo = a4 * a5; hi = mulHi(a4, a5); s = H3 + lo; H3 = s; H4 = hi + <u64>(s < lo);
  // doubled (word 0 is still 0)
  H5 = H4 >> 63;
  H4 = (H4 << 1) | (H3 >> 63); H3 = (H3 << 1) | (H2 >> 63); H2 = (H2 << 1) | (H1 >> 63);
  H1 = (H1 << 1) | (H0 >> 63); H0 = (H0 << 1) | (T5 >> 63); T5 = (T5 << 1) | (T4 >> 63);
  T4 = (T4 << 1) | (T3 >> 63); T3 = (T3 << 1) | (T2 >> 63); T2 = (T2 << 1) | (T1 >> 63); T1 <<= 1;
  // plus the squares a_i^2 on the diagonal, words 2i and 2i + 1 (c carries from one to the next)
  lo = a0 * a0; hi = mulHi(a0, a0); T0 = lo; s = T1 + hi; c = <u64>(s < hi); T1 = s;
  lo = a1 * a1; hi = mulHi(a1, a1);
  s = T2 + lo; C = <u64>(s < lo); s += c; C += <u64>(s < c); T2 = s; s = T3 + hi; c = <u64>(s < hi); s += C; c += <u64>(s < C); T3 = s;
  lo = a2 * a2; hi = mulHi(a2, a2);
  s = T4 + lo; C = <u64>(s < lo); s += c; C += <u64>(s < c); T4 = s; s = T5 + hi; c = <u64>(s < hi); s += C; c += <u64>(s < C); T5 = s;
  lo = a3 * a3; hi = mulHi(a3, a3);
  s = H0 + lo; C = <u64>(s < lo); s += c; C += <u64>(s < c); H0 = s; s = H1 + hi; c = <u64>(s < hi); s += C; c += <u64>(s < C); H1 = s;
  lo = a4 * a4; hi = mulHi(a4, a4);
  s = H2 + lo; C = <u64>(s < lo); s += c; C += <u64>(s < c); H2 = s; s = H3 + hi; c = <u64>(s < hi); s += C; c += <u64>(s < C); H3 = s;
  lo = a5 * a5; hi = mulHi(a5, a5);
  s = H4 + lo; C = <u64>(s < lo); s += c; C += <u64>(s < c); H4 = s; H5 += hi + C; // (a^2 < 2^762: no carry out)
  // (XL + M p) / R, then + XH
  for (let i = 0; i < 3; i++) { redcRound(); redcRound(); }
  const x0 = T0 + H0; c = <u64>(x0 < H0);
  let x1 = T1 + c; c = <u64>(x1 < c); x1 += H1; c |= <u64>(x1 < H1);
  let x2 = T2 + c; c = <u64>(x2 < c); x2 += H2; c |= <u64>(x2 < H2);
  let x3 = T3 + c; c = <u64>(x3 < c); x3 += H3; c |= <u64>(x3 < H3);
  let x4 = T4 + c; c = <u64>(x4 < c); x4 += H4; c |= <u64>(x4 < H4);
  storeReduced(r, x0, x1, x2, x3, x4, T5 + H5 + c);
}

/** r = a·R mod p: plain to Montgomery form (a < p). */
export function fpToMont(a: usize, r: usize): void {
  fpMul(a, BLS_R2, r);
}

/** r = a / R mod p: Montgomery form to plain. */
export function fpFromMont(a: usize, r: usize): void {
  T0 = load<u64>(a); T1 = load<u64>(a, 8); T2 = load<u64>(a, 16); T3 = load<u64>(a, 24); T4 = load<u64>(a, 32); T5 = load<u64>(a, 40);
  for (let i = 0; i < 3; i++) { redcRound(); redcRound(); }
  storeReduced(r, T0, T1, T2, T3, T4, T5); // ((a + M p) / R ≤ p)
}

// --- powers, inverse, square root ---------------------------------------------------------------------

/** The exponent's bit i. */
// @ts-ignore: decorator
@inline
function bit(e: usize, i: i32): u32 {
  return <u32>(load<u64>(e + (<usize>(i >> 6) << 3)) >> <u64>(i & 63)) & 1;
}

/**
 * r = a^e for the exponent's low `nbits` bits (limbs in memory, least significant first): a sliding window
 * of up to 5 bits over a table of a, a^3, ..., a^31 (r may alias a, not e).
 */
export function fpPow(a: usize, e: usize, nbits: i32, r: usize): void {
  const sq = CHECK;
  fpCopy(a, POW_TABLE);
  fpSqr(a, sq);
  for (let k = 1; k < 16; k++) fpMul(POW_TABLE + <usize>(k - 1) * 48, sq, POW_TABLE + <usize>k * 48);
  let started = false;
  let i = nbits - 1;
  while (i >= 0) {
    if (!bit(e, i)) {
      if (started) fpSqr(r, r);
      i--;
      continue;
    }
    // the window [j, i]: at most 5 bits, ending on a 1
    let j = i - 4 < 0 ? 0 : i - 4;
    while (!bit(e, j)) j++;
    let w: u32 = 0;
    for (let k = i; k >= j; k--) w = (w << 1) | bit(e, k);
    const odd = POW_TABLE + <usize>(w >> 1) * 48;
    if (started) {
      for (let k = i; k >= j; k--) fpSqr(r, r);
      fpMul(r, odd, r);
    } else {
      fpCopy(odd, r);
      started = true;
    }
    i = j - 1;
  }
  if (!started) fpCopy(BLS_ONE, r);
}

/** The inverse's working values (plain): u, v, r, s. */
const INV: usize = memory.data(48 * 4, 16);
/** Powers of two that divide out the inverse's 2^k. */
const INV_SHIFT: usize = memory.data(48, 16);

/** x >>= n (0 < n < 64) for six words in memory. */
// @ts-ignore: decorator
@inline
function shiftRight(x: usize, n: u64): void {
  const m = 64 - n;
  const x0 = load<u64>(x), x1 = load<u64>(x, 8), x2 = load<u64>(x, 16), x3 = load<u64>(x, 24), x4 = load<u64>(x, 32), x5 = load<u64>(x, 40);
  store6(x, (x0 >> n) | (x1 << m), (x1 >> n) | (x2 << m), (x2 >> n) | (x3 << m), (x3 >> n) | (x4 << m), (x4 >> n) | (x5 << m), x5 >> n);
}

/** x <<= n (0 < n < 64) for six words in memory (no bits are lost: see fpInv). */
// @ts-ignore: decorator
@inline
function shiftLeft(x: usize, n: u64): void {
  const m = 64 - n;
  const x0 = load<u64>(x), x1 = load<u64>(x, 8), x2 = load<u64>(x, 16), x3 = load<u64>(x, 24), x4 = load<u64>(x, 32), x5 = load<u64>(x, 40);
  store6(x, x0 << n, (x1 << n) | (x0 >> m), (x2 << n) | (x1 >> m), (x3 << n) | (x2 >> m), (x4 << n) | (x3 >> m), (x5 << n) | (x4 >> m));
}

/** x = (x - y) / 2 for x > y, six words in memory. */
// @ts-ignore: decorator
@inline
function subHalve(x: usize, y: usize): void {
  let a = load<u64>(x), b = load<u64>(y);
  const d0 = a - b; let br = <u64>(a < b);
  a = load<u64>(x, 8); b = load<u64>(y, 8);
  let d1 = a - b; let br1 = <u64>(a < b); br1 |= <u64>(d1 < br); d1 -= br; br = br1;
  a = load<u64>(x, 16); b = load<u64>(y, 16);
  let d2 = a - b; br1 = <u64>(a < b); br1 |= <u64>(d2 < br); d2 -= br; br = br1;
  a = load<u64>(x, 24); b = load<u64>(y, 24);
  let d3 = a - b; br1 = <u64>(a < b); br1 |= <u64>(d3 < br); d3 -= br; br = br1;
  a = load<u64>(x, 32); b = load<u64>(y, 32);
  let d4 = a - b; br1 = <u64>(a < b); br1 |= <u64>(d4 < br); d4 -= br; br = br1;
  const d5 = load<u64>(x, 40) - load<u64>(y, 40) - br;
  store6(x, (d0 >> 1) | (d1 << 63), (d1 >> 1) | (d2 << 63), (d2 >> 1) | (d3 << 63), (d3 >> 1) | (d4 << 63), (d4 >> 1) | (d5 << 63), d5 >> 1);
}

/** x += y; y <<= 1 (six words in memory; no carries out: see fpInv). */
// @ts-ignore: decorator
@inline
function addDouble(x: usize, y: usize): void {
  const y0 = load<u64>(y), y1 = load<u64>(y, 8), y2 = load<u64>(y, 16), y3 = load<u64>(y, 24), y4 = load<u64>(y, 32), y5 = load<u64>(y, 40);
  const s0 = load<u64>(x) + y0; let c = <u64>(s0 < y0);
  let s1 = load<u64>(x, 8) + c; c = <u64>(s1 < c); s1 += y1; c |= <u64>(s1 < y1);
  let s2 = load<u64>(x, 16) + c; c = <u64>(s2 < c); s2 += y2; c |= <u64>(s2 < y2);
  let s3 = load<u64>(x, 24) + c; c = <u64>(s3 < c); s3 += y3; c |= <u64>(s3 < y3);
  let s4 = load<u64>(x, 32) + c; c = <u64>(s4 < c); s4 += y4; c |= <u64>(s4 < y4);
  store6(x, s0, s1, s2, s3, s4, load<u64>(x, 40) + y5 + c);
  store6(y, y0 << 1, (y1 << 1) | (y0 >> 63), (y2 << 1) | (y1 >> 63), (y3 << 1) | (y2 >> 63), (y4 << 1) | (y3 >> 63), (y5 << 1) | (y4 >> 63));
}

/** x > y for six words in memory. */
// @ts-ignore: decorator
@inline
function greater(x: usize, y: usize): bool {
  for (let i: usize = 40; i > 0; i -= 8) {
    const a = load<u64>(x + i), b = load<u64>(y + i);
    if (a != b) return a > b;
  }
  return load<u64>(x) > load<u64>(y);
}

/** The number of trailing zero bits of the (nonzero) value at x, at most 63: a shift's worth. */
// @ts-ignore: decorator
@inline
function evenShift(x: usize): u64 {
  const w = load<u64>(x);
  return w != 0 ? ctz<u64>(w) : 63;
}

/** Stores 2^n (n < 381, so below p) at x. */
function powerOfTwo(x: usize, n: i32): void {
  store6(x, 0, 0, 0, 0, 0, 0);
  store<u64>(x + (<usize>(n >> 6) << 3), <u64>1 << <u64>(n & 63));
}

/**
 * r = 1/a (a ≠ 0; 1/0 gives 0), by Kaliski's binary "almost Montgomery inverse" on the plain words of a·R:
 * with u = p, v = aR, r = 0, s = 1, halving u or v (doubling s or r) or subtracting the smaller, until v = 0,
 * leaves p - r = (aR)^-1 2^k, n ≤ k ≤ 2n (u, v, r, s stay below 2p < 2^382, so six words hold them). Runs of
 * trailing zeros go in one shift. Then three multiplications: by R^3 (to a^-1 R 2^k) and by 2^(384 - k1),
 * 2^(384 - k2) with k1 + k2 = k (each divides by 2^ki).
 */
export function fpInv(a: usize, r: usize): void {
  if (fpIsZero(a)) { store6(r, 0, 0, 0, 0, 0, 0); return; }
  const U = INV, V = INV + 48, RR = INV + 96, S = INV + 144;
  fpCopy(BLS_P, U); fpCopy(a, V);
  store6(RR, 0, 0, 0, 0, 0, 0); store6(S, 1, 0, 0, 0, 0, 0);
  let k: i32 = 0;
  while (!fpIsZero(V)) {
    if (!(load<u64>(U) & 1)) {
      const n = evenShift(U);
      shiftRight(U, n); shiftLeft(S, n); k += <i32>n;
    } else if (!(load<u64>(V) & 1)) {
      const n = evenShift(V);
      shiftRight(V, n); shiftLeft(RR, n); k += <i32>n;
    } else if (greater(U, V)) {
      subHalve(U, V); addDouble(RR, S); k++;
    } else {
      subHalve(V, U); addDouble(S, RR); k++;
    }
  }
  // RR < 2p: reduce, then p - RR (RR ≠ 0 here)
  const x0 = load<u64>(RR), x1 = load<u64>(RR, 8), x2 = load<u64>(RR, 16), x3 = load<u64>(RR, 24), x4 = load<u64>(RR, 32), x5 = load<u64>(RR, 40);
  storeReduced(RR, x0, x1, x2, x3, x4, x5);
  fpNeg(RR, RR);
  fpMul(RR, R3, r);
  const k1 = k >> 1;
  powerOfTwo(INV_SHIFT, 384 - k1); fpMul(r, INV_SHIFT, r);
  powerOfTwo(INV_SHIFT, 384 - (k - k1)); fpMul(r, INV_SHIFT, r);
}

/** r = a^((p + 1) / 4), the square root of a if a is a square; returns whether it is (r^2 == a). r may alias a. */
export function fpSqrt(a: usize, r: usize): bool {
  fpCopy(a, TMP);
  fpPow(a, SQRT_EXP, 379, r);
  fpSqr(r, CHECK);
  return fpEqual(CHECK, TMP);
}

// --- bytes ---------------------------------------------------------------------------------------------

/**
 * Reads 48 big-endian bytes at src (an EIP-2537 / ZCash field element; unaligned is fine) into r in
 * Montgomery form; false (r untouched) when the value is not below p.
 */
export function fpReadBigEndian(src: usize, r: usize): bool {
  const x5 = bswap<u64>(load<u64>(src)), x4 = bswap<u64>(load<u64>(src, 8)), x3 = bswap<u64>(load<u64>(src, 16));
  const x2 = bswap<u64>(load<u64>(src, 24)), x1 = bswap<u64>(load<u64>(src, 32)), x0 = bswap<u64>(load<u64>(src, 40));
  if (!below(x0, x1, x2, x3, x4, x5)) return false;
  store6(TMP, x0, x1, x2, x3, x4, x5);
  fpToMont(TMP, r);
  return true;
}

/** Writes a (Montgomery form) as 48 big-endian bytes of its plain value at dst (dst may overlap a). */
export function fpWriteBigEndian(a: usize, dst: usize): void {
  fpFromMont(a, TMP);
  store<u64>(dst, bswap<u64>(load<u64>(TMP, 40)));
  store<u64>(dst, bswap<u64>(load<u64>(TMP, 32)), 8);
  store<u64>(dst, bswap<u64>(load<u64>(TMP, 24)), 16);
  store<u64>(dst, bswap<u64>(load<u64>(TMP, 16)), 24);
  store<u64>(dst, bswap<u64>(load<u64>(TMP, 8)), 32);
  store<u64>(dst, bswap<u64>(load<u64>(TMP)), 40);
}

/**
 * Whether a's plain value y is the larger of y and p - y, y > (p - 1) / 2: the sign bit of the ZCash
 * compressed serialization (and of EIP-2537's map-to-curve).
 */
export function fpIsLexLargest(a: usize): bool {
  fpFromMont(a, TMP);
  const y0 = load<u64>(TMP), y1 = load<u64>(TMP, 8), y2 = load<u64>(TMP, 16), y3 = load<u64>(TMP, 24), y4 = load<u64>(TMP, 32), y5 = load<u64>(TMP, 40);
  if (y5 != HALF_H5) return y5 > HALF_H5;
  if (y4 != HALF_H4) return y4 > HALF_H4;
  if (y3 != HALF_H3) return y3 > HALF_H3;
  if (y2 != HALF_H2) return y2 > HALF_H2;
  if (y1 != HALF_H1) return y1 > HALF_H1;
  return y0 > HALF_H0;
}
