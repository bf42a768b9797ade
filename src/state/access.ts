/**
 * Storage access tracking: the locations a transaction read from the state it ran on (with the
 * values it saw) and the locations it wrote. The parallel planner validates and commits with them.
 *
 * A location key is a string: `b:ADDR` balance, `n:ADDR` nonce, `c:ADDR` code, `s:ADDR:SLOT` storage,
 * `x:ADDR` existence of the account, `h:ADDR` whether it has any storage (EIP-7610 collisions),
 * `m:ADDR` a lower bound on the balance (a read set entry: the transaction only needed `balance >= m`).
 */
import type { AccountChange } from './types.js';
import { bytesToHex } from '../bytes.js';

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

/** The write set of a transaction's net changes (TxOverlay.finalize gives it for its changes). */
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
