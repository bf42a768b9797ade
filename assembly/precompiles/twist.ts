// Points of a pairing's twist y^2 = x^3 + b' over Fp2, the lines of the Miller loop through them, and the
// loop itself over tables of lines, for any tower.ts field: bn254-pairing.ts (alt_bn128) and kzg.ts
// (BLS12-381). A point T is homogeneous (X, Y, Z at t, t + 2E, t + 4E; x = X/Z). A line comes out as three
// Fp2 values that do not depend on the G1 point P it is evaluated at: `lc` the constant term, `lx` the factor
// of -xP and `ly` the factor of yP; each curve puts the three at its own powers of w (bn254's l0 + l1 w +
// l3 w^3, BLS12-381's c0 + c2 w^2 + c3 w^3). Lines and points may be scaled by any Fp2 factor: the final
// exponentiation sends it to 1.
import { f2add, f2sub, f2mul, f2sqr, f2isZero, f2setOne, f2scale, f12setOne, f12sqr, f12mulLine013, f12mulLine023 } from './tower';

/** The steps' scratch (eight Fp2 values of the largest field). */
export const W: usize = memory.data(96 * 8, 16);

/**
 * T = 2T, and with `lc` ≠ 0 the tangent at T scaled by 2YZ: lc = Y^2 - 3b'Z^2, lx = 3X^2, ly = 2YZ.
 * `threeB` is 3b'. The point comes out scaled by 4: X = 2XY(Y^2 - 9b'Z^2), Y = (Y^2 + 9b'Z^2)^2 -
 * 12(3b'Z^2)^2, Z = 8Y^3 Z.
 */
export function doublingStep<F>(f: F, t: usize, threeB: usize, lc: usize, lx: usize, ly: usize): void {
  const d = f.size * 2;
  const X = t, Y = t + d, Z = t + d * 2;
  const XX = W, YY = W + d, BZZ = W + d * 2, YZ = W + d * 3, NB = W + d * 4, s = W + d * 5, u = W + d * 6;
  f2sqr(f, X, XX);
  f2sqr(f, Y, YY);
  f2sqr(f, Z, BZZ); f2mul(f, BZZ, threeB, BZZ);
  f2mul(f, Y, Z, YZ);
  if (lc != 0) {
    f2add(f, YZ, YZ, ly);
    f2add(f, XX, XX, lx); f2add(f, lx, XX, lx);
    f2sub(f, YY, BZZ, lc);
  }
  f2add(f, BZZ, BZZ, NB); f2add(f, NB, BZZ, NB);
  f2mul(f, X, Y, s); f2add(f, s, s, s); f2sub(f, YY, NB, u); f2mul(f, s, u, X);
  f2mul(f, YY, YZ, Z); f2add(f, Z, Z, Z); f2add(f, Z, Z, Z); f2add(f, Z, Z, Z);
  f2add(f, YY, NB, u); f2sqr(f, u, u);
  f2sqr(f, BZZ, s); f2add(f, s, s, NB); f2add(f, NB, s, NB); f2add(f, NB, NB, NB); f2add(f, NB, NB, NB);
  f2sub(f, u, NB, Y);
}

/**
 * T = T + (qx, qy), and with `lc` ≠ 0 the line through both scaled by δ = X - qx Z: lc = θ qx - δ qy,
 * lx = θ, ly = δ with θ = Y - qy Z. Returns false, T unchanged, when δ = 0 (T = ±Q or T at infinity);
 * θ is then at W.
 */
export function additionStep<F>(f: F, t: usize, qx: usize, qy: usize, lc: usize, lx: usize, ly: usize): bool {
  const d = f.size * 2;
  const X = t, Y = t + d, Z = t + d * 2;
  const th = W, de = W + d, C = W + d * 2, D = W + d * 3, E = W + d * 4, G = W + d * 5, H = W + d * 6, s = W + d * 7;
  f2mul(f, qy, Z, s); f2sub(f, Y, s, th);
  f2mul(f, qx, Z, s); f2sub(f, X, s, de);
  if (f2isZero(f, de)) return false;
  if (lc != 0) {
    f2mul(f, th, qx, s); f2mul(f, de, qy, C); f2sub(f, s, C, lc);
    memory.copy(lx, th, d);
    memory.copy(ly, de, d);
  }
  // C = θ^2, D = δ^2, E = δ^3, G = X D, H = E + Z C - 2G; X = δH, Y = θ(G - H) - Y E, Z = Z E
  f2sqr(f, th, C); f2sqr(f, de, D); f2mul(f, D, de, E); f2mul(f, X, D, G);
  f2mul(f, Z, C, H); f2add(f, H, E, H); f2sub(f, H, G, H); f2sub(f, H, G, H);
  f2mul(f, de, H, X);
  f2sub(f, G, H, G); f2mul(f, th, G, G); f2mul(f, Y, E, s); f2sub(f, G, s, Y);
  f2mul(f, Z, E, Z);
  return true;
}

// --- the Miller loop over precomputed lines --------------------------------------------------------------
// A G2 point's lines are kept in a table, each (ly, lx, lc) (6E bytes), in the loop's order: they do not
// depend on the G1 point, so a fixed point's are computed once (kzg.ts) or kept (bn254-pairing.ts). A pair
// is yP (at 0), -xP (at E) and its table's address (a u32 at 2E), pairSize(f) = 2E + 8 bytes (72, 104).

// @ts-ignore: decorator
@inline
function pairSize<F>(f: F): usize { return f.size * 2 + 8; }

/** A line evaluated at a pair's P (three Fp2 values, in the order the Fp12 product by a line takes them). */
const LINE: usize = memory.data(96 * 3, 16);

/**
 * Fills `lines` with the lines of the twist point Q = (q, q + 2E) over the loop's `count` digits (i8 at
 * `digits`, most significant first, the first 1): a doubling for each digit after the first, then an
 * addition of Q or -Q (at qNegY) for a nonzero one. T (three Fp2 values at t) ends as the loop's multiple of
 * Q. Returns the address after the last line. (T = kQ, 1 < k < r, is never ±Q: no addition step fails.)
 */
export function loopLines<F>(f: F, digits: usize, count: i32, q: usize, qNegY: usize, threeB: usize, t: usize, lines: usize): usize {
  const d = f.size * 2;
  memory.copy(t, q, d * 2); f2setOne(f, t + d * 2);
  let line = lines;
  for (let i = 1; i < count; i++) {
    doublingStep(f, t, threeB, line + d * 2, line + d, line);
    line += d * 3;
    const digit = load<i8>(digits + <usize>i);
    if (digit == 0) continue;
    additionStep(f, t, q, digit > 0 ? q + d : qNegY, line + d * 2, line + d, line);
    line += d * 3;
  }
  return line;
}

/**
 * miller ·= line number `step` of each of the `n` pairs at `pairs`, evaluated at its P: ly·yP, lx·(-xP)
 * and lc, which a D-type twist (alt_bn128) puts at w^0, w^1, w^3 and an M-type one (BLS12-381, `mType`) at
 * w^3, w^2, w^0.
 */
function multiplyLines<F>(f: F, mType: bool, miller: usize, pairs: usize, n: i32, step: usize): void {
  const e = f.size, d = e * 2;
  for (let k = 0; k < n; k++) {
    const pair = pairs + <usize>k * pairSize(f);
    const line = <usize>load<u32>(pair + d) + step * d * 3;
    if (mType) {
      memory.copy(LINE, line + d * 2, d);
      f2scale(f, line + d, pair + e, LINE + d);
      f2scale(f, line, pair, LINE + d * 2);
      f12mulLine023(f, miller, LINE, miller);
    } else {
      f2scale(f, line, pair, LINE);
      f2scale(f, line + d, pair + e, LINE + d);
      memory.copy(LINE + d * 2, line + d * 2, d);
      f12mulLine013(f, miller, LINE, miller);
    }
  }
}

/**
 * miller = the product of the Miller loops of the `n` pairs over their lines (see loopLines: the same
 * digits), with one squaring a digit, then `extra` lines more a pair (alt_bn128's Frobenius terms).
 */
export function millerLoop<F>(f: F, mType: bool, digits: usize, count: i32, extra: i32, miller: usize, pairs: usize, n: i32): void {
  f12setOne(f, miller);
  let step: usize = 0;
  for (let i = 1; i < count; i++) {
    if (i > 1) f12sqr(f, miller, miller);
    multiplyLines(f, mType, miller, pairs, n, step++);
    if (load<i8>(digits + <usize>i) != 0) multiplyLines(f, mType, miller, pairs, n, step++);
  }
  for (let k = 0; k < extra; k++) multiplyLines(f, mType, miller, pairs, n, step++);
}
