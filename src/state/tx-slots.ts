/**
 * One transaction's storage slots, for its overlay (overlay.ts): per slot touched, the value in the base
 * state (read once: the read record and the original value of EIP-2200), the value written (the current
 * value) and whether it is warm (EIP-2929), all as words (slots.ts). Entries keep their index for the
 * whole transaction (the overlay's journal names them by it); a hash of (account, slot) finds them.
 *
 * The tables are reused from one transaction to the next (`acquire`, `release`): a typed array longer
 * than 64 bytes costs V8 ~0.7 µs to make.
 */
import { WORDS, hashWords, equalWords, copyWords } from './slots.js';

// Words of an entry:
/** The overlay's id of the account. */
export const OWNER = 0;
/** The slot (8 words). */
export const KEY = 1;
/** The value in the base state (valid with F_BASE). */
export const BASE = 9;
/** The value written in this transaction (valid with F_WRITTEN). */
export const CURRENT = 17;
export const FLAGS = 25;
/** The next entry in the same bucket, or -1. */
const NEXT = 26;
/** The next entry of the same account, or -1 (the account keeps the first: `first`). */
export const SIBLING = 27;
export const STRIDE = 28;

/** Flags: the base value was read; a value was written; the slot is warm. */
export const F_BASE = 1, F_WRITTEN = 2, F_WARM = 4;

const FIRST_BUCKETS = 64;
/** A table that grew past this many buckets starts the next transaction small again. */
const KEPT_BUCKETS = 1024;

const spare: TxSlots[] = [];

export class TxSlots {
  /** The entries, STRIDE words each (reallocated as they grow: read it again after `add`). */
  words = new Int32Array(FIRST_BUCKETS * STRIDE);
  /** Per bucket, its first entry + 1 (0: none). */
  private buckets = new Int32Array(FIRST_BUCKETS);
  count = 0;
  /** Saved values for the journal (`save`, `restore`), 9 words each: a value and the flags. */
  undo = new Int32Array(16 * (WORDS + 1));
  undoTop = 0;

  /** A table to use for one transaction (empty). */
  static acquire(): TxSlots { return spare.pop() ?? new TxSlots(); }

  /** Gives the table back for a later transaction; nothing may use it after. */
  release(): void {
    if (this.buckets.length > KEPT_BUCKETS) { this.buckets = new Int32Array(FIRST_BUCKETS); this.words = new Int32Array(FIRST_BUCKETS * STRIDE); }
    else this.buckets.fill(0);
    this.count = 0;
    this.undoTop = 0;
    spare.push(this);
  }

  private static hash(owner: number, key: Int32Array, keyAt: number): number {
    return hashWords(key, keyAt) ^ Math.imul(owner + 1, 0x9e3779b1);
  }

  /** The entry of (owner, the slot at `key[keyAt]`), or -1. */
  find(owner: number, key: Int32Array, keyAt: number): number {
    const w = this.words;
    for (let e = this.buckets[TxSlots.hash(owner, key, keyAt) & (this.buckets.length - 1)] - 1; e >= 0; e = w[e * STRIDE + NEXT]) {
      const at = e * STRIDE;
      if (w[at + OWNER] === owner && equalWords(w, at + KEY, key, keyAt)) return e;
    }
    return -1;
  }

  /** A new entry for (owner, slot), no flags, `sibling` as the next of its account; returns its index. */
  add(owner: number, key: Int32Array, keyAt: number, sibling: number): number {
    if (this.count >= this.buckets.length) this.grow();
    const e = this.count++;
    const w = this.words, at = e * STRIDE;
    w[at + OWNER] = owner;
    copyWords(key, keyAt, w, at + KEY);
    w[at + FLAGS] = 0;
    w[at + SIBLING] = sibling;
    const b = TxSlots.hash(owner, key, keyAt) & (this.buckets.length - 1);
    w[at + NEXT] = this.buckets[b] - 1;
    this.buckets[b] = e + 1;
    return e;
  }

  /** Twice the buckets and room for twice the entries (entries keep their index). */
  private grow(): void {
    const n = 2 * this.buckets.length;
    const words = new Int32Array(n * STRIDE);
    words.set(this.words.subarray(0, this.count * STRIDE));
    this.words = words;
    this.buckets = new Int32Array(n);
    for (let e = 0; e < this.count; e++) {
      const at = e * STRIDE, b = TxSlots.hash(words[at + OWNER], words, at + KEY) & (n - 1);
      words[at + NEXT] = this.buckets[b] - 1;
      this.buckets[b] = e + 1;
    }
  }

  /** Saves entry e's current value and flags; returns where (for `restore`). */
  save(e: number): number {
    const at = this.undoTop;
    if (at + WORDS + 1 > this.undo.length) { const grown = new Int32Array(2 * this.undo.length); grown.set(this.undo); this.undo = grown; }
    const w = this.words, from = e * STRIDE;
    copyWords(w, from + CURRENT, this.undo, at);
    this.undo[at + WORDS] = w[from + FLAGS];
    this.undoTop = at + WORDS + 1;
    return at;
  }

  /** Puts back what `save` kept at `at` into entry e (the journal undoes in reverse order: `at` is the top). */
  restore(e: number, at: number): void {
    const w = this.words, to = e * STRIDE;
    copyWords(this.undo, at, w, to + CURRENT);
    // (the written flag only: warmth has journal entries of its own)
    w[to + FLAGS] = (w[to + FLAGS] & ~F_WRITTEN) | (this.undo[at + WORDS] & F_WRITTEN);
    this.undoTop = at;
  }
}
