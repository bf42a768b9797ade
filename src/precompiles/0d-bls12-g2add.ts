/** 0x0d BLS12_G2ADD (EIP-2537): 512-byte input (two G2 points), no subgroup check. Gas 600. */
import { Fork } from '../forks.js';
import { decodeG2, encodeG2 } from './bls12381.js';
import { type PrecompileSpec } from './util.js';

export function blsG2Add(input: Uint8Array): Uint8Array | null {
  if (input.length !== 512) return null;
  const a = decodeG2(input.subarray(0, 256), false);
  if (!a) return null;
  const b = decodeG2(input.subarray(256, 512), false);
  if (!b) return null;
  return encodeG2(a.add(b));
}

export const blsG2AddPrecompile: PrecompileSpec = {
  address: 0x0d,
  name: 'BLS12_G2ADD',
  since: Fork.Prague,
  gas: () => 600n,
  run: (input) => blsG2Add(input),
};
