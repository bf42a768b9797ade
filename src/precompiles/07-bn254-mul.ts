/** 0x07 ECMUL on alt_bn128 (EIP-196). Gas 40000, 6000 from Istanbul (EIP-1108). Input right-padded to 96 bytes. */
import { Fork } from '../forks.js';
import { decodeG1, encodeG1, g1Mul } from './bn254.js';
import { bytesToBigInt, readPadded, type PrecompileSpec } from './util.js';

export function bn254Mul(input: Uint8Array): Uint8Array | null {
  const data = readPadded(input, 0, 96);
  const p = decodeG1(data.subarray(0, 64));
  if (!p) return null;
  return encodeG1(g1Mul(p, bytesToBigInt(data.subarray(64, 96))));
}

export const bn254MulPrecompile: PrecompileSpec = {
  address: 0x07,
  name: 'ECMUL',
  since: Fork.Byzantium,
  gas: (_input, fork) => (fork >= Fork.Istanbul ? 6000n : 40000n),
  run: (input) => bn254Mul(input),
};
