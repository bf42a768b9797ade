/**
 * The text forms that cross between the planner and its workers: the results of a batch (read set,
 * changes, logs) and the committed account states sent back (transactions go as bytes: task-codec.ts). They are built and posted as
 * strings: V8 joins the pieces natively and copies one flat string into the message (writing the
 * characters into a byte array one by one measured 2.6x slower), and the receiver parses it as it comes.
 * They cost little to post (no object graph to clone) and to keep (one string per outcome instead of
 * Maps, bigints and byte arrays per location). The planner validates reads straight from the
 * text and materialises changes only to commit them; everything else is decoded on first access.
 *
 * Storage is not spelled: slots and values travel as words (state/slots.ts) in an Int32Array beside the
 * text (a SlotText), 16 words per entry, and the text names runs of entries. They are copied from the
 * overlay's records and into the committed state's tables as they are, with no hex and no bigints.
 *
 * Records end with '\n', fields are separated by ' '; hex is lowercase without 0x unless noted.
 * - Reads:   per account `@<address>`, then `<kind><value>` (kinds of src/state/access.ts) or
 *            `s<first> <count>`, the storage read (slots and values seen, entries first..first+count-1):
 *            hex digits for balance/nonce/lower bounds, the 0x code hash for `c` (`-` for the hash of
 *            empty code), `1`/`0` for `x` and `h`.
 * - Changes: `A <address> <flags> <nonce> <balance> <delta> <codeHash> <code>`, then `S<first> <count>`
 *            when the account's storage was written. flags: 1 deleted, 2 storage cleared, 4 created. Absent
 *            fields are `-`; a negative delta starts with `n`; code is `x` + hex (so empty code is `x`).
 * - Logs:    `<offset> <size> <topicCount>` per log, its bytes in the batch's log buffer (below).
 */
import { NO_STORAGE, PackedLog, type AccountChange, type Log } from '../state/types.js';
import { writeSetOf, readSetOf, accountReads, READ_EXISTS, READ_BALANCE, READ_MIN_BALANCE, READ_NONCE, READ_CODE, READ_HAS_STORAGE,
  type ReadSet, type WriteSet, type ReadRecord, type AccountReads } from '../state/access.js';
import type { TxOutcome } from './protocol.js';
import { KECCAK_EMPTY, type MemoryState, type StoredAccount } from '../state/memory-state.js';
import { hashHex, equalBytes, hexDigits, bytesFromHex as bytesAt } from '../bytes.js';
import { SlotList, SlotMap, ENTRY, firstStaleSlot, hexFromWords, entryWords } from '../state/slots.js';

/**
 * A text and the storage entries its `s` / `S` lines name. A worker spells an account of the block's
 * pre-state by its place in it (`#<place>`, state-codec.ts): the planner reads it back as its own key
 * string (`names`), which its Maps then find without comparing 40 digits.
 */
export interface SlotText { readonly text: string; readonly slots: Int32Array; readonly names?: readonly string[] }

/** How an encoder spells an address (by default as its hex digits). */
export type SpellAddress = (address: string) => string;
const asItIs: SpellAddress = (address) => address;

/** The address a text spells at [from, to): 40 hex digits, or `#<place>` in the pre-state's `names`. */
function addressAt(e: SlotText, s: string, from: number, to: number): string {
  if (s.charCodeAt(from) !== 35 /* # */) return s.substring(from, to);
  const name = e.names?.[Number(s.substring(from + 1, to))];
  if (name === undefined) throw new Error(`encoded text: account "${s.substring(from, to)}" is not one of the ${e.names?.length ?? 0} of the pre-state`);
  return name;
}

/** Storage entries gathered for a text, 16 words each (a slot, then its value); room made on the first. */
class SlotWriter {
  words = new Int32Array(0);
  count = 0;
  /** Appends the entries of `storage`; returns the index of the first. */
  add(storage: ReadonlyMap<string, bigint>): number {
    const first = this.count, n = storage.size;
    if ((first + n) * ENTRY > this.words.length) {
      const grown = new Int32Array(Math.max(2 * this.words.length, (first + n) * ENTRY, 64 * ENTRY));
      grown.set(this.words.subarray(0, first * ENTRY));
      this.words = grown;
    }
    const w = this.words;
    let at = first * ENTRY;
    if (storage instanceof SlotList) { // (what an overlay made: copied as it is)
      const from = storage.words;
      for (let i = storage.at, end = storage.at + n * ENTRY; i < end; i++) w[at++] = from[i];
    } else if (storage instanceof SlotMap) {
      storage.forEachWords((cells, k) => { for (let i = 0; i < ENTRY; i++) w[at++] = cells[k + i]; });
    } else {
      for (const [slot, v] of storage) { entryWords(slot, v, w, at); at += ENTRY; }
    }
    this.count = first + n;
    return first;
  }
  /** The entries gathered (their own buffer, sized to fit: a worker hands it over with its reply). */
  finish(): Int32Array { return this.count === 0 ? new Int32Array(0) : this.words.slice(0, this.count * ENTRY); }
}

/** The entries `first`..`first + count - 1` of `slots`, checked against its length. */
function runAt(slots: Int32Array, s: string, from: number, to: number): SlotList {
  const sp = s.indexOf(' ', from);
  const first = Number(s.substring(from, sp)), count = Number(s.substring(sp + 1, to));
  if (!(first >= 0 && count > 0 && (first + count) * ENTRY <= slots.length)) {
    throw new Error(`encoded storage: "${s.substring(from - 1, to)}" is outside the ${slots.length / ENTRY} entries sent`);
  }
  return SlotList.view(slots, first * ENTRY, count);
}

const DASH = 45, AT = 64;

function bigAt(s: string, from: number, to: number): bigint {
  return s.charCodeAt(from) === 110 /* n */ ? -BigInt('0x' + s.substring(from + 1, to)) : BigInt('0x' + s.substring(from, to));
}

// --- reads --------------------------------------------------------------------------------------
// Grouped by account, so the planner looks each account up once: `@<address>` starts a group, then
// `<kind><value>` per account-level read (x, b, m, n, c, h) and `s<first> <count>` for its storage reads.

export function encodeReads(record: ReadRecord): SlotText {
  const slots = new SlotWriter();
  return { text: readsText(record, slots, asItIs), slots: slots.finish() };
}

function readsText(record: ReadRecord, slots: SlotWriter, spell: SpellAddress): string {
  let s = '';
  for (const r of record) {
    const bits = r.read;
    s += '@' + spell(r.address) + '\n';
    if (bits & READ_EXISTS) s += r.exists ? 'x1\n' : 'x0\n';
    if (bits & READ_BALANCE) s += 'b' + r.balance.toString(16) + '\n';
    if (bits & READ_MIN_BALANCE) s += 'm' + r.minBalance.toString(16) + '\n';
    if (bits & READ_NONCE) s += 'n' + r.nonce.toString(16) + '\n';
    // (the code hash of no code, what most accounts read, is `c-`)
    if (bits & READ_CODE) s += equalBytes(r.codeHash, KECCAK_EMPTY) ? 'c-\n' : 'c' + hashHex(r.codeHash) + '\n';
    if (bits & READ_HAS_STORAGE) s += r.hasStorage ? 'h1\n' : 'h0\n';
    if (r.slots !== null && r.slots.size !== 0) s += 's' + slots.add(r.slots) + ' ' + r.slots.size + '\n';
  }
  return s;
}

export function decodeReads(e: SlotText): AccountReads[] {
  const s = e.text;
  const record: AccountReads[] = [];
  let r = accountReads('');
  for (let i = 0; i < s.length;) {
    const nl = s.indexOf('\n', i);
    switch (s.charCodeAt(i)) {
      case AT: record.push((r = accountReads(addressAt(e, s, i + 1, nl)))); break;
      case 120: /* x */ r.read |= READ_EXISTS; r.exists = s.charCodeAt(i + 1) === 49; break;
      case 98: /* b */ r.read |= READ_BALANCE; r.balance = BigInt('0x' + s.substring(i + 1, nl)); break;
      case 109: /* m */ r.read |= READ_MIN_BALANCE; r.minBalance = BigInt('0x' + s.substring(i + 1, nl)); break;
      case 110: /* n */ r.read |= READ_NONCE; r.nonce = BigInt('0x' + s.substring(i + 1, nl)); break;
      case 99: /* c */ r.read |= READ_CODE; r.codeHash = s.charCodeAt(i + 1) === DASH ? KECCAK_EMPTY : bytesAt(s, i + 3, nl); break;
      case 104: /* h */ r.read |= READ_HAS_STORAGE; r.hasStorage = s.charCodeAt(i + 1) === 49; break;
      case 115: /* s */ r.slots = runAt(e.slots, s, i + 1, nl); break;
      default: throw new Error(`encoded read set: unknown record "${s.substring(i, nl)}"`);
    }
    i = nl + 1;
  }
  return record;
}

/** Does the text at [from, to) spell `v` in hex? */
function sameHex(s: string, from: number, to: number, v: bigint): boolean {
  const t = v.toString(16);
  return t.length === to - from && s.startsWith(t, from);
}

/**
 * The first location (its key, as in access.ts) whose committed value in `state` differs from what
 * the encoded read set saw, or null when every read still holds (a lower bound `m:` holds while the
 * balance is at least it). The reads of an account `clean` admits are taken as holding without
 * looking (the caller knows the reader's view of it equals the committed state: planner.ts).
 */
export function firstStaleEncodedRead(e: SlotText, state: MemoryState, clean?: (address: string) => boolean): string | null {
  const s = e.text;
  let acc: StoredAccount | undefined;
  let address = '';
  for (let i = 0; i < s.length;) {
    const nl = s.indexOf('\n', i);
    const kind = s.charCodeAt(i);
    let ok: boolean;
    switch (kind) {
      case 64: /* @ */
        address = addressAt(e, s, i + 1, nl);
        if (clean !== undefined && clean(address)) { const next = s.indexOf('\n@', nl); i = next < 0 ? s.length : next + 1; continue; }
        acc = state.accounts.get(address); ok = true; break;
      case 98: /* b */ ok = sameHex(s, i + 1, nl, acc?.balance ?? 0n); break;
      case 110: /* n */ ok = sameHex(s, i + 1, nl, acc?.nonce ?? 0n); break;
      case 109: /* m */ ok = (acc?.balance ?? 0n) >= BigInt('0x' + s.substring(i + 1, nl)); break;
      case 115: { /* s */
        const run = runAt(e.slots, s, i + 1, nl), stale = firstStaleSlot(run, acc?.storage);
        if (stale >= 0) return `s:${address}:${hexFromWords(run.words, stale)}`;
        ok = true;
        break;
      }
      case 99: { /* c */
        const empty = acc === undefined || acc.code.length === 0;
        ok = s.charCodeAt(i + 1) === DASH ? empty : !empty && nl - i - 1 === 66 && s.startsWith(hashHex(acc!.codeHash), i + 1);
        break;
      }
      case 120: /* x */ ok = (acc !== undefined) === (s.charCodeAt(i + 1) === 49); break;
      case 104: /* h */ ok = ((acc?.storage.size ?? 0) > 0) === (s.charCodeAt(i + 1) === 49); break;
      default: throw new Error(`encoded read set: unknown record "${s.substring(i, nl)}"`);
    }
    if (!ok) return `${s[i]}:${address}`;
    i = nl + 1;
  }
  return null;
}

// --- changes ------------------------------------------------------------------------------------

/** An optional number in hex, `-` when absent. */
const opt = (v: bigint | null | undefined): string => (v === undefined || v === null ? '-' : v.toString(16));

export function encodeChanges(changes: readonly AccountChange[]): SlotText {
  const slots = new SlotWriter();
  return { text: changesText(changes, slots, asItIs), slots: slots.finish() };
}

function changesText(changes: readonly AccountChange[], slots: SlotWriter, spell: SpellAddress): string {
  let s = '';
  for (const ch of changes) {
    const delta = ch.balanceDelta === undefined ? '-' : ch.balanceDelta < 0n ? 'n' + (-ch.balanceDelta).toString(16) : ch.balanceDelta.toString(16);
    s += 'A ' + spell(ch.address) + ' ' + ((ch.deleted ? 1 : 0) | (ch.storageCleared ? 2 : 0) | (ch.created ? 4 : 0)) + ' ' + opt(ch.nonce) + ' '
      + opt(ch.balance) + ' ' + delta + ' ' + (ch.codeHash === undefined ? '-' : hexDigits(ch.codeHash)) + ' '
      + (ch.code === undefined ? '-' : 'x' + hexDigits(ch.code)) + '\n';
    if (ch.storage.size !== 0) s += 'S' + slots.add(ch.storage) + ' ' + ch.storage.size + '\n';
  }
  return s;
}

/**
 * Where the five fields after the flags of an `A` line start and end (the nonce from `at`, the line
 * ending at `nl`): nonce, balance, delta, code hash, code, as FIELD[2f], FIELD[2f + 1].
 */
const FIELD = new Int32Array(10);
function scanAccountLine(s: string, at: number, nl: number): void {
  for (let f = 0; f < 5; f++) { const sp = f < 4 ? s.indexOf(' ', at) : nl; FIELD[2 * f] = at; FIELD[2 * f + 1] = sp; at = sp + 1; }
}

export function decodeChanges(e: SlotText): AccountChange[] {
  const s = e.text;
  const out: AccountChange[] = [];
  let ch: AccountChange | null = null;
  for (let i = 0; i < s.length;) {
    const nl = s.indexOf('\n', i);
    if (s.charCodeAt(i) === 83 /* S */) {
      if (ch === null) throw new Error('encoded changes: storage before any account');
      ch.storage = runAt(e.slots, s, i + 1, nl);
    } else {
      const sp = s.indexOf(' ', i + 2); // ('A ' + address + ' ' + flag digit + ' ')
      scanAccountLine(s, sp + 3, nl);
      const flags = s.charCodeAt(sp + 1) - 48;
      ch = { address: addressAt(e, s, i + 2, sp), deleted: (flags & 1) !== 0, storageCleared: (flags & 2) !== 0, storage: NO_STORAGE };
      if (flags & 4) ch.created = true;
      if (s.charCodeAt(FIELD[0]) !== 45) ch.nonce = BigInt('0x' + s.substring(FIELD[0], FIELD[1]));
      if (s.charCodeAt(FIELD[2]) !== 45) ch.balance = BigInt('0x' + s.substring(FIELD[2], FIELD[3]));
      if (s.charCodeAt(FIELD[4]) !== 45) ch.balanceDelta = bigAt(s, FIELD[4], FIELD[5]);
      if (s.charCodeAt(FIELD[6]) !== 45) ch.codeHash = bytesAt(s, FIELD[6], FIELD[7]);
      if (s.charCodeAt(FIELD[8]) !== 45) ch.code = bytesAt(s, FIELD[8] + 1, FIELD[9]);
      out.push(ch);
    }
    i = nl + 1;
  }
  return out;
}

// --- logs ---------------------------------------------------------------------------------------
// The bytes of a batch's logs travel beside its text, one log after another as LOGn leaves them
// (address, topics, data: types.ts PackedLog), in a buffer the worker hands over (transferred, not
// copied). The text holds `<offset> <size> <topicCount>` per log. Spelling topics and data in hex was
// about a quarter of a swap result's encoding on the worker, and the planner's receipts read the bytes
// through views.

/** Bytes of `l` as a PackedLog holds them. */
const logSize = (l: Log): number => (l instanceof PackedLog ? l.bytes.length : 20 + 32 * l.topics.length + l.data.length);

/** Bytes of all logs of `outcomes`. */
export function logBytesOf(outcomes: readonly { logs: readonly Log[] }[]): number {
  let n = 0;
  for (const o of outcomes) for (const l of o.logs) n += logSize(l);
  return n;
}

/** Copies `logs` into `into` from `at` and returns their lines; the next log goes at `at` plus their sizes. */
export function encodeLogs(logs: readonly Log[], into: Uint8Array, at: number): string {
  let s = '';
  for (const l of logs) {
    const start = at;
    if (l instanceof PackedLog) { const b = l.bytes; into.set(b, at); at += b.length; }
    else {
      into.set(l.address, at); at += 20;
      for (const t of l.topics) { into.set(t, at); at += 32; }
      into.set(l.data, at); at += l.data.length;
    }
    s += start + ' ' + (at - start) + ' ' + l.topics.length + '\n';
  }
  return s;
}

/** The logs of a section, as views into `bytes` (PackedLog). */
export function decodeLogs(s: string, bytes: Uint8Array): Log[] {
  const out: Log[] = [];
  for (let i = 0; i < s.length;) {
    const nl = s.indexOf('\n', i), sp1 = s.indexOf(' ', i), sp2 = s.indexOf(' ', sp1 + 1);
    const offset = Number(s.substring(i, sp1)), size = Number(s.substring(sp1 + 1, sp2)), topics = Number(s.substring(sp2 + 1, nl));
    if (!(offset >= 0 && size >= 20 + 32 * topics && offset + size <= bytes.length)) throw new Error(`encoded logs: "${s.substring(i, nl)}" is outside the ${bytes.length} log bytes`);
    out.push(new PackedLog(bytes, offset, size, topics));
    i = nl + 1;
  }
  return out;
}

// --- outcomes -------------------------------------------------------------------------------------

/**
 * A batch of outcomes as one string. Per outcome a header line `<index> <valid 1|0> <status> <gasUsed>
 * <beneficiaryFee> <blobGasUsed> <time in ns> <createdAddress|-> <error as JSON|->`, then its reads,
 * changes and logs, each section closed by a line `.`.
 */
export function encodeOutcomes(outcomes: readonly TxOutcome[], spell: SpellAddress = asItIs): { text: string; logs: Uint8Array; slots: Int32Array } {
  let s = '';
  const slots = new SlotWriter();
  const logs = new Uint8Array(logBytesOf(outcomes));
  let at = 0;
  for (const o of outcomes) {
    // (the time in whole nanoseconds: an integer prints faster than a fraction)
    s += o.index + ' ' + (o.valid ? '1 ' : '0 ') + o.status + ' ' + o.gasUsed.toString(16) + ' ' + o.beneficiaryFee.toString(16) + ' '
      + o.blobGasUsed.toString(16) + ' ' + Math.round(o.timeMs * 1e6) + ' ' + (o.createdAddress ?? '-') + ' '
      + (o.error === undefined ? '-' : JSON.stringify(o.error)) + '\n'
      + readsText(o.readRecord, slots, spell) + '.\n' + changesText(o.changes, slots, spell) + '.\n' + encodeLogs(o.logs, logs, at) + '.\n';
    for (const l of o.logs) at += logSize(l);
  }
  return { text: s, logs, slots: slots.finish() };
}

/** The end of the section starting at `at` (the position of its closing `.` line). */
function sectionEnd(s: string, at: number): number {
  return s.startsWith('.\n', at) ? at : s.indexOf('\n.\n', at) + 1;
}

export function decodeOutcomes(s: string, logBytes: Uint8Array, slots: Int32Array, names?: readonly string[]): ReceivedOutcome[] {
  const out: ReceivedOutcome[] = [];
  for (let at = 0; at < s.length;) {
    const nl = s.indexOf('\n', at);
    let f = at;
    const field = (): string => { const sp = s.indexOf(' ', f); const v = s.substring(f, sp); f = sp + 1; return v; };
    const index = Number(field()), valid = field() === '1', status = field() as TxOutcome['status'];
    const gasUsed = BigInt('0x' + field()), beneficiaryFee = BigInt('0x' + field()), blobGasUsed = BigInt('0x' + field());
    const timeMs = Number(field()) / 1e6, created = field(), error = s.substring(f, nl);
    const r0 = nl + 1, r1 = sectionEnd(s, r0);
    const c0 = r1 + 2, c1 = sectionEnd(s, c0);
    const l0 = c1 + 2, l1 = sectionEnd(s, l0);
    out.push(new ReceivedOutcome({
      index, valid, status, gasUsed, beneficiaryFee, blobGasUsed, timeMs,
      createdAddress: created === '-' ? undefined : created, error: error === '-' ? undefined : JSON.parse(error) as string,
      reads: { text: s.substring(r0, r1), slots, names }, changes: { text: s.substring(c0, c1), slots, names }, logs: s.substring(l0, l1), logBytes,
    }));
    at = l1 + 2;
  }
  return out;
}

/** What a batch header and its sections hold for one outcome. */
export interface OutcomeFields {
  index: number; valid: boolean; error?: string; status: TxOutcome['status']; gasUsed: bigint; createdAddress?: string;
  beneficiaryFee: bigint; blobGasUsed: bigint; timeMs: number; reads: SlotText; changes: SlotText; logs: string; logBytes: Uint8Array;
}

/**
 * A worker's outcome on the planner's side: the read set, changes and logs stay encoded until asked
 * for (validation and commit read the text directly), so a block's outcomes cost little to keep.
 */
export class ReceivedOutcome implements TxOutcome {
  readonly index: number;
  readonly valid: boolean;
  readonly error?: string;
  readonly status: TxOutcome['status'];
  readonly gasUsed: bigint;
  readonly createdAddress?: string;
  readonly beneficiaryFee: bigint;
  readonly blobGasUsed: bigint;
  readonly timeMs: number;
  readonly encodedReads: SlotText;
  readonly encodedChanges: SlotText;
  private readonly encodedLogs: string;
  private readonly logBytes: Uint8Array;
  private record?: ReadRecord;
  private readSet?: ReadSet;
  private changeList?: AccountChange[];
  private writeSet?: WriteSet;
  private logList?: Log[];

  constructor(e: OutcomeFields) {
    this.index = e.index; this.valid = e.valid; this.error = e.error; this.status = e.status; this.gasUsed = e.gasUsed;
    this.createdAddress = e.createdAddress; this.beneficiaryFee = e.beneficiaryFee; this.blobGasUsed = e.blobGasUsed;
    this.timeMs = e.timeMs; this.encodedReads = e.reads; this.encodedChanges = e.changes; this.encodedLogs = e.logs; this.logBytes = e.logBytes;
  }

  get readRecord(): ReadRecord { return (this.record ??= decodeReads(this.encodedReads)); }
  get reads(): ReadSet { return (this.readSet ??= readSetOf(this.readRecord)); }
  get changes(): AccountChange[] { return (this.changeList ??= decodeChanges(this.encodedChanges)); }
  get writes(): WriteSet { return (this.writeSet ??= writeSetOf(this.changes)); }
  get logs(): Log[] { return (this.logList ??= this.encodedLogs ? decodeLogs(this.encodedLogs, this.logBytes) : []); }
}

// --- location keys straight from the text (dependency tracking on the planner's thread) ------------

/** The location kind each `A` field writes: nonce, balance, a credit (counted as a balance write), -, code. */
const WRITTEN_KIND = ['n', 'b', 'b', null, 'c'] as const;

/**
 * Calls `fn` with each location key (access.ts forms) the encoded changes write, for the accounts
 * `accept` admits: what writeSetOf gives, with a credit (`d:`) as a balance write (`b:`).
 */
export function forEachWrittenKey(e: SlotText, accept: (address: string) => boolean, fn: (key: string) => void): void {
  const s = e.text;
  let address = '', admitted = false;
  for (let i = 0; i < s.length;) {
    const nl = s.indexOf('\n', i);
    if (s.charCodeAt(i) === 83 /* S */) {
      if (admitted) for (const slot of runAt(e.slots, s, i + 1, nl).keys()) fn(`s:${address}:${slot}`);
    } else {
      const sp = s.indexOf(' ', i + 2);
      address = addressAt(e, s, i + 2, sp);
      admitted = accept(address);
      if (admitted) {
        const flags = s.charCodeAt(sp + 1) - 48;
        if (flags & 1) fn(`x:${address}`);
        else {
          scanAccountLine(s, sp + 3, nl);
          for (let f = 0; f < 5; f++) if (WRITTEN_KIND[f] !== null && s.charCodeAt(FIELD[2 * f]) !== DASH) fn(`${WRITTEN_KIND[f]}:${address}`);
          if (flags & 6) fn(`x:${address}`); // storage cleared, or created
        }
      }
    }
    i = nl + 1;
  }
}

/** Calls `fn` with each location key the encoded read set holds, for the accounts `accept` admits. */
export function forEachReadKey(e: SlotText, accept: (address: string) => boolean, fn: (key: string, address: string) => void): void {
  const s = e.text;
  let address = '', admitted = false;
  for (let i = 0; i < s.length;) {
    const nl = s.indexOf('\n', i);
    const kind = s[i];
    if (kind === '@') { address = addressAt(e, s, i + 1, nl); admitted = accept(address); }
    else if (admitted) {
      if (kind === 's') for (const slot of runAt(e.slots, s, i + 1, nl).keys()) fn(`s:${address}:${slot}`, address);
      else fn(`${kind}:${address}`, address);
    }
    i = nl + 1;
  }
}
