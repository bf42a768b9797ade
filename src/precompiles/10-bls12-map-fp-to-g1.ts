/** 0x10 BLS12_MAP_FP_TO_G1 (EIP-2537): 64-byte field element → G1 point (128 bytes). Gas 5500. */
import { Fork } from '../forks.js';
import { decodeFp, encodeG1, mapFpToG1 } from './bls12381.js';
import { type PrecompileSpec } from './util.js';

export function blsMapFpToG1(input: Uint8Array): Uint8Array | null {
  if (input.length !== 64) return null;
  const u = decodeFp(input);
  if (u === null) return null;
  return encodeG1(mapFpToG1(u));
}

export const blsMapFpToG1Precompile: PrecompileSpec = {
  address: 0x10,
  name: 'BLS12_MAP_FP_TO_G1',
  since: Fork.Prague,
  gas: () => 5500n,
  run: (input) => blsMapFpToG1(input),
};
