/**
 * Small ids for address keys, for the planner's bookkeeping by arrays (planner.ts indexTasks: a block's
 * senders and call targets).
 */
import { equalBytes } from '../bytes.js';
import { addressKeyFromBytes } from '../wasm/codec.js';

/** A seed for AddressIds' hash, per process (keys chosen to collide would have to be chosen for it). */
const ID_SEED = (Math.random() * 0x7fffffff) | 0;

/**
 * Small ids (0, 1, …) for address keys, in order of first sight, with the keys by id (`names`): an
 * open-addressing table of room for `most` keys, hashed on a key's last 16 digits. W1's 10,000 senders and
 * 10,000 targets (their keys spelled from bytes included) take two of them 2.3 ms where two Maps took 4.4,
 * W2's 1.8 against 2.7 (indexTasks, while no worker has work yet).
 */
export class AddressIds {
  readonly names: string[] = [];
  private readonly keys: (string | undefined)[];
  private readonly ids: Int32Array;
  private readonly mask: number;
  constructor(private readonly most: number) {
    let places = 16;
    while (places < 2 * most) places *= 2;
    this.keys = new Array<string | undefined>(places).fill(undefined);
    this.ids = new Int32Array(places);
    this.mask = places - 1;
  }
  private placeOf(key: string): number {
    let h = ID_SEED;
    for (let i = Math.max(0, key.length - 16); i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    let p = (h ^ (h >>> 15)) & this.mask;
    for (let k = this.keys[p]; k !== undefined && k !== key; k = this.keys[p]) p = (p + 1) & this.mask;
    return p;
  }
  /** The id of `key`, a new one at its first sight; throws past `most` keys. */
  idOf(key: string): number {
    const p = this.placeOf(key);
    if (this.keys[p] !== undefined) return this.ids[p];
    if (this.names.length === this.most) throw new Error(`address ids: more than the ${this.most} keys they were made for`);
    this.keys[p] = key;
    this.ids[p] = this.names.length;
    this.names.push(key);
    return this.ids[p];
  }
  /** Addresses met as bytes lately, by their last byte, and their ids (idOfBytes). */
  private readonly recentBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(256).fill(undefined);
  private readonly recentIds = new Int32Array(256);
  /**
   * idOf the address whose 20 bytes are `bytes`: a block's calls go to few contracts (W2's token, W3's 64
   * pools, a mainnet block's routers), so an address met lately is recognised by its bytes, without its
   * key spelled (W2: the targets of 10,000 calls in 0.8 ms spelled, ~0.2 recognised).
   */
  idOfBytes(bytes: Uint8Array): number {
    const k = bytes[19] & 255;
    const seen = this.recentBytes[k];
    if (seen !== undefined && equalBytes(seen, bytes)) return this.recentIds[k];
    const id = this.idOf(addressKeyFromBytes(bytes));
    this.recentBytes[k] = bytes;
    this.recentIds[k] = id;
    return id;
  }
  /** The id of `key`, or undefined when it was never seen. */
  get(key: string): number | undefined {
    const p = this.placeOf(key);
    return this.keys[p] === undefined ? undefined : this.ids[p];
  }
}
