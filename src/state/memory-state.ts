/** An in-memory state: the base a transaction runs on, updated by committing its changes. */
import type { Account, AccountChange, StateReader } from './types.js';
import { keccak256, bytesToHex, hexToBytes, bigintToBytes, NO_BYTES } from '../bytes.js';
import { encode } from '../rlp.js';
import { secureTrieRoot, EMPTY_TRIE_ROOT } from '../trie.js';
import { SlotMap, zeroWords } from './slots.js';

export const KECCAK_EMPTY = keccak256(new Uint8Array(0));

export interface StoredAccount extends Account {
  code: Uint8Array;
  /** Non-zero slots only (a slot written zero is deleted). */
  storage: SlotMap;
  /**
   * The account's place (MemoryState.indexPlaces; -1: none) as the index numbered `placeIndex` set it: a
   * hint placeOf trusts only under that index, so it finds a place with the lookup that finds the account.
   */
  place?: number;
  placeIndex?: number;
}

/** An account to store, its place hint unset (every account of a state has the same fields). */
export function storedAccount(nonce: bigint, balance: bigint, code: Uint8Array, codeHash: Uint8Array, storage: SlotMap): StoredAccount {
  return { nonce, balance, code, codeHash, storage, place: -1, placeIndex: 0 };
}

/** A change's fields on `acc` (its storage aside): the nonce, the balance, then the credit, the code, a cleared storage. */
function setFields(acc: StoredAccount, nonce: bigint | undefined, balance: bigint | undefined, balanceDelta: bigint | undefined,
  code: Uint8Array | undefined, codeHash: Uint8Array | undefined, storageCleared: boolean): void {
  if (nonce !== undefined) acc.nonce = nonce;
  if (balance !== undefined) acc.balance = balance;
  if (balanceDelta !== undefined) acc.balance += balanceDelta;
  if (code !== undefined) { acc.code = code; acc.codeHash = codeHash ?? keccak256(code); }
  if (storageCleared) acc.storage = SlotMap.EMPTY; // (a table of its own at its first write: ownStorage)
}

/**
 * `acc`'s storage table to write: one that shares SlotMap.EMPTY (an account made or cleared by a commit, a
 * worker's pre-state account without storage) gets a table of its own first. Both write sites go through it.
 */
function ownStorage(acc: StoredAccount): SlotMap { return (acc.storage = SlotMap.writable(acc.storage)); }

/** Numbers the place hints of every state (a hint is trusted only under the number that set it). */
let lastHintIndex = 0;

/** JSON pre-state shape of the fixtures: {address: {balance, nonce, code, storage: {slot: value}}} (hex strings). */
export interface PreStateJson {
  [address: string]: { balance?: string; nonce?: string | number; code?: string; storage?: Record<string, string> };
}

/** Is `s` 0x and lowercase hex digits only? */
function isLowerHexAfter0x(s: string): boolean {
  if (s.charCodeAt(0) !== 48 || s.charCodeAt(1) !== 120) return false;
  for (let i = 2; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Normalises a hex address (with or without 0x, any case) to the 40-digit key form. */
export function addressKey(hex: string): string {
  if (hex.length === 42 && isLowerHexAfter0x(hex)) return hex.substring(2); // (the common spelling, no copies)
  const h = hex.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{0,40}$/.test(h)) throw new Error(`invalid address "${hex}"`);
  return h.padStart(40, '0');
}

/**
 * Puts a JSON pre-state's slot (any hex spelling) into `storage`: a zero value is no entry, one past
 * 2^256 - 1 is refused naming `where` and the slot.
 */
export function putJsonSlot(storage: SlotMap, slot: string, value: bigint, where: string): void {
  if (value >> 256n !== 0n) throw new Error(`${where}: storage slot ${slot} has a value past 2^256 - 1 (0x${value.toString(16)})`);
  if (value !== 0n) storage.set(slotKey(slot), value);
}

/** Normalises a hex slot number to the 64-digit key form. */
export function slotKey(hex: string | bigint): string {
  if (typeof hex === 'bigint') return hex.toString(16).padStart(64, '0');
  if (hex.length === 66 && isLowerHexAfter0x(hex)) return hex.substring(2);
  const h = hex.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{0,64}$/.test(h)) throw new Error(`invalid storage slot "${hex}"`);
  return h.padStart(64, '0');
}

/** The place (MemoryState.indexPlaces) of an account named only by its address: looked up when needed. */
export const PLACE_UNKNOWN = -2;

export class MemoryState implements StateReader {
  readonly accounts = new Map<string, StoredAccount>();
  readonly blockHashes = new Map<bigint, Uint8Array>();
  /**
   * While indexed (indexPlaces): the account of each place, `placed[p] === accounts.get(names[p])`, kept
   * so by commit (an update changes an account in place; only a deletion or a creation moves the entry).
   */
  private placed: (StoredAccount | undefined)[] | null = null;
  private names: readonly string[] = [];
  /** The number the place hints this state sets carry (newHintIndex; -1: none set yet, none trusted). */
  protected hintIndex = -1;
  /** The places of accounts deleted since indexPlaces (commit keeps it): placeOf of an address with no account. */
  private deletedPlaces: Map<string, number> | null = null;
  /** Place by address, built by the first placeOf that finds no trusted hint (an account stored from outside). */
  private placeByName: Map<string, number> | null = null;

  static fromJson(pre: PreStateJson): MemoryState {
    const state = new MemoryState();
    // accounts with the same code (pools, proxies, tokens of one factory) share its bytes and hash
    const codes = new Map<string, { code: Uint8Array; codeHash: Uint8Array }>();
    for (const [addr, acc] of Object.entries(pre)) {
      let known = acc.code ? codes.get(acc.code) : undefined;
      if (acc.code && known === undefined) {
        const bytes = hexToBytes(acc.code);
        codes.set(acc.code, (known = { code: bytes, codeHash: bytes.length ? keccak256(bytes) : KECCAK_EMPTY }));
      }
      const storage = new SlotMap();
      for (const [slot, value] of Object.entries(acc.storage ?? {})) putJsonSlot(storage, slot, BigInt(value), `pre-state ${addr}`);
      state.accounts.set(addressKey(addr), storedAccount(BigInt(acc.nonce ?? 0), BigInt(acc.balance ?? 0), known?.code ?? NO_BYTES, known?.codeHash ?? KECCAK_EMPTY, storage));
    }
    return state;
  }

  getAccount(address: string): Account | undefined { return this.accounts.get(address); }
  getCode(address: string): Uint8Array { return this.accounts.get(address)?.code ?? NO_BYTES; }
  getStorage(address: string, slot: string): bigint { return this.accounts.get(address)?.storage.get(slot) ?? 0n; }
  storageInto(address: string, key: Int32Array, keyAt: number, out: Int32Array, outAt: number): void {
    const acc = this.accounts.get(address);
    if (acc !== undefined) acc.storage.getInto(key, keyAt, out, outAt);
    else zeroWords(out, outAt);
  }
  hasStorage(address: string): boolean { return (this.accounts.get(address)?.storage.size ?? 0) > 0; }
  getBlockHash(number: bigint): Uint8Array | undefined { return this.blockHashes.get(number); }

  /**
   * Gives each account its place, its position in the state as it is now, and returns the addresses by
   * place. Until unindexPlaces, accountAt reads an account by place and commit takes changes by place:
   * the parallel planner's results name the pre-state's accounts so (parallel/wire.ts), and an array
   * read costs a fraction of a lookup in a Map of ~10,000 addresses. (A state left indexed stays exact,
   * since every commit keeps the index in step; unindexPlaces frees it.)
   */
  indexPlaces(): readonly string[] {
    this.names = Array.from(this.accounts.keys());
    const placed = (this.placed = Array.from(this.accounts.values()));
    this.newHintIndex();
    for (let p = 0; p < placed.length; p++) { const acc = placed[p]!; acc.place = p; acc.placeIndex = this.hintIndex; }
    this.deletedPlaces = null;
    this.placeByName = null;
    return this.names;
  }

  unindexPlaces(): void { this.placed = null; this.names = []; this.deletedPlaces = null; this.placeByName = null; }

  /** The account at `place` (indexPlaces), or undefined when there is none now. */
  accountAt(place: number): StoredAccount | undefined {
    if (this.placed === null) throw new Error(`account #${place} asked by place of a state not indexed (MemoryState.indexPlaces)`);
    return this.placed[place];
  }

  /** The place of `address` (indexPlaces), or -1 when it had none (or the state is not indexed). */
  placeOf(address: string): number {
    return this.placed === null ? -1 : this.placeOfAccount(address, this.accounts.get(address));
  }

  /** placeOf, indexed, of `address` whose account (undefined: none) the caller looked up already. */
  private placeOfAccount(address: string, acc: StoredAccount | undefined): number {
    if (acc === undefined) return this.deletedPlaces?.get(address) ?? -1; // (gone since indexPlaces, or never there)
    return this.hintedPlace(acc) ?? this.placeByAddress(address);
  }

  /** Starts a new numbering of this state's place hints: every hint set before is no longer trusted. */
  protected newHintIndex(): void { this.hintIndex = ++lastHintIndex; }

  /** The place hint of `acc` when this state set it under its current number (-1: outside the places), else undefined. */
  protected hintedPlace(acc: StoredAccount | undefined): number | undefined {
    return acc !== undefined && acc.placeIndex === this.hintIndex ? acc.place : undefined;
  }

  /** placeOf without a trusted hint (an account stored from outside): from a table of the index's names. */
  private placeByAddress(address: string): number {
    if (this.placeByName === null) {
      const byName = (this.placeByName = new Map<string, number>());
      for (let p = 0; p < this.names.length; p++) byName.set(this.names[p], p);
    }
    return this.placeByName.get(address) ?? -1;
  }

  /** Applies one transaction's changes. */
  commit(changes: Iterable<AccountChange>): void {
    for (const ch of changes) this.commitChange(ch, PLACE_UNKNOWN);
  }

  /**
   * commit, by place while indexed: `places` holds each change's place (indexPlaces; -1: none), or
   * PLACE_UNKNOWN where the caller has only the address, which is then looked up and filled in.
   */
  commitPlaced(changes: readonly AccountChange[], places: number[]): void {
    for (let i = 0; i < changes.length; i++) places[i] = this.commitChange(changes[i], this.placed === null ? -1 : places[i]);
  }

  /** Applies one account's change; `place`: its place, -1 for none, or PLACE_UNKNOWN. Returns its place. */
  private commitChange(ch: AccountChange, place: number): number {
    const acc = this.changedAccount(ch.address, place, ch.deleted);
    if (acc !== undefined) {
      setFields(acc, ch.nonce, ch.balance, ch.balanceDelta, ch.code, ch.codeHash, ch.storageCleared);
      if (ch.storage.size !== 0) ownStorage(acc).writeAll(ch.storage, true);
    }
    return this.changedPlace;
  }

  /**
   * commitPlaced of one change given field by field, its storage as `count` entries packed in `words` from
   * `at` (16 words each): a worker's results commit so straight from their bytes, with no change objects
   * (parallel/wire.ts commitEncodedChanges). Returns its place.
   */
  commitFields(address: string, place: number, deleted: boolean, storageCleared: boolean, nonce: bigint | undefined, balance: bigint | undefined,
    balanceDelta: bigint | undefined, code: Uint8Array | undefined, codeHash: Uint8Array | undefined, words: Int32Array, at: number, count: number): number {
    const acc = this.changedAccount(address, this.placed === null ? -1 : place, deleted);
    if (acc !== undefined) {
      setFields(acc, nonce, balance, balanceDelta, code, codeHash, storageCleared);
      if (count !== 0) ownStorage(acc).writeWords(words, at, count, true);
    }
    return this.changedPlace;
  }

  /** The place of the account changedAccount found last. */
  private changedPlace = -1;

  /**
   * The account a change applies to, made when new, or undefined when `deleted` (it is then gone); its place
   * (`place`, or looked up for PLACE_UNKNOWN) in changedPlace. Keeps the index in step (indexPlaces).
   */
  private changedAccount(address: string, place: number, deleted: boolean): StoredAccount | undefined {
    const placed = this.placed;
    let acc: StoredAccount | undefined;
    if (place === PLACE_UNKNOWN) {
      // (one lookup finds the account and, by its hint, its place)
      acc = this.accounts.get(address);
      place = placed === null ? -1 : this.placeOfAccount(address, acc);
    } else acc = place >= 0 ? placed![place] : this.accounts.get(address);
    this.changedPlace = place;
    if (deleted) {
      this.accounts.delete(address);
      if (place >= 0) { placed![place] = undefined; (this.deletedPlaces ??= new Map()).set(address, place); }
      return undefined;
    }
    if (!acc) {
      acc = storedAccount(0n, 0n, NO_BYTES, KECCAK_EMPTY, SlotMap.EMPTY);
      this.accounts.set(address, acc);
      if (placed !== null) { acc.place = place; acc.placeIndex = this.hintIndex; }
      if (place >= 0) placed![place] = acc;
    }
    return acc;
  }

  /** The Merkle-Patricia state root (Yellow Paper appendix D). */
  stateRoot(): Uint8Array {
    const entries: [Uint8Array, Uint8Array][] = [];
    for (const [addr, acc] of this.accounts) {
      const storageRoot = acc.storage.size === 0 ? EMPTY_TRIE_ROOT : secureTrieRoot(
        [...acc.storage].map(([slot, value]) => [hexToBytes(slot), encode(bigintToBytes(value))] as [Uint8Array, Uint8Array]));
      entries.push([hexToBytes(addr), encode([acc.nonce, acc.balance, storageRoot, acc.codeHash])]);
    }
    return secureTrieRoot(entries);
  }

  toJSON(): PreStateJson {
    const out: PreStateJson = {};
    for (const [addr, acc] of this.accounts) {
      const storage: Record<string, string> = {};
      for (const [slot, v] of acc.storage) storage['0x' + slot] = '0x' + v.toString(16);
      out['0x' + addr] = { balance: '0x' + acc.balance.toString(16), nonce: '0x' + acc.nonce.toString(16), code: bytesToHex(acc.code), storage };
    }
    return out;
  }
}
