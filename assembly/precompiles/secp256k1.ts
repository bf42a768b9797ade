// ECRECOVER (0x01) inside the core: secp256k1 public-key recovery (SEC 1 v2 §4.1.6, Yellow Paper
// appendix F), then keccak256 of the key. The host's version on @noble/curves (src/precompiles/
// 01-ecrecover.ts) is the reference the tests compare against; this one does the arithmetic on u64 limbs.
// u1·G + u2·R is one loop of doublings over four half-length scalars' width-5 NAFs (glv.ts), with the odd
// multiples of G and φ(G) made once (affine) and R's and φ(R)'s per call; the square root and the inverse
// mod p are addition chains.
// The field and the points are weierstrass.ts's; scalars mod n are 4 u64 limbs, as there.
import { mulmod, loadBigEndian, storeBigEndian, isZero, eq as equal, lt as less, sub as sub256, copy as copy32 } from '../u256';
import { keccak256 } from '../crypto/keccak';
import { F, set4, useField, fmul, fadd, fneg, affineWith, pdouble, invMod, W256 } from './weierstrass';
import { NAF_BYTES, splitNafs, oddMultiples, phiTable, addDigit } from './glv';

/** Constants: n, G (affine), 1, 7, p. */
const K: usize = memory.data<u64>([
  0xBFD25E8CD0364141, 0xBAAEDCE6AF48A03B, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFFFFFFFFFF, // n
  0x59F2815B16F81798, 0x029BFCDB2DCE28D9, 0x55A06295CE870B07, 0x79BE667EF9DCBBAC, // Gx
  0x9C47D08FFB10D4B8, 0xFD17B448A6855419, 0x5DA4FBFC0E1108A8, 0x483ADA7726A3C465, // Gy
  1, 0, 0, 0, // 1 (Z of an affine point)
  7, 0, 0, 0, // b of y^2 = x^3 + 7
  0xFFFFFFFEFFFFFC2F, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF, // p = 2^256 - 2^32 - 977
], 16);
const N: usize = K, GX: usize = K + 32, GY: usize = K + 64, ONE: usize = K + 96, B7: usize = K + 128, P: usize = K + 160;

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

/** -p^-1 and -n^-1 mod 2^64, for invMod. */
const P_NM: u64 = 0xD838091DD2253531, N_NM: u64 = 0x4B0DFF665588B13F;

/** r = 1 / a mod p (a ≠ 0). */
// @ts-ignore: decorator
@inline
function finv(a: usize, r: usize): void { invMod(a, P, P_NM, r); }

/** r = a^-1 mod n for 0 < a < n. */
// @ts-ignore: decorator
@inline
function invModN(a: usize, r: usize): void { invMod(a, N, N_NM, r); }

// --- the double-scalar multiplication (GLV, wNAF of width 5: glv.ts) ----------------------------------------

/** β (φ(x, y) = (βx, y) = λ(x, y)), then the split's six words (glv.ts), worked out with BigInt; s = 384. */
const GLV: usize = memory.data<u64>([
  0xC1396C28719501EE, 0x9CF0497512F58995, 0x6E64479EAC3434E9, 0x7AE96A2B657C0710, // β
  0xE893209A45DBB031, 0x3DAA8A1471E8CA7F, 0xE86C90E49284EB15, 0x3086D221A7D46BCD, // g1
  0x1571B4AE8AC47F71, 0x221208AC9DF506C6, 0x6F547FA90ABFE4C4, 0xE4437ED6010E8828, // g2
  0xE86C90E49284EB15, 0x3086D221A7D46BCD, 0, 0, // a1
  0x6F547FA90ABFE4C3, 0xE4437ED6010E8828, 0, 0, // -b1
  0x57C1108D9D44CFD8, 0x14CA50F7A8E2F3F6, 1, 0, // a2
  0xE86C90E49284EB15, 0x3086D221A7D46BCD, 0, 0, // b2
], 16);
const BETA: usize = GLV, SPLIT: usize = GLV + 32;
const SHIFT_LIMBS: usize = 6;

/** Odd multiples 1, 3, ..., 15 of G and φ(G) (affine, Z = 1: made once) and of R and φ(R) (Jacobian), 96 bytes each. */
const TABLE_G: usize = memory.data(96 * 8, 16);
const TABLE_PHI_G: usize = memory.data(96 * 8, 16);
const TABLE_R: usize = memory.data(96 * 8, 16);
const TABLE_PHI_R: usize = memory.data(96 * 8, 16);
let tableGReady = false;
/** The accumulator, a doubled point; the NAFs of u1's and u2's halves. */
const ACC: usize = memory.data(96, 16);
const TWICE: usize = memory.data(96, 16);
const DIGITS: usize = memory.data(4 * <i32>NAF_BYTES, 16);

/** The point at `p` made affine in place (Z = 1; p is not infinity). */
function toAffine(p: usize): void {
  const zinv = F + 96;
  finv(p + 64, zinv);
  affineWith(p, zinv, ONE);
}

/** ACC = u1 G + u2 R (R at TABLE_R's first entry, Jacobian). */
function doubleScalar(u1: usize, u2: usize): void {
  if (!tableGReady) {
    copy32(GX, TABLE_G); copy32(GY, TABLE_G + 32); copy32(ONE, TABLE_G + 64);
    oddMultiples(TABLE_G, TWICE);
    for (let i: usize = 1; i < 8; i++) toAffine(TABLE_G + i * 96);
    phiTable(TABLE_G, BETA, TABLE_PHI_G);
    tableGReady = true;
  }
  oddMultiples(TABLE_R, TWICE);
  phiTable(TABLE_R, BETA, TABLE_PHI_R);
  const n1 = splitNafs(u1, N, SPLIT, SHIFT_LIMBS, DIGITS), n2 = splitNafs(u2, N, SPLIT, SHIFT_LIMBS, DIGITS + 2 * NAF_BYTES);
  set4(ACC + 64, 0, 0, 0, 0);
  for (let i = (n1 > n2 ? n1 : n2) - 1; i >= 0; i--) {
    pdouble(W256, ACC, ACC);
    const at = DIGITS + <usize>i;
    const d1 = <i32>load<i8>(at), d2 = <i32>load<i8>(at + NAF_BYTES), d3 = <i32>load<i8>(at + 2 * NAF_BYTES), d4 = <i32>load<i8>(at + 3 * NAF_BYTES);
    if (d1 != 0) addDigit(ACC, d1, TABLE_G, true);
    if (d2 != 0) addDigit(ACC, d2, TABLE_PHI_G, true);
    if (d3 != 0) addDigit(ACC, d3, TABLE_R, false);
    if (d4 != 0) addDigit(ACC, d4, TABLE_PHI_R, false);
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
  useField(P, false, 0);
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
  if ((load<u64>(y) & 1) != v0 - 27) fneg(y, y);
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
