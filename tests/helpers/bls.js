// BLS12-381 test points shared by the EIP-2537 precompile specs.
import { bls12_381 } from '@noble/curves/bls12-381.js';

const G2 = bls12_381.G2.Point;
const Fp2 = bls12_381.fields.Fp2;

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
