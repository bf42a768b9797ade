// BLS12-381 test points shared by the EIP-2537 precompile specs.
import { bls12_381 } from '@noble/curves/bls12-381.js';

const G2 = bls12_381.G2.Point;
const Fp2 = bls12_381.fields.Fp2;

/** Hex of bytes, and bytes of hex (no 0x). */
export const hex = (b) => Buffer.from(b).toString('hex');
export const bytes = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
/** EIP-2537 field element: 64 bytes, big-endian. */
export const fp = (n) => BigInt(n).toString(16).padStart(128, '0');
/** EIP-2537 points: G1 as x | y (128 bytes), G2 as x.c0 | x.c1 | y.c0 | y.c1 (256 bytes); infinity is all zero. */
export const g1 = (pt) => (pt.is0() ? '00'.repeat(128) : fp(pt.toAffine().x) + fp(pt.toAffine().y));
export const g2 = (pt) => {
  if (pt.is0()) return '00'.repeat(256);
  const { x, y } = pt.toAffine();
  return fp(x.c0) + fp(x.c1) + fp(y.c0) + fp(y.c1);
};

/** A point on the G2 curve (y^2 = x^3 + 4(1+i)) that is outside the prime-order subgroup. */
export function nonSubgroupG2() {
  const b = Fp2.fromBigTuple([4n, 4n]);
  for (let k = 1n; ; k++) {
    const x = Fp2.fromBigTuple([k, 0n]);
    let y;
    try { y = Fp2.sqrt(Fp2.add(Fp2.mul(Fp2.sqr(x), x), b)); } catch { continue; }
    if (!y) continue;
    const pt = G2.fromAffine({ x, y });
    if (!pt.isTorsionFree()) return pt;
  }
}
