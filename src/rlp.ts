/** Recursive Length Prefix serialization (Yellow Paper appendix B), with strict canonical decoding. */
import { bigintToBytes } from './bytes.js';

/** What `encode` accepts: byte strings, non-negative integers (minimal big-endian), and nested lists of those. */
export type RlpInput = Uint8Array | bigint | number | readonly RlpInput[];
/** What `decode` returns: byte strings and nested lists. */
export type RlpItem = Uint8Array | RlpItem[];

/**
 * Encodes an item; integers become minimal big-endian byte strings (0 → empty string). Two passes over the
 * item: the lengths (each list's payload noted in visiting order), then the bytes, written once into the
 * one array the result is, with no intermediate encodings.
 */
export function encode(input: RlpInput): Uint8Array {
  const listLengths: number[] = [];
  const out = new Uint8Array(measure(input, listLengths));
  write(input, out, 0, listLengths, { next: 0 });
  return out;
}

/** An integer's big-endian bytes (minimal; 0 → none), checked. */
function integerBytes(input: bigint | number): Uint8Array {
  if (typeof input === 'number' && (!Number.isSafeInteger(input) || input < 0)) throw new Error(`RLP encode: invalid integer ${input}`);
  return bigintToBytes(BigInt(input));
}

/** How many bytes a header for `len` bytes of payload takes. */
function headerLength(len: number): number {
  if (len < 56) return 1;
  let n = 1;
  for (let l = len; l > 255; l = Math.floor(l / 256)) n++;
  return 1 + n;
}

/** The encoded length of `input`; pushes each list's payload length, in visiting order, to `lists`. */
function measure(input: RlpInput, lists: number[]): number {
  if (input instanceof Uint8Array) return input.length === 1 && input[0] < 0x80 ? 1 : headerLength(input.length) + input.length;
  if (typeof input === 'bigint' || typeof input === 'number') return measure(integerBytes(input), lists);
  if (Array.isArray(input)) {
    const at = lists.length;
    lists.push(0);
    let payload = 0;
    for (const item of input) payload += measure(item, lists);
    lists[at] = payload;
    return headerLength(payload) + payload;
  }
  throw new Error(`RLP encode: unsupported value of type ${typeof input}`);
}

/** Writes a header for `len` bytes of payload at `pos`; returns the position after it. */
function writeHeader(offset: number, len: number, out: Uint8Array, pos: number): number {
  if (len < 56) { out[pos] = offset + len; return pos + 1; }
  const n = headerLength(len) - 1;
  out[pos] = offset + 55 + n;
  for (let i = n, l = len; i >= 1; i--, l = Math.floor(l / 256)) out[pos + i] = l & 255;
  return pos + 1 + n;
}

/** Writes `input` at `pos` (its lists' payload lengths from `lists`, in measure's order); returns the position after it. */
function write(input: RlpInput, out: Uint8Array, pos: number, lists: readonly number[], cursor: { next: number }): number {
  if (input instanceof Uint8Array) {
    if (input.length === 1 && input[0] < 0x80) { out[pos] = input[0]; return pos + 1; }
    pos = writeHeader(0x80, input.length, out, pos);
    out.set(input, pos);
    return pos + input.length;
  }
  if (typeof input === 'bigint' || typeof input === 'number') return write(integerBytes(input), out, pos, lists, cursor);
  pos = writeHeader(0xc0, lists[cursor.next++], out, pos);
  for (const item of input as readonly RlpInput[]) pos = write(item, out, pos, lists, cursor);
  return pos;
}

/** Wraps already-encoded items in a list header (lets callers embed pre-encoded RLP, e.g. inlined trie nodes). */
export function encodeList(encodedItems: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of encodedItems) len += p.length;
  const out = new Uint8Array(headerLength(len) + len);
  let off = writeHeader(0xc0, len, out, 0);
  for (const p of encodedItems) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * Decodes exactly one item spanning all of `bytes`; throws on any non-canonical or malformed encoding.
 * Byte strings in the result are views (subarrays) of `bytes`, not copies.
 */
export function decode(bytes: Uint8Array): RlpItem {
  if (bytes.length === 0) throw new Error('RLP: empty input');
  const [item, end] = decodeAt(bytes, 0, bytes.length);
  if (end !== bytes.length) throw new Error(`RLP: ${bytes.length - end} trailing byte(s) after the item`);
  return item;
}

/** Decodes the item starting at `pos` that must fit before `limit`; returns it and the position after it. */
function decodeAt(bytes: Uint8Array, pos: number, limit: number): [RlpItem, number] {
  if (pos >= limit) throw new Error(`RLP: truncated input, expected an item at offset ${pos}`);
  const b = bytes[pos];
  if (b < 0x80) return [bytes.subarray(pos, pos + 1), pos + 1];
  const isList = b >= 0xc0;
  const kind = isList ? 'list' : 'string';
  const shortBase = isList ? 0xc0 : 0x80;
  let start: number;
  let len: number;
  if (b - shortBase < 56) {
    start = pos + 1;
    len = b - shortBase;
    if (!isList && len === 1 && start < limit && bytes[start] < 0x80) {
      throw new Error(`RLP: single byte 0x${bytes[start].toString(16).padStart(2, '0')} < 0x80 must not have a string prefix (offset ${pos})`);
    }
  } else {
    const n = b - shortBase - 55; // number of length bytes, 1..8
    if (pos + 1 + n > limit) throw new Error(`RLP: truncated ${kind} length at offset ${pos}`);
    if (bytes[pos + 1] === 0) throw new Error(`RLP: ${kind} length has leading zero bytes at offset ${pos}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[pos + 1 + i];
    if (len < 56) throw new Error(`RLP: non-canonical long-form ${kind} length ${len} (< 56) at offset ${pos}`);
    start = pos + 1 + n;
  }
  const end = start + len;
  if (end > limit) {
    throw new Error(`RLP: truncated ${kind} at offset ${pos}: needs ${len} byte(s), only ${Math.max(0, limit - start)} available`);
  }
  if (!isList) return [bytes.subarray(start, end), end];
  const items: RlpItem[] = [];
  let p = start;
  while (p < end) {
    const [item, next] = decodeAt(bytes, p, end);
    items.push(item);
    p = next;
  }
  return [items, end];
}
