/**
 * A map keyed by 32-byte hashes (code hashes) that never spells one: looked up on its first bytes, matched on
 * all 32. The planner's start-up asks about every contract of the pre-state twice (the start-up estimate and
 * the encoding: is its code held by the workers already, and has this block's encoding met it), and as hex
 * keys that cost ~0.3 µs a contract, 0.1–0.3 ms of a mainnet block's start-up, while no worker has work.
 */
import { equalBytes } from '../bytes.js';

interface Entry<V> { readonly hash: Uint8Array; value: V; next: Entry<V> | undefined }

export class HashMap<V> {
  /** Entries by the hash's first 30 bits (a small integer key), chained where those bits collide. */
  private readonly buckets = new Map<number, Entry<V>>();
  private count = 0;

  get size(): number { return this.count; }

  /** The bucket key: the first 30 bits, little-endian (keccak output: uniform). */
  private static keyOf(hash: Uint8Array): number {
    if (hash.length !== 32) throw new Error(`hash map: a key of ${hash.length} bytes, not 32`);
    return hash[0] | (hash[1] << 8) | (hash[2] << 16) | ((hash[3] & 0x3f) << 24);
  }

  private find(hash: Uint8Array, key: number): Entry<V> | undefined {
    for (let e = this.buckets.get(key); e !== undefined; e = e.next) if (equalBytes(e.hash, hash)) return e;
    return undefined;
  }

  get(hash: Uint8Array): V | undefined { return this.find(hash, HashMap.keyOf(hash))?.value; }

  has(hash: Uint8Array): boolean { return this.find(hash, HashMap.keyOf(hash)) !== undefined; }

  /** Sets `hash`'s value; a new key is copied (the caller's array may be a view, or change). */
  set(hash: Uint8Array, value: V): this {
    const key = HashMap.keyOf(hash);
    const found = this.find(hash, key);
    if (found !== undefined) { found.value = value; return this; }
    this.buckets.set(key, { hash: hash.slice(), value, next: this.buckets.get(key) });
    this.count++;
    return this;
  }

  clear(): void { this.buckets.clear(); this.count = 0; }
}

/** A set of 32-byte hashes (HashMap without values). */
export class HashSet {
  private readonly map = new HashMap<true>();
  get size(): number { return this.map.size; }
  has(hash: Uint8Array): boolean { return this.map.has(hash); }
  add(hash: Uint8Array): this { this.map.set(hash, true); return this; }
  clear(): void { this.map.clear(); }
}
