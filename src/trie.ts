/**
 * Merkle-Patricia trie root (Yellow Paper appendix D), computed in one pass over the sorted keys:
 * no persistent trie, just the recursive structural composition c(J, i) over nibble ranges.
 */
import { keccak256 } from './bytes.js';
import { encode, encodeList } from './rlp.js';

/** keccak256(rlp("")): the root of the empty trie. */
export const EMPTY_TRIE_ROOT: Uint8Array = keccak256(Uint8Array.of(0x80));

const RLP_EMPTY: Uint8Array = Uint8Array.of(0x80);

/**
 * Root hash of the trie holding `entries`. Entries with an empty value are absent (deletion);
 * for a key given more than once, the last value wins.
 */
export function trieRoot(entries: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  // Stable sort keeps duplicates in input order, so the last of each run of equal keys is the latest value.
  const sorted = [...entries].sort((a, b) => compareBytes(a[0], b[0]));
  const keys: Uint8Array[] = [];
  const values: Uint8Array[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const [key, value] = sorted[i];
    if (i + 1 < sorted.length && compareBytes(key, sorted[i + 1][0]) === 0) continue;
    if (value.length === 0) continue;
    keys.push(toNibbles(key));
    values.push(value);
  }
  if (keys.length === 0) return EMPTY_TRIE_ROOT.slice();
  return keccak256(nodeRlp(keys, values, 0, keys.length, 0));
}

/** Root of the "secure" trie: every key is replaced by keccak256(key) (used by state and storage tries). */
export function secureTrieRoot(entries: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  const hashed: [Uint8Array, Uint8Array][] = [];
  for (const [k, v] of entries) hashed.push([keccak256(k), v]);
  return trieRoot(hashed);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function toNibbles(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    out[2 * i] = key[i] >> 4;
    out[2 * i + 1] = key[i] & 15;
  }
  return out;
}

/** Hex-prefix encoding HP(nibbles, leaf) (appendix C): flag nibble 2 for leaves, +1 when odd length. */
function hexPrefix(nibbles: Uint8Array, start: number, end: number, leaf: boolean): Uint8Array {
  const len = end - start;
  const odd = len % 2;
  const out = new Uint8Array(1 + ((len - odd) >> 1));
  const flag = (leaf ? 2 : 0) + odd;
  out[0] = flag << 4;
  let p = start;
  if (odd) out[0] |= nibbles[p++];
  for (let i = 1; i < out.length; i++, p += 2) out[i] = (nibbles[p] << 4) | nibbles[p + 1];
  return out;
}

/** RLP of the node c(J, depth) for the sorted key range [lo, hi) sharing the first `depth` nibbles. */
function nodeRlp(keys: Uint8Array[], values: Uint8Array[], lo: number, hi: number, depth: number): Uint8Array {
  if (hi - lo === 1) {
    const key = keys[lo];
    return encodeList([encode(hexPrefix(key, depth, key.length, true)), encode(values[lo])]);
  }
  // Keys are sorted, so the prefix shared by all of them is the one shared by the first and last.
  const first = keys[lo];
  const last = keys[hi - 1];
  let common = depth;
  while (common < first.length && common < last.length && first[common] === last[common]) common++;
  if (common > depth) {
    const child = nodeRef(keys, values, lo, hi, common);
    return encodeList([encode(hexPrefix(first, depth, common, false)), child]);
  }
  // Branch: a key that ends here (at most one; it sorts first) holds the branch value.
  const items: Uint8Array[] = [];
  let i = lo;
  let branchValue = RLP_EMPTY;
  if (keys[i].length === depth) branchValue = encode(values[i++]);
  for (let nibble = 0; nibble < 16; nibble++) {
    let j = i;
    while (j < hi && keys[j][depth] === nibble) j++;
    items.push(j > i ? nodeRef(keys, values, i, j, depth + 1) : RLP_EMPTY);
    i = j;
  }
  items.push(branchValue);
  return encodeList(items);
}

/** n(J, i): a child node inlined when its RLP is shorter than 32 bytes, else referenced by its hash. */
function nodeRef(keys: Uint8Array[], values: Uint8Array[], lo: number, hi: number, depth: number): Uint8Array {
  const rlp = nodeRlp(keys, values, lo, hi, depth);
  return rlp.length < 32 ? rlp : encode(keccak256(rlp));
}
