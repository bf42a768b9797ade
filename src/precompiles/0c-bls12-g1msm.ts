/**
 * 0x0c BLS12_G1MSM (EIP-2537): k > 0 pairs of (G1 point 128 bytes, scalar 32 bytes), points
 * subgroup-checked. Gas: k · 12000 · discount(k) / 1000.
 */
import { Fork } from '../forks.js';
import { G1_MSM_DISCOUNT, G1_MUL_GAS, decodeG1, encodeG1, msmG1, msmGas, type G1Point } from './bls12381.js';
import { bytesToBigInt, type PrecompileSpec } from './util.js';

const PAIR = 160;

export function blsG1MsmGas(input: Uint8Array): bigint {
  return msmGas(Math.floor(input.length / PAIR), G1_MUL_GAS, G1_MSM_DISCOUNT);
}

export function blsG1Msm(input: Uint8Array): Uint8Array | null {
  if (input.length === 0 || input.length % PAIR !== 0) return null;
  const points: G1Point[] = [];
  const scalars: bigint[] = [];
  for (let off = 0; off < input.length; off += PAIR) {
    const p = decodeG1(input.subarray(off, off + 128), true);
    if (!p) return null;
    points.push(p);
    scalars.push(bytesToBigInt(input.subarray(off + 128, off + PAIR)));
  }
  return encodeG1(msmG1(points, scalars));
}

export const blsG1MsmPrecompile: PrecompileSpec = {
  address: 0x0c,
  name: 'BLS12_G1MSM',
  since: Fork.Prague,
  gas: blsG1MsmGas,
  run: (input) => blsG1Msm(input),
};
