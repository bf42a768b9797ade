// ECADD (0x06) and ECMUL (0x07) on alt_bn128 (EIP-196) inside the core, on weierstrass.ts's field (here
// in Montgomery form) and points. The host's versions on @noble/curves (src/precompiles/06-, 07-) are the
// reference the tests compare against. ECPAIRING (0x08) is in bn254-pairing.ts.
import { loadBigEndian, storeBigEndian, isZero, eq as equal, lt as less, mod, copy as copy32 } from '../u256';
import { F, set4, useField, fmul, fadd, pdouble, padd, affineWith, invMod, W256 } from './weierstrass';
import { NAF_BYTES, splitNafs, oddMultiples, phiTable, addDigit } from './glv';

/** Constants: p, 2^512 mod p, 2^256 mod p (1 in Montgomery form), 3 in Montgomery form, 2^768 mod p, the group order, 1. */
const K: usize = memory.data<u64>([
  0x3C208C16D87CFD47, 0x97816A916871CA8D, 0xB85045B68181585D, 0x30644E72E131A029, // p
  0xF32CFC5B538AFA89, 0xB5E71911D44501FB, 0x47AB1EFF0A417FF6, 0x06D89F71CAB8351F, // R^2
  0xD35D438DC58F0D9D, 0x0A78EB28F5C70B3D, 0x666EA36F7879462C, 0x0E0A77C19A07DF2F, // R (1)
  0x7A17CAA950AD28D7, 0x1F6AC17AE15521B9, 0x334BEA4E696BD284, 0x2A1F6744CE179D8E, // 3R (b = 3)
  0xB1CD6DAFDA1530DF, 0x62F210E6A7283DB6, 0xEF7F0B0C0ADA0AFB, 0x20FD6E902D592544, // R^3
  0x43E1F593F0000001, 0x2833E84879B97091, 0xB85045B68181585D, 0x30644E72E131A029, // the order of G1
  1, 0, 0, 0, // 1 (out of Montgomery form: multiply by it)
], 16);
export const P: usize = K, R2: usize = K + 32, ONE: usize = K + 64;
const B3: usize = K + 96, R3: usize = K + 128;
const ORDER: usize = K + 160;
const PLAIN_ONE: usize = K + 192;
/** -p^-1 mod 2^64. */
export const MINV: u64 = 0x87D20782E4866389;

/** β in Montgomery form (φ(x, y) = (βx, y) = λ(x, y) on G1), then the split's six words (glv.ts), worked out with BigInt; s = 320. */
const GLV: usize = memory.data<u64>([
  0x3350C88E13E80B9C, 0x7DCE557CDB5E56B9, 0x6001B4B8B615564A, 0x2682E617020217E0, // β
  0x149D540FD5E495CC, 0x5398FD0300FF6565, 0x4CCEF014A773D2D2, 2, // g1
  0x6EB9C714773A6EF3, 0xD91D232EC7E0B3D7, 2, 0, // g2
  0x8211BBEB7D4F1128, 0x6F4D8248EEB859FC, 0, 0, // a1
  0x89D3256894D213E3, 0, 0, 0, // -b1
  0x89D3256894D213E3, 0, 0, 0, // a2
  0x0BE4E1541221250B, 0x6F4D8248EEB859FD, 0, 0, // b2
], 16);
const BETA: usize = GLV, SPLIT: usize = GLV + 32;
const SHIFT_LIMBS: usize = 5;
/** Odd multiples of the point and of φ(point) (Jacobian), a doubled point, the NAFs of the scalar's halves. */
const TABLE: usize = memory.data(96 * 8, 16);
const TABLE_PHI: usize = memory.data(96 * 8, 16);
const TWICE: usize = memory.data(96, 16);
const DIGITS: usize = memory.data(2 * <i32>NAF_BYTES, 16);

const IN: usize = memory.data(128, 16);
const A: usize = memory.data(96, 16);
const B: usize = memory.data(96, 16);
const SCALAR: usize = memory.data(32, 16);

/**
 * Reads the point at `src` (x, y: 32 big-endian bytes each) into `dst` (Jacobian, Montgomery form); false
 * when a coordinate is not below p or the point is not on the curve. (0, 0) is the point at infinity.
 */
export function readPoint(src: usize, dst: usize): bool {
  loadBigEndian(src, dst); loadBigEndian(src + 32, dst + 32);
  if (!less(dst, P) || !less(dst + 32, P)) return false;
  if (isZero(dst) && isZero(dst + 32)) { set4(dst + 64, 0, 0, 0, 0); return true; }
  fmul(dst, R2, dst); fmul(dst + 32, R2, dst + 32); copy32(ONE, dst + 64);
  const lhs = F, rhs = F + 32;
  fmul(dst + 32, dst + 32, lhs);
  fmul(dst, dst, rhs); fmul(rhs, dst, rhs); fadd(rhs, B3, rhs);
  return equal(lhs, rhs);
}

/** r = 1/a (a ≠ 0, Montgomery form), by Fermat. */
/** r = 1/a in Montgomery form (a ≠ 0): the plain inverse of aR (invMod), a^-1 R^-1, times R^3 / R. */
export function finv(a: usize, r: usize): void { invMod(a, P, MINV, r); fmul(r, R3, r); }

/** Writes the point at `p` as x, y (32 big-endian bytes each, affine; infinity as zeros) to `out`. */
function writePoint(p: usize, out: usize): void {
  if (isZero(p + 64)) { memory.fill(out, 0, 64); return; }
  const zinv = F + 96;
  finv(p + 64, zinv);
  affineWith(p, zinv, ONE);
  fmul(p, PLAIN_ONE, p); fmul(p + 32, PLAIN_ONE, p + 32); // out of Montgomery form
  storeBigEndian(p, out); storeBigEndian(p + 32, out + 32);
}

/** Copies `len` input bytes, zero-padded to `size`. */
function readInput(input: usize, len: u32, size: u32): void {
  memory.fill(IN, 0, size);
  memory.copy(IN, input, <usize>(len < size ? len : size));
}

/** ECADD: the sum of two points to `out` (64 bytes); false for an invalid point (the call fails). */
export function ecAdd(input: usize, len: u32, out: usize): bool {
  useField(P, true, MINV);
  readInput(input, len, 128);
  if (!readPoint(IN, A) || !readPoint(IN + 64, B)) return false;
  padd(W256, A, B, A);
  writePoint(A, out);
  return true;
}

/** ECMUL: a point times a scalar to `out` (64 bytes); false for an invalid point (the call fails). */
export function ecMul(input: usize, len: u32, out: usize): bool {
  useField(P, true, MINV);
  readInput(input, len, 96);
  if (!readPoint(IN, A)) return false;
  loadBigEndian(IN + 64, SCALAR);
  mod(SCALAR, ORDER, SCALAR); // (G1 has prime order: s P = (s mod order) P)
  set4(B + 64, 0, 0, 0, 0);
  if (!isZero(A + 64) && !isZero(SCALAR)) {
    // s P = s1 P + s2 φ(P), each half a width-5 NAF (glv.ts)
    memory.copy(TABLE, A, 96);
    oddMultiples(TABLE, TWICE);
    phiTable(TABLE, BETA, TABLE_PHI);
    const digits = splitNafs(SCALAR, ORDER, SPLIT, SHIFT_LIMBS, DIGITS);
    for (let i = digits - 1; i >= 0; i--) {
      pdouble(W256, B, B);
      const d1 = <i32>load<i8>(DIGITS + <usize>i), d2 = <i32>load<i8>(DIGITS + NAF_BYTES + <usize>i);
      if (d1 != 0) addDigit(B, d1, TABLE, false);
      if (d2 != 0) addDigit(B, d2, TABLE_PHI, false);
    }
  }
  writePoint(B, out);
  return true;
}
