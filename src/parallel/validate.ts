/**
 * Value validation: an execution is exact when every location it read from state still holds, in the
 * committed state, the value it saw. Results are a function of what was read, so such an execution
 * equals the one sequential execution would have done.
 */
import type { ReadSet } from '../state/access.js';
import { KECCAK_EMPTY, type MemoryState, type StoredAccount } from '../state/memory-state.js';
import { bytesToHex, hashHex } from '../bytes.js';

const EMPTY_HASH_HEX = bytesToHex(KECCAK_EMPTY);

/** The committed value at a location key (see src/state/access.ts for the key forms) of an account `acc` (undefined: none). */
function valueIn(acc: StoredAccount | undefined, key: string): bigint | string | boolean {
  switch (key.charCodeAt(0)) {
    case 98: /* b */ return acc?.balance ?? 0n;
    case 110: /* n */ return acc?.nonce ?? 0n;
    case 99: /* c */ return acc ? hashHex(acc.codeHash) : EMPTY_HASH_HEX;
    case 120: /* x */ return acc !== undefined;
    case 104: /* h */ return (acc?.storage.size ?? 0) > 0;
    case 115: /* s */ return acc?.storage.get(key.slice(43)) ?? 0n;
    case 109: /* m */ return acc?.balance ?? 0n;
    default: throw new Error(`unknown location key ${key}`);
  }
}

/** The first location whose committed value differs from what was read, or null when all match. */
export function firstStaleRead(reads: ReadSet, state: MemoryState): string | null {
  // a transaction's reads come a few per account, interleaved: the last two accounts looked up are kept
  let addressA = '', accA: StoredAccount | undefined, addressB = '', accB: StoredAccount | undefined;
  for (const [key, seen] of reads) {
    const address = key.slice(2, 42);
    let acc: StoredAccount | undefined;
    if (address === addressA) acc = accA;
    else if (address === addressB) acc = accB;
    else { acc = state.accounts.get(address); addressB = addressA; accB = accA; addressA = address; accA = acc; }
    const now = valueIn(acc, key);
    if (key.charCodeAt(0) === 109 /* m */ ? (now as bigint) < (seen as bigint) : now !== seen) return key;
  }
  return null;
}
