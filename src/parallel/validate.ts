/**
 * Value validation: an execution is exact when every location it read from state still holds, in the
 * committed state, the value it saw. Results are a function of what was read, so such an execution
 * equals the one sequential execution would have done.
 */
import { READ_EXISTS, READ_BALANCE, READ_MIN_BALANCE, READ_NONCE, READ_CODE, READ_HAS_STORAGE, existsKey, balanceKey, minBalanceKey,
  nonceKey, codeKey, hasStorageKey, storageKey, type ReadRecord, type LocationKey } from '../state/access.js';
import { KECCAK_EMPTY, type MemoryState } from '../state/memory-state.js';
import type { IsClean } from './clean.js';
import { equalBytes } from '../bytes.js';
import { SlotList, firstStaleSlot, hexFromWords } from '../state/slots.js';

/**
 * The first location (its key, access.ts) whose committed value differs from what was read, or null
 * when all match (a lower bound `m:` holds while the balance is at least it). The reads of an account
 * `clean` admits are taken as holding without a look (the reader's view of it is the committed state:
 * clean.ts).
 */
export function firstStaleRead(record: ReadRecord, state: MemoryState, clean?: IsClean): LocationKey | null {
  for (const r of record) {
    const a = r.address;
    const place = state.placeOf(a); // (one lookup for both: -1 when the state is not indexed)
    if (clean !== undefined && clean(a, place)) continue;
    const acc = place >= 0 ? state.accountAt(place) : state.accounts.get(a);
    const bits = r.read;
    if (bits !== 0) {
      if (bits & READ_EXISTS && (acc !== undefined) !== r.exists) return existsKey(a);
      if (bits & READ_BALANCE && (acc?.balance ?? 0n) !== r.balance) return balanceKey(a);
      if (bits & READ_MIN_BALANCE && (acc?.balance ?? 0n) < r.minBalance) return minBalanceKey(a);
      if (bits & READ_NONCE && (acc?.nonce ?? 0n) !== r.nonce) return nonceKey(a);
      if (bits & READ_CODE && !equalBytes(acc?.codeHash ?? KECCAK_EMPTY, r.codeHash)) return codeKey(a);
      if (bits & READ_HAS_STORAGE && ((acc?.storage.size ?? 0) > 0) !== r.hasStorage) return hasStorageKey(a);
    }
    const slots = r.slots;
    if (slots instanceof SlotList) { // (an overlay's record: compared in words)
      const stale = firstStaleSlot(slots, acc?.storage);
      if (stale >= 0) return storageKey(a, hexFromWords(slots.words, stale));
    } else if (slots !== null) for (const [slot, v] of slots) if ((acc?.storage.get(slot) ?? 0n) !== v) return storageKey(a, slot);
  }
  return null;
}
