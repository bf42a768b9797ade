/**
 * State as the host sees it. Addresses are 40 lowercase hex digits without 0x; storage slots are 64
 * lowercase hex digits without 0x (the slot as a big-endian 32-byte word). Values are bigint.
 */
export interface Account {
  nonce: bigint;
  balance: bigint;
  /** keccak256 of the code (32 bytes); KECCAK_EMPTY for an account without code. */
  codeHash: Uint8Array;
}

/** Read-only access to a state: what a transaction executes against. Synchronous by design. */
export interface StateReader {
  getAccount(address: string): Account | undefined;
  getCode(address: string): Uint8Array;
  getStorage(address: string, slot: string): bigint;
  /**
   * getStorage in words (state/slots.ts): copies the value of the slot whose 8 words are at `key[keyAt]`
   * to `out[outAt]`. Optional: a reader without it is asked through getStorage.
   */
  storageInto?(address: string, key: Int32Array, keyAt: number, out: Int32Array, outAt: number): void;
  /** True when the account has at least one non-zero storage slot (EIP-7610). */
  hasStorage(address: string): boolean;
  getBlockHash(number: bigint): Uint8Array | undefined;
}

export interface Log {
  address: Uint8Array;
  topics: Uint8Array[];
  data: Uint8Array;
}

/**
 * A log as `size` bytes of a chunk shared with other logs (wasm/codec.ts logAt), from `offset`: the
 * address (20 bytes), the topics (32 bytes each), then the data, as LOGn leaves it. The views are made on
 * first access: most logs are only hashed into a bloom and a receipt after the block, and a view per part
 * made logs ~10% of an ERC-20 transfer's time. Its fields are getters: block receipts hold plainLog
 * copies, safe to spread, clone or post (a PackedLog would take its whole chunk along).
 */
export class PackedLog implements Log {
  private addressView?: Uint8Array;
  private topicViews?: Uint8Array[];
  private dataView?: Uint8Array;
  constructor(private readonly chunk: Uint8Array, private readonly offset: number, private readonly size: number, readonly topicCount: number) {}
  /** The log's bytes: address, topics, data. */
  get bytes(): Uint8Array { return this.chunk.subarray(this.offset, this.offset + this.size); }
  /** How many bytes `bytes` holds. */
  get byteLength(): number { return this.size; }
  /** Copies `bytes` to `into[at]` (a view made and dropped: a byte loop took 4–8x as long for 116–400 bytes). */
  copyTo(into: Uint8Array, at: number): void { into.set(this.chunk.subarray(this.offset, this.offset + this.size), at); }
  get address(): Uint8Array { return (this.addressView ??= this.chunk.subarray(this.offset, this.offset + 20)); }
  get topics(): Uint8Array[] {
    if (this.topicViews === undefined) {
      this.topicViews = [];
      for (let i = 0, at = this.offset + 20; i < this.topicCount; i++, at += 32) this.topicViews.push(this.chunk.subarray(at, at + 32));
    }
    return this.topicViews;
  }
  get data(): Uint8Array { return (this.dataView ??= this.chunk.subarray(this.offset + 20 + 32 * this.topicCount, this.offset + this.size)); }
  /** Serialised as the Log it stands for. */
  toJSON(): Log { return { address: this.address, topics: this.topics, data: this.data }; }
}

/** The log with its fields as own data properties (a PackedLog's views, made now). */
export const plainLog = (l: Log): Log => (l instanceof PackedLog ? l.toJSON() : l);

/** One account's net change made by a transaction. */
export interface AccountChange {
  address: string;
  /** The account no longer exists (self-destructed, or touched and empty under EIP-161). */
  deleted: boolean;
  nonce?: bigint;
  balance?: bigint;
  /** Added to the balance (after `balance`, if both): a credit made without reading the balance. */
  balanceDelta?: bigint;
  code?: Uint8Array;
  codeHash?: Uint8Array;
  /** All previous storage is gone before `storage` applies (created or destroyed in this transaction). */
  storageCleared: boolean;
  /** The account did not exist before this transaction and does now (a transfer, a touch, CREATE): it writes `x:`. */
  created?: boolean;
  /** Slots written (0: deleted). Read-only: a change that writes none may share NO_STORAGE. */
  storage: ReadonlyMap<string, bigint>;
}

/** The storage of a change that writes none: one shared empty map, never written. */
export const NO_STORAGE: ReadonlyMap<string, bigint> = new Map();

/** The logs of a transaction that leaves none (failed, invalid, or without LOGn): one shared array, never written. */
export const NO_LOGS: Log[] = [];
