/**
 * The block's pre-state as one binary blob for the workers: encoded once on the planner's thread,
 * shared (a SharedArrayBuffer where available, else copied per worker), and decoded by each worker
 * lazily, account by account, on first access. Starting a block costs a worker nothing up front.
 *
 * Layout, accounts sorted by address: u32 count, then count u32 offsets, then per account:
 * address[20] nonce[8] balance[32] codeHash[32] codeLen u32 code[codeLen] slots u32 (slot[32] value[32])*
 */
import { MemoryState, type StoredAccount } from '../state/memory-state.js';
import type { AccountChange } from '../state/types.js';

import { HEX, NIBBLE } from '../bytes.js';

function putHex(buf: Uint8Array, at: number, hex: string, bytes: number): void {
  const pad = bytes * 2 - hex.length;
  for (let i = 0; i < bytes; i++) {
    const hi = 2 * i - pad, lo = hi + 1;
    buf[at + i] = ((hi >= 0 ? NIBBLE[hex.charCodeAt(hi)] : 0) << 4) | (lo >= 0 ? NIBBLE[hex.charCodeAt(lo)] : 0);
  }
}
function putBig(buf: Uint8Array, at: number, v: bigint, bytes: number): void {
  putHex(buf, at, v.toString(16), bytes);
}
function hexAt(buf: Uint8Array, at: number, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i++) s += HEX[buf[at + i]];
  return s;
}
function bigAt(buf: Uint8Array, at: number, bytes: number): bigint {
  return BigInt('0x' + hexAt(buf, at, bytes));
}

/** Encodes every account of `state`. */
export function encodeState(state: MemoryState): Uint8Array {
  const addresses = [...state.accounts.keys()].sort();
  let size = 4 + 4 * addresses.length;
  for (const a of addresses) {
    const acc = state.accounts.get(a)!;
    size += 20 + 8 + 32 + 32 + 4 + acc.code.length + 4 + 64 * acc.storage.size;
  }
  const Shared = (globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer }).SharedArrayBuffer;
  const buf = new Uint8Array(Shared ? new Shared(size) : new ArrayBuffer(size));
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, addresses.length, true);
  let at = 4 + 4 * addresses.length;
  addresses.forEach((a, i) => {
    const acc = state.accounts.get(a)!;
    dv.setUint32(4 + 4 * i, at, true);
    putHex(buf, at, a, 20); at += 20;
    putBig(buf, at, acc.nonce, 8); at += 8;
    putBig(buf, at, acc.balance, 32); at += 32;
    buf.set(acc.codeHash, at); at += 32;
    dv.setUint32(at, acc.code.length, true); at += 4;
    buf.set(acc.code, at); at += acc.code.length;
    dv.setUint32(at, acc.storage.size, true); at += 4;
    for (const slot of [...acc.storage.keys()].sort()) { // sorted: looked up by binary search
      putHex(buf, at, slot, 32); putBig(buf, at + 32, acc.storage.get(slot)!, 32); at += 64;
    }
  });
  return buf;
}

/** A MemoryState filled from an encoded blob on first access of each account. */
export class LazyState extends MemoryState {
  private readonly loaded = new Set<string>();
  private readonly dv: DataView;
  private readonly count: number;

  constructor(private readonly blob: Uint8Array) {
    super();
    this.dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    this.count = this.dv.getUint32(0, true);
  }

  private find(address: string): number {
    const key = new Uint8Array(20);
    putHex(key, 0, address, 20);
    let lo = 0, hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.dv.getUint32(4 + 4 * mid, true);
      let cmp = 0;
      for (let i = 0; i < 20 && cmp === 0; i++) cmp = this.blob[at + i] - key[i];
      if (cmp === 0) return at;
      if (cmp < 0) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  /** Per loaded account: where its encoded slots are (-1 once its storage was cleared). */
  private readonly slotsAt = new Map<string, { at: number; count: number }>();

  private load(address: string): void {
    if (this.loaded.has(address)) return;
    this.loaded.add(address);
    let at = this.find(address);
    if (at < 0) return;
    const b = this.blob;
    at += 20;
    const nonce = bigAt(b, at, 8); at += 8;
    const balance = bigAt(b, at, 32); at += 32;
    const codeHash = b.slice(at, at + 32); at += 32;
    const codeLen = this.dv.getUint32(at, true); at += 4;
    const code = b.slice(at, at + codeLen); at += codeLen;
    const count = this.dv.getUint32(at, true); at += 4;
    // storage stays encoded: a slot is decoded when first read (token contracts hold many)
    this.slotsAt.set(address, { at, count });
    const acc: StoredAccount = { nonce, balance, code, codeHash, storage: new Map() };
    this.accounts.set(address, acc);
  }

  private encodedSlot(address: string, slot: string): bigint | undefined {
    const region = this.slotsAt.get(address);
    if (!region || region.count === 0) return undefined;
    const key = new Uint8Array(32);
    putHex(key, 0, slot, 32);
    let lo = 0, hi = region.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = region.at + 64 * mid;
      let cmp = 0;
      for (let i = 0; i < 32 && cmp === 0; i++) cmp = this.blob[at + i] - key[i];
      if (cmp === 0) return bigAt(this.blob, at + 32, 32);
      if (cmp < 0) lo = mid + 1; else hi = mid - 1;
    }
    return undefined;
  }

  override getAccount(address: string) { this.load(address); return super.getAccount(address); }
  override getCode(address: string) { this.load(address); return super.getCode(address); }
  override getStorage(address: string, slot: string): bigint {
    this.load(address);
    const acc = this.accounts.get(address);
    if (!acc) return 0n;
    const v = acc.storage.get(slot);
    if (v !== undefined) return v;
    if (this.written.has(address + slot)) return 0n; // deleted by a commit
    const encoded = this.encodedSlot(address, slot);
    if (encoded === undefined) return 0n;
    acc.storage.set(slot, encoded);
    return encoded;
  }
  override hasStorage(address: string): boolean {
    this.load(address);
    return super.hasStorage(address) || (this.slotsAt.get(address)?.count ?? 0) > 0;
  }
  /** Slots a commit set (to any value): the encoded value no longer applies. */
  private readonly written = new Set<string>();
  override commit(changes: Iterable<AccountChange>): void {
    const list = [...changes];
    for (const ch of list) {
      this.load(ch.address);
      if (ch.deleted || ch.storageCleared) this.slotsAt.delete(ch.address);
      for (const slot of ch.storage.keys()) this.written.add(ch.address + slot);
    }
    super.commit(list);
  }
}
