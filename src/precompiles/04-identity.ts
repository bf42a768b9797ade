/** 0x04 IDENTITY (datacopy). Gas: 15 + 3 per word. */
import { Fork } from '../forks.js';
import { words, type PrecompileSpec } from './util.js';

export const identityPrecompile: PrecompileSpec = {
  address: 0x04,
  name: 'IDENTITY',
  since: Fork.Frontier,
  gas: (input) => 15n + 3n * words(input.length),
  run: (input) => input.slice(),
};
