/**
 * Builds a large ASCII text (the block's encoded state and tasks) straight into bytes: no interim
 * strings, no rope to flatten before posting. The receiver turns it into one flat string with
 * `readText` (a native decode) and parses that.
 */
import { NIBBLE } from '../bytes.js';

/** Char codes of the two lowercase hex digits of each byte value (low byte first). */
const HEX_PAIRS = new Uint16Array(256);
for (let i = 0; i < 256; i++) HEX_PAIRS[i] = '0123456789abcdef'.charCodeAt(i >> 4) | ('0123456789abcdef'.charCodeAt(i & 15) << 8);

export class TextWriter {
  private buf = new Uint8Array(256);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    bigger.set(this.buf.subarray(0, this.at));
    this.buf = bigger;
  }

  /** ASCII text. */
  text(s: string): this {
    this.room(s.length);
    const b = this.buf;
    let at = this.at;
    for (let i = 0; i < s.length; i++) b[at++] = s.charCodeAt(i);
    this.at = at;
    return this;
  }

  /** The ASCII characters of `s` from `from` to `to` (a part of a key, without slicing it out). */
  range(s: string, from: number, to: number): this {
    this.room(to - from);
    const b = this.buf;
    let at = this.at;
    for (let i = from; i < to; i++) b[at++] = s.charCodeAt(i);
    this.at = at;
    return this;
  }

  /** A non-negative whole number in decimal. */
  int(n: number): this { return this.text(String(n)); }

  char(code: number): this {
    this.room(1);
    this.buf[this.at++] = code;
    return this;
  }

  /** Bytes as lowercase hex digits. */
  hex(bytes: Uint8Array): this {
    this.room(bytes.length * 2);
    const b = this.buf;
    let at = this.at;
    for (let i = 0; i < bytes.length; i++) { const p = HEX_PAIRS[bytes[i]]; b[at++] = p & 0xff; b[at++] = p >> 8; }
    this.at = at;
    return this;
  }

  /** A non-negative bigint in hex. */
  big(v: bigint): this { return this.text(v.toString(16)); }

  get length(): number { return this.at; }

  /** The bytes written (a copy of exactly that length); the writer starts over, empty. */
  finish(): Uint8Array { const bytes = this.buf.slice(0, this.at); this.at = 0; return bytes; }

  /** The text written, as a string; the writer starts over, empty. */
  toString(): string { return readText(this.finish()); }
}

const LATIN1 = new TextDecoder('latin1');

/** The bytes spelled by known-good lowercase hex in `s` between `from` and `to` (the texts written here). */
export function bytesFromHex(s: string, from: number, to: number): Uint8Array {
  const out = new Uint8Array((to - from) >> 1);
  for (let i = 0, j = from; i < out.length; i++, j += 2) out[i] = (NIBBLE[s.charCodeAt(j)] << 4) | NIBBLE[s.charCodeAt(j + 1)];
  return out;
}

/** A writer for short texts that are finished at once (one per thread; never held across calls). */
export const scratch = new TextWriter();

/** The text of `TextWriter.finish()` bytes, as one flat string. */
export function readText(bytes: Uint8Array): string {
  return LATIN1.decode(bytes);
}
