/**
 * alt_bn128 (BN254) helpers shared by 0x06 ECADD, 0x07 ECMUL and 0x08 ECPAIRING (EIP-196, EIP-197).
 *
 * Encodings: a field element is a 32-byte big-endian integer < p. A G1 point is x | y, with (0, 0)
 * standing for the point at infinity. A G2 point is x | y where each Fp2 coordinate a·i + b is
 * encoded as a | b (imaginary part FIRST); all zeros is the point at infinity.
 */
import { bn254 } from '@noble/curves/bn254.js';
import { bigIntToBytes, bytesToBigInt } from './util.js';

export const BN254_P = bn254.fields.Fp.ORDER;
export const BN254_N = bn254.fields.Fr.ORDER;

const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
const Fp2 = bn254.fields.Fp2;
const Fp12 = bn254.fields.Fp12;

export type G1Point = InstanceType<typeof G1>;
export type G2Point = InstanceType<typeof G2>;

const mod = (a: bigint): bigint => {
  const r = a % BN254_P;
  return r < 0n ? r + BN254_P : r;
};

/** Decodes a G1 point from 64 bytes; null if a coordinate is >= p or the point is not on y² = x³ + 3. */
export function decodeG1(b: Uint8Array): G1Point | null {
  const x = bytesToBigInt(b.subarray(0, 32));
  const y = bytesToBigInt(b.subarray(32, 64));
  if (x >= BN254_P || y >= BN254_P) return null;
  if (x === 0n && y === 0n) return G1.ZERO;
  if (mod(y * y) !== mod(x * x * x + 3n)) return null;
  // G1 has cofactor 1: on the curve means in the group.
  try {
    return G1.fromAffine({ x, y });
  } catch {
    return null;
  }
}

export function encodeG1(p: G1Point): Uint8Array {
  const out = new Uint8Array(64);
  if (p.is0()) return out;
  const a = p.toAffine();
  out.set(bigIntToBytes(a.x, 32), 0);
  out.set(bigIntToBytes(a.y, 32), 32);
  return out;
}

/**
 * Decodes a G2 point from 128 bytes; null if a coordinate is >= p, the point is not on the twist,
 * or it is not in the order-n subgroup.
 */
export function decodeG2(b: Uint8Array): G2Point | null {
  const xi = bytesToBigInt(b.subarray(0, 32));
  const xr = bytesToBigInt(b.subarray(32, 64));
  const yi = bytesToBigInt(b.subarray(64, 96));
  const yr = bytesToBigInt(b.subarray(96, 128));
  if (xi >= BN254_P || xr >= BN254_P || yi >= BN254_P || yr >= BN254_P) return null;
  if (xi === 0n && xr === 0n && yi === 0n && yr === 0n) return G2.ZERO;
  try {
    // fromAffine rejects y = 0 (a 2-torsion point, never in the subgroup); assertValidity checks
    // the curve equation and subgroup membership.
    const p = G2.fromAffine({ x: Fp2.fromBigTuple([xr, xi]), y: Fp2.fromBigTuple([yr, yi]) });
    p.assertValidity();
    return p;
  } catch {
    return null;
  }
}

export function g1Add(a: G1Point, b: G1Point): G1Point {
  return a.add(b);
}

/** Scalar multiplication by any 256-bit scalar (G1 has prime order n, so the scalar is reduced mod n). */
export function g1Mul(p: G1Point, k: bigint): G1Point {
  const s = k % BN254_N;
  if (s === 0n || p.is0()) return G1.ZERO;
  return p.multiplyUnsafe(s);
}

/** True when the product of the pairings e(P_i, Q_i) is one. Pairs with an infinity point are neutral. */
export function pairingCheck(pairs: { g1: G1Point; g2: G2Point }[]): boolean {
  const live = pairs.filter(({ g1, g2 }) => !g1.is0() && !g2.is0());
  if (live.length === 0) return true;
  return Fp12.eql(bn254.pairingBatch(live), Fp12.ONE);
}
