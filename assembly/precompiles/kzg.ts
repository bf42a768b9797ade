// EIP-4844's point evaluation proof check (verify_kzg_proof) inside the core, on BLS12-381 (bls12.ts):
//   e(C - [y]G1 + [z]π, -G2) · e(π, [τ]G2) = 1
// for a commitment C, a proof π (compressed G1 points), a point z and a value y (scalars below r). Both G2
// points are fixed, so the Miller loop's lines are computed once per instance (their coefficients do not
// depend on the G1 point; each is evaluated at it by two Fp2-by-Fp products). The optimal ate pairing's loop
// runs over |x| (x = -0xd201000000010000, the curve's parameter); the conjugation for a negative x is left
// out, as the check only asks whether the product is one. The final exponentiation's hard part is raised
// to 3 (Hayashida, Hayasaka and Teruya, 2020): 3(p^4 - p^2 + 1)/r = (x - 1)^2 (x + p)(x^2 + p^2 - 1) + 3,
// which is one exactly when the plain one is (r is prime to 3). The host's version on @noble/curves
// (src/precompiles/0a-) is the tests' reference; src/precompiles/0a- calls this one through the core's
// `kzgVerify` export.
import { loadBigEndian, lt as less } from '../u256';
import { pdouble, padd, paddAffine } from './weierstrass';
import { fpAdd, fpNeg, fpMul, fpSqr, fpInv, fpSqrt, fpIsZero, fpEqual, fpIsLexLargest, fpReadBigEndian, BLS_ONE } from './bls12-field';
import { BLS, BETA } from './bls12';
import { f12copy, f12isOne, f12conj, f12mul, f12cyclotomicSqr, f12inv, f12frobenius, f12frobenius2 } from './tower';
import { loopLines, millerLoop } from './twist';

/** |x|: the Miller loop and the final exponentiation's powers run over its bits below the top one. */
const X_ABS: u64 = 0xD201000000010000;
const TOP_BIT: i32 = 63;

// @ts-ignore: decorator
@inline
function xBit(i: i32): bool { return ((X_ABS >> <u64>i) & 1) != 0; }

/** |x|'s 64 bits as the Miller loop's digits (twist.ts), most significant first (set by setup). */
const X_DIGITS: usize = memory.data(64, 16);

/** The lines of one G2 point: a doubling for each bit below the top, and an addition for each set one. */
const STEPS: i32 = 68;
const LINE_SIZE: usize = 96 * 3;

/** 3b' = 12(1 + u) (the twist's b' = 4ξ), G1's generator (x, y), then -G2 and [τ]G2 (x, y in Fp2). */
const K: usize = memory.data<u64>([
  0x447600000027552E, 0xDCB8009A43480020, 0x6F7EE9CE4A6E8B59, 0xB10330B7C0A95BC6, 0x6140B1FCFB1E54B7, 0x0381BE097F0BB4E1,
  0x447600000027552E, 0xDCB8009A43480020, 0x6F7EE9CE4A6E8B59, 0xB10330B7C0A95BC6, 0x6140B1FCFB1E54B7, 0x0381BE097F0BB4E1,
  0x5CB38790FD530C16, 0x7817FC679976FFF5, 0x154F95C7143BA1C1, 0xF0AE6ACDF3D0E747, 0xEDCE6ECC21DBF440, 0x120177419E0BFB75,
  0xBAAC93D50CE72271, 0x8C22631A7918FD8E, 0xDD595F13570725CE, 0x51AC582950405194, 0x0E1C8C3FAD0059C0, 0x0BBC3EFC5008A26A,
  0xF5F28FA202940A10, 0xB3F5FB2687B4961A, 0xA1A893B53E2AE580, 0x9894999D1A3CAEE9, 0x6F67B7631863366B, 0x058191924350BCD7,
  0xA5A9C0759E23F606, 0xAAA0C59DBCCD60C3, 0x3BB17E18E2867806, 0x1B1AB6CC8541B367, 0xC2B6ED0EF2158547, 0x11922A097360EDF3,
  0x6D8BF5079FB65E61, 0xC52F05DF531D63A5, 0x7F4A4D344CA692C9, 0xA887959B8577C95F, 0x4347FE40525C8734, 0x197D145BBAFF0BB5,
  0x0C3E036D209AFA4E, 0x0601D8F4863F9E23, 0xE0832636BACC0A84, 0xEB2DEF362A476F84, 0x64044F659F0EE1E9, 0x0ED54F48D5A1CAA7,
  0x6120A2099B0379F9, 0xA2DF815CB8210E4E, 0xCB57BE5577BD3D4F, 0x62DA0EA89A0C93F8, 0x02E0EE16968E150D, 0x171F09AEA833ACD5,
  0x11A3670749DFD455, 0x04991D7B3ABFFADC, 0x85446A8E14437F41, 0x27174E7B4E76E3F2, 0x7BFA6DD397F60A20, 0x02FCC329AC07080F,
  0xAA130838793B2317, 0xE236DD220F891637, 0x6502782925760980, 0xD05C25F60557EC89, 0x6095767A44064474, 0x185693917080D405,
  0x549F9E175B03DC0A, 0x32C0C95A77106CFE, 0x64A74EAE5705D080, 0x53DEEAF56659ED9E, 0x09A1D368508AFB93, 0x12CF3A4525B5E9BD,
], 16);
const TWIST_3B: usize = K, GENERATOR: usize = K + 96, NEG_G2: usize = K + 192, TAU_G2: usize = K + 384;

/** r, the order of G1 (4 limbs): z and y must be below it. */
const ORDER: usize = memory.data<u64>([0xFFFFFFFF00000001, 0x53BDA402FFFE5BFE, 0x3339D80809A1D805, 0x73EDA753299D7D48], 16);

/** The lines of -G2, then of [τ]G2 (twist.ts). */
const LINES: usize = memory.data(<i32>LINE_SIZE * STEPS * 2, 16);
let ready = false;

/** Points of G1 (X, Y, Z; affine ones with Z = 1): C, π, -G, π - G, the sum, the subgroup check's. */
const POINTS: usize = memory.data(144 * 6, 16);
const COMMITMENT: usize = POINTS, PROOF: usize = POINTS + 144, NEG_GENERATOR: usize = POINTS + 288;
const PROOF_MINUS_G: usize = POINTS + 432, SUM: usize = POINTS + 576, CHECK: usize = POINTS + 720;
/** z, y (4 limbs each); 4 in Fp; a point's 48 bytes with the flags cleared; three Fp temporaries. */
const SCALARS: usize = memory.data(64 + 48 + 48 + 48 * 3, 16);
const Z: usize = SCALARS, Y: usize = SCALARS + 32, FOUR: usize = SCALARS + 64, BYTES: usize = SCALARS + 112, T: usize = SCALARS + 160;

/** The pairs of the check (twist.ts): yP, -xP and the address of the G2 point's lines. */
const PAIR_SIZE: usize = 104;
const P_Y: usize = 0, P_NEG_X: usize = 48, P_LINES: usize = 96;
const PAIRS: usize = memory.data(<i32>PAIR_SIZE * 2, 16);
/** The twist point of the lines' precomputation, the Fp12 values. */
const TWIST_POINT: usize = memory.data(96 * 3, 16);
const F12: usize = memory.data(576 * 4, 16);
const MILLER: usize = F12, A: usize = F12 + 576, B: usize = F12 + 576 * 2, C: usize = F12 + 576 * 3;

/** Once an instance: the lines of both G2 points, -G and 4. */
export function setup(): void {
  if (ready) return;
  for (let i = 0; i <= TOP_BIT; i++) store<i8>(X_DIGITS + <usize>(TOP_BIT - i), xBit(i) ? 1 : 0);
  // (|x|'s digits are never -1: no -Q needed)
  loopLines(BLS, X_DIGITS, TOP_BIT + 1, NEG_G2, NEG_G2 + 96, TWIST_3B, TWIST_POINT, LINES);
  loopLines(BLS, X_DIGITS, TOP_BIT + 1, TAU_G2, TAU_G2 + 96, TWIST_3B, TWIST_POINT, LINES + LINE_SIZE * STEPS);
  memory.copy(NEG_GENERATOR, GENERATOR, 48); fpNeg(GENERATOR + 48, NEG_GENERATOR + 48); memory.copy(NEG_GENERATOR + 96, BLS_ONE, 48);
  fpAdd(BLS_ONE, BLS_ONE, FOUR); fpAdd(FOUR, FOUR, FOUR);
  ready = true;
}

/** r = [|x|]p (Jacobian; r ≠ p). */
function mulByX(p: usize, r: usize): void {
  memory.copy(r, p, 144);
  for (let i = TOP_BIT - 1; i >= 0; i--) {
    pdouble(BLS, r, r);
    if (xBit(i)) padd(BLS, r, p, r);
  }
}

/**
 * Whether the curve point p (affine) is in G1, by φ(p) = [-x^2]p with φ(x, y) = (βx, y): on G1 φ acts as
 * -x^2, and a point with φ(p) = [-x^2]p has [x^4 - x^2 + 1]p = [r]p = O, as φ^2 + φ + 1 = 0 (Bowe, "Faster
 * subgroup checks for BLS12-381", 2019).
 */
function inG1(p: usize): bool {
  mulByX(p, SUM); mulByX(SUM, CHECK);
  const z2 = T, z3 = T + 48, u = T + 96;
  if (fpIsZero(CHECK + 96)) return false;
  fpSqr(CHECK + 96, z2); fpMul(z2, CHECK + 96, z3);
  fpMul(p, BETA, u); fpMul(u, z2, u);
  if (!fpEqual(u, CHECK)) return false;
  fpMul(p + 48, z3, u); fpAdd(u, CHECK + 48, u);
  return fpIsZero(u);
}

/**
 * Reads the compressed G1 point at `src` (48 bytes, the ZCash serialization: flags compressed, infinity,
 * sign in the top three bits, then x) to `p` (x, y, 1); returns 1 for a point of G1, 0 for infinity, -1
 * for anything else: not compressed, a stray bit with infinity, x not below p, no y, a point outside G1.
 */
export function readG1(src: usize, p: usize): i32 {
  const flags = load<u8>(src);
  if ((flags & 0x80) == 0) return -1;
  if ((flags & 0x40) != 0) {
    if ((flags & 0x3F) != 0) return -1;
    for (let i: usize = 1; i < 48; i++) if (load<u8>(src + i) != 0) return -1;
    return 0;
  }
  memory.copy(BYTES, src, 48);
  store<u8>(BYTES, flags & 0x1F);
  if (!fpReadBigEndian(BYTES, p)) return -1;
  const y = p + 48;
  fpSqr(p, y); fpMul(y, p, y); fpAdd(y, FOUR, y);
  if (!fpSqrt(y, y)) return -1;
  if (fpIsLexLargest(y) != ((flags & 0x20) != 0)) fpNeg(y, y);
  memory.copy(p + 96, BLS_ONE, 48);
  return inG1(p) ? 1 : -1;
}

// @ts-ignore: decorator
@inline
function scalarBit(s: usize, i: i32): bool { return ((load<u64>(s + (<usize>(i >> 6) << 3)) >> <u64>(i & 63)) & 1) != 0; }

/** SUM = [z]π + [y](-G), both scalars at once (Shamir's trick; π skipped when at infinity). */
function combination(proofAtInfinity: bool): void {
  memory.fill(SUM + 96, 0, 48);
  if (!proofAtInfinity) padd(BLS, PROOF, NEG_GENERATOR, PROOF_MINUS_G);
  for (let i = 254; i >= 0; i--) {
    pdouble(BLS, SUM, SUM);
    const zb = !proofAtInfinity && scalarBit(Z, i), yb = scalarBit(Y, i);
    if (zb && yb) padd(BLS, SUM, PROOF_MINUS_G, SUM);
    else if (zb) paddAffine(BLS, SUM, PROOF, SUM);
    else if (yb) paddAffine(BLS, SUM, NEG_GENERATOR, SUM);
  }
}

/** Adds a pair for the G1 point p (Jacobian, not at infinity) and the lines at `lines`; returns the pair count. */
function addPair(n: i32, p: usize, lines: usize): i32 {
  const pair = PAIRS + <usize>n * PAIR_SIZE;
  const zinv = T, z2 = T + 48;
  fpInv(p + 96, zinv);
  fpSqr(zinv, z2);
  fpMul(p, z2, pair + P_NEG_X); fpNeg(pair + P_NEG_X, pair + P_NEG_X);
  fpMul(z2, zinv, z2); fpMul(p + 48, z2, pair + P_Y);
  store<u32>(pair + P_LINES, <u32>lines);
  return n + 1;
}

/** r = a^x = conj(a^|x|) for a in the cyclotomic subgroup (r ≠ a). */
function powX(a: usize, r: usize): void {
  f12copy(BLS, a, r);
  for (let i = TOP_BIT - 1; i >= 0; i--) {
    f12cyclotomicSqr(BLS, r, r);
    if (xBit(i)) f12mul(BLS, r, a, r);
  }
  f12conj(BLS, r, r);
}

/** Whether f^(3(p^12 - 1)/r) = 1 (f is overwritten). */
function finalExponentiationIsOne(f: usize): bool {
  // easy part: f^((p^6 - 1)(p^2 + 1)); f is in the cyclotomic subgroup from here on
  f12inv(BLS, f, A); f12conj(BLS, f, f); f12mul(BLS, f, A, f);
  f12frobenius2(BLS, f, A); f12mul(BLS, A, f, f);
  // hard part, times 3: f^((x - 1)^2 (x + p)(x^2 + p^2 - 1)) · f^3
  powX(f, A); f12conj(BLS, f, B); f12mul(BLS, A, B, A);                                  // A = f^(x - 1)
  powX(A, B); f12conj(BLS, A, C); f12mul(BLS, B, C, A);                                  // A = f^((x - 1)^2)
  powX(A, B); f12frobenius(BLS, A, C); f12mul(BLS, B, C, A);                             // A ^= x + p
  powX(A, B); powX(B, C); f12frobenius2(BLS, A, B); f12mul(BLS, C, B, C);
  f12conj(BLS, A, B); f12mul(BLS, C, B, A);                                              // A ^= x^2 + p^2 - 1
  f12cyclotomicSqr(BLS, f, B); f12mul(BLS, B, f, B); f12mul(BLS, A, B, A);              // A ·= f^3
  return f12isOne(BLS, A);
}

/**
 * verify_kzg_proof for the 144 bytes at `input`: z (32, big-endian), y (32), the commitment (48), the
 * proof (48). True when the proof holds; false when it does not or an input is malformed (z or y not below
 * r, a point not in the compressed form, not canonical, not on the curve or not in G1).
 */
export function verifyKzgProof(input: usize): bool {
  setup();
  loadBigEndian(input, Z); loadBigEndian(input + 32, Y);
  if (!less(Z, ORDER) || !less(Y, ORDER)) return false;
  const commitment = readG1(input + 64, COMMITMENT);
  if (commitment < 0) return false;
  const proof = readG1(input + 112, PROOF);
  if (proof < 0) return false;
  combination(proof == 0);
  if (commitment > 0) paddAffine(BLS, SUM, COMMITMENT, SUM);
  // (a pair whose G1 point is at infinity contributes 1)
  let n = 0;
  if (!fpIsZero(SUM + 96)) n = addPair(n, SUM, LINES);
  if (proof > 0) n = addPair(n, PROOF, LINES + LINE_SIZE * STEPS);
  if (n == 0) return true;
  millerLoop(BLS, true, X_DIGITS, TOP_BIT + 1, 0, MILLER, PAIRS, n);
  return finalExponentiationIsOne(MILLER);
}
