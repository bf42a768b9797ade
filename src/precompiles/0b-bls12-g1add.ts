/** 0x0b BLS12_G1ADD (EIP-2537): 256-byte input (two G1 points), no subgroup check. Gas 375. */
import { Fork } from '../forks.js';
import { decodeG1, encodeG1 } from './bls12381.js';
import { type PrecompileSpec } from './util.js';

export function blsG1Add(input: Uint8Array): Uint8Array | null {
  if (input.length !== 256) return null;
  const a = decodeG1(input.subarray(0, 128), false);
  if (!a) return null;
  const b = decodeG1(input.subarray(128, 256), false);
  if (!b) return null;
  return encodeG1(a.add(b));
}

export const blsG1AddPrecompile: PrecompileSpec = {
  address: 0x0b,
  name: 'BLS12_G1ADD',
  since: Fork.Prague,
  gas: () => 375n,
  run: (input) => blsG1Add(input),
};
