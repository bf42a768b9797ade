/** 0x02 SHA256. Gas: 60 + 12 per 32-byte word of input. */
import { sha256 } from '@noble/hashes/sha2.js';
import { Fork } from '../forks.js';
import { words, type PrecompileSpec } from './util.js';

export const sha256Precompile: PrecompileSpec = {
  address: 0x02,
  name: 'SHA256',
  since: Fork.Frontier,
  gas: (input) => 60n + 12n * words(input.length),
  run: (input) => sha256(input),
};
