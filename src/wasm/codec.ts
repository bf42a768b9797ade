/** Views over the core's linear memory: addresses (20 big-endian bytes) and words (32 little-endian bytes). */
import { NIBBLE, byteChunks, hex20, hex32Reversed } from '../bytes.js';
import { PackedLog } from '../state/types.js';

const U64_MAX = 0xffffffffffffffffn;

/** State keys cached per kind (a power of two). */
const KEY_CACHE = 4096;

/**
 * State keys spelled lately, by a hash of their bytes (`width` 32-bit words), kept with those words. The
 * core asks for the same few accounts and slots over and over; one string per key means less garbage,
 * less kept by read records and changes (they share it), and a hash V8 computes once per string, not per
 * lookup. A hit compares every word. (The planner's results decoder keeps one too: parallel/wire.ts.)
 */
export class KeyCache {
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE);
  private readonly words: Int32Array;
  constructor(private readonly width: number, private readonly spell: (u8: Uint8Array, ptr: number) => string) {
    this.words = new Int32Array(KEY_CACHE * width);
  }
  /** The key of the bytes at `ptr` (`dv` and `u8` view the same memory). */
  key(dv: DataView, u8: Uint8Array, ptr: number): string {
    const width = this.width, words = this.words;
    let h = 0x811c9dc5;
    for (let i = 0; i < width; i++) h = Math.imul(h ^ dv.getInt32(ptr + 4 * i, true), 0x9e3779b1);
    const index = (h ^ (h >>> 15)) & (KEY_CACHE - 1), at = index * width;
    const cached = this.keys[index];
    if (cached !== undefined) {
      let i = 0;
      while (i < width && words[at + i] === dv.getInt32(ptr + 4 * i, true)) i++;
      if (i === width) return cached;
    }
    for (let i = 0; i < width; i++) words[at + i] = dv.getInt32(ptr + 4 * i, true);
    return (this.keys[index] = this.spell(u8, ptr));
  }
  /** key() of the bytes at `bytes[at]`, which no DataView of ours covers (copied to a scratch one first). */
  keyOfBytes(bytes: Uint8Array, at: number): string {
    const n = 4 * this.width;
    for (let i = 0; i < n; i++) KEY_SCRATCH[i] = bytes[at + i];
    return this.key(KEY_SCRATCH_VIEW, KEY_SCRATCH, 0);
  }
}
const KEY_SCRATCH = new Uint8Array(32), KEY_SCRATCH_VIEW = new DataView(KEY_SCRATCH.buffer);

/** Logs are copied into chunks of this many bytes, one after another (a log longer than it gets its own). */
const LOG_CHUNK = 32 << 10;

export class WasmMemory {
  private u8 = new Uint8Array(0);
  private readonly addressKeys = new KeyCache(5, hex20);
  private readonly slotKeys = new KeyCache(8, hex32Reversed);
  /** Where logs are copied, one after another. */
  private readonly logBytes = byteChunks(LOG_CHUNK);
  private dv = new DataView(new ArrayBuffer(0));
  private i32 = new Int32Array(0);
  private memory!: WebAssembly.Memory;
  /** Binds the instance's memory (the imports are created before the instance exists). */
  attach(memory: WebAssembly.Memory): void {
    this.memory = memory;
    this.u8 = new Uint8Array(memory.buffer);
    this.dv = new DataView(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }
  /** Views are rebuilt after the memory grows (the old buffer detaches). */
  bytes(): Uint8Array {
    if (this.u8.byteLength === 0) { // the memory grew: the old buffer is detached
      this.u8 = new Uint8Array(this.memory.buffer);
      this.dv = new DataView(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
    return this.u8;
  }
  view(): DataView { this.bytes(); return this.dv; }
  /** The memory as 32-bit words (a word of the core is 8 of them: state/slots.ts). */
  words(): Int32Array { this.bytes(); return this.i32; }
  /** The index in `words()` of the word at `ptr` (the core keeps words 4-byte aligned). */
  wordIndex(ptr: number): number {
    if (ptr & 3) throw new Error(`core word at ${ptr} is not 4-byte aligned`);
    return ptr >> 2;
  }

  /** Grows the memory so that [0, end) is addressable. */
  ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / 65536));
  }

  /** The address at `ptr` as 40 hex digits (cached: the same string for the same address, mostly). */
  addressKey(ptr: number): string { const dv = this.view(); return this.addressKeys.key(dv, this.u8, ptr); }
  /** addressKey of an address outside the memory (a transaction's target): the string the core's calls then get too. */
  addressKeyOfBytes(bytes: Uint8Array, at = 0): string { return this.addressKeys.keyOfBytes(bytes, at); }
  /** The word at `ptr` as 64 hex digits (big-endian; the word is stored little-endian), cached as addresses are. */
  wordKey(ptr: number): string { const dv = this.view(); return this.slotKeys.key(dv, this.u8, ptr); }
  readWord(ptr: number): bigint {
    const dv = this.view();
    // most words (gas, counters, balances, amounts) fit in 64 or 128 bits: every BigInt operation allocates
    if ((dv.getUint32(ptr + 16, true) | dv.getUint32(ptr + 20, true) | dv.getUint32(ptr + 24, true) | dv.getUint32(ptr + 28, true)) === 0) {
      if ((dv.getUint32(ptr + 8, true) | dv.getUint32(ptr + 12, true)) === 0) return dv.getBigUint64(ptr, true);
      return (dv.getBigUint64(ptr + 8, true) << 64n) | dv.getBigUint64(ptr, true);
    }
    return (dv.getBigUint64(ptr + 24, true) << 192n) | (dv.getBigUint64(ptr + 16, true) << 128n)
      | (dv.getBigUint64(ptr + 8, true) << 64n) | dv.getBigUint64(ptr, true);
  }
  writeWord(ptr: number, value: bigint): void {
    const dv = this.view();
    if (value >= 0n && value <= U64_MAX) { // (the common case, without the shifts: each would allocate)
      dv.setBigUint64(ptr, value, true);
      dv.setBigUint64(ptr + 8, 0n, true);
      dv.setBigUint64(ptr + 16, 0n, true);
      dv.setBigUint64(ptr + 24, 0n, true);
      return;
    }
    // (setBigUint64 stores a value modulo 2^64: each limb is one shift, no masks; balances and amounts
    // mostly fit in 128 bits, and then the upper limbs are zeros without a shift)
    dv.setBigUint64(ptr, value, true);
    const high = value >> 64n;
    dv.setBigUint64(ptr + 8, high, true);
    if (high >= 0n && high <= U64_MAX) {
      dv.setBigUint64(ptr + 16, 0n, true);
      dv.setBigUint64(ptr + 24, 0n, true);
      return;
    }
    const top = high >> 64n;
    dv.setBigUint64(ptr + 16, top, true);
    dv.setBigUint64(ptr + 24, top >> 64n, true);
  }
  /** Writes 32 big-endian bytes (a hash) as a word. */
  writeHashAsWord(ptr: number, hash: Uint8Array): void {
    const u8 = this.bytes();
    for (let i = 0; i < 32; i++) u8[ptr + i] = hash[31 - i];
  }
  writeAddress(ptr: number, key: string): void {
    const u8 = this.bytes();
    for (let i = 0; i < 20; i++) u8[ptr + i] = (NIBBLE[key.charCodeAt(2 * i)] << 4) | NIBBLE[key.charCodeAt(2 * i + 1)];
  }
  /**
   * A copy of `len` bytes from `ptr` (no bytes: a new empty array, ~15 ns, where an empty slice took ~190;
   * not the shared NO_BYTES, since a caller may transfer what it is given).
   */
  copyOut(ptr: number, len: number): Uint8Array { return len === 0 ? new Uint8Array(0) : this.bytes().slice(ptr, ptr + len); }
  /**
   * A log as LOGn left it: the address (20 bytes at `addressPtr`), `count` topic words and `len` bytes of
   * data, copied into the current chunk (types.ts PackedLog). Logs share chunks: one object per log
   * instead of a buffer each, which a block's receipts keep until the block ends (less for the
   * collector to copy).
   */
  logAt(addressPtr: number, topicsPtr: number, count: number, dataPtr: number, len: number): PackedLog {
    const u8 = this.bytes();
    const size = 20 + 32 * count + len;
    const start = this.logBytes.take(size), buf = this.logBytes.chunk;
    for (let i = 0; i < 20; i++) buf[start + i] = u8[addressPtr + i];
    for (let i = 0; i < count; i++) {
      const at = start + 20 + 32 * i, word = topicsPtr + 32 * i;
      for (let k = 0; k < 32; k++) buf[at + k] = u8[word + 31 - k]; // words are little-endian, topics big-endian
    }
    const data = start + 20 + 32 * count;
    if (len <= 64) for (let i = 0; i < len; i++) buf[data + i] = u8[dataPtr + i]; // (a subarray costs more than a short copy)
    else buf.set(u8.subarray(dataPtr, dataPtr + len), data);
    return new PackedLog(buf, start, size, count);
  }
  copyIn(ptr: number, data: Uint8Array): void { this.ensure(ptr + data.length); this.bytes().set(data, ptr); }
}

export function addressKeyFromBytes(b: Uint8Array): string { return hex20(b, 0); }
