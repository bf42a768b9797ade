/** Views over the core's linear memory: addresses (20 big-endian bytes) and words (32 little-endian bytes). */
import { HEX, NIBBLE } from '../bytes.js';

export class WasmMemory {
  private u8 = new Uint8Array(0);
  private dv = new DataView(new ArrayBuffer(0));
  private memory!: WebAssembly.Memory;
  /** Binds the instance's memory (the imports are created before the instance exists). */
  attach(memory: WebAssembly.Memory): void {
    this.memory = memory;
    this.u8 = new Uint8Array(memory.buffer);
    this.dv = new DataView(memory.buffer);
  }
  /** Views are rebuilt after the memory grows (the old buffer detaches). */
  bytes(): Uint8Array {
    if (this.u8.byteLength === 0) { // the memory grew: the old buffer is detached
      this.u8 = new Uint8Array(this.memory.buffer);
      this.dv = new DataView(this.memory.buffer);
    }
    return this.u8;
  }
  view(): DataView { this.bytes(); return this.dv; }

  /** Grows the memory so that [0, end) is addressable. */
  ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / 65536));
  }

  /** The address at `ptr` as 40 hex digits. */
  addressKey(ptr: number): string {
    const u8 = this.bytes();
    let s = '';
    for (let i = 0; i < 20; i++) s += HEX[u8[ptr + i]];
    return s;
  }
  /** The word at `ptr` as 64 hex digits (big-endian). */
  wordKey(ptr: number): string {
    const u8 = this.bytes();
    let s = '';
    for (let i = 31; i >= 0; i--) s += HEX[u8[ptr + i]];
    return s;
  }
  readWord(ptr: number): bigint {
    const dv = this.view();
    return (dv.getBigUint64(ptr + 24, true) << 192n) | (dv.getBigUint64(ptr + 16, true) << 128n)
      | (dv.getBigUint64(ptr + 8, true) << 64n) | dv.getBigUint64(ptr, true);
  }
  writeWord(ptr: number, value: bigint): void {
    const dv = this.view();
    const M = 0xffffffffffffffffn;
    dv.setBigUint64(ptr, value & M, true);
    dv.setBigUint64(ptr + 8, (value >> 64n) & M, true);
    dv.setBigUint64(ptr + 16, (value >> 128n) & M, true);
    dv.setBigUint64(ptr + 24, (value >> 192n) & M, true);
  }
  /** Writes 32 big-endian bytes (a hash) as a word. */
  writeHashAsWord(ptr: number, hash: Uint8Array): void {
    const u8 = this.bytes();
    for (let i = 0; i < 32; i++) u8[ptr + i] = hash[31 - i];
  }
  readHashFromWord(ptr: number): Uint8Array {
    const u8 = this.bytes();
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) out[i] = u8[ptr + 31 - i];
    return out;
  }
  writeAddress(ptr: number, key: string): void {
    const u8 = this.bytes();
    for (let i = 0; i < 20; i++) u8[ptr + i] = (NIBBLE[key.charCodeAt(2 * i)] << 4) | NIBBLE[key.charCodeAt(2 * i + 1)];
  }
  copyOut(ptr: number, len: number): Uint8Array { return this.bytes().slice(ptr, ptr + len); }
  copyIn(ptr: number, data: Uint8Array): void { this.ensure(ptr + data.length); this.bytes().set(data, ptr); }
}

export function addressKeyFromBytes(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 20; i++) s += HEX[b[i]];
  return s;
}

export function addressBytesFromKey(key: string): Uint8Array {
  const out = new Uint8Array(20);
  for (let i = 0; i < 20; i++) out[i] = (NIBBLE[key.charCodeAt(2 * i)] << 4) | NIBBLE[key.charCodeAt(2 * i + 1)];
  return out;
}
