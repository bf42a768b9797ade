/** 0x11 BLS12_MAP_FP2_TO_G2 (EIP-2537): 128-byte Fp2 element (c0 | c1) → G2 point (256 bytes). Gas 23800. */
import { Fork } from '../forks.js';
import { decodeFp, encodeG2, mapFp2ToG2 } from './bls12381.js';
import { type PrecompileSpec } from './util.js';

export function blsMapFp2ToG2(input: Uint8Array): Uint8Array | null {
  if (input.length !== 128) return null;
  const c0 = decodeFp(input.subarray(0, 64));
  if (c0 === null) return null;
  const c1 = decodeFp(input.subarray(64, 128));
  if (c1 === null) return null;
  return encodeG2(mapFp2ToG2(c0, c1));
}

export const blsMapFp2ToG2Precompile: PrecompileSpec = {
  address: 0x11,
  name: 'BLS12_MAP_FP2_TO_G2',
  since: Fork.Prague,
  gas: () => 23800n,
  run: (input) => blsMapFp2ToG2(input),
};
