/**
 * Storage as 32-bit words: a slot and its value are 8 Int32 words each, least significant first, which
 * is how the core keeps a word in its memory (little-endian), so both are copied between the core, a
 * transaction's overlay and the committed state without hex strings or bigints.
 *
 * - SlotMap: an account's committed storage (MemoryState), an open-addressing table.
 * - SlotList: one account's storage reads or writes in one transaction (its read record, its changes),
 *   entries packed one after another in shared chunks, read-only.
 *
 * Both also answer as a ReadonlyMap from slot keys (64 lowercase hex digits, as access.ts spells them) to
 * bigint values, for the code off the hot path: JSON, the trie, dependency keys, tests.
 */
import { Chunks, hex32Reversed } from '../bytes.js';

// Int32Array views over the core's memory read its little-endian words in place.
if (new Uint8Array(Uint32Array.of(1).buffer)[0] !== 1) throw new Error('parevm needs a little-endian host');

/** Words of a slot or a value. */
export const WORDS = 8;

const U64_MAX = 0xffffffffffffffffn;
const scratch64 = new BigUint64Array(4);
const scratch32 = new Int32Array(scratch64.buffer);
const scratch8 = new Uint8Array(scratch64.buffer);

/** Writes `v` (0 ≤ v < 2^256) as 8 words at `out[at]`. */
export function wordsFromBigint(v: bigint, out: Int32Array, at: number): void {
  if (v >= 0n && v <= U64_MAX) {
    scratch64[0] = v;
    out[at] = scratch32[0]; out[at + 1] = scratch32[1];
    out[at + 2] = 0; out[at + 3] = 0; out[at + 4] = 0; out[at + 5] = 0; out[at + 6] = 0; out[at + 7] = 0;
    return;
  }
  if (v < 0n || v >> 256n !== 0n) throw new Error(`storage value ${v} is outside 0..2^256-1`);
  // (a BigUint64Array stores a value modulo 2^64: one shift per limb)
  scratch64[0] = v; scratch64[1] = v >> 64n; scratch64[2] = v >> 128n; scratch64[3] = v >> 192n;
  for (let i = 0; i < WORDS; i++) out[at + i] = scratch32[i];
}

/** The 8 words at `w[at]` as a bigint. */
export function bigintFromWords(w: Int32Array, at: number): bigint {
  scratch32[0] = w[at]; scratch32[1] = w[at + 1];
  if ((w[at + 2] | w[at + 3] | w[at + 4] | w[at + 5] | w[at + 6] | w[at + 7]) === 0) return scratch64[0];
  for (let i = 2; i < WORDS; i++) scratch32[i] = w[at + i];
  return (scratch64[3] << 192n) | (scratch64[2] << 128n) | (scratch64[1] << 64n) | scratch64[0];
}

/** Are the 8 words at `w[at]` all zero? */
export function isZeroWords(w: Int32Array, at: number): boolean {
  return (w[at] | w[at + 1] | w[at + 2] | w[at + 3] | w[at + 4] | w[at + 5] | w[at + 6] | w[at + 7]) === 0;
}

/** Do the 8 words at `a[i]` equal those at `b[j]`? */
export function equalWords(a: Int32Array, i: number, b: Int32Array, j: number): boolean {
  return a[i] === b[j] && a[i + 1] === b[j + 1] && a[i + 2] === b[j + 2] && a[i + 3] === b[j + 3]
    && a[i + 4] === b[j + 4] && a[i + 5] === b[j + 5] && a[i + 6] === b[j + 6] && a[i + 7] === b[j + 7];
}

/** Copies 8 words from `from[i]` to `to[j]`. */
export function copyWords(from: Int32Array, i: number, to: Int32Array, j: number): void {
  to[j] = from[i]; to[j + 1] = from[i + 1]; to[j + 2] = from[i + 2]; to[j + 3] = from[i + 3];
  to[j + 4] = from[i + 4]; to[j + 5] = from[i + 5]; to[j + 6] = from[i + 6]; to[j + 7] = from[i + 7];
}

/** Writes 8 zero words at `w[at]`. */
export function zeroWords(w: Int32Array, at: number): void {
  w[at] = 0; w[at + 1] = 0; w[at + 2] = 0; w[at + 3] = 0; w[at + 4] = 0; w[at + 5] = 0; w[at + 6] = 0; w[at + 7] = 0;
}

/** The slot key (64 hex digits, big-endian) of the 8 words at `w[at]`. */
export function hexFromWords(w: Int32Array, at: number): string {
  for (let i = 0; i < WORDS; i++) scratch32[i] = w[at + i];
  return hex32Reversed(scratch8, 0);
}

/** Hex digit values by char code, -1 for anything else. */
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) DIGIT['0123456789abcdef'.charCodeAt(i)] = i;

/**
 * Writes the slot key `hex` (64 lowercase hex digits) as 8 words at `out[at]`; false, with nothing
 * meaningful written, when it is not such a key.
 */
export function wordsFromHex(hex: string, out: Int32Array, at: number): boolean {
  if (hex.length !== 64) return false;
  let bad = 0;
  for (let k = 0; k < WORDS; k++) {
    let v = 0;
    for (let j = 8 * k, end = j + 8; j < end; j++) {
      const c = hex.charCodeAt(j), d = c < 128 ? DIGIT[c] : -1;
      bad |= d;
      v = (v << 4) | (d & 15);
    }
    out[at + 7 - k] = v;
  }
  return bad >= 0;
}

/** A hash of the 8 words at `w[at]` (slots are mostly keccak outputs, but also small numbers). */
export function hashWords(w: Int32Array, at: number): number {
  let h = Math.imul(w[at] ^ 0x3c6ef372, 0x9e3779b1);
  h = Math.imul(h ^ w[at + 1], 0x85ebca6b); h = Math.imul(h ^ w[at + 2], 0xc2b2ae35); h = Math.imul(h ^ w[at + 3], 0x9e3779b1);
  h = Math.imul(h ^ w[at + 4], 0x85ebca6b); h = Math.imul(h ^ w[at + 5], 0xc2b2ae35); h = Math.imul(h ^ w[at + 6], 0x9e3779b1);
  h = Math.imul(h ^ w[at + 7], 0x85ebca6b);
  return h ^ (h >>> 15);
}

/** Scratch for the Map-like methods: a key (words 0..7) and a value (8..15). */
const keyScratch = new Int32Array(2 * WORDS);

function keyWordsOf(slot: string): boolean { return typeof slot === 'string' && wordsFromHex(slot, keyScratch, 0); }

/** Writes the slot key `slot` as 8 words at `out[at]`, and throws, naming it, when it is not a slot key. */
export function slotWords(slot: string, out: Int32Array, at: number): void {
  if (!wordsFromHex(slot, out, at)) throw new Error(`invalid storage slot key ${JSON.stringify(slot)} (64 lowercase hex digits)`);
}

/** Writes a Map entry (a slot key and its value) as an entry of 16 words at `out[at]`. */
export function entryWords(slot: string, value: bigint, out: Int32Array, at: number): void {
  slotWords(slot, out, at);
  wordsFromBigint(value, out, at + WORDS);
}

/**
 * Storage entries read as a ReadonlyMap of slot keys to bigints (what SlotMap and SlotList share): the
 * keys and values spelled from the words on each visit, for the code off the hot path.
 */
abstract class SlotEntries implements ReadonlyMap<string, bigint> {
  abstract readonly size: number;
  abstract get(slot: string): bigint | undefined;
  abstract has(slot: string): boolean;
  abstract entries(): MapIterator<[string, bigint]>;
  get [Symbol.toStringTag](): string { return this.constructor.name; }
  *keys(): MapIterator<string> { for (const [k] of this.entries()) yield k; }
  *values(): MapIterator<bigint> { for (const [, v] of this.entries()) yield v; }
  [Symbol.iterator](): MapIterator<[string, bigint]> { return this.entries(); }
  forEach(fn: (value: bigint, key: string, map: ReadonlyMap<string, bigint>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}

const NO_WORDS = new Int32Array(0);
const NO_BYTES = new Uint8Array(0);
/** Words of an entry (a SlotMap's place, a SlotList's entry, the wire's and the pre-state's): the key, then the value. */
export const ENTRY = 2 * WORDS;
const SMALLEST = 8;

/**
 * An account's storage: slot → value, both as words, in an open-addressing table (linear probing, at
 * most half full; deletion shifts the run back, so there are no tombstones). Iteration is in table order.
 */
export class SlotMap extends SlotEntries {
  /** Per place, the key's 8 words then the value's. */
  private cells: Int32Array = NO_WORDS;
  /** 1 where a place holds an entry. */
  private used: Uint8Array = NO_BYTES;
  private mask = -1;
  private count = 0;

  /** The one table no write may change (SlotMap.EMPTY). */
  private frozen = false;

  /**
   * An empty table shared by accounts that have no storage, never written (a write throws): a worker's
   * state gives it to each account of the pre-state without storage, a MemoryState to each account a commit
   * makes or clears, and a commit puts a table of the account's own in its place before writing
   * (SlotMap.writable). Each of a worker's pre-state accounts without storage made a SlotMap of its
   * own until the thirty-first session: ~50 bytes that every scavenge during the block copied (W1's worker,
   * ~10,000 accounts a block: its collection pauses 8.5–8.9 -> 7.0–7.6 ms a block).
   */
  static readonly EMPTY: SlotMap = SlotMap.frozenEmpty();
  private static frozenEmpty(): SlotMap { const m = new SlotMap(); m.frozen = true; return m; }

  /** `table` to write to: SlotMap.EMPTY gives a new table (the caller keeps it in its place), any other itself. */
  static writable(table: SlotMap): SlotMap { return table === SlotMap.EMPTY ? new SlotMap() : table; }

  /** `expected`: entries it will hold (room made now, not by growing step by step). */
  constructor(expected = 0) {
    super();
    if (expected > 0) {
      const places = Math.max(SMALLEST, 2 ** Math.ceil(Math.log2(2 * expected + 1)));
      this.cells = new Int32Array(places * ENTRY);
      this.used = new Uint8Array(places);
      this.mask = places - 1;
    }
  }

  get size(): number { return this.count; }

  /** The place holding the key at `w[at]`, or -1. */
  private find(w: Int32Array, at: number): number {
    if (this.count === 0) return -1;
    const cells = this.cells, used = this.used, mask = this.mask;
    for (let p = hashWords(w, at) & mask; ; p = (p + 1) & mask) {
      if (used[p] === 0) return -1;
      if (equalWords(cells, p * ENTRY, w, at)) return p;
    }
  }

  /** Copies the value of the slot at `key[keyAt]` to `out[outAt]` (zeros when absent); true when present. */
  getInto(key: Int32Array, keyAt: number, out: Int32Array, outAt: number): boolean {
    const p = this.find(key, keyAt);
    if (p < 0) { zeroWords(out, outAt); return false; }
    copyWords(this.cells, p * ENTRY + WORDS, out, outAt);
    return true;
  }

  /** Does the slot at `key[keyAt]` hold the value at `value[valueAt]` (an absent slot holds zero)? */
  holds(key: Int32Array, keyAt: number, value: Int32Array, valueAt: number): boolean {
    const p = this.find(key, keyAt);
    return p < 0 ? isZeroWords(value, valueAt) : equalWords(this.cells, p * ENTRY + WORDS, value, valueAt);
  }

  /**
   * Writes every entry of `written` (a SlotList as its words, any other Map by its keys); a zero value
   * deletes the slot when `zeroDeletes` (committed storage), else it is kept (a write of zero to overlay).
   */
  writeAll(written: ReadonlyMap<string, bigint>, zeroDeletes: boolean): void {
    if (written instanceof SlotList) this.writeWords(written.words, written.at, written.size, zeroDeletes);
    else for (const [slot, value] of written) if (zeroDeletes && value === 0n) this.delete(slot); else this.set(slot, value);
  }

  /** writeAll of `count` entries packed in `words` from `at` (a key, then its value: 16 words each). */
  writeWords(words: Int32Array, at: number, count: number, zeroDeletes: boolean): void {
    for (let k = at, end = at + count * ENTRY; k < end; k += ENTRY) {
      if (zeroDeletes && isZeroWords(words, k + WORDS)) this.deleteWords(words, k); else this.setWords(words, k, words, k + WORDS);
    }
  }

  /** Sets the slot at `key[keyAt]` to the value at `value[valueAt]` (zero included: the caller deletes). */
  setWords(key: Int32Array, keyAt: number, value: Int32Array, valueAt: number): void {
    if (2 * (this.count + 1) > this.used.length) this.grow(); // (SlotMap.EMPTY: grow throws)
    const cells = this.cells, used = this.used, mask = this.mask;
    let p = hashWords(key, keyAt) & mask;
    for (; used[p] !== 0; p = (p + 1) & mask) {
      if (equalWords(cells, p * ENTRY, key, keyAt)) { copyWords(value, valueAt, cells, p * ENTRY + WORDS); return; }
    }
    used[p] = 1;
    copyWords(key, keyAt, cells, p * ENTRY);
    copyWords(value, valueAt, cells, p * ENTRY + WORDS);
    this.count++;
  }

  /** Removes the slot at `key[keyAt]`; true when it was present. */
  deleteWords(key: Int32Array, keyAt: number): boolean {
    let hole = this.find(key, keyAt);
    if (hole < 0) return false;
    const cells = this.cells, used = this.used, mask = this.mask;
    used[hole] = 0;
    this.count--;
    // shift back the entries of the run after the hole that may not stay behind it
    for (let p = (hole + 1) & mask; used[p] !== 0; p = (p + 1) & mask) {
      const home = hashWords(cells, p * ENTRY) & mask;
      const stays = hole <= p ? home > hole && home <= p : home > hole || home <= p;
      if (stays) continue;
      for (let i = 0; i < ENTRY; i++) cells[hole * ENTRY + i] = cells[p * ENTRY + i];
      used[hole] = 1;
      used[p] = 0;
      hole = p;
    }
    return true;
  }

  private grow(): void {
    this.refuseIfFrozen();
    const oldCells = this.cells, oldUsed = this.used;
    const places = Math.max(SMALLEST, 2 * oldUsed.length);
    const cells = new Int32Array(places * ENTRY), used = new Uint8Array(places), mask = places - 1;
    // (the keys are distinct: each goes to the first free place of its run, with no key compared)
    for (let q = 0; q < oldUsed.length; q++) {
      if (oldUsed[q] === 0) continue;
      const from = q * ENTRY;
      let p = hashWords(oldCells, from) & mask;
      while (used[p] !== 0) p = (p + 1) & mask;
      used[p] = 1;
      copyWords(oldCells, from, cells, p * ENTRY);
      copyWords(oldCells, from + WORDS, cells, p * ENTRY + WORDS);
    }
    this.cells = cells; this.used = used; this.mask = mask;
  }

  private refuseIfFrozen(): void {
    if (this.frozen) throw new Error('SlotMap.EMPTY is shared by accounts without storage and is never written: give the account a SlotMap of its own');
  }

  /** Calls `fn` with the words of each entry: the key at `cells[at]`, the value at `cells[at + 8]`. */
  forEachWords(fn: (cells: Int32Array, at: number) => void): void {
    for (let p = 0; p < this.used.length; p++) if (this.used[p] !== 0) fn(this.cells, p * ENTRY);
  }

  /** Places of the table (0, or a power of two at least twice the entries). */
  get places(): number { return this.used.length; }

  /**
   * Copies the table as it is: its places' words to `cells[cellsAt]` (16 per place) and their flags to
   * `used[usedAt]` (SlotMap.adopt reads it back; the hash is the same in every thread).
   */
  copyTable(cells: Int32Array, cellsAt: number, used: Uint8Array, usedAt: number): void {
    cells.set(this.cells, cellsAt);
    used.set(this.used, usedAt);
  }

  /**
   * The table `copyTable` wrote, taken as it is: `cells` (16 words per place) and `used` become the
   * map's own. Throws when the shapes cannot be a table of `count` entries.
   */
  static adopt(cells: Int32Array, used: Uint8Array, count: number): SlotMap {
    const places = used.length;
    if (places < SMALLEST || (places & (places - 1)) !== 0 || cells.length !== places * ENTRY || !(count >= 0 && 2 * count <= places)) {
      throw new Error(`storage table of ${count} entries in ${places} places (${cells.length} words) is not a table`);
    }
    const m = new SlotMap();
    m.cells = cells; m.used = used; m.mask = places - 1; m.count = count;
    return m;
  }

  /** A copy (its own arrays). */
  clone(): SlotMap {
    const c = new SlotMap();
    c.cells = this.cells.slice(); c.used = this.used.slice(); c.mask = this.mask; c.count = this.count;
    return c;
  }

  // --- as a Map of slot keys to bigints ---------------------------------------------------------------
  get(slot: string): bigint | undefined {
    if (!keyWordsOf(slot)) return undefined;
    const p = this.find(keyScratch, 0);
    return p < 0 ? undefined : bigintFromWords(this.cells, p * ENTRY + WORDS);
  }
  has(slot: string): boolean { return keyWordsOf(slot) && this.find(keyScratch, 0) >= 0; }
  set(slot: string, value: bigint): this {
    entryWords(slot, value, keyScratch, 0);
    this.setWords(keyScratch, 0, keyScratch, WORDS);
    return this;
  }
  delete(slot: string): boolean { return keyWordsOf(slot) && this.deleteWords(keyScratch, 0); }
  clear(): void { this.refuseIfFrozen(); this.cells = NO_WORDS; this.used = NO_BYTES; this.mask = -1; this.count = 0; }
  /** Empties the table, keeping its room (to be filled again). */
  reset(): void { this.refuseIfFrozen(); this.used.fill(0); this.count = 0; }
  *entries(): MapIterator<[string, bigint]> {
    for (let p = 0; p < this.used.length; p++) {
      if (this.used[p] !== 0) yield [hexFromWords(this.cells, p * ENTRY), bigintFromWords(this.cells, p * ENTRY + WORDS)];
    }
  }

  /** A SlotMap of a Map's (or any iterable's) entries. */
  static from(entries: Iterable<readonly [string, bigint]>): SlotMap {
    const m = new SlotMap();
    for (const [k, v] of entries) m.set(k, v);
    return m;
  }
}

/** Where SlotLists are packed: 2,048 entries per chunk. */
const listChunks = new Chunks<Int32Array>(2048 * ENTRY, (n) => new Int32Array(n));

/**
 * Storage entries of one account, packed: entry i's key at `words[at + 16 i]`, its value 8 words later.
 * Made by `SlotList.reserve` and `view`, never changed after.
 */
export class SlotList extends SlotEntries {
  private constructor(readonly words: Int32Array, readonly at: number, readonly size: number) { super(); }

  /**
   * Reserves `count` entries in `SlotList.chunk` and returns where they start: write entry i's key at
   * `at + 16 i` and its value after it, then make the list with `view`.
   */
  static reserve(count: number): number { return listChunks.take(count * ENTRY); }
  /** The chunk the last `reserve` carved from. */
  static get chunk(): Int32Array { return listChunks.chunk; }

  /** The `size` entries from `words[at]` (a view: `words` must not change after). */
  static view(words: Int32Array, at: number, size: number): SlotList { return new SlotList(words, at, size); }

  /** A SlotList of a Map's (or any iterable's) entries, in its order. */
  static from(entries: ReadonlyMap<string, bigint>): SlotList {
    const list = [...entries];
    const at = SlotList.reserve(list.length), words = SlotList.chunk;
    list.forEach(([k, v], i) => entryWords(k, v, words, at + i * ENTRY));
    return SlotList.view(words, at, list.length);
  }

  private indexOf(slot: string): number {
    if (!keyWordsOf(slot)) return -1;
    for (let i = 0, k = this.at; i < this.size; i++, k += ENTRY) if (equalWords(this.words, k, keyScratch, 0)) return i;
    return -1;
  }
  get(slot: string): bigint | undefined {
    const i = this.indexOf(slot);
    return i < 0 ? undefined : bigintFromWords(this.words, this.at + i * ENTRY + WORDS);
  }
  has(slot: string): boolean { return this.indexOf(slot) >= 0; }
  *entries(): MapIterator<[string, bigint]> {
    for (let i = 0, k = this.at; i < this.size; i++, k += ENTRY) yield [hexFromWords(this.words, k), bigintFromWords(this.words, k + WORDS)];
  }
  /** The slot keys (the values not spelled). */
  override *keys(): MapIterator<string> {
    for (let i = 0, k = this.at; i < this.size; i++, k += ENTRY) yield hexFromWords(this.words, k);
  }
}

/**
 * Where the first of `read`'s entries starts (in its words) whose slot `committed` no longer holds at the
 * value seen (an absent account or slot holds zero), or -1 when every read still holds: validation of
 * storage reads, for the planner's own records (validate.ts) and workers' (wire.ts).
 */
export function firstStaleSlot(read: SlotList, committed: SlotMap | undefined): number {
  const w = read.words;
  for (let k = read.at, end = read.at + read.size * ENTRY; k < end; k += ENTRY) {
    if (committed === undefined ? !isZeroWords(w, k + WORDS) : !committed.holds(w, k, w, k + WORDS)) return k;
  }
  return -1;
}
