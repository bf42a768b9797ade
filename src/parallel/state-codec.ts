/**
 * The block's pre-state as ASCII text for the workers: written on the planner's thread straight into
 * bytes from keys that are already hex strings (no sorting, no interim strings), posted as one byte
 * array, and decoded by each worker lazily, account by account, on first access.
 *
 * Per account: `<address> <nonce> <balance> <codeHash|-> <code|-> <slotsLength>\n` in hex (`-`: no
 * code), then `slotsLength` characters of storage, `<slot, 64 digits><value>\n` per non-zero slot.
 */
import { MemoryState, KECCAK_EMPTY, type StoredAccount } from '../state/memory-state.js';
import { TextWriter, readText, bytesFromHex } from './text.js';
import type { AccountChange } from '../state/types.js';

/** Encodes every account of `state` (ASCII bytes; see text.ts). */
export function encodeState(state: MemoryState): Uint8Array {
  const out = new TextWriter();
  for (const [address, acc] of state.accounts) {
    out.text(address).char(SPACE).big(acc.nonce).char(SPACE).big(acc.balance).char(SPACE);
    if (acc.code.length === 0) out.text('- -');
    else out.hex(acc.codeHash).char(SPACE).hex(acc.code);
    if (acc.storage.size === 0) { out.text(' 0\n'); continue; } // (most accounts)
    const values = [...acc.storage.values()].map((v) => v.toString(16)); // (the header gives the storage's length)
    out.char(SPACE).text(String(values.reduce((n, v) => n + 65 + v.length, 0))).char(NEWLINE);
    let k = 0;
    for (const slot of acc.storage.keys()) out.text(slot).text(values[k++]).char(NEWLINE);
  }
  return out.finish();
}

const SPACE = 32, NEWLINE = 10;

/** A MemoryState filled from an encoded state on first access of each account. */
export class LazyState extends MemoryState {
  /** Where each not yet loaded account's record starts. */
  private readonly pending = new Map<string, number>();

  private readonly text: string;

  constructor(encoded: Uint8Array) {
    super();
    const text = (this.text = readText(encoded));
    for (let at = 0; at < text.length;) {
      const nl = text.indexOf('\n', at);
      this.pending.set(text.substring(at, at + 40), at);
      at = nl + 1 + Number(text.substring(text.lastIndexOf(' ', nl) + 1, nl));
    }
  }

  private load(address: string): void {
    const at = this.pending.get(address);
    if (at === undefined) return;
    this.pending.delete(address);
    const s = this.text;
    const nl = s.indexOf('\n', at);
    const f = s.substring(at + 41, nl).split(' ');
    const hasCode = f[2] !== '-';
    const acc: StoredAccount = {
      nonce: BigInt('0x' + f[0]), balance: BigInt('0x' + f[1]),
      codeHash: hasCode ? bytesFromHex(f[2], 0, 64) : KECCAK_EMPTY, code: hasCode ? bytesFromHex(f[3], 0, f[3].length) : new Uint8Array(0),
      storage: new Map(),
    };
    for (let i = nl + 1, end = nl + 1 + Number(f[4]); i < end;) {
      const eol = s.indexOf('\n', i);
      acc.storage.set(s.substring(i, i + 64), BigInt('0x' + s.substring(i + 64, eol)));
      i = eol + 1;
    }
    this.accounts.set(address, acc);
  }

  override getAccount(address: string) { this.load(address); return super.getAccount(address); }
  override getCode(address: string) { this.load(address); return super.getCode(address); }
  override getStorage(address: string, slot: string): bigint { this.load(address); return super.getStorage(address, slot); }
  override hasStorage(address: string): boolean { this.load(address); return super.hasStorage(address); }
  override commit(changes: Iterable<AccountChange>): void {
    const list = [...changes];
    for (const ch of list) this.load(ch.address);
    super.commit(list);
  }
}
