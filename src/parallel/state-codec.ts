/**
 * The block's pre-state for the workers, in words: built on the planner's thread without spelling a number
 * (no sorting either), posted once, and decoded by each worker lazily, account by account, on first access.
 *
 * - `addresses`: 40 hex digits per account, one after another; an account's position is its place (the
 *   order of `state.accounts`, the places MemoryState.indexPlaces gives).
 * - `accounts`: ACCOUNT_WORDS per place: nonce (8 words), balance (8), the index of its code in `codes`
 *   (-1: none), and its storage table: first place in `cells`, places, entries.
 * - `cells`, `used`: the accounts' storage tables as the committed state holds them (SlotMap: 16 words and a
 *   flag per place), one after another; a worker takes an account's table as it is, without re-inserting
 *   its entries. Shared (SharedArrayBuffer) where the runtime has it: every worker reads the same copy.
 * - `codeHashes`, `codeSpans`, `code`: per code the accounts use (its index), its hash (32 bytes), and where its
 *   bytes are in `code` (offset, length; length -1: the code the worker already holds). `code` is shared too.
 *
 * Against the text lines this replaced (nonce and balance in hex, storage as entries to re-insert), on W3's
 * pre-state (10,065 accounts, 15,087 slots in 64 tables): decoding every account 10–15 -> 4–8 ms, the
 * constructor 2.7 -> 1.7 ms, encoding ~2 -> ~1 ms; per forced W3 block, CPU on the worker 87 -> 79 ms and on
 * the planner's thread 109 -> 103 (W1: 54 -> 51 and 85 -> 83; W2 with 10 tokens: 73 -> 69 and 107 -> 100).
 * It sends ~2x the bytes (tables are at most half full), shared rather than copied.
 *
 * Code is content-addressed, so a worker keeps what it was sent across blocks (a CodeCache) and each
 * contract's code crosses once per pool rather than once per block: on mainnet blocks code is ~95% of the
 * encoded state (1–1.6 MB of bytecode). It crosses as bytes (it went as hex text until the twenty-eighth
 * session: spelling and parsing it took 3.7–6.2 ms of a mainnet block's start-up, against 0.4–1.0 with the
 * code already held).
 */
import { MemoryState, KECCAK_EMPTY, storedAccount, type StoredAccount } from '../state/memory-state.js';
import { hexDigits, NO_BYTES } from '../bytes.js';
import type { AccountChange } from '../state/types.js';
import { SlotMap, WORDS, ENTRY, wordsFromBigint, bigintFromWords } from '../state/slots.js';

/** Words per account in `EncodedState.accounts`: nonce, balance, code index, table's first place, places, entries. */
const ACCOUNT_WORDS = 2 * WORDS + 4;
const CODE = 2 * WORDS, FIRST = CODE + 1, PLACES = CODE + 2, COUNT = CODE + 3;
const MAX_WORD = (1n << 256n) - 1n;
/** A code span's length for code the worker already holds. */
const HELD = -1;

/** The pre-state as the workers get it (see above). */
export interface EncodedState {
  addresses: string; accounts: Int32Array; cells: Int32Array; used: Uint8Array;
  codeHashes: Uint8Array; codeSpans: Int32Array; code: Uint8Array;
}

/** A seed for the address table's hash, per process (addresses chosen to collide would have to be chosen for it). */
const HASH_SEED = (Math.random() * 0x7fffffff) | 0;

/** A hash of the 40 hex digits of an address at `at` in `text`, on the last 16 (FNV-1a style). */
function addressHash(text: string, at: number): number {
  let h = HASH_SEED;
  for (let i = at + 24; i < at + 40; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/** A worker's code by hash (0x hex), kept across blocks; cleared when the planner says so (`codeReset`). */
export type CodeCache = Map<string, Uint8Array>;

/** Zeroed memory of `bytes` bytes, shared between threads where the runtime allows. */
function sharedBuffer(bytes: number): ArrayBuffer {
  const Shared = (globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }).SharedArrayBuffer;
  return (Shared ? new Shared(bytes) : new ArrayBuffer(bytes)) as ArrayBuffer;
}

/**
 * Encodes every account of `state`. Code whose hash is in `sent` goes as `=`; the hashes of code
 * written out in full are added to it.
 */
export function encodeState(state: MemoryState, sent?: Set<string>): EncodedState {
  let places = 0;
  for (const acc of state.accounts.values()) if (acc.storage.size > 0) places += acc.storage.places;
  const accounts = new Int32Array(sharedBuffer(state.accounts.size * ACCOUNT_WORDS * 4));
  const cells = new Int32Array(sharedBuffer(places * ENTRY * 4)), used = new Uint8Array(sharedBuffer(places));
  const codeIndex = new Map<string, number>();
  /** Per code index: the account holding it, and whether it goes in full. */
  const codeOf: StoredAccount[] = [], inFull: boolean[] = [];
  let addresses = '', next = 0, b = 0, codeBytes = 0;
  for (const [address, acc] of state.accounts) {
    addresses += address;
    if (acc.nonce < 0n || acc.nonce > MAX_WORD || acc.balance < 0n || acc.balance > MAX_WORD) {
      throw new Error(`worker state: 0x${address} has nonce ${acc.nonce} and balance ${acc.balance}; both must be in 0..2^256-1`);
    }
    wordsFromBigint(acc.nonce, accounts, b);
    wordsFromBigint(acc.balance, accounts, b + WORDS);
    if (acc.code.length === 0) accounts[b + CODE] = -1;
    else {
      const hash = hexDigits(acc.codeHash);
      let k = codeIndex.get(hash);
      if (k === undefined) {
        k = codeIndex.size;
        codeIndex.set(hash, k);
        const key = '0x' + hash; // (the key of `sent`, as bytesToHex spells it)
        const full = !sent?.has(key);
        if (full) { sent?.add(key); codeBytes += acc.code.length; }
        codeOf.push(acc);
        inFull.push(full);
      }
      accounts[b + CODE] = k;
    }
    const count = acc.storage.size;
    if (count > 0) { // (most accounts have none)
      const n = acc.storage.places;
      acc.storage.copyTable(cells, next * ENTRY, used, next);
      accounts[b + FIRST] = next; accounts[b + PLACES] = n; accounts[b + COUNT] = count;
      next += n;
    }
    b += ACCOUNT_WORDS;
  }
  const codeHashes = new Uint8Array(32 * codeOf.length), codeSpans = new Int32Array(2 * codeOf.length);
  const code = new Uint8Array(sharedBuffer(codeBytes));
  for (let k = 0, at = 0; k < codeOf.length; k++) {
    const acc = codeOf[k];
    codeHashes.set(acc.codeHash, 32 * k);
    codeSpans[2 * k] = at;
    if (inFull[k]) { code.set(acc.code, at); codeSpans[2 * k + 1] = acc.code.length; at += acc.code.length; } else codeSpans[2 * k + 1] = HELD;
  }
  return { addresses, accounts, cells, used, codeHashes, codeSpans, code };
}

/**
 * A MemoryState filled from an encoded state on first access of each account. Each account of the
 * encoded state has a place, its position in it: results name those accounts by place (wire.ts).
 */
export class LazyState extends MemoryState {
  /**
   * The places of the encoded state's accounts, by a hash of an address's last 16 digits (open addressing;
   * -1: empty), compared against `addresses` itself: no key strings made. Consulted at an account's first
   * access only (its place is a hint on the account after: storedAccount), so ~5,000 lookups of a W3 block
   * at ~0.15 µs; a Map of 10,000 address strings took 1.3–2.3 ms and ~1.6 MB to build in every block.
   */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** 1 once a place's account is loaded (or replaced by a commit). */
  private readonly loaded: Uint8Array;
  /**
   * Per place: the transaction whose writes this state shows for the account (commit's `version`; -1: the
   * pre-state's). By place, not in a Map by address: a worker's Map of ~10,000 accounts written once each
   * took ~2.5 ms of its W3 block to grow, and commit finds the place anyway.
   */
  private readonly versions: Int32Array;
  /** The same for accounts outside the pre-state. */
  private readonly otherVersions = new Map<string, number>();
  private readonly encoded: EncodedState;
  /** Per code index: its hash, and the code (undefined: neither sent nor kept, an error when read). */
  private readonly codeHashes: Uint8Array[] = [];
  private readonly codeBytes: (Uint8Array | undefined)[] = [];

  /** Code sent in full is decoded here, once, into `codes` (which outlives the block); `=` reads it back. */
  constructor(encoded: EncodedState, codes: CodeCache = new Map()) {
    super();
    this.newHintIndex(); // (loaded accounts carry their places as hints, as an indexed MemoryState's do)
    this.encoded = encoded;
    const { addresses, accounts } = encoded;
    const n = addresses.length / 40;
    if (!Number.isInteger(n) || accounts.length !== n * ACCOUNT_WORDS) {
      throw new Error(`worker state: ${addresses.length} address digits for ${accounts.length / ACCOUNT_WORDS} accounts`);
    }
    this.loaded = new Uint8Array(n);
    this.versions = new Int32Array(n).fill(-1);
    let size = 16;
    while (size < 2 * n) size *= 2;
    const table = (this.table = new Int32Array(size).fill(-1)), mask = (this.mask = size - 1);
    for (let place = 0; place < n; place++) {
      let slot = addressHash(addresses, 40 * place) & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = place;
    }
    const { codeHashes, codeSpans, code } = encoded;
    const count = codeSpans.length / 2;
    if (!Number.isInteger(count) || codeHashes.length !== 32 * count) {
      throw new Error(`worker state: ${codeHashes.length} bytes of code hashes for ${codeSpans.length / 2} codes`);
    }
    for (let k = 0; k < count; k++) {
      const hash = codeHashes.slice(32 * k, 32 * k + 32), key = '0x' + hexDigits(hash);
      const at = codeSpans[2 * k], length = codeSpans[2 * k + 1];
      if (length !== HELD) {
        if (!(at >= 0 && length >= 0 && at + length <= code.length)) {
          throw new Error(`worker state: code ${k} (bytes ${at}+${length}) is outside the ${code.length} sent`);
        }
        // (copied out: the cache outlives the block's shared buffer)
        if (!codes.has(key)) codes.set(key, code.slice(at, at + length));
      }
      this.codeHashes.push(hash);
      this.codeBytes.push(codes.get(key));
    }
  }

  /** The place of `address` in the encoded state (-1: none), from the table. */
  private lookUp(address: string): number {
    if (address.length !== 40) return -1;
    const { table, mask } = this, addresses = this.encoded.addresses;
    for (let slot = addressHash(address, 0) & mask, place = table[slot]; place !== -1; slot = (slot + 1) & mask, place = table[slot]) {
      if (addresses.startsWith(address, 40 * place)) return place;
    }
    return -1;
  }

  /** Loads the account at its place on first access; returns the place (-1: not in the pre-state). */
  private load(address: string): number {
    const hinted = this.hintedPlace(this.accounts.get(address));
    if (hinted !== undefined) return hinted;
    const place = this.lookUp(address);
    if (place < 0 || this.loaded[place] === 1) return place;
    this.loaded[place] = 1;
    const { accounts: a, cells, used } = this.encoded;
    const b = place * ACCOUNT_WORDS;
    const k = a[b + CODE], first = a[b + FIRST], places = a[b + PLACES], count = a[b + COUNT];
    if (!(first >= 0 && places >= 0 && first + places <= used.length)) {
      throw new Error(`worker state: the storage of 0x${address} (places ${first}+${places}) is outside the ${used.length} sent`);
    }
    let code: Uint8Array = NO_BYTES, codeHash = KECCAK_EMPTY;
    if (k >= 0) {
      if (k >= this.codeHashes.length) throw new Error(`worker state: the code of 0x${address} is code ${k} of the ${this.codeHashes.length} sent`);
      const cached = this.codeBytes[k];
      codeHash = this.codeHashes[k];
      if (cached === undefined) throw new Error(`worker state: the code of 0x${address} (hash ${'0x' + hexDigits(codeHash)}) was neither sent nor kept from an earlier block`);
      code = cached;
    }
    // (the table is copied: this worker's commits change it, and other workers read the same cells; no
    // storage, the shared empty table: its first write gives it one of its own, MemoryState.ownStorage)
    const storage = count === 0 ? SlotMap.EMPTY
      : SlotMap.adopt(cells.slice(first * ENTRY, (first + places) * ENTRY), used.slice(first, first + places), count);
    const acc = storedAccount(bigintFromWords(a, b), bigintFromWords(a, b + WORDS), code, codeHash, storage);
    acc.place = place;
    acc.placeIndex = this.hintIndex;
    this.accounts.set(address, acc);
    return place;
  }

  // getAccount and storageInto, the hot two: an account present is loaded or committed, so one lookup
  // rather than load's by place and then the state's (load's took ~7 ms of a worker's W2 block)
  override getAccount(address: string) {
    const acc = this.accounts.get(address);
    if (acc !== undefined) return acc;
    this.load(address);
    return super.getAccount(address);
  }
  override getCode(address: string) { this.load(address); return super.getCode(address); }
  override getStorage(address: string, slot: string): bigint { this.load(address); return super.getStorage(address, slot); }
  override storageInto(address: string, key: Int32Array, keyAt: number, out: Int32Array, outAt: number): void {
    const acc = this.accounts.get(address);
    if (acc !== undefined) { acc.storage.getInto(key, keyAt, out, outAt); return; }
    this.load(address);
    super.storageInto(address, key, keyAt, out, outAt);
  }
  override hasStorage(address: string): boolean { this.load(address); return super.hasStorage(address); }
  /** Applies `changes`; with `version`, the transaction they come from (versionOf then gives it for their accounts). */
  override commit(changes: Iterable<AccountChange>, version?: number): void {
    const list = Array.isArray(changes) ? changes as readonly AccountChange[] : [...changes];
    for (const ch of list) {
      const place = this.load(ch.address);
      if (version === undefined) continue;
      if (place >= 0) this.versions[place] = version; else this.otherVersions.set(ch.address, version);
    }
    super.commit(list);
  }

  /** The place of `address` in the encoded state, or -1 (results name such accounts by it: wire.ts). */
  override placeOf(address: string): number {
    return this.hintedPlace(this.accounts.get(address)) ?? this.lookUp(address);
  }

  /** The transaction whose writes this state shows for `address` (the last commit's `version`), or -1. */
  versionOf(address: string): number {
    const place = this.placeOf(address);
    return place >= 0 ? this.versions[place] : this.otherVersions.get(address) ?? -1;
  }
}
