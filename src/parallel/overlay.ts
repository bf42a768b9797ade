/**
 * The planner thread's speculative view: the committed state with the changes of its own executed but
 * not yet committed transactions laid over it. The planner thread runs transactions ahead of the commit
 * point like a worker does; a chain of its own transactions (one sender, or a learned contract) sees the
 * previous one's writes here. Like a worker's local state, the view may show a value that a later commit
 * supersedes; validation by value at commit catches any such read.
 */
import type { Account, AccountChange, StateReader } from '../state/types.js';
import { KECCAK_EMPTY, type MemoryState } from '../state/memory-state.js';
import { keccak256, NO_BYTES } from '../bytes.js';
import { SlotMap, WORDS, isZeroWords, zeroWords, slotWords, bigintFromWords } from '../state/slots.js';

/** Scratch: a slot key (words 0..7) and a value (8..15). */
const SCRATCH = new Int32Array(2 * WORDS);

interface Layer {
  /** The transaction whose changes this layer shows last (dropped once it commits, unless superseded). */
  version: number;
  /** null: the account does not exist in the view. */
  account: Account | null;
  code?: Uint8Array;
  /** Storage below the layer is gone (the account was created or destroyed speculatively). */
  cleared: boolean;
  /** Slots written (zero included), in words (state/slots.ts). */
  storage: SlotMap;
}

export class SpeculativeView implements StateReader {
  private readonly layers = new Map<string, Layer>();
  /** Tables of dropped layers, emptied, for new ones (a typed array costs ~0.7 µs to make). */
  private readonly spare: SlotMap[] = [];
  /** The accounts each transaction laid over the view. */
  private readonly touched = new Map<number, string[]>();

  constructor(private readonly base: MemoryState) {}

  get size(): number { return this.layers.size; }

  getAccount(address: string): Account | undefined {
    const l = this.layers.get(address);
    if (l === undefined) return this.base.getAccount(address);
    return l.account ?? undefined;
  }

  getCode(address: string): Uint8Array {
    const l = this.layers.get(address);
    if (l === undefined) return this.base.getCode(address);
    if (l.account === null) return NO_BYTES;
    return l.code ?? this.base.getCode(address);
  }

  getStorage(address: string, slot: string): bigint {
    slotWords(slot, SCRATCH, 0);
    this.storageInto(address, SCRATCH, 0, SCRATCH, WORDS);
    return bigintFromWords(SCRATCH, WORDS);
  }

  storageInto(address: string, key: Int32Array, keyAt: number, out: Int32Array, outAt: number): void {
    const l = this.layers.get(address);
    if (l === undefined) { this.base.storageInto(address, key, keyAt, out, outAt); return; }
    if (l.storage.getInto(key, keyAt, out, outAt)) return;
    if (l.cleared || l.account === null) zeroWords(out, outAt);
    else this.base.storageInto(address, key, keyAt, out, outAt);
  }

  hasStorage(address: string): boolean {
    const l = this.layers.get(address);
    if (l === undefined) return this.base.hasStorage(address);
    if (l.account === null) return false;
    let any = false;
    l.storage.forEachWords((cells, k) => { if (!isZeroWords(cells, k + WORDS)) any = true; });
    if (any || l.cleared) return any;
    // below the layer: any slot the layer does not zero
    const acc = this.base.accounts.get(address);
    if (!acc) return false;
    acc.storage.forEachWords((cells, k) => { if (!l.storage.getInto(cells, k, SCRATCH, 0) || !isZeroWords(SCRATCH, 0)) any = true; });
    return any;
  }

  private newLayer(version: number, account: Account | null, cleared: boolean): Layer {
    return { version, account, cleared, storage: this.spare.pop() ?? new SlotMap() };
  }
  private dropLayer(address: string, l: Layer): void {
    this.layers.delete(address);
    l.storage.reset();
    this.spare.push(l.storage);
  }

  getBlockHash(number: bigint): Uint8Array | undefined { return this.base.getBlockHash(number); }

  /** Lays transaction `version`'s changes over the view. */
  apply(changes: AccountChange[], version: number): void {
    const addresses = this.touched.get(version) ?? [];
    this.touched.set(version, addresses);
    for (const ch of changes) {
      addresses.push(ch.address);
      let l = this.layers.get(ch.address);
      if (ch.deleted) {
        if (l !== undefined) this.dropLayer(ch.address, l);
        this.layers.set(ch.address, this.newLayer(version, null, true));
        continue;
      }
      if (l === undefined) {
        const below = this.base.getAccount(ch.address);
        l = this.newLayer(version, below ? { nonce: below.nonce, balance: below.balance, codeHash: below.codeHash } : null, false);
        this.layers.set(ch.address, l);
      }
      l.version = Math.max(l.version, version);
      if (l.account === null) { l.account = { nonce: 0n, balance: 0n, codeHash: KECCAK_EMPTY }; l.code = NO_BYTES; l.cleared = true; l.storage.reset(); }
      if (ch.nonce !== undefined) l.account.nonce = ch.nonce;
      if (ch.balance !== undefined) l.account.balance = ch.balance;
      if (ch.balanceDelta !== undefined) l.account.balance += ch.balanceDelta;
      if (ch.code !== undefined) { l.code = ch.code; l.account.codeHash = ch.codeHash ?? keccak256(ch.code); }
      if (ch.storageCleared) { l.cleared = true; l.storage.reset(); }
      l.storage.writeAll(ch.storage, false); // (a zero stays: it hides the slot below)
    }
  }

  /**
   * Transaction `version` committed (its speculative outcome, or a re-execution): the layers it made
   * and no later transaction of this view rewrote are superseded by the committed state.
   */
  committed(version: number): void {
    const addresses = this.touched.get(version);
    if (addresses === undefined) return;
    this.touched.delete(version);
    for (const a of addresses) { const l = this.layers.get(a); if (l !== undefined && l.version <= version) this.dropLayer(a, l); }
  }
}
