/**
 * 0x0f BLS12_PAIRING_CHECK (EIP-2537): k > 0 pairs of (G1 128 bytes, G2 256 bytes), both
 * subgroup-checked; returns 1 as a 32-byte word when the product of pairings is one, else 0.
 * Gas: 32600 · k + 37700.
 */
import { Fork } from '../forks.js';
import { decodeG1, decodeG2, pairingCheck, type G1Point, type G2Point } from './bls12381.js';
import { word, type PrecompileSpec } from './util.js';

const PAIR = 384;

export function blsPairingGas(input: Uint8Array): bigint {
  return 32600n * BigInt(Math.floor(input.length / PAIR)) + 37700n;
}

export function blsPairing(input: Uint8Array): Uint8Array | null {
  if (input.length === 0 || input.length % PAIR !== 0) return null;
  const pairs: { g1: G1Point; g2: G2Point }[] = [];
  for (let off = 0; off < input.length; off += PAIR) {
    const g1 = decodeG1(input.subarray(off, off + 128), true);
    if (!g1) return null;
    const g2 = decodeG2(input.subarray(off + 128, off + PAIR), true);
    if (!g2) return null;
    pairs.push({ g1, g2 });
  }
  return word(pairingCheck(pairs) ? 1 : 0);
}

export const blsPairingPrecompile: PrecompileSpec = {
  address: 0x0f,
  name: 'BLS12_PAIRING_CHECK',
  since: Fork.Prague,
  gas: blsPairingGas,
  run: (input) => blsPairing(input),
};
