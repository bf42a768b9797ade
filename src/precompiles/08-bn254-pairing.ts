/**
 * 0x08 ECPAIRING on alt_bn128 (EIP-197): k pairs of (G1 64 bytes, G2 128 bytes); returns 1 as a
 * 32-byte word when the product of the pairings is one (also for k = 0), else 0.
 * Gas: 100000 + 80000·k, from Istanbul 45000 + 34000·k (EIP-1108).
 * Fails on a length that is not a multiple of 192, an invalid coordinate, a point off the curve or
 * a G2 point outside the order-n subgroup.
 */
import { Fork } from '../forks.js';
import { decodeG1, decodeG2, pairingCheck, type G1Point, type G2Point } from './bn254.js';
import { word, type PrecompileSpec } from './util.js';

export function bn254PairingGas(input: Uint8Array, fork: number): bigint {
  const k = BigInt(Math.floor(input.length / 192));
  return fork >= Fork.Istanbul ? 45000n + 34000n * k : 100000n + 80000n * k;
}

export function bn254Pairing(input: Uint8Array): Uint8Array | null {
  if (input.length % 192 !== 0) return null;
  const pairs: { g1: G1Point; g2: G2Point }[] = [];
  for (let off = 0; off < input.length; off += 192) {
    const g1 = decodeG1(input.subarray(off, off + 64));
    if (!g1) return null;
    const g2 = decodeG2(input.subarray(off + 64, off + 192));
    if (!g2) return null;
    pairs.push({ g1, g2 });
  }
  return word(pairingCheck(pairs) ? 1 : 0);
}

export const bn254PairingPrecompile: PrecompileSpec = {
  address: 0x08,
  name: 'ECPAIRING',
  since: Fork.Byzantium,
  gas: bn254PairingGas,
  run: (input) => bn254Pairing(input),
};
