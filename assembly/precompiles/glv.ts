// Scalar multiplication on weierstrass.ts's curves that have the endomorphism φ(x, y) = (βx, y) = λ·(x, y)
// (secp256k1 and alt_bn128's G1; Gallant, Lambert and Vanstone, CRYPTO 2001): a scalar k mod n splits into
// k1 + k2 λ with |k1|, |k2| < 2^129, so k·P = k1·P + k2·φ(P) takes half the doublings. Each half runs as a
// width-5 NAF over a table of odd multiples. Scalars are 4 u64 limbs, as in u256.ts.
import { mulmod, mulWide, isZero, lt as less, sub as sub256, add as addNoCarry, copy as copy32, shr } from '../u256';
import { set4, fmul, fneg, pdouble, padd, paddAffine, subMod, W256 } from './weierstrass';

/**
 * A curve's split, six words: g1, g2, a1, -b1, a2, b2 (b1 < 0 on both curves). (a1, b1), (a2, b2) is a
 * short basis of {(x, y): x + yλ ≡ 0 mod n} (extended Euclid of n and λ); g1 = round(2^s b2 / n),
 * g2 = round(2^s (-b1) / n), s = 64 · `shiftLimbs`. With c_i = (k g_i) >> s (below 2^128),
 * k1 = k - c1 a1 - c2 a2 and k2 = c1 (-b1) - c2 b2 (mod n).
 */
const G1: usize = 0, G2: usize = 32, A1: usize = 64, MINUS_B1: usize = 96, A2: usize = 128, B2: usize = 160;

const WIDE: usize = memory.data(64, 16);
const C1: usize = memory.data(32, 16);
const C2: usize = memory.data(32, 16);
const T1: usize = memory.data(32, 16);
const K1: usize = memory.data(32, 16);
const K2: usize = memory.data(32, 16);
const KW: usize = memory.data(32, 16);
const DIGIT: usize = memory.data(32, 16);
const ONE: usize = memory.data<u64>([1, 0, 0, 0], 16);
/** A table point negated. */
const NEG: usize = memory.data(96, 16);

/** Bytes per NAF in a digits area (a half scalar has at most 130 digits; a whole one 257). */
export const NAF_BYTES: usize = 260;

/** If x > n/2: x = n - x and true (the half scalar is negative). */
function toMagnitude(x: usize, n: usize): bool {
  sub256(n, x, T1);
  if (!less(T1, x)) return false;
  copy32(T1, x);
  return true;
}

/** r = (k g) >> (64 · shiftLimbs), for a result below 2^128. */
function mulShift(k: usize, g: usize, shiftLimbs: usize, r: usize): void {
  mulWide(k, g, WIDE);
  set4(r, load<u64>(WIDE + (shiftLimbs << 3)), load<u64>(WIDE + ((shiftLimbs + 1) << 3)), 0, 0);
}

/**
 * The width-5 NAF of the scalar at `k` (below 2^256 - 15), each digit negated when `negative`: a digit in
 * -15..15, odd or 0, per bit, into `digits` (NAF_BYTES); returns how many.
 */
export function wnaf(k: usize, negative: bool, digits: usize): i32 {
  memory.fill(digits, 0, NAF_BYTES);
  copy32(k, KW);
  let i = 0;
  while (!isZero(KW)) {
    const low = load<u64>(KW);
    if (low & 1) {
      let d = <i64>(low & 31);
      if (d >= 16) d -= 32;
      store<i8>(digits + <usize>i, <i8>(negative ? -d : d));
      set4(DIGIT, <u64>(d < 0 ? -d : d), 0, 0, 0);
      if (d > 0) sub256(KW, DIGIT, KW); else addNoCarry(KW, DIGIT, KW);
    }
    shr(ONE, KW, KW);
    i++;
  }
  return i;
}

/**
 * The NAFs of k's halves (k = k1 + k2 λ mod n, k < n) into `digits` and `digits` + NAF_BYTES, signs
 * folded into the digits; returns the longer length. `split` holds the curve's six words (above).
 */
export function splitNafs(k: usize, n: usize, split: usize, shiftLimbs: usize, digits: usize): i32 {
  mulShift(k, split + G1, shiftLimbs, C1);
  mulShift(k, split + G2, shiftLimbs, C2);
  mulmod(C1, split + A1, n, T1); subMod(k, T1, n, K1);
  mulmod(C2, split + A2, n, T1); subMod(K1, T1, n, K1);
  mulmod(C1, split + MINUS_B1, n, T1);
  mulmod(C2, split + B2, n, K2); subMod(T1, K2, n, K2);
  const n1 = wnaf(K1, toMagnitude(K1, n), digits);
  const n2 = wnaf(K2, toMagnitude(K2, n), digits + NAF_BYTES);
  return n1 > n2 ? n1 : n2;
}

/** Fills `table` (8 points of 96 bytes) with the odd multiples 1, 3, ..., 15 of its first entry; `twice` is scratch. */
export function oddMultiples(table: usize, twice: usize): void {
  pdouble(W256, table, twice);
  for (let i: usize = 1; i < 8; i++) padd(W256, table + (i - 1) * 96, twice, table + i * 96);
}

/** `to` = φ of each of the 8 points of `from`: X times β (Jacobian or affine alike, as x = X/Z^2). */
export function phiTable(from: usize, beta: usize, to: usize): void {
  memory.copy(to, from, 96 * 8);
  for (let i: usize = 0; i < 8; i++) fmul(to + i * 96, beta, to + i * 96);
}

/** acc += d · (the table's point), for a NAF digit d ≠ 0; the table's points affine or not. */
export function addDigit(acc: usize, d: i32, table: usize, affine: bool): void {
  let point = table + <usize>(((d < 0 ? -d : d) >> 1) * 96);
  if (d < 0) { memory.copy(NEG, point, 96); fneg(NEG + 32, NEG + 32); point = NEG; }
  if (affine) paddAffine(W256, acc, point, acc); else padd(W256, acc, point, acc);
}
