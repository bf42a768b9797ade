/**
 * The block's pre-state as text for the workers: built on the planner's thread from keys that are already
 * hex strings (no sorting), posted as one string, and decoded by each worker lazily, account by account, on
 * first access.
 *
 * Per account: `<address> <nonce> <balance> <codeHash|-> <code|-|=> <first> <count>\n`, in hex but for the
 * decimal entries (`-`: no code; `=`: the code the worker already holds under that hash); its storage is
 * entries first..first+count-1 of the words sent beside the text (16 words each, slot then value:
 * state/slots.ts), copied into the account's table as they are.
 *
 * Code is content-addressed, so a worker keeps what it was sent across blocks (a CodeCache) and each
 * contract's code crosses once per pool rather than once per block: on mainnet blocks code is ~95% of the
 * encoded state (1–1.6 MB of bytecode, 2–3 MB of text).
 */
import { MemoryState, KECCAK_EMPTY, type StoredAccount } from '../state/memory-state.js';
import { hexDigits, bytesFromHex } from '../bytes.js';
import type { AccountChange } from '../state/types.js';
import { SlotMap, SlotList, ENTRY } from '../state/slots.js';

/** The pre-state as the workers get it: the accounts' text and their storage's words. */
export interface EncodedState { text: string; slots: Int32Array }

/** A worker's code by hash (0x hex), kept across blocks; cleared when the planner says so (`codeReset`). */
export type CodeCache = Map<string, Uint8Array>;

/**
 * Encodes every account of `state`. Code whose hash is in `sent` goes as `=`; the hashes of code
 * written out in full are added to it.
 */
export function encodeState(state: MemoryState, sent?: Set<string>): EncodedState {
  let entries = 0;
  for (const acc of state.accounts.values()) entries += acc.storage.size;
  const slots = new Int32Array(entries * ENTRY);
  let next = 0, at = 0;
  const copy = (cells: Int32Array, k: number): void => { for (let i = 0; i < ENTRY; i++) slots[at++] = cells[k + i]; };
  let s = '';
  for (const [address, acc] of state.accounts) {
    s += address + ' ' + acc.nonce.toString(16) + ' ' + acc.balance.toString(16);
    if (acc.code.length === 0) s += ' - -';
    else {
      const hash = hexDigits(acc.codeHash), key = '0x' + hash; // (the key of `sent`, as bytesToHex spells it)
      if (sent?.has(key)) s += ' ' + hash + ' =';
      else { s += ' ' + hash + ' ' + hexDigits(acc.code); sent?.add(key); }
    }
    const count = acc.storage.size;
    if (count === 0) { s += ' 0 0\n'; continue; } // (most accounts)
    s += ' ' + next + ' ' + count + '\n';
    acc.storage.forEachWords(copy);
    next += count;
  }
  return { text: s, slots };
}

/** The accounts of `state` by place: the order encodeState writes them in (the worker's LazyState.places). */
export function placesOf(state: MemoryState): string[] { return Array.from(state.accounts.keys()); }

const EQUALS = 61, DASH = 45;

/** Where the last fields of the account line ending at `nl` start: the code, and (their spaces) the first entry and the count. */
function tailFields(s: string, nl: number): { codeAt: number; firstAt: number; countAt: number } {
  const countAt = s.lastIndexOf(' ', nl);
  const firstAt = s.lastIndexOf(' ', countAt - 1);
  return { codeAt: s.lastIndexOf(' ', firstAt - 1) + 1, firstAt, countAt };
}

/**
 * A MemoryState filled from an encoded state on first access of each account. Each account of the
 * encoded state has a place, its position in it: results name those accounts by place (wire.ts).
 */
export class LazyState extends MemoryState {
  /** The place of each account of the encoded state. */
  readonly places = new Map<string, number>();
  /** Where each place's record starts in the text, -1 once loaded. */
  private readonly records: number[] = [];

  private readonly text: string;
  private readonly slots: Int32Array;

  /** Code sent in full is decoded here, once, into `codes` (which outlives the block); `=` reads it back. */
  constructor(encoded: EncodedState, private readonly codes: CodeCache = new Map()) {
    super();
    const text = (this.text = encoded.text);
    this.slots = encoded.slots;
    for (let at = 0; at < text.length;) {
      const nl = text.indexOf('\n', at);
      this.places.set(text.substring(at, at + 40), this.records.length);
      this.records.push(at);
      const { codeAt, firstAt } = tailFields(text, nl);
      if (text.charCodeAt(codeAt) !== DASH && text.charCodeAt(codeAt) !== EQUALS) {
        const hash = '0x' + text.substring(codeAt - 65, codeAt - 1);
        if (!codes.has(hash)) codes.set(hash, bytesFromHex(text, codeAt, firstAt));
      }
      at = nl + 1;
    }
  }

  private load(address: string): void {
    const place = this.places.get(address);
    if (place === undefined) return;
    const at = this.records[place];
    if (at < 0) return;
    this.records[place] = -1;
    const s = this.text;
    const nl = s.indexOf('\n', at);
    const { codeAt, firstAt, countAt } = tailFields(s, nl);
    const first = Number(s.substring(firstAt + 1, countAt)), count = Number(s.substring(countAt + 1, nl));
    if (!(first >= 0 && count >= 0 && (first + count) * ENTRY <= this.slots.length)) {
      throw new Error(`worker state: the storage of 0x${address} (entries ${first}+${count}) is outside the ${this.slots.length / ENTRY} sent`);
    }
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
      codeHash: hasCode ? bytesFromHex(f[2], 0, 64) : KECCAK_EMPTY, code, storage: new SlotMap(count),
    };
    acc.storage.writeAll(SlotList.view(this.slots, first * ENTRY, count), false); // (the pre-state holds no zeros)
    this.accounts.set(address, acc);
  }

  override getAccount(address: string) { this.load(address); return super.getAccount(address); }
  override getCode(address: string) { this.load(address); return super.getCode(address); }
  override getStorage(address: string, slot: string): bigint { this.load(address); return super.getStorage(address, slot); }
  override storageInto(address: string, key: Int32Array, keyAt: number, out: Int32Array, outAt: number): void {
    this.load(address);
    super.storageInto(address, key, keyAt, out, outAt);
  }
  override hasStorage(address: string): boolean { this.load(address); return super.hasStorage(address); }
  override commit(changes: Iterable<AccountChange>): void {
    const list = [...changes];
    for (const ch of list) this.load(ch.address);
    super.commit(list);
  }
}
