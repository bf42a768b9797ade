/**
 * The journaled state of one transaction on top of a StateReader: current values, original values
 * (EIP-2200), warm sets (EIP-2929), transient storage (EIP-1153), logs, created / destroyed / touched
 * accounts (EIP-161, EIP-6780), checkpoints, and the read and write sets of access tracking.
 */
import { NO_STORAGE, type StateReader, type Log, type AccountChange } from './types.js';
import type { ReadSet, AccountReads, ReadRecord } from './access.js';
import { accountReads, readSetOf, READ_EXISTS, READ_BALANCE, READ_NONCE, READ_CODE, READ_HAS_STORAGE, READ_MIN_BALANCE } from './access.js';
import { KECCAK_EMPTY } from './memory-state.js';
import { keccak256 } from '../bytes.js';
import { Fork } from '../forks.js';
import { SlotList, ENTRY, WORDS, copyWords, zeroWords, isZeroWords, equalWords, slotWords, wordsFromBigint, bigintFromWords, hexFromWords } from './slots.js';
import { TxSlots, KEY, BASE, CURRENT, FLAGS, SIBLING, STRIDE, F_BASE, F_WRITTEN, F_WARM } from './tx-slots.js';

interface Live {
  /** The account's id in this transaction's slot table (tx-slots.ts). */
  readonly id: number;
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
  /** What was read from the base, with the values seen first (the account's part of the read record). */
  readonly r: AccountReads;
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
  private readonly live = new Map<string, Live>();
  /**
   * Undo log, flat and closure-free: each entry is its operands followed by its J_* code (revert pops the
   * code, then the operands it takes). A closure per entry was most of a transaction's garbage.
   */
  private readonly journal: unknown[] = [];
  readonly warmAddresses = new Set<string>();
  /** Every slot touched: base, current and written values, warmth (EIP-2929). Given back by `release`. */
  private slots = TxSlots.acquire();
  /** EIP-1153 transient storage, by address + slot (created on first write: most transactions have none). */
  private transient: Map<string, bigint> | null = null;
  readonly touched = new Set<string>();
  /** Self-destructed and created accounts (EIP-6780): the shared empty set until the first entry. */
  private destroyed: Set<string> = NO_ENTRIES;
  private created: Set<string> = NO_ENTRIES;
  logs: Log[] = [];

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
  }

  // --- loading and read tracking -------------------------------------------------------------------
  private get(address: string): Live {
    let a = this.live.get(address);
    if (a === undefined) {
      const b = this.base.getAccount(address);
      a = {
        id: this.live.size, firstSlot: -1,
        exists: b !== undefined, nonce: b?.nonce ?? 0n, balance: b?.balance ?? 0n, code: null,
        codeHash: b?.codeHash ?? KECCAK_EMPTY, storageCleared: false,
        nonceWritten: false, balanceWritten: false, credit: 0n, minBase: -1n, codeWritten: false, existsWritten: false,
        r: accountReads(address),
      };
      this.live.set(address, a);
    }
    return a;
  }

  /**
   * The accounts read from the base state, with the values seen (the read set of access tracking, in
   * compact form: src/state/access.ts). Take it after execution (finalize adds the balance lower bounds).
   */
  readRecord(): ReadRecord {
    const record: AccountReads[] = [];
    for (const a of this.live.values()) {
      const slots = this.slotList(a, F_BASE, BASE);
      if (slots !== null) a.r.slots = slots;
      if (a.r.read !== 0 || a.r.slots !== null) record.push(a.r);
    }
    return record;
  }

  /** The account's slots with `flag`, each with its value at `valueAt` (BASE or CURRENT), packed; null when none. */
  private slotList(a: Live, flag: number, valueAt: number): SlotList | null {
    const w = this.slots.words;
    let n = 0;
    for (let e = a.firstSlot; e >= 0; e = w[e * STRIDE + SIBLING]) if (w[e * STRIDE + FLAGS] & flag) n++;
    if (n === 0) return null;
    return SlotList.pack(n, (to, at) => {
      for (let e = a.firstSlot; e >= 0; e = w[e * STRIDE + SIBLING]) {
        const from = e * STRIDE;
        if (!(w[from + FLAGS] & flag)) continue;
        copyWords(w, from + KEY, to, at);
        copyWords(w, from + valueAt, to, at + WORDS);
        at += ENTRY;
      }
    });
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
    this.journal.push(e, J_WARM_SLOT);
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
    this.journal.push(e, undoAt, J_STORAGE);
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
      this.journal.push(a, credit, J_CREDIT);
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
    if (a.code === null) a.code = a.exists ? this.base.getCode(address) : new Uint8Array(0);
    return a.code;
  }
  /** EIP-161: no code, nonce 0, balance 0 (a non-existent account is empty too). */
  isEmpty(address: string): boolean {
    return this.nonce(address) === 0n && this.balance(address) === 0n && this.codeHash(address).every((b, i) => b === KECCAK_EMPTY[i]);
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
  checkpoint(): number { return this.journal.length; }
  commit(_id: number): void { /* nothing to do: undo entries stay for an outer revert */ }
  revert(id: number): void {
    const j = this.journal;
    while (j.length > id) {
      const op = j.pop() as number;
      switch (op) {
        case J_NONCE: { const flag = j.pop() as boolean, old = j.pop() as bigint, a = j.pop() as Live; a.nonce = old; a.nonceWritten = flag; break; }
        case J_BALANCE: { const flag = j.pop() as boolean, old = j.pop() as bigint, a = j.pop() as Live; a.balance = old; a.balanceWritten = flag; break; }
        case J_CREDIT: { const old = j.pop() as bigint; (j.pop() as Live).credit = old; break; }
        case J_MIN_BASE: { const old = j.pop() as bigint; (j.pop() as Live).minBase = old; break; }
        case J_EXISTS: { const flag = j.pop() as boolean, a = j.pop() as Live; a.exists = false; a.existsWritten = flag; break; }
        case J_CODE: {
          const flag = j.pop() as boolean, hash = j.pop() as Uint8Array, code = j.pop() as Uint8Array | null, a = j.pop() as Live;
          a.code = code; a.codeHash = hash; a.codeWritten = flag;
          break;
        }
        case J_STORAGE: { const undoAt = j.pop() as number; this.slots.restore(j.pop() as number, undoAt); break; }
        case J_CREATE: { const cleared = j.pop() as boolean; (j.pop() as Live).storageCleared = cleared; break; }
        case J_TOUCHED: this.touched.delete(j.pop() as string); break;
        case J_CREATED: this.created.delete(j.pop() as string); break;
        case J_DESTROYED: this.destroyed.delete(j.pop() as string); break;
        case J_WARM_ADDRESS: this.warmAddresses.delete(j.pop() as string); break;
        case J_WARM_SLOT: this.slots.words[(j.pop() as number) * STRIDE + FLAGS] &= ~F_WARM; break;
        case J_TRANSIENT: {
          const old = j.pop() as bigint | undefined, key = j.pop() as string;
          if (old === undefined) this.transient!.delete(key); else this.transient!.set(key, old);
          break;
        }
        case J_LOGS: this.logs.length = j.pop() as number; break;
        default: throw new Error(`journal: unknown entry ${op}`);
      }
    }
  }

  private set(a: Live, field: 'nonce' | 'balance', value: bigint): void {
    if (field === 'nonce') {
      this.journal.push(a, a.nonce, a.nonceWritten, J_NONCE);
      a.nonce = value;
      a.nonceWritten = true;
    } else {
      this.journal.push(a, a.balance, a.balanceWritten, J_BALANCE);
      a.balance = value;
      a.balanceWritten = true;
    }
  }

  /** Makes the account exist (EIP-161 touch also marks it touched from Spurious Dragon on). */
  touch(address: string): void {
    const a = this.get(address);
    if (!this.exists(address)) {
      this.journal.push(a, a.existsWritten, J_EXISTS);
      a.exists = true;
      a.existsWritten = true;
    }
    if (this.fork >= Fork.SpuriousDragon && !this.touched.has(address)) {
      this.touched.add(address);
      // the RIPEMD-160 precompile stays touched when the call that touched it fails (mainnet block 2,675,119)
      if (address !== RIPEMD160) this.journal.push(address, J_TOUCHED);
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
      this.journal.push(a, a.minBase, J_MIN_BASE);
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
    this.journal.push(a, a.credit, J_CREDIT);
    a.credit += value;
  }

  setCode(address: string, code: Uint8Array, codeHash?: Uint8Array): void {
    const a = this.get(address);
    this.journal.push(a, a.code, a.codeHash, a.codeWritten, J_CODE);
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
      this.journal.push(e, this.slots.save(e), J_STORAGE);
      w[e * STRIDE + FLAGS] &= ~F_WRITTEN;
    }
    this.journal.push(a, a.storageCleared, J_CREATE);
    a.storageCleared = true;
    if (!this.created.has(address)) {
      if (this.created === NO_ENTRIES) this.created = new Set();
      this.created.add(address);
      this.journal.push(address, J_CREATED);
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
    this.journal.push(address, J_DESTROYED);
  }

  /** EIP-2929: marks warm; returns true when it was cold. */
  warmAddress(address: string): boolean {
    if (this.warmAddresses.has(address) || this.alwaysWarm.has(address)) return false;
    this.warmAddresses.add(address);
    this.journal.push(address, J_WARM_ADDRESS);
    return true;
  }
  warmSlot(address: string, slot: string): boolean { return this.warmSlotAt(address, keyWords(slot), 0); }

  getTransient(address: string, slot: string): bigint { return this.transient?.get(address + slot) ?? 0n; }
  setTransient(address: string, slot: string, value: bigint): void {
    const key = address + slot;
    const transient = (this.transient ??= new Map());
    this.journal.push(key, transient.get(key), J_TRANSIENT);
    transient.set(key, value);
  }

  addLog(log: Log): void {
    this.journal.push(this.logs.length, J_LOGS);
    this.logs.push(log);
  }

  // --- end of transaction --------------------------------------------------------------------------
  /**
   * Deletes self-destructed accounts and (EIP-161) touched empty ones, and returns the net changes (their
   * write set is access.ts writeSetOf's). Call once, after execution and fee payment.
   */
  finalize(pending?: { address: string; amount: bigint }): AccountChange[] {
    const changes: AccountChange[] = [];
    for (const [address, a] of this.live) {
      // lower bounds the debits relied on, unless the exact balance was read anyway
      if (a.minBase >= 0n && !(a.r.read & READ_BALANCE)) { a.r.read |= READ_MIN_BALANCE; a.r.minBalance = a.minBase; }
      let deleted = this.destroyed.has(address);
      // a balance still to be credited at commit (a deferred beneficiary fee) keeps the account non-empty
      const extra = (pending && pending.address === address ? pending.amount : 0n) + a.credit;
      // (the emptiness test reads through the tracked accessors: it is a dependency like any other read)
      if (!deleted && this.fork >= Fork.SpuriousDragon && this.touched.has(address) && this.exists(address)
        && this.nonce(address) === 0n && extra === 0n && this.balance(address) === 0n
        && this.codeHash(address).every((b, i) => b === KECCAK_EMPTY[i])) deleted = true;
      const storage = this.slotList(a, F_WRITTEN, CURRENT);
      const changed = a.nonceWritten || a.balanceWritten || a.credit !== 0n || a.codeWritten || a.existsWritten || storage !== null || a.storageCleared;
      if (deleted) {
        const existedBefore = this.base.getAccount(address) !== undefined;
        if (!a.existsWritten) this.noteExists(a, existedBefore);
        if (a.exists || existedBefore) {
          changes.push({ address, deleted: true, storageCleared: true, storage: NO_STORAGE });
        }
        continue;
      }
      if (!changed || !a.exists) continue;
      const ch: AccountChange = { address, deleted: false, storageCleared: a.storageCleared, storage: storage ?? NO_STORAGE };
      if (a.nonceWritten) ch.nonce = a.nonce;
      if (a.balanceWritten) ch.balance = a.balance;
      if (a.credit !== 0n) ch.balanceDelta = a.credit;
      if (a.codeWritten) { ch.code = a.code ?? new Uint8Array(0); ch.codeHash = a.codeHash; }
      if (a.existsWritten) ch.created = true;
      changes.push(ch);
    }
    return changes;
  }
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
