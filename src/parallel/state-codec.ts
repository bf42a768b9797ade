/**
 * The block's pre-state for the workers, in words: built on the planner's thread without spelling a number
 * (no sorting either), posted once, and read by each worker in place (LazyState), account by account.
 *
 * - `addresses`: 40 hex digits per account, one after another; an account's position is its place (the
 *   order of `state.accounts`, the places MemoryState.indexPlaces gives).
 * - `accounts`: ACCOUNT_WORDS per place: nonce (8 words), balance (8), the index of its code in `codes`
 *   (-1: none), and its storage table: first place in `cells`, places, entries. Shared where the runtime
 *   allows, like `cells`: a worker reads them in place and writes only a copy of its own (LazyState).
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
import { MemoryState, KECCAK_EMPTY, type StoredAccount } from '../state/memory-state.js';
import { hexDigits, keccak256, NO_BYTES } from '../bytes.js';
import type { Account, AccountChange, StateReader } from '../state/types.js';
import { SlotMap, WORDS, ENTRY, wordsFromBigint, bigintFromWords, zeroWords } from '../state/slots.js';
import { HashMap, HashSet } from './hash-map.js';

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
 * Encodes every account of `state`. Code whose hash is in `sent` goes by hash only (HELD); the hashes of
 * code written out in full are added to it.
 */
export function encodeState(state: MemoryState, sent?: HashSet): EncodedState {
  let places = 0;
  for (const acc of state.accounts.values()) if (acc.storage.size > 0) places += acc.storage.places;
  const accounts = new Int32Array(sharedBuffer(state.accounts.size * ACCOUNT_WORDS * 4));
  const cells = new Int32Array(sharedBuffer(places * ENTRY * 4)), used = new Uint8Array(sharedBuffer(places));
  const codeIndex = new HashMap<number>();
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
      let k = codeIndex.get(acc.codeHash);
      if (k === undefined) {
        k = codeIndex.size;
        codeIndex.set(acc.codeHash, k);
        const full = !sent?.has(acc.codeHash);
        if (full) { sent?.add(acc.codeHash); codeBytes += acc.code.length; }
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
 * Places a LazyState remembers, by the last three digits of the address: those of a batch's addresses (~2–5
 * a transaction), which its execution, its local commits and the encoding of its results all look up.
 */
const NAMES_KEPT = 4096;

/**
 * A worker's state: the encoded pre-state read in place, with this worker's commits on it. The accounts of
 * the pre-state stay words by place (nonce, balance, code index, storage table), in a copy of the encoded
 * words its commits write; a read of one spells its numbers from the words. Only its storage becomes a
 * table of its own (SlotMap, copied from the encoded cells) when first read or written. Accounts outside
 * the pre-state are a MemoryState's. Each account of the encoded state has a place, its position in it:
 * results name those accounts by place (wire.ts).
 *
 * Until the thirty-first session every account the worker read became objects in a Map (an account, its
 * storage table, two numbers, an entry: ~240 bytes, ~10,000 of them in a W1 block) that every scavenge
 * during the block copied, and the first read of each cost ~0.3–0.6 µs.
 */
export class LazyState implements StateReader {
  readonly blockHashes = new Map<bigint, Uint8Array>();
  /**
   * The places of the encoded state's accounts, by a hash of an address's last 16 digits (open addressing;
   * -1: empty), compared against `addresses` itself: no key strings made. A Map of 10,000 address strings
   * took 1.3–2.3 ms and ~1.6 MB to build in every block.
   */
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly encoded: EncodedState;
  /**
   * This worker's words of the accounts its commits wrote (ACCOUNT_WORDS per place, copied from the encoded
   * words at the first write: `own`); the others are read where they were sent. (Zeroed memory costs
   * nothing until written; a copy of all of them took ~0.6 ms of each W1 block's start.)
   */
  private readonly ownWords: Int32Array;
  private readonly own: Uint8Array;
  /** 1 where a commit deleted the account (until one makes it again). */
  private readonly gone: Uint8Array;
  /** Per place, the storage table once read or written (undefined: still the encoded cells). */
  private readonly storages: (SlotMap | undefined)[];
  /**
   * Per place, the account object getAccount last gave (undefined: none since the last commit changed the
   * account's nonce, balance or code). Readers copy fields and never write one (as MemoryState's own), so
   * accounts read by many transactions and written only in storage (W3's pools and tokens) cost one object,
   * not one per read (~340 B a W3 transaction on the worker).
   */
  private readonly accountObjects: (Account | undefined)[];
  /** Per place, the transaction whose writes this state shows for the account (commit's `version`; -1: the pre-state's). */
  private readonly versions: Int32Array;
  /** Code set by commits (a creation, an EIP-7702 delegation), by place; otherwise the code index's. */
  private readonly newCode = new Map<number, { code: Uint8Array; codeHash: Uint8Array }>();
  /** Balances a commit left outside 0..2^256 - 1 (a worker's speculative debit), by place: the words cannot hold them. */
  private readonly oddBalances = new Map<number, bigint>();
  /** The accounts outside the pre-state, made by this worker's commits. */
  private readonly outside = new MemoryState();
  /** The transaction whose writes this state shows for each account outside the pre-state. */
  private readonly outsideVersions = new Map<string, number>();
  /** Per code index: its hash, and the code (undefined: neither sent nor kept, an error when read). */
  private readonly codeHashes: Uint8Array[] = [];
  private readonly codeBytes: (Uint8Array | undefined)[] = [];
  /**
   * Places of addresses looked up lately, one per value of an address's last three digits (NAMES_KEPT): mostly
   * the same string objects, so a hit costs a pointer comparison. (A Map here cost ~2 ms of a W1 block.)
   */
  private readonly keptNames: string[] = new Array<string>(NAMES_KEPT).fill('');
  private readonly keptPlaces = new Int32Array(NAMES_KEPT);
  /** Scratch for commit's one-change lists to `outside`. */
  private readonly one: AccountChange[] = [];

  /** Code sent in full is decoded here, once, into `codes` (which outlives the block); `=` reads it back. */
  constructor(encoded: EncodedState, codes: CodeCache = new Map()) {
    this.encoded = encoded;
    const { addresses, accounts } = encoded;
    const n = addresses.length / 40;
    if (!Number.isInteger(n) || accounts.length !== n * ACCOUNT_WORDS) {
      throw new Error(`worker state: ${addresses.length} address digits for ${accounts.length / ACCOUNT_WORDS} accounts`);
    }
    this.ownWords = new Int32Array(accounts.length);
    this.own = new Uint8Array(n);
    this.gone = new Uint8Array(n);
    this.storages = new Array<SlotMap | undefined>(n);
    this.accountObjects = new Array<Account | undefined>(n);
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
  private lookUp(address: string): number { // (`address` of 40 digits: placeOf checks)
    const { table, mask } = this, addresses = this.encoded.addresses;
    for (let slot = addressHash(address, 0) & mask, place = table[slot]; place !== -1; slot = (slot + 1) & mask, place = table[slot]) {
      if (addresses.startsWith(address, 40 * place)) return place;
    }
    return -1;
  }

  /** The place of `address` in the encoded state, or -1 (results name such accounts by it: wire.ts). */
  placeOf(address: string): number {
    if (address.length !== 40) return -1;
    // (c & 15 puts a–f on 1–6, so ~1,000 of the places serve; spread over all 4,096, or over 256 by two
    // digits, W3 read slower, 75.4 -> 78.2 and 79.4 -> 81.6 ms, and W1 no quicker: more strings kept alive)
    const k = ((address.charCodeAt(37) & 15) << 8) | ((address.charCodeAt(38) & 15) << 4) | (address.charCodeAt(39) & 15);
    if (this.keptNames[k] === address) return this.keptPlaces[k];
    const place = this.lookUp(address);
    this.keptNames[k] = address;
    this.keptPlaces[k] = place;
    return place;
  }

  /** The words of the account at `place`: this worker's own once written, else those sent (other workers read them too: never written). */
  private wordsAt(place: number): Int32Array { return this.own[place] === 1 ? this.ownWords : this.encoded.accounts; }

  /** This worker's own words of the account at `place`, to write (copied from those sent at the first write). */
  private ownWordsAt(place: number): Int32Array {
    if (this.own[place] === 0) {
      const from = this.encoded.accounts, to = this.ownWords;
      for (let i = place * ACCOUNT_WORDS, end = i + ACCOUNT_WORDS; i < end; i++) to[i] = from[i];
      this.own[place] = 1;
    }
    return this.ownWords;
  }

  /** The code index's code of the account at `place` (checked against the codes sent), or none. */
  private codeIndexOf(place: number, address: string): number {
    const k = this.wordsAt(place)[place * ACCOUNT_WORDS + CODE];
    if (k >= this.codeHashes.length) throw new Error(`worker state: the code of 0x${address} is code ${k} of the ${this.codeHashes.length} sent`);
    return k;
  }

  private codeHashAt(place: number, address: string): Uint8Array {
    if (this.newCode.size !== 0) { const c = this.newCode.get(place); if (c !== undefined) return c.codeHash; }
    const k = this.codeIndexOf(place, address);
    return k < 0 ? KECCAK_EMPTY : this.codeHashes[k];
  }

  private balanceAt(place: number): bigint {
    if (this.oddBalances.size !== 0) { const b = this.oddBalances.get(place); if (b !== undefined) return b; }
    return bigintFromWords(this.wordsAt(place), place * ACCOUNT_WORDS + WORDS);
  }

  /** The storage table of the account at `place`: its own once read or written, else taken from the encoded cells. */
  private storageAt(place: number, address: string): SlotMap {
    const held = this.storages[place];
    if (held !== undefined) return held;
    const b = place * ACCOUNT_WORDS, w = this.wordsAt(place);
    const first = w[b + FIRST], places = w[b + PLACES], count = w[b + COUNT];
    const { cells, used } = this.encoded;
    if (!(first >= 0 && places >= 0 && first + places <= used.length)) {
      throw new Error(`worker state: the storage of 0x${address} (places ${first}+${places}) is outside the ${used.length} sent`);
    }
    // (the table is copied: this worker's commits change it, and other workers read the same cells; none:
    // the shared empty table, given one of its own at its first write)
    const storage = count === 0 ? SlotMap.EMPTY
      : SlotMap.adopt(cells.slice(first * ENTRY, (first + places) * ENTRY), used.slice(first, first + places), count);
    this.storages[place] = storage;
    return storage;
  }

  getAccount(address: string): Account | undefined {
    const place = this.placeOf(address);
    if (place < 0) return this.outside.getAccount(address);
    if (this.gone[place] === 1) return undefined;
    let account = this.accountObjects[place];
    if (account === undefined) {
      account = { nonce: bigintFromWords(this.wordsAt(place), place * ACCOUNT_WORDS), balance: this.balanceAt(place), codeHash: this.codeHashAt(place, address) };
      this.accountObjects[place] = account;
    }
    return account;
  }

  getCode(address: string): Uint8Array {
    const place = this.placeOf(address);
    if (place < 0) return this.outside.getCode(address);
    if (this.gone[place] === 1) return NO_BYTES;
    if (this.newCode.size !== 0) { const c = this.newCode.get(place); if (c !== undefined) return c.code; }
    const k = this.codeIndexOf(place, address);
    if (k < 0) return NO_BYTES;
    const code = this.codeBytes[k];
    if (code === undefined) throw new Error(`worker state: the code of 0x${address} (hash ${'0x' + hexDigits(this.codeHashes[k])}) was neither sent nor kept from an earlier block`);
    return code;
  }

  getStorage(address: string, slot: string): bigint {
    const place = this.placeOf(address);
    if (place < 0) return this.outside.getStorage(address, slot);
    return this.gone[place] === 1 ? 0n : this.storageAt(place, address).get(slot) ?? 0n;
  }

  storageInto(address: string, key: Int32Array, keyAt: number, out: Int32Array, outAt: number): void {
    const place = this.placeOf(address);
    if (place < 0) this.outside.storageInto(address, key, keyAt, out, outAt);
    else if (this.gone[place] === 1) zeroWords(out, outAt);
    else this.storageAt(place, address).getInto(key, keyAt, out, outAt);
  }

  hasStorage(address: string): boolean {
    const place = this.placeOf(address);
    if (place < 0) return this.outside.hasStorage(address);
    return this.gone[place] === 0 && this.storageAt(place, address).size > 0;
  }

  getBlockHash(number: bigint): Uint8Array | undefined { return this.blockHashes.get(number); }

  /** Applies `changes`, as MemoryState.commit does; with `version`, the transaction they come from (versionOf then gives it for their accounts). */
  commit(changes: Iterable<AccountChange>, version?: number): void {
    for (const ch of changes) {
      const place = this.placeOf(ch.address);
      if (place < 0) {
        this.one[0] = ch;
        this.outside.commit(this.one);
        if (version !== undefined) this.outsideVersions.set(ch.address, version);
        continue;
      }
      if (version !== undefined) this.versions[place] = version;
      this.commitAt(place, ch);
    }
    this.one.length = 0;
  }

  /** One change to the account at `place`: what MemoryState's commit does to an account, on the words. */
  private commitAt(place: number, ch: AccountChange): void {
    const w = this.ownWordsAt(place), b = place * ACCOUNT_WORDS;
    // (a change to storage alone leaves the account object getAccount gave as it is)
    if (ch.deleted || this.gone[place] === 1 || ch.nonce !== undefined || ch.balance !== undefined || ch.balanceDelta !== undefined || ch.code !== undefined) {
      this.accountObjects[place] = undefined;
    }
    if (ch.deleted) {
      this.gone[place] = 1;
      this.storages[place] = SlotMap.EMPTY;
      this.newCode.delete(place);
      this.oddBalances.delete(place);
      return;
    }
    if (this.gone[place] === 1) { // (made again: a new account, empty)
      this.gone[place] = 0;
      w.fill(0, b, b + 2 * WORDS);
      w[b + CODE] = -1;
    }
    if (ch.nonce !== undefined) wordsFromBigint(ch.nonce, w, b);
    if (ch.balance !== undefined) this.setBalance(place, ch.balance);
    if (ch.balanceDelta !== undefined) this.setBalance(place, this.balanceAt(place) + ch.balanceDelta);
    if (ch.code !== undefined) this.newCode.set(place, { code: ch.code, codeHash: ch.codeHash ?? keccak256(ch.code) });
    if (ch.storageCleared) this.storages[place] = SlotMap.EMPTY;
    if (ch.storage.size !== 0) (this.storages[place] = SlotMap.writable(this.storageAt(place, ch.address))).writeAll(ch.storage, true);
  }

  private setBalance(place: number, balance: bigint): void {
    if (balance >= 0n && balance <= MAX_WORD) {
      if (this.oddBalances.size !== 0) this.oddBalances.delete(place);
      wordsFromBigint(balance, this.ownWordsAt(place), place * ACCOUNT_WORDS + WORDS);
    } else this.oddBalances.set(place, balance);
  }

  /** The transaction whose writes this state shows for `address` (the last commit's `version`), or -1. */
  versionOf(address: string): number {
    const place = this.placeOf(address);
    return place >= 0 ? this.versions[place] : this.outsideVersions.get(address) ?? -1;
  }
}
