/**
 * Value validation: an execution is exact when every location it read from state still holds, in the
 * committed state, the value it saw. Results are a function of what was read, so such an execution
 * equals the one sequential execution would have done.
 */
import type { ReadSet } from '../state/access.js';
import { KECCAK_EMPTY, type MemoryState } from '../state/memory-state.js';
import { bytesToHex, hashHex } from '../bytes.js';

const EMPTY_HASH_HEX = bytesToHex(KECCAK_EMPTY);


/** The committed value at a location key (see src/state/access.ts for the key forms). */
export function valueAt(state: MemoryState, key: string): bigint | string | boolean {
  const address = key.slice(2, 42);
  const acc = state.accounts.get(address);
  switch (key[0]) {
    case 'b': return acc?.balance ?? 0n;
    case 'n': return acc?.nonce ?? 0n;
    case 'c': return acc ? hashHex(acc.codeHash) : EMPTY_HASH_HEX;
    case 'x': return acc !== undefined;
    case 'h': return (acc?.storage.size ?? 0) > 0;
    case 's': return acc?.storage.get(key.slice(43)) ?? 0n;
    case 'm': return acc?.balance ?? 0n;
    default: throw new Error(`unknown location key ${key}`);
  }
}

/** The first location whose committed value differs from what was read, or null when all match. */
export function firstStaleRead(reads: ReadSet, state: MemoryState): string | null {
  for (const [key, seen] of reads) {
    const now = valueAt(state, key);
    if (key[0] === 'm' ? (now as bigint) < (seen as bigint) : now !== seen) return key;
  }
  return null;
}
