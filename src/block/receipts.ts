/**
 * Receipts: the 2048-bit logs bloom, the receipt encodings (pre-Byzantium with the intermediate state
 * root, Byzantium+ with the status code, EIP-2718 `type || rlp(...)` for typed transactions) and the
 * receipts root (trie over rlp(index) keys).
 */
import type { Log } from '../state/types.js';
import { bytesToHex, concatBytes, keccak256 } from '../bytes.js';
import { encode } from '../rlp.js';
import { trieRoot } from '../trie.js';
import { Fork } from '../forks.js';

export interface Receipt {
  type: number;
  /** 1 success, 0 failure (pre-Byzantium receipts do not encode it). */
  status: 0 | 1;
  cumulativeGasUsed: bigint;
  gasUsed: bigint;
  logs: Log[];
  logsBloom: Uint8Array;
  /** 40-hex key of the created contract. */
  contractAddress?: string;
  /** Pre-Byzantium only: the state root after the transaction (unknown with a partial state). */
  postStateRoot?: Uint8Array;
}

/** The 3 bloom bits of `value` (each 0..2047): the low 11 bits of byte pairs 0-1, 2-3, 4-5 of keccak(value). */
function bloomBits(value: Uint8Array, out: Uint16Array, at: number): void {
  const h = keccak256(value);
  for (let i = 0; i < 3; i++) out[at + i] = ((h[2 * i] << 8) | h[2 * i + 1]) & 2047;
}

/**
 * Bloom bits of the addresses and topics seen lately (a block's logs repeat them: 15537394's 50,188
 * values are 10,052 distinct ones; typical blocks' ~1,000 are ~300–500), by their bytes, so each is
 * hashed once. Open addressing over values of at most 32 bytes; emptied when half full.
 */
class BloomMemo {
  private static readonly PLACES = 1 << 13;
  private readonly keys = new Uint8Array(BloomMemo.PLACES * 32);
  /** Per place: the value's length + 1 (0: empty). */
  private readonly lengths = new Uint8Array(BloomMemo.PLACES);
  private readonly bits = new Uint16Array(BloomMemo.PLACES * 3);
  private count = 0;

  /** The place holding `value`'s bits (hashed now if it was not there). */
  placeOf(value: Uint8Array): number {
    const n = value.length, mask = BloomMemo.PLACES - 1;
    // (topics are often small numbers, zeros in front: the last bytes spread them)
    let h = n;
    for (let i = n > 8 ? n - 8 : 0; i < n; i++) h = Math.imul(h ^ value[i], 0x9e3779b1);
    h ^= h >>> 15;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      if (this.lengths[p] === 0) {
        if (2 * (this.count + 1) > BloomMemo.PLACES) { this.lengths.fill(0); this.count = 0; return this.placeOf(value); }
        this.lengths[p] = n + 1;
        this.keys.set(value, p * 32);
        bloomBits(value, this.bits, p * 3);
        this.count++;
        return p;
      }
      if (this.lengths[p] === n + 1 && this.holds(p, value)) return p;
    }
  }

  private holds(p: number, value: Uint8Array): boolean {
    const keys = this.keys, at = p * 32;
    for (let i = 0; i < value.length; i++) if (keys[at + i] !== value[i]) return false;
    return true;
  }

  /** Sets `value`'s 3 bits in `bloom`. */
  add(bloom: Uint8Array, value: Uint8Array): void {
    if (value.length > 32) { bloomBits(value, SCRATCH_BITS, 0); setBits(bloom, SCRATCH_BITS, 0); return; }
    setBits(bloom, this.bits, this.placeOf(value) * 3);
  }
}

const SCRATCH_BITS = new Uint16Array(3);

function setBits(bloom: Uint8Array, bits: Uint16Array, at: number): void {
  for (let i = 0; i < 3; i++) { const bit = bits[at + i]; bloom[255 - (bit >> 3)] |= 1 << (bit & 7); }
}

const memo = new BloomMemo();

/** Sets the 3 bits of `value` in `bloom` (Yellow Paper 4.3.1: M3:2048 of keccak(value)). */
export function bloomAdd(bloom: Uint8Array, value: Uint8Array): void {
  memo.add(bloom, value);
}

/** Bloom of a list of logs (address and every topic of each). */
export function logsBloom(logs: readonly Log[]): Uint8Array {
  const bloom = new Uint8Array(256);
  for (const log of logs) {
    memo.add(bloom, log.address);
    for (const t of log.topics) memo.add(bloom, t);
  }
  return bloom;
}

/** ORs `src` into `dst`. */
export function bloomOr(dst: Uint8Array, src: Uint8Array): void {
  for (let i = 0; i < 256; i++) dst[i] |= src[i];
}

/** The consensus encoding of a receipt under `fork` (the leaf value of the receipts trie). */
export function encodeReceipt(r: Receipt, fork: number): Uint8Array {
  const logs = r.logs.map((l) => [l.address, l.topics, l.data]);
  const first = fork >= Fork.Byzantium ? BigInt(r.status) : (r.postStateRoot ?? new Uint8Array(32));
  const body = encode([first, r.cumulativeGasUsed, r.logsBloom, logs]);
  return r.type === 0 ? body : concatBytes(Uint8Array.of(r.type), body);
}

/** The receipts root: trie of rlp(index) -> encoded receipt. */
export function receiptsRoot(receipts: readonly Receipt[], fork: number): Uint8Array {
  return trieRoot(receipts.map((r, i) => [encode(BigInt(i)), encodeReceipt(r, fork)] as const));
}

/** One receipt of a reference file (e.g. mainnet-blocks receipts.json). */
export interface ExpectedReceipt {
  index?: number;
  type?: number | string;
  status?: number | string;
  gasUsed: string | number;
  cumulativeGasUsed: string | number;
  logs?: { address: string; topics: string[]; data: string }[];
}

/** The first transaction whose receipt differs from `expected`, described, or null when all agree. */
export function firstReceiptMismatch(receipts: readonly Receipt[], expected: readonly ExpectedReceipt[]): string | null {
  const n = Math.max(receipts.length, expected.length);
  for (let i = 0; i < n; i++) {
    const got = receipts[i];
    const want = expected[i];
    if (!got || !want) return `tx ${i}: ${got ? 'not in the expected receipts' : 'missing from our receipts'}`;
    const diffs: string[] = [];
    if (BigInt(want.gasUsed) !== got.gasUsed) diffs.push(`gasUsed expected ${BigInt(want.gasUsed)} got ${got.gasUsed}`);
    if (want.status !== undefined && Number(want.status) !== got.status) diffs.push(`status expected ${Number(want.status)} got ${got.status}`);
    if (want.logs) {
      const wantLogs = JSON.stringify(want.logs.map((l) => [l.address.toLowerCase(), l.topics.map((t) => t.toLowerCase()), l.data.toLowerCase()]));
      const gotLogs = JSON.stringify(got.logs.map((l) => [bytesToHex(l.address), l.topics.map(bytesToHex), bytesToHex(l.data)]));
      if (wantLogs !== gotLogs) diffs.push(`logs differ (expected ${want.logs.length}, got ${got.logs.length})`);
    }
    if (BigInt(want.cumulativeGasUsed) !== got.cumulativeGasUsed) diffs.push(`cumulativeGasUsed expected ${BigInt(want.cumulativeGasUsed)} got ${got.cumulativeGasUsed}`);
    if (diffs.length) return `tx ${i}: ${diffs.join('; ')}`;
  }
  return null;
}
