/**
 * Validation's fast path: the accounts a lane (a worker, or the planner's own thread) sees exactly as
 * they are committed, whose reads therefore hold without being looked up (wire.ts firstStaleEncodedRead,
 * validate.ts firstStaleRead).
 *
 * A worker's view of an account is its state as the block's pre-state was sent (after the planner's
 * probe), plus the worker's own speculative commits, plus the deltas it replayed. That view equals the
 * committed state, for a transaction i the worker ran, when
 * - every write committed to the account since the pre-state went out came from that worker's own
 *   results, each committed as it was (not re-executed), and
 * - the worker ran its transactions in index order around i: everything it was sent before i has a
 *   lower index (so no later transaction's speculative writes show), and i came after the lower ones
 *   (so every committed write of its own shows).
 * A result of the worker's that is not committed as it is (set aside for an earlier writer, dropped as
 * a duplicate, or stale) leaves its speculative writes in that worker's view: its accounts are never
 * clean again in this block. Deltas the worker replays only ever carry committed values.
 *
 * On W3 a swap reads two accounts, its sender and its pool (pinned to one lane): both clean, and the
 * validation of a worker's result goes from ~1.9 to ~0.3 µs.
 *
 * The planner's own thread is a lane too. Its view (overlay.ts) is the committed state as it is now plus
 * its own uncommitted results, so the same two conditions make an account's reads exact there: the
 * committed writes since are its own, committed as they were, and everything it ran before i had a lower
 * index. Its results set aside (deferred) leave their layers in its view: their accounts are discarded.
 */

import { PLACE_UNKNOWN } from '../state/memory-state.js';

/**
 * Validation's test of an account whose reads may be taken as holding without a look: by its address
 * and its place (MemoryState.indexPlaces; -1: none, or PLACE_UNKNOWN when the caller has only the address).
 */
export type IsClean = (address: string, place: number) => boolean;

/** What an account's writer is when more than one source wrote it. */
const SHARED = -1;
/** What it is when nothing wrote it since the pre-state went out. */
const UNWRITTEN = -2;

export class CleanAccounts {
  /**
   * Per account written since the pre-state went out: the lane whose results alone wrote it, or SHARED.
   * By place for the pre-state's accounts (an array read, where a Map of ~10,000 addresses costs a lookup
   * ~100 ns), by address for the others.
   */
  private readonly writtenByPlace: Int32Array;
  private readonly writtenByAddress = new Map<string, number>();
  /** Per transaction: 1 when its worker was sent only lower indexes before it. */
  private readonly inOrder: Uint8Array;
  /** Per lane: the highest index sent to it so far. */
  private readonly highestSent: Int32Array;
  private lane = SHARED;
  /** Accounts validation took as clean so far (planner statistics). */
  skipped = 0;
  /** The predicate handed to validation (one function, its lane set per call). */
  private readonly isClean: IsClean = (address, place) => {
    const by = this.writerOf(address, place);
    if (by !== UNWRITTEN && by !== this.lane) return false;
    this.skipped++;
    return true;
  };

  /**
   * `places`: the pre-state's accounts (MemoryState.indexPlaces), `placeOf` finds an address's place.
   * `shared`: accounts every commit may write outside any lane's results (the beneficiary's fee).
   */
  constructor(transactions: number, lanes: number, places: number, private readonly placeOf: (address: string) => number,
    shared: readonly string[]) {
    this.writtenByPlace = new Int32Array(places).fill(UNWRITTEN);
    this.inOrder = new Uint8Array(transactions);
    this.highestSent = new Int32Array(lanes).fill(-1);
    for (const a of shared) this.setWriter(a, PLACE_UNKNOWN, SHARED);
  }

  private writerOf(address: string, place: number): number {
    if (place === PLACE_UNKNOWN) place = this.placeOf(address);
    return place >= 0 ? this.writtenByPlace[place] : this.writtenByAddress.get(address) ?? UNWRITTEN;
  }

  private setWriter(address: string, place: number, by: number): void {
    if (place === PLACE_UNKNOWN) place = this.placeOf(address);
    if (place >= 0) this.writtenByPlace[place] = by; else this.writtenByAddress.set(address, by);
  }

  /** Transactions sent to `lane`, in the order it runs them. */
  sent(lane: number, indexes: readonly number[]): void {
    for (const i of indexes) this.sentOne(lane, i);
  }

  /** Transaction `i`, run by `lane` after everything it was sent before. */
  sentOne(lane: number, i: number): void {
    const ordered = i > this.highestSent[lane];
    this.inOrder[i] = ordered ? 1 : 0;
    if (ordered) this.highestSent[lane] = i;
  }

  /**
   * The committed writes of transaction `index`: the accounts its changes wrote, the first `count` of
   * `addresses` (`places`: theirs, or PLACE_UNKNOWN). `lane`: the lane whose result was committed as it
   * was, or -1 (a re-execution, a run outside the lanes).
   */
  committed(index: number, lane: number, addresses: readonly string[], places: readonly number[], count = addresses.length): void {
    const writer = lane >= 0 && this.inOrder[index] === 1 ? lane : SHARED;
    for (let k = 0; k < count; k++) {
      const address = addresses[k];
      const place = places[k] === PLACE_UNKNOWN ? this.placeOf(address) : places[k];
      const by = this.writerOf(address, place);
      if (by !== writer) this.setWriter(address, place, by === UNWRITTEN ? writer : SHARED);
    }
  }

  /** An account a lane's result wrote, speculatively in that lane's view, when the result is not committed as it is. */
  discard(address: string): void {
    this.setWriter(address, PLACE_UNKNOWN, SHARED);
  }

  /** What validation may take as holding for transaction `index`, run on `lane`; undefined: nothing. */
  cleanFor(index: number, lane: number): IsClean | undefined {
    if (lane < 0 || this.inOrder[index] !== 1) return undefined;
    this.lane = lane;
    return this.isClean;
  }
}
