/** Recursive Length Prefix serialization (Yellow Paper appendix B), with strict canonical decoding. */
import { bigintToBytes, concatBytes } from './bytes.js';

/** What `encode` accepts: byte strings, non-negative integers (minimal big-endian), and nested lists of those. */
export type RlpInput = Uint8Array | bigint | number | readonly RlpInput[];
/** What `decode` returns: byte strings and nested lists. */
export type RlpItem = Uint8Array | RlpItem[];

/** Encodes an item; integers become minimal big-endian byte strings (0 → empty string). */
export function encode(input: RlpInput): Uint8Array {
  if (input instanceof Uint8Array) {
    if (input.length === 1 && input[0] < 0x80) return input.slice();
    return concatBytes(header(0x80, input.length), input);
  }
  if (typeof input === 'bigint') return encode(bigintToBytes(input));
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) throw new Error(`RLP encode: invalid integer ${input}`);
    return encode(bigintToBytes(BigInt(input)));
  }
  if (Array.isArray(input)) {
    return encodeList(input.map(encode));
  }
  throw new Error(`RLP encode: unsupported value of type ${typeof input}`);
}

/** Wraps already-encoded items in a list header (lets callers embed pre-encoded RLP, e.g. inlined trie nodes). */
export function encodeList(encodedItems: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of encodedItems) len += p.length;
  const h = header(0xc0, len);
  const out = new Uint8Array(h.length + len);
  out.set(h, 0);
  let off = h.length;
  for (const p of encodedItems) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Length prefix: short form (offset + len) below 56 bytes, else offset + 55 + byte count, then the length. */
function header(offset: number, len: number): Uint8Array {
  if (len < 56) return Uint8Array.of(offset + len);
  const lenBytes = bigintToBytes(BigInt(len));
  return concatBytes(Uint8Array.of(offset + 55 + lenBytes.length), lenBytes);
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
