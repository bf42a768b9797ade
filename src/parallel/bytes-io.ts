/**
 * Little-endian bytes written and read field by field: what the planner and its workers exchange
 * (transactions, task-codec.ts; results and deltas, wire.ts). Numbers (bigint, at least 0) go as `u8
 * limbs` and that many u64 limbs, low first (0 limbs: absent); one below 2^64 is one limb, written and read
 * without bigint arithmetic.
 */
import { hexInto } from '../bytes.js';

const U64 = 0xffffffffffffffffn;

/** Numbers below this are read as shared bigints (a chain id, a small nonce, a fee of a few wei, a zero value): each read made one. */
const SMALL_NUMBERS = 1024;
const SMALL: readonly bigint[] = Array.from({ length: SMALL_NUMBERS }, (_, i) => BigInt(i));

/** Bytes appended to a buffer that grows as needed; `finish` copies them out. Reused: `reset` starts over. */
export class ByteWriter {
  bytes: Uint8Array;
  view: DataView;
  at = 0;
  constructor(size: number) { this.bytes = new Uint8Array(size); this.view = new DataView(this.bytes.buffer); }
  reset(): void { this.at = 0; }
  room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.at + n));
    grown.set(this.bytes);
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
  u8(v: number): void { this.room(1); this.bytes[this.at++] = v; }
  u16(v: number): void { this.room(2); this.view.setUint16(this.at, v, true); this.at += 2; }
  u32(v: number): void { this.room(4); this.view.setUint32(this.at, v, true); this.at += 4; }
  /** A u32 written later (a length known once what follows is written): its position. */
  u32Later(): number { this.room(4); this.at += 4; return this.at - 4; }
  u32At(at: number, v: number): void { this.view.setUint32(at, v, true); }
  f64(v: number): void { this.room(8); this.view.setFloat64(this.at, v, true); this.at += 8; }
  raw(b: Uint8Array): void {
    this.room(b.length);
    if (b.length <= 64) for (let i = 0; i < b.length; i++) this.bytes[this.at + i] = b[i]; // (a short loop beats set())
    else this.bytes.set(b, this.at);
    this.at += b.length;
  }
  /** 20 bytes spelled as 40 lowercase hex digits (an address key); `field` names it in the error. */
  hexAddress(key: string, field = 'address'): void {
    if (key.length !== 40) throw new Error(`byte encoding: ${field} "${key}" is not an address key (40 hex digits)`);
    this.room(20);
    hexInto(key, 0, 40, this.bytes, this.at); // (in place: no view made)
    this.at += 20;
  }
  number(v: bigint | null | undefined): void {
    if (v === undefined || v === null) { this.u8(0); return; }
    if (v < 0n) throw new Error(`byte encoding: negative number ${v}`);
    if (v <= U64) { this.room(9); this.bytes[this.at] = 1; this.view.setBigUint64(this.at + 1, v, true); this.at += 9; return; }
    let limbs = 0;
    for (let x = v; x > 0n; x >>= 64n) limbs++;
    if (limbs > 255) throw new Error(`byte encoding: number of ${limbs * 64} bits`);
    this.room(1 + 8 * limbs);
    this.bytes[this.at++] = limbs;
    for (let k = 0; k < limbs; k++, v >>= 64n) { this.view.setBigUint64(this.at, v, true); this.at += 8; } // (stores v mod 2^64)
  }
  /** The bytes written, in a buffer of their own (one a message can hand over). */
  finish(): Uint8Array { return this.bytes.slice(0, this.at); }
}

/** Reads fields from `at` on. Re-pointed with `point` (one reader serves many buffers without allocating). */
export class ByteReader {
  constructor(public bytes: Uint8Array = new Uint8Array(0), public view: DataView = new DataView(bytes.buffer), public at = 0) {}
  point(bytes: Uint8Array, view: DataView, at: number): this { this.bytes = bytes; this.view = view; this.at = at; return this; }
  u8(): number { return this.bytes[this.at++]; }
  u16(): number { const v = this.view.getUint16(this.at, true); this.at += 2; return v; }
  u32(): number { const v = this.view.getUint32(this.at, true); this.at += 4; return v; }
  f64(): number { const v = this.view.getFloat64(this.at, true); this.at += 8; return v; }
  /** The next `n` bytes, as a view into the buffer. */
  take(n: number): Uint8Array { const v = this.bytes.subarray(this.at, this.at + n); this.at += n; return v; }
  skip(n: number): void { this.at += n; }
  number(): bigint | undefined {
    const limbs = this.bytes[this.at++];
    if (limbs === 0) return undefined;
    if (limbs === 1) {
      const low = this.view.getUint32(this.at, true), high = this.view.getUint32(this.at + 4, true);
      const v = high === 0 && low < SMALL_NUMBERS ? SMALL[low] : this.view.getBigUint64(this.at, true);
      this.at += 8;
      return v;
    }
    let v = 0n;
    for (let k = limbs - 1; k >= 0; k--) v = (v << 64n) | this.view.getBigUint64(this.at + 8 * k, true);
    this.at += 8 * limbs;
    return v;
  }
  /** Skips a number without reading it. */
  skipNumber(): void { this.at += 1 + 8 * this.bytes[this.at]; }
  required(field: string): bigint {
    const v = this.number();
    if (v === undefined) throw new Error(`byte encoding: ${field} is missing`);
    return v;
  }
  /** Whether the next `b.length` bytes equal `b` (not consumed). */
  equals(b: Uint8Array): boolean {
    for (let i = 0; i < b.length; i++) if (this.bytes[this.at + i] !== b[i]) return false;
    return true;
  }
}
