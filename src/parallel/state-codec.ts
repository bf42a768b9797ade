/**
 * The block's pre-state as text for the workers: built on the planner's thread from keys that are already
 * hex strings (no sorting), posted as one string, and decoded by each worker lazily, account by account, on
 * first access.
 *
 * Per account: `<address> <nonce> <balance> <codeHash|-> <code|-|=> <slotsLength>\n`, in hex but for the
 * decimal length (`-`: no code; `=`: the code the worker already holds under that hash), then
 * `slotsLength` characters of storage, `<slot, 64 digits><value>\n` per non-zero slot.
 *
 * Code is content-addressed, so a worker keeps what it was sent across blocks (a CodeCache) and each
 * contract's code crosses once per pool rather than once per block: on mainnet blocks code is ~95% of the
 * encoded state (1–1.6 MB of bytecode, 2–3 MB of text).
 */
import { MemoryState, KECCAK_EMPTY, type StoredAccount } from '../state/memory-state.js';
import { hexDigits, bytesFromHex } from '../bytes.js';
import type { AccountChange } from '../state/types.js';

/** A worker's code by hash (0x hex), kept across blocks; cleared when the planner says so (`codeReset`). */
export type CodeCache = Map<string, Uint8Array>;

/**
 * Encodes every account of `state`. Code whose hash is in `sent` goes as `=`; the hashes of code
 * written out in full are added to it.
 */
export function encodeState(state: MemoryState, sent?: Set<string>): string {
  let s = '';
  for (const [address, acc] of state.accounts) {
    s += address + ' ' + acc.nonce.toString(16) + ' ' + acc.balance.toString(16);
    if (acc.code.length === 0) s += ' - -';
    else {
      const hash = hexDigits(acc.codeHash), key = '0x' + hash; // (the key of `sent`, as bytesToHex spells it)
      if (sent?.has(key)) s += ' ' + hash + ' =';
      else { s += ' ' + hash + ' ' + hexDigits(acc.code); sent?.add(key); }
    }
    if (acc.storage.size === 0) { s += ' 0\n'; continue; } // (most accounts)
    let storage = ''; // (the header gives the storage's length)
    for (const [slot, v] of acc.storage) storage += slot + v.toString(16) + '\n';
    s += ' ' + storage.length + '\n' + storage;
  }
  return s;
}

const EQUALS = 61, DASH = 45;

/** Where the last two fields of the account line ending at `nl` start: the code, and (its space) the storage length. */
function tailFields(s: string, nl: number): { codeAt: number; lengthAt: number } {
  const lengthAt = s.lastIndexOf(' ', nl);
  return { codeAt: s.lastIndexOf(' ', lengthAt - 1) + 1, lengthAt };
}

/** A MemoryState filled from an encoded state on first access of each account. */
export class LazyState extends MemoryState {
  /** Where each not yet loaded account's record starts. */
  private readonly pending = new Map<string, number>();

  private readonly text: string;

  /** Code sent in full is decoded here, once, into `codes` (which outlives the block); `=` reads it back. */
  constructor(text: string, private readonly codes: CodeCache = new Map()) {
    super();
    this.text = text;
    for (let at = 0; at < text.length;) {
      const nl = text.indexOf('\n', at);
      this.pending.set(text.substring(at, at + 40), at);
      const { codeAt, lengthAt } = tailFields(text, nl);
      if (text.charCodeAt(codeAt) !== DASH && text.charCodeAt(codeAt) !== EQUALS) {
        const hash = '0x' + text.substring(codeAt - 65, codeAt - 1);
        if (!codes.has(hash)) codes.set(hash, bytesFromHex(text, codeAt, lengthAt));
      }
      at = nl + 1 + Number(text.substring(lengthAt + 1, nl));
    }
  }

  private load(address: string): void {
    const at = this.pending.get(address);
    if (at === undefined) return;
    this.pending.delete(address);
    const s = this.text;
    const nl = s.indexOf('\n', at);
    const { codeAt, lengthAt } = tailFields(s, nl);
    const f = s.substring(at + 41, codeAt - 1).split(' '); // nonce, balance, code hash
    const hasCode = f[2] !== '-';
    let code: Uint8Array = new Uint8Array(0);
    if (hasCode) {
      const cached = this.codes.get('0x' + f[2]);
      if (cached === undefined) throw new Error(`worker state: the code of 0x${address} (hash 0x${f[2]}) was neither sent nor kept from an earlier block`);
      code = cached;
    }
    const acc: StoredAccount = {
      nonce: BigInt('0x' + f[0]), balance: BigInt('0x' + f[1]),
      codeHash: hasCode ? bytesFromHex(f[2], 0, 64) : KECCAK_EMPTY, code, storage: new Map(),
    };
    for (let i = nl + 1, end = nl + 1 + Number(s.substring(lengthAt + 1, nl)); i < end;) {
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
