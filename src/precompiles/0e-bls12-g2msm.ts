/**
 * 0x0e BLS12_G2MSM (EIP-2537): k > 0 pairs of (G2 point 256 bytes, scalar 32 bytes), points
 * subgroup-checked. Gas: k · 22500 · discount(k) / 1000.
 */
import { Fork } from '../forks.js';
import { G2_MSM_DISCOUNT, G2_MUL_GAS, decodeG2, encodeG2, msmG2, msmGas, type G2Point } from './bls12381.js';
import { bytesToBigInt, type PrecompileSpec } from './util.js';

const PAIR = 288;

export function blsG2MsmGas(input: Uint8Array): bigint {
  return msmGas(Math.floor(input.length / PAIR), G2_MUL_GAS, G2_MSM_DISCOUNT);
}

export function blsG2Msm(input: Uint8Array): Uint8Array | null {
  if (input.length === 0 || input.length % PAIR !== 0) return null;
  const points: G2Point[] = [];
  const scalars: bigint[] = [];
  for (let off = 0; off < input.length; off += PAIR) {
    const p = decodeG2(input.subarray(off, off + 256), true);
    if (!p) return null;
    points.push(p);
    scalars.push(bytesToBigInt(input.subarray(off + 256, off + PAIR)));
  }
  return encodeG2(msmG2(points, scalars));
}

export const blsG2MsmPrecompile: PrecompileSpec = {
  address: 0x0e,
  name: 'BLS12_G2MSM',
  since: Fork.Prague,
  gas: blsG2MsmGas,
  run: (input) => blsG2Msm(input),
};
