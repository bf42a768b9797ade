/**
 * Storage access tracking: the locations a transaction read from the state it ran on (with the
 * values it saw) and the locations it wrote. The parallel planner validates and commits with them.
 *
 * A location key is a string: `b:ADDR` balance, `n:ADDR` nonce, `c:ADDR` code, `s:ADDR:SLOT` storage,
 * `x:ADDR` existence of the account, `h:ADDR` whether it has any storage (EIP-7610 collisions).
 */
export type LocationKey = string;

export const balanceKey = (address: string): LocationKey => `b:${address}`;
export const nonceKey = (address: string): LocationKey => `n:${address}`;
export const codeKey = (address: string): LocationKey => `c:${address}`;
export const storageKey = (address: string, slot: string): LocationKey => `s:${address}:${slot}`;
export const existsKey = (address: string): LocationKey => `x:${address}`;
/** A balance credited without being read (a commutative delta, e.g. a plain value transfer's recipient). */
export const creditKey = (address: string): LocationKey => `d:${address}`;
export const hasStorageKey = (address: string): LocationKey => `h:${address}`;

/** Location -> the value seen (bigint for balance/nonce/storage, hex code hash for code, boolean for existence). */
export type ReadSet = Map<LocationKey, bigint | string | boolean>;
/** Location -> the value written; a deleted account writes `x:ADDR` = false; `d:ADDR` holds a credited amount. */
export type WriteSet = Map<LocationKey, bigint | string | boolean>;
