/** 0x03 RIPEMD160. Gas: 600 + 120 per word. The 20-byte digest is left-padded to 32 bytes. */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { Fork } from '../forks.js';
import { words, type PrecompileSpec } from './util.js';

export const ripemd160Precompile: PrecompileSpec = {
  address: 0x03,
  name: 'RIPEMD160',
  since: Fork.Frontier,
  gas: (input) => 600n + 120n * words(input.length),
  run: (input) => {
    const out = new Uint8Array(32);
    out.set(ripemd160(input), 12);
    return out;
  },
};
