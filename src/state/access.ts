/**
 * Storage access tracking: the locations a transaction read from the state it ran on (with the
 * values it saw) and the locations it wrote. The parallel planner validates and commits with them.
 *
 * A location key is a string: `b:ADDR` balance, `n:ADDR` nonce, `c:ADDR` code, `s:ADDR:SLOT` storage,
 * `x:ADDR` existence of the account, `h:ADDR` whether it has any storage (EIP-7610 collisions),
 * `m:ADDR` a lower bound on the balance (a read set entry: the transaction only needed `balance >= m`).
 */
import type { AccountChange } from './types.js';
import { KECCAK_EMPTY } from './memory-state.js';
import { bytesToHex, hashHex, hexToBytes } from '../bytes.js';

export type LocationKey = string;

export const balanceKey = (address: string): LocationKey => `b:${address}`;
export const nonceKey = (address: string): LocationKey => `n:${address}`;
export const codeKey = (address: string): LocationKey => `c:${address}`;
export const storageKey = (address: string, slot: string): LocationKey => `s:${address}:${slot}`;
export const existsKey = (address: string): LocationKey => `x:${address}`;
/** A balance credited without being read (a commutative delta, e.g. a plain value transfer's recipient). */
export const creditKey = (address: string): LocationKey => `d:${address}`;
/** A lower bound on the balance that a debit relied on (validated as `balance >= bound`). */
export const minBalanceKey = (address: string): LocationKey => `m:${address}`;
export const hasStorageKey = (address: string): LocationKey => `h:${address}`;

/** Location -> the value seen (bigint for balance/nonce/storage, hex code hash for code, boolean for existence). */
export type ReadSet = Map<LocationKey, bigint | string | boolean>;
/** Location -> the value written; a deleted account writes `x:ADDR` = false; `d:ADDR` holds a credited amount. */
export type WriteSet = Map<LocationKey, bigint | string | boolean>;

/** The write set of a transaction's net changes. */
export function writeSetOf(changes: AccountChange[]): WriteSet {
  const w: WriteSet = new Map();
  for (const ch of changes) {
    const a = ch.address;
    if (ch.deleted) { w.set(existsKey(a), false); continue; }
    if (ch.nonce !== undefined) w.set(nonceKey(a), ch.nonce);
    if (ch.balance !== undefined) w.set(balanceKey(a), ch.balance);
    if (ch.balanceDelta !== undefined) w.set(creditKey(a), ch.balanceDelta);
    if (ch.code !== undefined) w.set(codeKey(a), ch.codeHash ? bytesToHex(ch.codeHash) : '');
    if (ch.storageCleared || ch.created) w.set(existsKey(a), true);
    for (const [slot, v] of ch.storage) w.set(storageKey(a, slot), v);
  }
  return w;
}

// --- read records: the read set as the overlay keeps it ---------------------------------------------
// A key string per location read costs more than the read itself, so a transaction's reads are kept
// per account and spelled as keys (readSetOf) only when asked for. Validation, the wire and dependency
// tracking work on the record directly.

/** Which account-level locations an AccountReads holds (bits of `read`). */
export const READ_EXISTS = 1, READ_BALANCE = 2, READ_NONCE = 4, READ_CODE = 8, READ_HAS_STORAGE = 16, READ_MIN_BALANCE = 32;

/** One account's reads from the base state, with the values seen first. */
export interface AccountReads {
  readonly address: string;
  /** READ_* bits: which of the fields below were read. */
  read: number;
  exists: boolean;
  balance: bigint;
  /** The least balance the transaction's debits relied on (READ_MIN_BALANCE: `m:`). */
  minBalance: bigint;
  nonce: bigint;
  codeHash: Uint8Array;
  hasStorage: boolean;
  /** Storage slots read, with the values seen (null: none): words (a SlotList, slots.ts) from an overlay or the wire, a Map from readRecordOf. */
  slots: ReadonlyMap<string, bigint> | null;
}

/** A transaction's read set in compact form: the accounts it read, each once. */
export type ReadRecord = readonly AccountReads[];

export function accountReads(address: string): AccountReads {
  return { address, read: 0, exists: false, balance: 0n, minBalance: 0n, nonce: 0n, codeHash: KECCAK_EMPTY, hasStorage: false, slots: null };
}

/** Calls `fn` with each location key the record holds, for the accounts `accept` admits. */
export function forEachReadKeyOf(record: ReadRecord, accept: (address: string) => boolean, fn: (key: LocationKey, address: string) => void): void {
  for (const r of record) {
    const a = r.address;
    if (!accept(a)) continue;
    const bits = r.read;
    if (bits & READ_EXISTS) fn(existsKey(a), a);
    if (bits & READ_BALANCE) fn(balanceKey(a), a);
    if (bits & READ_MIN_BALANCE) fn(minBalanceKey(a), a);
    if (bits & READ_NONCE) fn(nonceKey(a), a);
    if (bits & READ_CODE) fn(codeKey(a), a);
    if (bits & READ_HAS_STORAGE) fn(hasStorageKey(a), a);
    if (r.slots !== null) for (const slot of r.slots.keys()) fn(storageKey(a, slot), a);
  }
}

/** The read set a record stands for, spelled as location keys with the values seen. */
export function readSetOf(record: ReadRecord): ReadSet {
  const reads: ReadSet = new Map();
  for (const r of record) {
    const a = r.address, bits = r.read;
    if (bits & READ_EXISTS) reads.set(existsKey(a), r.exists);
    if (bits & READ_BALANCE) reads.set(balanceKey(a), r.balance);
    if (bits & READ_MIN_BALANCE) reads.set(minBalanceKey(a), r.minBalance);
    if (bits & READ_NONCE) reads.set(nonceKey(a), r.nonce);
    if (bits & READ_CODE) reads.set(codeKey(a), hashHex(r.codeHash));
    if (bits & READ_HAS_STORAGE) reads.set(hasStorageKey(a), r.hasStorage);
    if (r.slots !== null) for (const [slot, v] of r.slots) reads.set(storageKey(a, slot), v);
  }
  return reads;
}

/** The record of a spelled read set (readSetOf's inverse, up to order). */
export function readRecordOf(reads: ReadSet): AccountReads[] {
  const byAddress = new Map<string, AccountReads>();
  for (const [key, v] of reads) {
    const address = key.substring(2, 42);
    let r = byAddress.get(address);
    if (r === undefined) byAddress.set(address, (r = accountReads(address)));
    switch (key[0]) {
      case 'x': r.read |= READ_EXISTS; r.exists = v as boolean; break;
      case 'b': r.read |= READ_BALANCE; r.balance = v as bigint; break;
      case 'm': r.read |= READ_MIN_BALANCE; r.minBalance = v as bigint; break;
      case 'n': r.read |= READ_NONCE; r.nonce = v as bigint; break;
      case 'c': r.read |= READ_CODE; r.codeHash = hexToBytes(v as string); break;
      case 'h': r.read |= READ_HAS_STORAGE; r.hasStorage = v as boolean; break;
      case 's': ((r.slots ??= new Map()) as Map<string, bigint>).set(key.substring(43), v as bigint); break; // (a Map made here)
      default: throw new Error(`unknown location key ${key}`);
    }
  }
  return [...byAddress.values()];
}

/**
 * A transaction's read and write sets, kept as its read record and net changes and spelled as location
 * keys on first access (most callers never ask: the planner validates and commits with the record).
 */
export class AccessSets {
  private readSet?: ReadSet;
  private writeSet?: WriteSet;
  constructor(readonly readRecord: ReadRecord, readonly changes: AccountChange[]) {}
  get reads(): ReadSet { return (this.readSet ??= readSetOf(this.readRecord)); }
  get writes(): WriteSet { return (this.writeSet ??= writeSetOf(this.changes)); }
}
