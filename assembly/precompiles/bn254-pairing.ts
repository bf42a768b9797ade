// ECPAIRING (0x08, EIP-197) inside the core: whether Π e(P_i, Q_i) = 1 for pairs of a G1 point and a G2
// point, by the optimal ate pairing on alt_bn128 (u = 4965661367192848881): one Miller loop over 6u + 2 for
// all the pairs of a batch, then one final exponentiation, the hard part as t^(λ0 + λ1 p + λ2 p^2 + p^3)
// with λ from u (Scott et al., "On the final exponentiation for calculating pairings on ordinary elliptic
// curves", 2009). G2 lives on the twist y^2 = x^3 + 3/ξ over Fp2 and maps to the curve by (x w^2, y w^3),
// so a line through twist points, evaluated at P = (xP, yP), is l0 + l1 w + l3 w^3. Points of the twist are
// homogeneous (X, Y, Z), x = X/Z. Lines and points may be scaled by any Fp2 factor: the final
// exponentiation sends every Fp2 value to 1. The host's version on @noble/curves is the tests' reference.
import { loadBigEndian, isZero, lt as less, eq as equal } from '../u256';
import { fmul, fneg, useField } from './weierstrass';
import { P, R2, MINV, readPoint } from './bn254';
import {
  f2add, f2sub, f2neg, f2conj, f2copy, f2mul, f2sqr, f2scale, f2isZero, f2equal, f2setOne, gamma1, gamma2,
  f12copy, f12setOne, f12isOne, f12conj, f12mul, f12cyclotomicSqr, f12inv, f12frobenius, f12frobenius2,
} from './tower';
import { BN } from './bn254-tower';
import { W, doublingStep, additionStep, loopLines, millerLoop } from './twist';

/** The twist's b' = 3/ξ, then 3b' (Fp2, Montgomery form). */
const TWIST: usize = memory.data<u64>([
  0x3BF938E377B802A8, 0x020B1B273633535D, 0x26B7EDF049755260, 0x2514C6324384A86D, 0x38E7ECCCD1DCFF67, 0x65F0B37D93CE0D3E, 0xD749D0DD22AC00AA, 0x0141B9CE4A688D4D,
  0x3BAA927CB62E0D6A, 0xD71E7C52D1B664FD, 0x03873E63D95D4664, 0x0E75B5B1082AB8F4, 0xAAB7C6667596FE35, 0x31D21A78BB6A27BA, 0x85DD7297680401FF, 0x03C52D6ADF39A7E9,
], 16);
const TWIST_B: usize = TWIST, TWIST_3B: usize = TWIST + 64;

/** 6u + 2 in non-adjacent form, most significant digit first. */
const LOOP_DIGITS: i32 = 66;
const LOOP: usize = memory.data<i8>([
  1, 0, -1, 0, 1, 0, 0, 0, -1, 0, -1, 0, 0, 0, -1, 0, 1, 0, -1, 0, 0, -1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 1,
  0, 0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, -1, 0, -1, 0, 0, 1, 0, 0, 0, -1, 0, 0, -1, 0, 1, 0, 1, 0, 0, 0,
], 16);

/** u in non-adjacent form, most significant digit first. */
const U_DIGITS: i32 = 63;
const U_NAF: usize = memory.data<i8>([
  1, 0, 0, 0, 1, 0, 1, 0, 0, -1, 0, 1, 0, 1, 0, -1, 0, 0, 1, 0, 1, 0, -1, 0, -1, 0, -1, 0, 1, 0, 0, 0,
  1, 0, 0, 1, 0, 1, 0, 1, 0, -1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 1,
], 16);

/** 6u^2 in non-adjacent form, most significant digit first (the subgroup check's scalar). */
const PSI_DIGITS: i32 = 128;
const PSI_NAF: usize = memory.data<i8>([
  1, 0, 0, -1, 0, 0, 0, -1, 0, 1, 0, 1, 0, 0, -1, 0, -1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1,
  0, 0, 0, -1, 0, 0, 0, -1, 0, -1, 0, 0, -1, 0, 0, 0, 1, 0, -1, 0, -1, 0, 1, 0, 0, 0, 0, 0, 0, -1,
  0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 1, 0, 1, 0, -1, 0, -1, 0, 1, 0, 0, 0, 0, 1,
  0, -1, 0, 0, -1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, 0, -1, 0, 1, 0, 1, 0, 0, 1, 0, -1, 0,
], 16);

/** Pairs whose Miller loops share the squarings; a longer input runs in batches. */
const BATCH: i32 = 8;
// A pair (twist.ts): yP, -xP, the address of its G2 point's lines.
const P_Y: usize = 0, P_NEG_X: usize = 32, P_LINES: usize = 64, PAIR_SIZE: usize = 72;
const PAIRS: usize = memory.data(<i32>PAIR_SIZE * BATCH, 16);

/**
 * A G2 point's lines, in the Miller loop's order: a doubling for each digit of 6u + 2 below the top, an
 * addition for each nonzero one, the two Frobenius terms. Each is (ly, lx, lc) (twist.ts), 192 bytes.
 */
const STEPS: i32 = 65 + 21 + 2; // (21: the nonzero digits of LOOP after its first)
const LINES_SIZE: usize = 192 * <usize>STEPS;
/**
 * The lines of the G2 points seen last, by their 128 input bytes: a verifier's points are its key's, the
 * same in every call (Groth16's β, γ, δ; PLONK's [1] and [x]), and a point found here skips its subgroup
 * check and the twist arithmetic of its Miller loop (two kept pairs check in ~1.64 ms, two new ones ~2.7).
 * A point not found takes the oldest slot no pair of the batch uses. Only points that passed every check
 * are kept.
 */
const SLOTS: i32 = 16;
const LINES: usize = memory.data(<i32>LINES_SIZE * SLOTS, 16);
const KEYS: usize = memory.data(128 * SLOTS, 16);
/** Per slot: the batch that last used it (a slot of the current batch is not given to another point); slotsFilled of them hold points. */
const USED_BY: usize = memory.data(4 * SLOTS, 16);
let slotsFilled = 0, nextSlot = 0, batchStamp: u32 = 0;

/** The point being read: Q (x, y), -y, then the twist point T of its lines' computation (X, Y, Z). */
const Q: usize = memory.data(64 * 6, 16);
const Q_X: usize = Q, Q_Y: usize = Q + 64, Q_NEG_Y: usize = Q + 128, T: usize = Q + 192;

/** Frobenius images of Q. */
const Q1: usize = memory.data(64 * 2, 16);
/** Fp12 values: the running product, the batch's Miller value, the final exponentiation's temporaries. */
const F12: usize = memory.data(384 * 11, 16);
const PRODUCT: usize = F12, MILLER: usize = F12 + 384, INVERSE: usize = F12 + 384 * 10;
const G1_POINT: usize = memory.data(96, 16);
/** The subgroup check's running point. */
const CHECK: usize = memory.data(192, 16);

/** The twist point ψ(Q) = (conj(x) γ1_2, conj(y) γ1_3) to `r` (x, y): untwist, Frobenius, twist. */
function psi(qx: usize, qy: usize, r: usize): void {
  f2conj(BN, qx, r); f2mul(BN, r, gamma1(BN, 2), r);
  f2conj(BN, qy, r + 64); f2mul(BN, r + 64, gamma1(BN, 3), r + 64);
}

/**
 * Whether the twist point Q = (qx, qy) is in G2 (EIP-197's subgroup check), by ψ(Q) = [6u^2]Q: on G2, ψ
 * acts as p ≡ 6u^2 (mod r). On the twist ψ^2 - tψ + p = 0 (t = 6u^2 + 1), so a point of prime order
 * ℓ | h = #E'(Fp2)/r with ψQ = 6u^2 Q would need ℓ | (6u^2)^2 - t 6u^2 + p = r; gcd(h, r) = 1. `qny` is -qy.
 */
function inSubgroup(qx: usize, qy: usize, qny: usize): bool {
  const t = CHECK, tx = t, ty = t + 64, tz = t + 128; // (a twist point's X, Y, Z: twist.ts)
  f2copy(BN, qx, tx); f2copy(BN, qy, ty); f2setOne(BN, tz);
  for (let i = 1; i < PSI_DIGITS; i++) {
    doublingStep(BN, t, TWIST_3B, 0, 0, 0);
    const digit = load<i8>(PSI_NAF + <usize>i);
    if (digit == 0) continue;
    const y = digit > 0 ? qy : qny;
    if (additionStep(BN, t, qx, y, 0, 0, 0)) continue;
    if (f2isZero(BN, tz)) { f2copy(BN, qx, tx); f2copy(BN, y, ty); f2setOne(BN, tz); } // ∞ + Q
    else if (f2isZero(BN, W)) doublingStep(BN, t, TWIST_3B, 0, 0, 0);                  // Q + Q
    else { memory.fill(t, 0, 192); f2setOne(BN, ty); }                                  // -Q + Q
  }
  if (f2isZero(BN, tz)) return false;
  psi(qx, qy, Q1);
  f2mul(BN, Q1, tz, Q1); f2mul(BN, Q1 + 64, tz, Q1 + 64);
  return f2equal(BN, Q1, tx) && f2equal(BN, Q1 + 64, ty);
}

/**
 * Reads the G2 point at `src` (x, y; each Fp2 value as its imaginary then its real part, 32 big-endian
 * bytes each) into Q; returns 1 for a point, 0 for infinity (all zeros), -1 when a coordinate is not below
 * p, the point is not on the twist or not in the order-r subgroup.
 */
function readTwistPoint(src: usize): i32 {
  const x = Q_X, y = Q_Y;
  loadBigEndian(src, x + 32); loadBigEndian(src + 32, x); loadBigEndian(src + 64, y + 32); loadBigEndian(src + 96, y);
  if (!less(x, P) || !less(x + 32, P) || !less(y, P) || !less(y + 32, P)) return -1;
  if (f2isZero(BN, x) && f2isZero(BN, y)) return 0;
  fmul(x, R2, x); fmul(x + 32, R2, x + 32); fmul(y, R2, y); fmul(y + 32, R2, y + 32);
  const lhs = W + 384, rhs = W + 448;
  f2sqr(BN, y, lhs);
  f2sqr(BN, x, rhs); f2mul(BN, rhs, x, rhs); f2add(BN, rhs, TWIST_B, rhs);
  if (!equal(lhs, rhs) || !equal(lhs + 32, rhs + 32)) return -1;
  f2neg(BN, y, Q_NEG_Y);
  return inSubgroup(x, y, Q_NEG_Y) ? 1 : -1;
}

/** Fills `lines` with Q's lines (STEPS of them, in the Miller loop's order). */
function computeLines(lines: usize): void {
  let line = loopLines(BN, LOOP, LOOP_DIGITS, Q_X, Q_NEG_Y, TWIST_3B, T, lines);
  // the two Frobenius terms: T + π(Q), then + -π^2(Q)
  psi(Q_X, Q_Y, Q1);
  additionStep(BN, T, Q1, Q1 + 64, line + 128, line + 64, line);
  line += 192;
  f2scale(BN, Q_X, gamma2(BN, 2), Q1);
  f2scale(BN, Q_NEG_Y, gamma2(BN, 3), Q1 + 64);
  additionStep(BN, T, Q1, Q1 + 64, line + 128, line + 64, line);
}

/**
 * The lines of the G2 point at `src` (see readTwistPoint): their address, from the slots when its bytes were
 * seen, else computed into the oldest slot the batch does not use; 0 for infinity, -1 for an invalid point.
 */
function twistLines(src: usize): isize {
  for (let k = 0; k < slotsFilled; k++) {
    if (memory.compare(KEYS + <usize>k * 128, src, 128) != 0) continue;
    store<u32>(USED_BY + <usize>k * 4, batchStamp);
    return LINES + <usize>k * LINES_SIZE;
  }
  const q = readTwistPoint(src);
  if (q <= 0) return q;
  // (at most BATCH of the SLOTS carry this batch's stamp: one of the next BATCH + 1 is free)
  let k = nextSlot;
  while (load<u32>(USED_BY + <usize>k * 4) == batchStamp) k = (k + 1) % SLOTS;
  nextSlot = (k + 1) % SLOTS;
  if (k >= slotsFilled) slotsFilled = k + 1;
  const lines = LINES + <usize>k * LINES_SIZE;
  computeLines(lines);
  memory.copy(KEYS + <usize>k * 128, src, 128);
  store<u32>(USED_BY + <usize>k * 4, batchStamp);
  return lines;
}

/** PRODUCT ·= the Miller loops of the first `n` pairs (the two Frobenius terms are their last two lines). */
function miller(n: i32): void {
  millerLoop(BN, false, LOOP, LOOP_DIGITS, 2, MILLER, PAIRS, n);
  f12mul(BN, PRODUCT, MILLER, PRODUCT);
}

/** r = a^u for a in the cyclotomic subgroup, where conj(a) = 1/a (r ≠ a; uses INVERSE). */
function powU(a: usize, r: usize): void {
  f12conj(BN, a, INVERSE);
  f12copy(BN, a, r);
  for (let i = 1; i < U_DIGITS; i++) {
    f12cyclotomicSqr(BN, r, r);
    const digit = load<i8>(U_NAF + <usize>i);
    if (digit != 0) f12mul(BN, r, digit > 0 ? a : INVERSE, r);
  }
}

/** r = a^(2^n) for a in the cyclotomic subgroup (r may be a). */
function cyclotomicSquares(a: usize, n: i32, r: usize): void {
  f12cyclotomicSqr(BN, a, r);
  for (let i = 1; i < n; i++) f12cyclotomicSqr(BN, r, r);
}

/** f = f^((p^12 - 1)/r). */
function finalExponentiation(f: usize): void {
  const fu = F12 + 384 * 2, fu2 = F12 + 384 * 3, fu3 = F12 + 384 * 4, x = F12 + 384 * 5, y = F12 + 384 * 6;
  const e0 = F12 + 384 * 7, e1 = F12 + 384 * 8, e2 = F12 + 384 * 9;
  // easy part: f^((p^6 - 1)(p^2 + 1)); f is in the cyclotomic subgroup from here on
  f12inv(BN, f, x); f12conj(BN, f, f); f12mul(BN, f, x, f);
  f12frobenius2(BN, f, x); f12mul(BN, x, f, f);
  // hard part, (p^4 - p^2 + 1)/r = λ0 + λ1 p + λ2 p^2 + p^3 with λ0 = -36u^3 - 30u^2 - 18u - 2,
  // λ1 = -36u^3 - 18u^2 - 12u + 1, λ2 = 6u^2 + 1
  powU(f, fu); powU(fu, fu2); powU(fu2, fu3);
  cyclotomicSquares(fu3, 2, x); cyclotomicSquares(x, 3, y); f12mul(BN, y, x, fu3);  // fu3 = f^36u^3
  f12cyclotomicSqr(BN, fu2, x); f12mul(BN, x, fu2, x); f12cyclotomicSqr(BN, x, x);          // x = f^6u^2
  f12cyclotomicSqr(BN, x, y); f12mul(BN, y, x, e1); f12mul(BN, e1, y, e0);                   // e1 = f^18u^2, e0 = f^30u^2
  f12cyclotomicSqr(BN, fu, y); f12mul(BN, y, fu, y); f12cyclotomicSqr(BN, y, y);             // y = f^6u
  f12cyclotomicSqr(BN, y, fu2); f12mul(BN, fu2, y, fu);                                  // fu2 = f^12u, fu = f^18u
  // e0 = f^λ0
  f12mul(BN, e0, fu3, e0); f12mul(BN, e0, fu, e0); f12cyclotomicSqr(BN, f, y); f12mul(BN, e0, y, e0); f12conj(BN, e0, e0);
  // e1 = (f^λ1)^p
  f12mul(BN, e1, fu3, e1); f12mul(BN, e1, fu2, e1); f12conj(BN, e1, e1); f12mul(BN, e1, f, e1); f12frobenius(BN, e1, e1);
  // e2 = (f^λ2)^(p^2), y = f^(p^3)
  f12mul(BN, x, f, e2); f12frobenius2(BN, e2, e2);
  f12frobenius2(BN, f, y); f12frobenius(BN, y, y);
  f12mul(BN, e0, e1, f); f12mul(BN, f, e2, f); f12mul(BN, f, y, f);
}

/**
 * ECPAIRING over `len` input bytes (pairs of 64 + 128 bytes): writes 1 or 0 as a 32-byte word to `out`;
 * false when the length is not a multiple of 192 or a point is invalid (the call fails).
 */
export function ecPairing(input: usize, len: u32, out: usize): bool {
  if (len % 192 != 0) return false;
  useField(P, true, MINV);
  f12setOne(BN, PRODUCT);
  batchStamp++;
  let n = 0;
  for (let at: u32 = 0; at < len; at += 192) {
    const pair = PAIRS + <usize>n * PAIR_SIZE;
    if (!readPoint(input + at, G1_POINT)) return false;
    const lines = twistLines(input + at + 64);
    if (lines < 0) return false;
    if (lines == 0 || isZero(G1_POINT + 64)) continue; // e(P, ∞) = e(∞, Q) = 1
    memory.copy(pair + P_Y, G1_POINT + 32, 32);
    fneg(G1_POINT, pair + P_NEG_X);
    store<u32>(pair + P_LINES, <u32>lines);
    if (++n == BATCH) { miller(n); n = 0; batchStamp++; }
  }
  if (n > 0) miller(n);
  finalExponentiation(PRODUCT);
  memory.fill(out, 0, 32);
  store<u8>(out + 31, f12isOne(BN, PRODUCT) ? 1 : 0);
  return true;
}
