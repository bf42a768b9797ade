/** Small byte helpers shared by the host code (hex, big-endian integers, keccak). */
import { keccak_256 } from '@noble/hashes/sha3.js';

/**
 * The empty byte string, shared (nothing can be written to it): the code of an account without code, the
 * data of a transaction without any. Never hand it to a caller who may transfer its buffer (WasmMemory.copyOut).
 */
export const NO_BYTES: Uint8Array = new Uint8Array(0);

/** Two lowercase hex digits of each byte value. */
export const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Char code (below 128) -> its value as a hex digit of either case, or -1 (hot paths index it with known-good hex). */
export const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;
  NIBBLE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Parses hex (optional 0x prefix) into bytes; throws on odd length or a non-hex digit, naming the input. */
export function hexToBytes(hex: string): Uint8Array {
  const start = hex.length >= 2 && hex.charCodeAt(0) === 48 && (hex.charCodeAt(1) | 32) === 120 ? 2 : 0; // "0x", "0X"
  if ((hex.length - start) % 2 !== 0) throw new Error(`hexToBytes: odd-length hex string "${short(hex)}"`);
  const out = new Uint8Array((hex.length - start) / 2);
  for (let i = 0, j = start; i < out.length; i++, j += 2) {
    const a = hex.charCodeAt(j), b = hex.charCodeAt(j + 1);
    const hi = a < 128 ? NIBBLE[a] : -1, lo = b < 128 ? NIBBLE[b] : -1;
    if ((hi | lo) < 0) throw new Error(`hexToBytes: invalid hex digit at offset ${j - start + (hi < 0 ? 0 : 1)} in "${short(hex)}"`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function short(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Char codes of the two lowercase hex digits of each byte value (low byte first). */
const HEX_PAIRS = new Uint16Array(256);
for (let i = 0; i < 256; i++) HEX_PAIRS[i] = '0123456789abcdef'.charCodeAt(i >> 4) | ('0123456789abcdef'.charCodeAt(i & 15) << 8);
const LATIN1 = new TextDecoder('latin1');
let digits = new Uint8Array(2048);

/** Bytes as lowercase hex digits, without 0x. */
export function hexDigits(bytes: Uint8Array): string {
  // Appends leave a chain of strings to flatten when the text is used; from 12 bytes one decode is faster,
  // flattening counted (an address 142 -> 107 ns, a word 265 -> 116), and leaves one string.
  if (bytes.length < 12) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
    return s;
  }
  if (digits.length < 2 * bytes.length) digits = new Uint8Array(4 * bytes.length);
  for (let i = 0; i < bytes.length; i++) { const p = HEX_PAIRS[bytes[i]]; digits[2 * i] = p & 0xff; digits[2 * i + 1] = p >> 8; }
  return LATIN1.decode(digits.subarray(0, 2 * bytes.length));
}

/** Formats bytes as 0x-prefixed lowercase hex. */
export function bytesToHex(bytes: Uint8Array): string {
  return '0x' + hexDigits(bytes);
}

/** Writes the bytes spelled by known-good lowercase hex in `s` between `from` and `to` into `out`; returns it. */
export function hexInto(s: string, from: number, to: number, out: Uint8Array, outAt = 0): Uint8Array {
  for (let i = outAt, j = from; j < to; i++, j += 2) out[i] = (NIBBLE[s.charCodeAt(j)] << 4) | NIBBLE[s.charCodeAt(j + 1)];
  return out;
}

/**
 * Room for many small arrays in shared chunks. V8 keeps a typed array of up to 64 bytes in its own
 * object (~20 ns to make), and gives a longer one a backing store of its own (~0.7 µs, which the collector
 * also tracks); a view into a chunk costs ~20 ns. A view keeps its whole chunk alive, and a clone or a
 * post of it copies the chunk: for data that stays where it was made.
 */
export class Chunks<T extends Uint8Array | Int32Array> {
  /** The chunk the last `take` carved from. */
  chunk: T;
  private used = 0;
  constructor(private readonly chunkLength: number, private readonly make: (length: number) => T) { this.chunk = make(0); }
  /** Reserves `n` elements in `chunk` (a new chunk when it is full, at least `n` long) and returns where they start. */
  take(n: number): number {
    if (this.used + n > this.chunk.length) { this.chunk = this.make(Math.max(this.chunkLength, n)); this.used = 0; }
    const at = this.used;
    this.used += n;
    return at;
  }
}

/** Chunks of bytes (logs: wasm/codec.ts). */
export const byteChunks = (chunkBytes: number): Chunks<Uint8Array> => new Chunks(chunkBytes, (n) => new Uint8Array(n));

/** Minimal big-endian encoding of a non-negative integer (0 → empty). */
export function bigintToBytes(n: bigint): Uint8Array {
  if (n < 0n) throw new Error(`bigintToBytes: negative value ${n}`);
  if (n === 0n) return new Uint8Array(0);
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return hexToBytes(hex);
}

/** Big-endian bytes to a non-negative bigint (empty → 0). */
export function bytesToBigint(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt(bytesToHex(bytes));
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Byte-wise equality. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A faster keccak-256 for this thread (evm.ts: a Core's). */
type KeccakEngine = (bytes: Uint8Array) => Uint8Array;
let engine: KeccakEngine | undefined;

/** Makes `fast` this thread's keccak-256 (a Core registers its Wasm one when it is made). */
export function useKeccakEngine(fast: KeccakEngine): void {
  engine = fast;
}

/** Keccak-256 (the pre-standard SHA-3 used by Ethereum): the core's once one exists here, else @noble/hashes'. */
export function keccak256(bytes: Uint8Array): Uint8Array {
  return engine !== undefined ? engine(bytes) : keccak_256(bytes);
}

const HASH_HEX = new WeakMap<Uint8Array, string>();
/** bytesToHex of a hash, cached per (never mutated) hash object: code hashes are read over and over. */
export function hashHex(h: Uint8Array): string {
  let s = HASH_HEX.get(h);
  if (s === undefined) { s = bytesToHex(h); HASH_HEX.set(h, s); }
  return s;
}

// Keys are built by one String.fromCharCode call over every digit: one flat string, where appending
// two digits at a time built a rope of 20 or 32 pieces per key (and flattened it on the first Map
// lookup). State keys are made on every state access of the core: ~3x faster, a fraction of the garbage.
const HI = new Uint8Array(256), LO = new Uint8Array(256);
for (let i = 0; i < 256; i++) { HI[i] = HEX[i].charCodeAt(0); LO[i] = HEX[i].charCodeAt(1); }

/** 20 bytes from `p` as 40 hex digits. */
export function hex20(a: Uint8Array, p: number): string {
  return String.fromCharCode(
    HI[a[p]], LO[a[p]], HI[a[p + 1]], LO[a[p + 1]], HI[a[p + 2]], LO[a[p + 2]], HI[a[p + 3]], LO[a[p + 3]],
    HI[a[p + 4]], LO[a[p + 4]], HI[a[p + 5]], LO[a[p + 5]], HI[a[p + 6]], LO[a[p + 6]], HI[a[p + 7]], LO[a[p + 7]],
    HI[a[p + 8]], LO[a[p + 8]], HI[a[p + 9]], LO[a[p + 9]], HI[a[p + 10]], LO[a[p + 10]], HI[a[p + 11]], LO[a[p + 11]],
    HI[a[p + 12]], LO[a[p + 12]], HI[a[p + 13]], LO[a[p + 13]], HI[a[p + 14]], LO[a[p + 14]], HI[a[p + 15]], LO[a[p + 15]],
    HI[a[p + 16]], LO[a[p + 16]], HI[a[p + 17]], LO[a[p + 17]], HI[a[p + 18]], LO[a[p + 18]], HI[a[p + 19]], LO[a[p + 19]],
  );
}

/** The 32 bytes from `p`, last first, as 64 hex digits (a little-endian word, big-endian digits). */
export function hex32Reversed(a: Uint8Array, p: number): string {
  return String.fromCharCode(
    HI[a[p + 31]], LO[a[p + 31]], HI[a[p + 30]], LO[a[p + 30]], HI[a[p + 29]], LO[a[p + 29]], HI[a[p + 28]], LO[a[p + 28]],
    HI[a[p + 27]], LO[a[p + 27]], HI[a[p + 26]], LO[a[p + 26]], HI[a[p + 25]], LO[a[p + 25]], HI[a[p + 24]], LO[a[p + 24]],
    HI[a[p + 23]], LO[a[p + 23]], HI[a[p + 22]], LO[a[p + 22]], HI[a[p + 21]], LO[a[p + 21]], HI[a[p + 20]], LO[a[p + 20]],
    HI[a[p + 19]], LO[a[p + 19]], HI[a[p + 18]], LO[a[p + 18]], HI[a[p + 17]], LO[a[p + 17]], HI[a[p + 16]], LO[a[p + 16]],
    HI[a[p + 15]], LO[a[p + 15]], HI[a[p + 14]], LO[a[p + 14]], HI[a[p + 13]], LO[a[p + 13]], HI[a[p + 12]], LO[a[p + 12]],
    HI[a[p + 11]], LO[a[p + 11]], HI[a[p + 10]], LO[a[p + 10]], HI[a[p + 9]], LO[a[p + 9]], HI[a[p + 8]], LO[a[p + 8]],
    HI[a[p + 7]], LO[a[p + 7]], HI[a[p + 6]], LO[a[p + 6]], HI[a[p + 5]], LO[a[p + 5]], HI[a[p + 4]], LO[a[p + 4]],
    HI[a[p + 3]], LO[a[p + 3]], HI[a[p + 2]], LO[a[p + 2]], HI[a[p + 1]], LO[a[p + 1]], HI[a[p]], LO[a[p]],
  );
}

