/**
 * The journaled state of one transaction on top of a StateReader: current values, original values
 * (EIP-2200), warm sets (EIP-2929), transient storage (EIP-1153), logs, created / destroyed / touched
 * accounts (EIP-161, EIP-6780), checkpoints, and the read and write sets of access tracking.
 */
import { NO_STORAGE, NO_LOGS, type Account, type StateReader, type Log, type AccountChange } from './types.js';
import type { ReadSet, AccountReads, ReadRecord } from './access.js';
import { accountReads, readSetOf, READ_EXISTS, READ_BALANCE, READ_NONCE, READ_CODE, READ_HAS_STORAGE, READ_MIN_BALANCE } from './access.js';
import { KECCAK_EMPTY } from './memory-state.js';
import { keccak256, NO_BYTES, equalBytes } from '../bytes.js';
import { Fork } from '../forks.js';
import { SlotList, ENTRY, WORDS, copyWords, zeroWords, isZeroWords, equalWords, slotWords, wordsFromBigint, bigintFromWords, hexFromWords } from './slots.js';
import { TxSlots, KEY, BASE, CURRENT, FLAGS, SIBLING, STRIDE, F_BASE, F_WRITTEN, F_WARM } from './tx-slots.js';

/** An account as one transaction sees it (reused by later transactions: `release`, acquireLive). */
interface Live {
  /** The account's id in this transaction's slot table (tx-slots.ts). */
  id: number;
  /** Its first slot entry there, or -1 (the others follow by SIBLING). */
  firstSlot: number;
  exists: boolean;
  nonce: bigint;
  balance: bigint;
  code: Uint8Array | null; // null: not loaded yet
  codeHash: Uint8Array;
  storageCleared: boolean; // created or destroyed here: base storage no longer visible
  nonceWritten: boolean;
  balanceWritten: boolean;
  /** Credits minus debits made without reading the balance (a commutative delta, added at commit). */
  credit: bigint;
  /** The least base balance the debits made without reading it require (-1: none). */
  minBase: bigint;
  codeWritten: boolean;
  existsWritten: boolean;
  /** EIP-2929: warm in this transaction (journaled; the sets of EIP-2929 as flags, no Set per transaction). */
  warm: boolean;
  /** EIP-161: touched in this transaction (journaled, except RIPEMD-160's). */
  touched: boolean;
  /** What was read from the base, with the values seen first (the account's part of the read record). */
  r: AccountReads;
}

/** EVMC-style storage status, as in assembly/host.ts. */
export const enum StorageStatus {
  Assigned = 0, Added = 1, Deleted = 2, Modified = 3, DeletedAdded = 4,
  ModifiedDeleted = 5, DeletedRestored = 6, AddedDeleted = 7, ModifiedRestored = 8,
}

const RIPEMD160 = '0000000000000000000000000000000000000003';

// Undo log entry codes (TxOverlay.journal), each after its operands.
const J_NONCE = 1, J_BALANCE = 2, J_CREDIT = 3, J_MIN_BASE = 4, J_EXISTS = 5, J_CODE = 6, J_STORAGE = 7, J_CREATE = 8,
  J_TOUCHED = 9, J_CREATED = 10, J_DESTROYED = 11, J_WARM_ADDRESS = 12, J_WARM_SLOT = 13, J_TRANSIENT = 14, J_LOGS = 15;
const NONE: ReadonlySet<string> = new Set();
/** Never added to: stands for an empty set until a transaction needs its own (TxOverlay.destroyed, created). */
const NO_ENTRIES = new Set<string>();

export class TxOverlay {
  /** The accounts loaded, in the order first seen (their ids); a reused array, `liveCount` long. */
  private lives: Live[] = spareLists.pop() ?? [];
  private liveCount = 0;
  /** By address, once there are more than SCANNED accounts (fewer are found by comparing addresses). */
  private liveIndex: Map<string, Live> | null = null;
  /**
   * Undo log, flat and closure-free: each entry is its operands followed by its J_* code (revert pops the
   * code, then the operands it takes). A closure per entry was most of a transaction's garbage.
   */
  private journal = acquireJournal();
  /** The journal's length: entries past it are stale (the array is reused, not shrunk: release). */
  private top = 0;
  /** The most entries the journal held (release clears that many). */
  private highest = 0;
  /** Every slot touched: base, current and written values, warmth (EIP-2929). Given back by `release`. */
  private slots = TxSlots.acquire();
  /** EIP-1153 transient storage, by address + slot (created on first write: most transactions have none). */
  private transient: Map<string, bigint> | null = null;
  /** Self-destructed and created accounts (EIP-6780): the shared empty set until the first entry. */
  private destroyed: Set<string> = NO_ENTRIES;
  private created: Set<string> = NO_ENTRIES;
  /**
   * The logs, `logCount` of them, in an array reused from transaction to transaction (the first push to an
   * empty one made room for 17, ~150 B); entries past `logCount` are reverted ones, cleared by release.
   */
  private logList: Log[] = spareLogLists.pop() ?? [];
  private logCount = 0;
  /** The most logs `logList` held in this transaction (release clears that many). */
  private logHigh = 0;

  /** Addresses warm for the whole transaction without journaling (EIP-2929 precompiles). */
  alwaysWarm: ReadonlySet<string> = NONE;

  /** Whether the base reads slots in words (StateReader.storageInto) or only through getStorage. */
  private readonly baseInWords: boolean;

  constructor(readonly base: StateReader, readonly fork: number) {
    this.baseInWords = typeof base.storageInto === 'function';
  }

  /**
   * Gives the slot table back for the next transaction's overlay; call once the changes and the read
   * record are taken (they are copies). Nothing may use the overlay after.
   */
  release(): void {
    this.slots.release();
    this.slots = null as unknown as TxSlots;
    releaseJournal(this.journal, Math.max(this.highest, this.top));
    this.journal = null as unknown as unknown[];
    const lives = this.lives;
    for (let i = 0; i < this.liveCount; i++) { releaseLive(lives[i]); lives[i] = NO_LIVE; }
    spareLists.push(lives);
    this.lives = null as unknown as Live[];
    this.liveIndex = null;
    const logs = this.logList;
    logs.fill(undefined as unknown as Log, 0, this.logHigh); // (so it keeps no log alive; its room stays)
    if (logs.length <= SPARE_LOG_ROOM) spareLogLists.push(logs);
    this.logList = null as unknown as Log[];
  }

  /** Appends undo entries: operands first, the J_* code last (revert reads them back in reverse). */
  private note2(x: unknown, op: number): void {
    const j = this.journal; let t = this.top;
    j[t++] = x; j[t++] = op;
    this.top = t;
  }
  private note3(x: unknown, y: unknown, op: number): void {
    const j = this.journal; let t = this.top;
    j[t++] = x; j[t++] = y; j[t++] = op;
    this.top = t;
  }
  private note4(x: unknown, y: unknown, z: unknown, op: number): void {
    const j = this.journal; let t = this.top;
    j[t++] = x; j[t++] = y; j[t++] = z; j[t++] = op;
    this.top = t;
  }
  private note5(x: unknown, y: unknown, z: unknown, w: unknown, op: number): void {
    const j = this.journal; let t = this.top;
    j[t++] = x; j[t++] = y; j[t++] = z; j[t++] = w; j[t++] = op;
    this.top = t;
  }

  // --- loading and read tracking -------------------------------------------------------------------
  private get(address: string): Live {
    const n = this.liveCount, lives = this.lives;
    if (this.liveIndex === null) {
      // (keys are mostly the same string objects, from the core's key cache: a hit compares pointers)
      for (let i = 0; i < n; i++) if (lives[i].r.address === address) return lives[i];
    } else {
      const found = this.liveIndex.get(address);
      if (found !== undefined) return found;
    }
    const a = acquireLive(n, this.base.getAccount(address), accountReads(address));
    lives[n] = a;
    this.liveCount = n + 1;
    if (this.liveIndex !== null) this.liveIndex.set(address, a);
    else if (n + 1 > SCANNED) {
      this.liveIndex = new Map();
      for (let i = 0; i <= n; i++) this.liveIndex.set(lives[i].r.address, lives[i]);
    }
    return a;
  }

  /**
   * The accounts read from the base state, with the values seen (the read set of access tracking, in
   * compact form: src/state/access.ts). Take it after execution (finalize adds the balance lower bounds).
   */
  readRecord(): ReadRecord {
    const record = RECORD_SCRATCH;
    let n = 0;
    for (let i = 0; i < this.liveCount; i++) {
      const a = this.lives[i];
      const slots = this.slotList(a, F_BASE, BASE);
      if (slots !== null) a.r.slots = slots;
      if (a.r.read !== 0 || a.r.slots !== null) record[n++] = a.r;
    }
    return exactCopy(record, n);
  }

  /** The account's slots with `flag`, each with its value at `valueAt` (BASE or CURRENT), packed; null when none. */
  private slotList(a: Live, flag: number, valueAt: number): SlotList | null {
    const w = this.slots.words;
    let n = 0;
    for (let e = a.firstSlot; e >= 0; e = w[e * STRIDE + SIBLING]) if (w[e * STRIDE + FLAGS] & flag) n++;
    if (n === 0) return null;
    const first = SlotList.reserve(n), to = SlotList.chunk;
    for (let e = a.firstSlot, at = first; e >= 0; e = w[e * STRIDE + SIBLING]) {
      const from = e * STRIDE;
      if (!(w[from + FLAGS] & flag)) continue;
      copyWords(w, from + KEY, to, at);
      copyWords(w, from + valueAt, to, at + WORDS);
      at += ENTRY;
    }
    return SlotList.view(to, first, n);
  }
  /** The read set spelled as location keys (readRecord's, built on each call). */
  get reads(): ReadSet { return readSetOf(this.readRecord()); }

  private noteExists(a: Live, value: boolean): void {
    const r = a.r;
    if (r.read & READ_EXISTS) return;
    r.read |= READ_EXISTS;
    r.exists = value;
  }
  // --- storage, in words (slots.ts) ----------------------------------------------------------------
  /** The entry of the account's slot at `key[keyAt]` (made on first touch). */
  private slotEntry(a: Live, key: Int32Array, keyAt: number): number {
    const e = this.slots.find(a.id, key, keyAt);
    if (e >= 0) return e;
    return (a.firstSlot = this.slots.add(a.id, key, keyAt, a.firstSlot));
  }

  /**
   * Where entry e's value in the base starts (in the table's words), read once per transaction: the read
   * record keeps the value first seen, and the base does not change while a transaction runs. SLOADs of
   * a slot not written here, and the original value of every SSTORE (EIP-2200), come from it after.
   */
  private baseOf(a: Live, e: number): number {
    const w = this.slots.words, at = e * STRIDE;
    if (!(w[at + FLAGS] & F_BASE)) {
      w[at + FLAGS] |= F_BASE;
      if (this.baseInWords) this.base.storageInto!(a.r.address, w, at + KEY, w, at + BASE);
      else wordsFromBigint(this.base.getStorage(a.r.address, hexFromWords(w, at + KEY)), w, at + BASE);
    }
    return at + BASE;
  }

  /** Copies entry e's current value to `out[outAt]`. */
  private currentInto(a: Live, e: number, out: Int32Array, outAt: number): void {
    const at = e * STRIDE;
    if (this.slots.words[at + FLAGS] & F_WRITTEN) copyWords(this.slots.words, at + CURRENT, out, outAt);
    else if (a.storageCleared) zeroWords(out, outAt);
    else { const from = this.baseOf(a, e); copyWords(this.slots.words, from, out, outAt); }
  }

  /** Copies entry e's value at the start of the transaction (EIP-2200) to `out[outAt]`: 0 for an account created in it. */
  private originalInto(a: Live, e: number, out: Int32Array, outAt: number): void {
    if (a.storageCleared || this.created.has(a.r.address)) zeroWords(out, outAt);
    else { const from = this.baseOf(a, e); copyWords(this.slots.words, from, out, outAt); }
  }

  /** Marks entry e warm (EIP-2929); true when it was cold. */
  private warmEntry(e: number): boolean {
    const w = this.slots.words, at = e * STRIDE + FLAGS;
    if (w[at] & F_WARM) return false;
    w[at] |= F_WARM;
    this.note2(e, J_WARM_SLOT);
    return true;
  }

  /** SLOAD of the slot at `w[keyAt]`: its current value to `w[outAt]`, the slot marked warm; true when it was cold. */
  loadAt(address: string, w: Int32Array, keyAt: number, outAt: number): boolean {
    const a = this.get(address);
    const e = this.slotEntry(a, w, keyAt);
    const cold = this.warmEntry(e);
    this.currentInto(a, e, w, outAt);
    return cold;
  }

  /** EIP-2929: marks the slot at `w[keyAt]` warm; true when it was cold. */
  warmSlotAt(address: string, w: Int32Array, keyAt: number): boolean {
    return this.warmEntry(this.slotEntry(this.get(address), w, keyAt));
  }

  /** Writes the value at `value[valueAt]` to the slot at `key[keyAt]`, journaled. */
  private writeEntry(e: number, value: Int32Array, valueAt: number): void {
    const undoAt = this.slots.save(e);
    this.note3(e, undoAt, J_STORAGE);
    const w = this.slots.words, at = e * STRIDE;
    copyWords(value, valueAt, w, at + CURRENT);
    w[at + FLAGS] |= F_WRITTEN;
  }

  /** SSTORE of the value at `w[valueAt]` to the slot at `w[keyAt]`: stores it and returns the EVMC storage status. */
  storeAt(address: string, w: Int32Array, keyAt: number, valueAt: number): StorageStatus {
    const a = this.get(address);
    const e = this.slotEntry(a, w, keyAt);
    const v = STORE_VALUES; // current at 0, original at 8
    this.currentInto(a, e, v, 0);
    this.originalInto(a, e, v, WORDS);
    this.writeEntry(e, w, valueAt);
    if (equalWords(v, 0, w, valueAt)) return StorageStatus.Assigned;
    const originalIsZero = isZeroWords(v, WORDS), valueIsZero = isZeroWords(w, valueAt);
    if (equalWords(v, WORDS, v, 0)) { // clean slot
      if (originalIsZero) return StorageStatus.Added;
      return valueIsZero ? StorageStatus.Deleted : StorageStatus.Modified;
    }
    // dirty slot
    if (!originalIsZero) {
      if (isZeroWords(v, 0)) return equalWords(w, valueAt, v, WORDS) ? StorageStatus.DeletedRestored : StorageStatus.DeletedAdded;
      if (valueIsZero) return StorageStatus.ModifiedDeleted;
      if (equalWords(w, valueAt, v, WORDS)) return StorageStatus.ModifiedRestored;
      return StorageStatus.Assigned;
    }
    return valueIsZero ? StorageStatus.AddedDeleted : StorageStatus.Assigned;
  }

  exists(address: string): boolean {
    const a = this.get(address);
    if (!a.existsWritten) this.noteExists(a, a.exists);
    return a.exists;
  }
  balance(address: string): bigint {
    const a = this.get(address);
    if (!a.balanceWritten && !(a.r.read & READ_BALANCE)) { a.r.read |= READ_BALANCE; a.r.balance = a.balance; }
    if (a.credit !== 0n) { // the balance is observed: the pending credit becomes an ordinary write
      const credit = a.credit;
      this.note3(a, credit, J_CREDIT);
      a.credit = 0n;
      this.set(a, 'balance', a.balance + credit);
    }
    return a.balance;
  }
  nonce(address: string): bigint {
    const a = this.get(address);
    if (!a.nonceWritten && !(a.r.read & READ_NONCE)) { a.r.read |= READ_NONCE; a.r.nonce = a.nonce; }
    return a.nonce;
  }
  private noteCode(a: Live): void {
    if (a.codeWritten || a.r.read & READ_CODE) return;
    a.r.read |= READ_CODE;
    a.r.codeHash = a.codeHash;
  }
  codeHash(address: string): Uint8Array {
    const a = this.get(address);
    this.noteCode(a);
    return a.codeHash;
  }
  code(address: string): Uint8Array {
    const a = this.get(address);
    this.noteCode(a);
    if (a.code === null) a.code = a.exists ? this.base.getCode(address) : NO_BYTES;
    return a.code;
  }
  /**
   * EIP-161: no code, nonce 0, balance 0 (a non-existent account is empty too). Reads only what decides it,
   * in the order that records least: the code (a contract's never changes), then the nonce, then whether
   * the balance is at least 1 (a lower bound, which credits and debits by others rarely break, not the
   * exact value: hasAtLeast).
   */
  isEmpty(address: string): boolean {
    return equalBytes(this.codeHash(address), KECCAK_EMPTY) && this.nonce(address) === 0n && !this.hasAtLeast(address, 1n);
  }
  /** EIP-7610: any non-zero storage. */
  hasStorage(address: string): boolean {
    const a = this.get(address);
    const w = this.slots.words;
    for (let e = a.firstSlot; e >= 0; e = w[e * STRIDE + SIBLING]) {
      if (w[e * STRIDE + FLAGS] & F_WRITTEN && !isZeroWords(w, e * STRIDE + CURRENT)) return true;
    }
    if (a.storageCleared) return false;
    const has = this.base.hasStorage(address);
    if (!(a.r.read & READ_HAS_STORAGE)) { a.r.read |= READ_HAS_STORAGE; a.r.hasStorage = has; }
    return has;
  }

  // (by slot key, for callers off the hot path: the words of `key`, and the value at 8)
  storage(address: string, slot: string): bigint {
    const a = this.get(address);
    this.currentInto(a, this.slotEntry(a, keyWords(slot), 0), SCRATCH, WORDS);
    return bigintFromWords(SCRATCH, WORDS);
  }
  /** The value at the start of the transaction (EIP-2200); 0 for an account created in it. */
  originalStorage(address: string, slot: string): bigint {
    const a = this.get(address);
    this.originalInto(a, this.slotEntry(a, keyWords(slot), 0), SCRATCH, WORDS);
    return bigintFromWords(SCRATCH, WORDS);
  }

  // --- journaled writes ----------------------------------------------------------------------------
  checkpoint(): number { return this.top; }
  commit(_id: number): void { /* nothing to do: undo entries stay for an outer revert */ }
  revert(id: number): void {
    const j = this.journal;
    let t = this.top;
    if (t > this.highest) this.highest = t;
    while (t > id) {
      const op = j[--t] as number;
      switch (op) {
        case J_NONCE: { const flag = j[--t] as boolean, old = j[--t] as bigint, a = j[--t] as Live; a.nonce = old; a.nonceWritten = flag; break; }
        case J_BALANCE: { const flag = j[--t] as boolean, old = j[--t] as bigint, a = j[--t] as Live; a.balance = old; a.balanceWritten = flag; break; }
        case J_CREDIT: { const old = j[--t] as bigint; (j[--t] as Live).credit = old; break; }
        case J_MIN_BASE: { const old = j[--t] as bigint; (j[--t] as Live).minBase = old; break; }
        case J_EXISTS: { const flag = j[--t] as boolean, a = j[--t] as Live; a.exists = false; a.existsWritten = flag; break; }
        case J_CODE: {
          const flag = j[--t] as boolean, hash = j[--t] as Uint8Array, code = j[--t] as Uint8Array | null, a = j[--t] as Live;
          a.code = code; a.codeHash = hash; a.codeWritten = flag;
          break;
        }
        case J_STORAGE: { const undoAt = j[--t] as number; this.slots.restore(j[--t] as number, undoAt); break; }
        case J_CREATE: { const cleared = j[--t] as boolean; (j[--t] as Live).storageCleared = cleared; break; }
        case J_TOUCHED: (j[--t] as Live).touched = false; break;
        case J_CREATED: this.created.delete(j[--t] as string); break;
        case J_DESTROYED: this.destroyed.delete(j[--t] as string); break;
        case J_WARM_ADDRESS: (j[--t] as Live).warm = false; break;
        case J_WARM_SLOT: this.slots.words[(j[--t] as number) * STRIDE + FLAGS] &= ~F_WARM; break;
        case J_TRANSIENT: {
          const old = j[--t] as bigint | undefined, key = j[--t] as string;
          if (old === undefined) this.transient!.delete(key); else this.transient!.set(key, old);
          break;
        }
        case J_LOGS: this.logCount = j[--t] as number; break;
        default: throw new Error(`journal: unknown entry ${op}`);
      }
    }
    this.top = t;
  }

  private set(a: Live, field: 'nonce' | 'balance', value: bigint): void {
    if (field === 'nonce') {
      this.note4(a, a.nonce, a.nonceWritten, J_NONCE);
      a.nonce = value;
      a.nonceWritten = true;
    } else {
      this.note4(a, a.balance, a.balanceWritten, J_BALANCE);
      a.balance = value;
      a.balanceWritten = true;
    }
  }

  /** Makes the account exist (EIP-161 touch also marks it touched from Spurious Dragon on). */
  touch(address: string): void {
    const a = this.get(address);
    if (!this.exists(address)) {
      this.note3(a, a.existsWritten, J_EXISTS);
      a.exists = true;
      a.existsWritten = true;
    }
    if (this.fork >= Fork.SpuriousDragon && !a.touched) {
      a.touched = true;
      // the RIPEMD-160 precompile stays touched when the call that touched it fails (mainnet block 2,675,119)
      if (address !== RIPEMD160) this.note2(a, J_TOUCHED);
    }
  }

  setBalance(address: string, value: bigint): void { this.touch(address); this.set(this.get(address), 'balance', value); }
  setNonce(address: string, value: bigint): void { this.touch(address); this.set(this.get(address), 'nonce', value); }

  /** Moves value; false (and no change) when the sender lacks it. Zero value only touches `to`. */
  transfer(from: string, to: string, value: bigint): boolean {
    if (value === 0n) { this.touch(to); return true; }
    if (!this.hasAtLeast(from, value)) return false;
    this.credit(from, -value);
    this.credit(to, value);
    return true;
  }

  /**
   * True when the balance is at least `amount`. Answered without reading the exact balance when it can
   * be: the answer then rests on a recorded lower bound (`m:ADDR`), which later balance changes by
   * other transactions rarely break (parallel execution validates the bound, not the value).
   */
  hasAtLeast(address: string, amount: bigint): boolean {
    const a = this.get(address);
    if (a.balanceWritten || a.r.read & READ_BALANCE) return this.balance(address) >= amount;
    const need = amount - a.credit;
    if (a.balance < need) return this.balance(address) >= amount; // insufficient: that answer needs the exact value
    if (need > a.minBase) {
      this.note3(a, a.minBase, J_MIN_BASE);
      a.minBase = need;
    }
    return true;
  }

  /** Takes `value` from a balance known to hold it (hasAtLeast first); commutes like a credit. */
  debit(address: string, value: bigint): void {
    if (!this.hasAtLeast(address, value)) throw new Error(`debit of ${value} from ${address} exceeds its balance`);
    this.credit(address, -value);
  }

  /** Adds to a balance without reading it: commutes with other credits (parallel execution). */
  credit(address: string, value: bigint): void {
    this.touch(address);
    const a = this.get(address);
    if (a.balanceWritten) { this.set(a, 'balance', a.balance + value); return; }
    this.note3(a, a.credit, J_CREDIT);
    a.credit += value;
  }

  setCode(address: string, code: Uint8Array, codeHash?: Uint8Array): void {
    const a = this.get(address);
    this.note5(a, a.code, a.codeHash, a.codeWritten, J_CODE);
    a.code = code;
    a.codeHash = codeHash ?? (code.length ? keccak256(code) : KECCAK_EMPTY);
    a.codeWritten = true;
    this.touch(address);
  }

  setStorage(address: string, slot: string, value: bigint): void {
    const a = this.get(address);
    const key = keyWords(slot);
    wordsFromBigint(value, key, WORDS);
    this.writeEntry(this.slotEntry(a, key, 0), key, WORDS);
  }

  /** SSTORE by slot key (storeAt in words): stores and returns the EVMC storage status from original, current and new values. */
  store(address: string, slot: string, value: bigint): StorageStatus {
    const key = keyWords(slot);
    wordsFromBigint(value, key, WORDS);
    return this.storeAt(address, key, 0, WORDS);
  }

  /** A new contract at `address`: storage cleared, nonce 1 (EIP-161), remembered as created (EIP-6780). */
  createAccount(address: string): void {
    const a = this.get(address);
    // the slots written so far are gone (each write undone on revert)
    const w = this.slots.words;
    for (let e = a.firstSlot; e >= 0; e = w[e * STRIDE + SIBLING]) {
      if (!(w[e * STRIDE + FLAGS] & F_WRITTEN)) continue;
      this.note3(e, this.slots.save(e), J_STORAGE);
      w[e * STRIDE + FLAGS] &= ~F_WRITTEN;
    }
    this.note3(a, a.storageCleared, J_CREATE);
    a.storageCleared = true;
    if (!this.created.has(address)) {
      if (this.created === NO_ENTRIES) this.created = new Set();
      this.created.add(address);
      this.note2(address, J_CREATED);
    }
    this.touch(address);
    if (this.fork >= Fork.SpuriousDragon) this.setNonce(address, 1n);
  }

  /** SELFDESTRUCT of `address` to `beneficiary`; returns true when it was already destroyed in this tx. */
  selfdestruct(address: string, beneficiary: string): boolean {
    const already = this.destroyed.has(address);
    const balance = this.balance(address);
    if (this.fork >= Fork.Cancun) {
      // EIP-6780: the balance moves; the account is deleted only if created in this transaction
      if (address !== beneficiary) {
        this.setBalance(address, 0n);
        this.setBalance(beneficiary, this.balance(beneficiary) + balance);
      } else {
        this.touch(beneficiary);
      }
      if (this.created.has(address)) {
        this.setBalance(address, 0n);
        this.markDestroyed(address);
      }
      return already;
    }
    this.setBalance(beneficiary, this.balance(beneficiary) + balance);
    this.setBalance(address, 0n);
    this.markDestroyed(address);
    return already;
  }

  private markDestroyed(address: string): void {
    if (this.destroyed.has(address)) return;
    if (this.destroyed === NO_ENTRIES) this.destroyed = new Set();
    this.destroyed.add(address);
    this.note2(address, J_DESTROYED);
  }

  /** EIP-2929: marks warm; returns true when it was cold. */
  warmAddress(address: string): boolean {
    if (this.alwaysWarm.has(address)) return false;
    const a = this.get(address);
    if (a.warm) return false;
    a.warm = true;
    this.note2(a, J_WARM_ADDRESS);
    return true;
  }
  warmSlot(address: string, slot: string): boolean { return this.warmSlotAt(address, keyWords(slot), 0); }

  getTransient(address: string, slot: string): bigint { return this.transient?.get(address + slot) ?? 0n; }
  setTransient(address: string, slot: string, value: bigint): void {
    const key = address + slot;
    const transient = (this.transient ??= new Map());
    this.note3(key, transient.get(key), J_TRANSIENT);
    transient.set(key, value);
  }

  addLog(log: Log): void {
    this.note2(this.logCount, J_LOGS);
    this.logList[this.logCount++] = log;
    if (this.logCount > this.logHigh) this.logHigh = this.logCount;
  }

  // --- end of transaction --------------------------------------------------------------------------
  /**
   * Deletes self-destructed accounts and (EIP-161) touched empty ones, and returns the net changes (their
   * write set is access.ts writeSetOf's). Call once, after execution and fee payment; `pendingAmount` is
   * a balance still to be credited to `pendingAddress` at commit (a deferred beneficiary fee).
   */
  finalize(pendingAddress?: string, pendingAmount = 0n): AccountChange[] {
    const changes = CHANGES_SCRATCH;
    let n = 0;
    for (let i = 0; i < this.liveCount; i++) {
      const a = this.lives[i], address = a.r.address;
      // lower bounds the debits relied on, unless the exact balance was read anyway
      if (a.minBase >= 0n && !(a.r.read & READ_BALANCE)) { a.r.read |= READ_MIN_BALANCE; a.r.minBalance = a.minBase; }
      let deleted = this.destroyed.has(address);
      // a balance still to be credited at commit (a deferred beneficiary fee) keeps the account non-empty
      const extra = pendingAddress === address ? pendingAmount + a.credit : a.credit;
      // (the emptiness test reads through the tracked accessors: it is a dependency like any other read)
      if (!deleted && this.fork >= Fork.SpuriousDragon && a.touched && this.exists(address)
        && this.nonce(address) === 0n && extra === 0n && this.balance(address) === 0n
        && this.codeHash(address).every((b, i) => b === KECCAK_EMPTY[i])) deleted = true;
      const storage = this.slotList(a, F_WRITTEN, CURRENT);
      const changed = a.nonceWritten || a.balanceWritten || a.credit !== 0n || a.codeWritten || a.existsWritten || storage !== null || a.storageCleared;
      if (deleted) {
        const existedBefore = this.base.getAccount(address) !== undefined;
        if (!a.existsWritten) this.noteExists(a, existedBefore);
        if (a.exists || existedBefore) {
          changes[n++] = { address, deleted: true, storageCleared: true, storage: NO_STORAGE };
        }
        continue;
      }
      if (!changed || !a.exists) continue;
      const ch: AccountChange = { address, deleted: false, storageCleared: a.storageCleared, storage: storage ?? NO_STORAGE };
      if (a.nonceWritten) ch.nonce = a.nonce;
      if (a.balanceWritten) ch.balance = a.balance;
      if (a.credit !== 0n) ch.balanceDelta = a.credit;
      if (a.codeWritten) { ch.code = a.code ?? NO_BYTES; ch.codeHash = a.codeHash; }
      if (a.existsWritten) ch.created = true;
      changes[n++] = ch;
    }
    return exactCopy(changes, n);
  }

  /** The logs, in an array of their own at their exact size (NO_LOGS when none). */
  takeLogs(): Log[] { return this.logCount === 0 ? NO_LOGS : this.logList.slice(0, this.logCount); }
  /** The logs so far, in an array of their own. */
  get logs(): Log[] { return this.logList.slice(0, this.logCount); }
}

/** Scratch for SSTORE: the current value (words 0..7) and the original (8..15). */
const STORE_VALUES = new Int32Array(2 * WORDS);
/** Scratch for the methods by slot key: the key (words 0..7), a value (8..15). */
const SCRATCH = new Int32Array(2 * WORDS);

/** The words of a slot key, in SCRATCH (throws on a malformed key). */
function keyWords(slot: string): Int32Array {
  slotWords(slot, SCRATCH, 0);
  return SCRATCH;
}

/**
 * Where readRecord and finalize gather their entries before copying them out at their exact size (one
 * each, so neither overwrites the other's): an array grown by push keeps room for 17 (~150 B), and a
 * block's outcomes keep their read records, changes and logs to its end, so every young-generation
 * collection copies that room (GC survivors).
 */
const RECORD_SCRATCH: AccountReads[] = [], CHANGES_SCRATCH: AccountChange[] = [];
/** The first `n` entries of `scratch`, copied; the scratch keeps none of them alive. */
function exactCopy<T>(scratch: T[], n: number): T[] {
  const out = scratch.slice(0, n);
  for (let i = 0; i < n; i++) scratch[i] = undefined as T;
  return out;
}

/** Journals of finished transactions, for the next ones (an array that grew keeps its room). */
const spareJournals: unknown[][] = [];
function acquireJournal(): unknown[] { return spareJournals.pop() ?? []; }
/** Gives a journal back, its first `used` entries cleared (so it keeps no transaction's values alive). */
function releaseJournal(journal: unknown[], used: number): void {
  journal.fill(undefined, 0, used);
  spareJournals.push(journal);
}

/** Accounts and maps of finished transactions, for the next ones (a Live is ~150 B a transaction need not allocate). */
const spareLives: Live[] = [];
const spareLists: Live[][] = [];
/** Log arrays of finished transactions, for the next ones; one longer than SPARE_LOG_ROOM is dropped. */
const spareLogLists: Log[][] = [];
const SPARE_LOG_ROOM = 256;
/** Accounts a transaction finds by comparing addresses; past this many, by a Map. */
const SCANNED = 8;
/** Spare Lives kept at most (a transaction touching thousands of accounts does not keep them all). */
const SPARE_LIVES = 256;

/** A Live for the account `b` (undefined: absent) of the base, as id `id`, reading into `r`. */
function acquireLive(id: number, b: Account | undefined, r: AccountReads): Live {
  const a = spareLives.pop();
  if (a === undefined) {
    return {
      id, firstSlot: -1,
      exists: b !== undefined, nonce: b?.nonce ?? 0n, balance: b?.balance ?? 0n, code: null,
      codeHash: b?.codeHash ?? KECCAK_EMPTY, storageCleared: false,
      nonceWritten: false, balanceWritten: false, credit: 0n, minBase: -1n, codeWritten: false, existsWritten: false,
      warm: false, touched: false, r,
    };
  }
  a.id = id; a.firstSlot = -1;
  a.exists = b !== undefined; a.nonce = b?.nonce ?? 0n; a.balance = b?.balance ?? 0n; a.code = null;
  a.codeHash = b?.codeHash ?? KECCAK_EMPTY; a.storageCleared = false;
  a.nonceWritten = false; a.balanceWritten = false; a.credit = 0n; a.minBase = -1n; a.codeWritten = false; a.existsWritten = false;
  a.warm = false; a.touched = false; a.r = r;
  return a;
}

/** Gives a Live back, keeping none of its transaction's values alive. */
function releaseLive(a: Live): void {
  if (spareLives.length >= SPARE_LIVES) return;
  a.code = null; a.r = NO_READS;
  spareLives.push(a);
}
const NO_READS = accountReads('');
/** Fills a released list's places (so it keeps no account alive). */
const NO_LIVE: Live = acquireLive(-1, undefined, NO_READS);
