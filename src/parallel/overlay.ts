/**
 * The planner thread's speculative view: the committed state with the changes of its own executed but
 * not yet committed transactions laid over it. The planner thread runs transactions ahead of the commit
 * point like a worker does; a chain of its own transactions (one sender, or a learned contract) sees the
 * previous one's writes here. Like a worker's local state, the view may show a value that a later commit
 * supersedes; validation by value at commit catches any such read.
 */
import type { Account, AccountChange, StateReader } from '../state/types.js';
import { KECCAK_EMPTY, type MemoryState } from '../state/memory-state.js';
import { keccak256 } from '../bytes.js';

interface Layer {
  /** The transaction whose changes this layer shows last (dropped once it commits, unless superseded). */
  version: number;
  /** null: the account does not exist in the view. */
  account: Account | null;
  code?: Uint8Array;
  /** Storage below the layer is gone (the account was created or destroyed speculatively). */
  cleared: boolean;
  storage: Map<string, bigint>;
}

const NO_CODE = new Uint8Array(0);

export class SpeculativeView implements StateReader {
  private readonly layers = new Map<string, Layer>();
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
    if (l.account === null) return NO_CODE;
    return l.code ?? this.base.getCode(address);
  }

  getStorage(address: string, slot: string): bigint {
    const l = this.layers.get(address);
    if (l === undefined) return this.base.getStorage(address, slot);
    const v = l.storage.get(slot);
    if (v !== undefined) return v;
    return l.cleared || l.account === null ? 0n : this.base.getStorage(address, slot);
  }

  hasStorage(address: string): boolean {
    const l = this.layers.get(address);
    if (l === undefined) return this.base.hasStorage(address);
    if (l.account === null) return false;
    for (const v of l.storage.values()) if (v !== 0n) return true;
    if (l.cleared) return false;
    // below the layer: any slot the layer does not zero
    const acc = this.base.accounts.get(address);
    if (!acc) return false;
    for (const slot of acc.storage.keys()) if (l.storage.get(slot) !== 0n) return true;
    return false;
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
        this.layers.set(ch.address, { version, account: null, cleared: true, storage: new Map() });
        continue;
      }
      if (l === undefined) {
        const below = this.base.getAccount(ch.address);
        l = { version, account: below ? { nonce: below.nonce, balance: below.balance, codeHash: below.codeHash } : null, cleared: false, storage: new Map() };
        this.layers.set(ch.address, l);
      }
      l.version = Math.max(l.version, version);
      if (l.account === null) { l.account = { nonce: 0n, balance: 0n, codeHash: KECCAK_EMPTY }; l.code = NO_CODE; l.cleared = true; l.storage.clear(); }
      if (ch.nonce !== undefined) l.account.nonce = ch.nonce;
      if (ch.balance !== undefined) l.account.balance = ch.balance;
      if (ch.balanceDelta !== undefined) l.account.balance += ch.balanceDelta;
      if (ch.code !== undefined) { l.code = ch.code; l.account.codeHash = ch.codeHash ?? keccak256(ch.code); }
      if (ch.storageCleared) { l.cleared = true; l.storage.clear(); }
      for (const [slot, value] of ch.storage) l.storage.set(slot, value);
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
    for (const a of addresses) { const l = this.layers.get(a); if (l !== undefined && l.version <= version) this.layers.delete(a); }
  }
}
