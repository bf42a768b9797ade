/** 0x06 ECADD on alt_bn128 (EIP-196). Gas 500, 150 from Istanbul (EIP-1108). Input right-padded to 128 bytes. */
import { Fork } from '../forks.js';
import { decodeG1, encodeG1 } from './bn254.js';
import { readPadded, type PrecompileSpec } from './util.js';

export function bn254Add(input: Uint8Array): Uint8Array | null {
  const data = readPadded(input, 0, 128);
  const a = decodeG1(data.subarray(0, 64));
  if (!a) return null;
  const b = decodeG1(data.subarray(64, 128));
  if (!b) return null;
  return encodeG1(a.add(b));
}

export const bn254AddPrecompile: PrecompileSpec = {
  address: 0x06,
  name: 'ECADD',
  since: Fork.Byzantium,
  gas: (_input, fork) => (fork >= Fork.Istanbul ? 150n : 500n),
  run: (input) => bn254Add(input),
};
