/**
 * BLS12-381 helpers for the EIP-2537 precompiles 0x0b..0x11.
 *
 * Encodings (EIP-2537): a base-field element is 64 bytes big-endian whose top 16 bytes must be zero
 * and whose value must be < p. An Fp2 element c0 + c1·u is c0 | c1 (128 bytes). A G1 point is
 * x | y (128 bytes), a G2 point x | y (256 bytes); all zeros is the point at infinity. Scalars are
 * 32-byte big-endian integers and need not be reduced.
 *
 * Decoding always checks field range and the curve equation; the subgroup check is requested
 * separately (MSM and pairing need it, ADD does not).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bigIntToBytes, bytesToBigInt } from './util.js';

const { Fp, Fp2, Fp12, Fr } = bls12_381.fields;
export const BLS_P = Fp.ORDER;
export const BLS_R = Fr.ORDER;

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
export type G1Point = InstanceType<typeof G1>;
export type G2Point = InstanceType<typeof G2>;
type Fp2T = ReturnType<typeof Fp2.fromBigTuple>;

const B1 = 4n;
const B2 = Fp2.fromBigTuple([4n, 4n]); // 4(u + 1)

/** Decodes a 64-byte padded field element; null if the top 16 bytes are not zero or value >= p. */
export function decodeFp(b: Uint8Array): bigint | null {
  for (let i = 0; i < 16; i++) if (b[i] !== 0) return null;
  const v = bytesToBigInt(b.subarray(16, 64));
  return v < BLS_P ? v : null;
}

export function decodeFp2(b: Uint8Array): Fp2T | null {
  const c0 = decodeFp(b.subarray(0, 64));
  if (c0 === null) return null;
  const c1 = decodeFp(b.subarray(64, 128));
  if (c1 === null) return null;
  return Fp2.fromBigTuple([c0, c1]);
}

function encodeFp(v: bigint): Uint8Array {
  return bigIntToBytes(v, 64);
}

/** 128 bytes → G1 point (on curve; in subgroup when `subgroupCheck`), or null. */
export function decodeG1(b: Uint8Array, subgroupCheck: boolean): G1Point | null {
  const x = decodeFp(b.subarray(0, 64));
  if (x === null) return null;
  const y = decodeFp(b.subarray(64, 128));
  if (y === null) return null;
  if (x === 0n && y === 0n) return G1.ZERO;
  if (Fp.sqr(y) !== Fp.add(Fp.mul(Fp.sqr(x), x), B1)) return null;
  try {
    const p = G1.fromAffine({ x, y });
    if (subgroupCheck && !p.isTorsionFree()) return null;
    return p;
  } catch {
    return null; // defensive: noble rejects y = 0, which has no point on these curves anyway
  }
}

/** 256 bytes → G2 point (on curve; in subgroup when `subgroupCheck`), or null. */
export function decodeG2(b: Uint8Array, subgroupCheck: boolean): G2Point | null {
  const x = decodeFp2(b.subarray(0, 128));
  if (x === null) return null;
  const y = decodeFp2(b.subarray(128, 256));
  if (y === null) return null;
  if (Fp2.is0(x) && Fp2.is0(y)) return G2.ZERO;
  if (!Fp2.eql(Fp2.sqr(y), Fp2.add(Fp2.mul(Fp2.sqr(x), x), B2))) return null;
  try {
    const p = G2.fromAffine({ x, y });
    if (subgroupCheck && !p.isTorsionFree()) return null;
    return p;
  } catch {
    return null; // defensive: noble rejects y = 0, which has no point on these curves anyway
  }
}

export function encodeG1(p: G1Point): Uint8Array {
  const out = new Uint8Array(128);
  if (p.is0()) return out;
  const { x, y } = p.toAffine();
  out.set(encodeFp(x), 0);
  out.set(encodeFp(y), 64);
  return out;
}

export function encodeG2(p: G2Point): Uint8Array {
  const out = new Uint8Array(256);
  if (p.is0()) return out;
  const { x, y } = p.toAffine();
  out.set(encodeFp(x.c0), 0);
  out.set(encodeFp(x.c1), 64);
  out.set(encodeFp(y.c0), 128);
  out.set(encodeFp(y.c1), 192);
  return out;
}

/** Multi-scalar multiplication of subgroup points (scalars reduced mod r, which is exact there). */
export function msmG1(points: G1Point[], scalars: bigint[]): G1Point {
  if (points.length === 1) {
    const s = scalars[0] % BLS_R;
    return s === 0n ? G1.ZERO : points[0].multiplyUnsafe(s);
  }
  return pippenger(G1, points, scalars.map((s) => s % BLS_R));
}

export function msmG2(points: G2Point[], scalars: bigint[]): G2Point {
  if (points.length === 1) {
    const s = scalars[0] % BLS_R;
    return s === 0n ? G2.ZERO : points[0].multiplyUnsafe(s);
  }
  return pippenger(G2, points, scalars.map((s) => s % BLS_R));
}

/** True when the product of e(P_i, Q_i) is one; pairs with an infinity point are neutral. */
export function pairingCheck(pairs: { g1: G1Point; g2: G2Point }[]): boolean {
  const live = pairs.filter(({ g1, g2 }) => !g1.is0() && !g2.is0());
  if (live.length === 0) return true;
  return Fp12.eql(bls12_381.pairingBatch(live), Fp12.ONE);
}

/** EIP-2537 MAP_FP_TO_G1: SSWU + 11-isogeny, then cofactor clearing. */
export function mapFpToG1(u: bigint): G1Point {
  // noble's typings describe the raw map; at runtime this is the full map (with cofactor clearing) to a Point.
  return (bls12_381.G1.mapToCurve as unknown as (s: bigint) => G1Point)(u);
}

/** EIP-2537 MAP_FP2_TO_G2: SSWU + 3-isogeny, then cofactor clearing. */
export function mapFp2ToG2(c0: bigint, c1: bigint): G2Point {
  return (bls12_381.G2.mapToCurve as unknown as (s: bigint[]) => G2Point)([c0, c1]);
}

/** EIP-2537 MSM discount tables (per mille), indexed by k - 1; beyond the table the last value applies. */
export const G1_MSM_DISCOUNT: readonly number[] = [
  1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665, 661, 658, 654, 651,
  648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615, 613, 611, 609, 608, 606, 604, 603, 601,
  599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585, 584, 582, 581, 580, 579, 577, 576, 575, 574, 573, 572, 570,
  569, 568, 567, 566, 565, 564, 563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 551, 550, 549, 548, 547,
  547, 546, 545, 544, 543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532, 532, 531, 530, 529, 528,
  528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519,
];
export const G2_MSM_DISCOUNT: readonly number[] = [
  1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704, 699, 693, 688, 683, 679,
  674, 670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632, 629, 627, 624, 622, 620, 618, 615, 613, 611,
  609, 607, 606, 604, 602, 600, 598, 597, 595, 593, 592, 590, 589, 587, 586, 584, 583, 582, 580, 579, 578, 576, 575,
  574, 573, 571, 570, 569, 568, 567, 566, 565, 563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 552, 551,
  550, 549, 548, 547, 546, 545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536, 535, 535, 534, 533, 532,
  532, 531, 530, 530, 529, 528, 528, 527, 526, 526, 525, 524, 524,
];

export const G1_MUL_GAS = 12000n;
export const G2_MUL_GAS = 22500n;

/** k · mulCost · discount(k) / 1000 (k = 0 → 0; the call then fails on its length anyway). */
export function msmGas(k: number, mulCost: bigint, table: readonly number[]): bigint {
  if (k <= 0) return 0n;
  const discount = BigInt(k <= table.length ? table[k - 1] : table[table.length - 1]);
  return (BigInt(k) * mulCost * discount) / 1000n;
}
