// Points of a pairing's twist y^2 = x^3 + b' over Fp2, and the lines of the Miller loop through them, for
// any tower.ts field: bn254-pairing.ts (alt_bn128) and kzg.ts (BLS12-381). A point T is homogeneous
// (X, Y, Z at t, t + 2E, t + 4E; x = X/Z). A line comes out as three Fp2 values that do not depend on the
// G1 point P it is evaluated at: `lc` the constant term, `lx` the factor of -xP and `ly` the factor of yP;
// each curve puts the three at its own powers of w (bn254's l0 + l1 w + l3 w^3, BLS12-381's c0 + c2 w^2 +
// c3 w^3). Lines and points may be scaled by any Fp2 factor: the final exponentiation sends it to 1.
import { f2add, f2sub, f2mul, f2sqr, f2isZero } from './tower';

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
