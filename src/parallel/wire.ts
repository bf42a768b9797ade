/**
 * What crosses between the planner and its workers besides the transactions (task-codec.ts): the results
 * of a batch (per transaction its read set, changes, logs and receipt fields) and the committed account
 * states the planner sends back (deltas). They are bytes (bytes-io.ts), written into one reused buffer
 * and handed over with the message; the planner validates reads and commits changes straight from them
 * and decodes the rest on first access. A batch's bytes, storage words and log bytes are array buffers,
 * outside the JS heap: the outcomes a block keeps until it ends cost the collector only their objects.
 *
 * Storage is not in the bytes: slots and values travel as words (state/slots.ts) in an Int32Array beside
 * them, 16 words per entry (a slot, then its value), and the bytes name runs of entries: `u32 count`, then
 * `u32 first` unless the count is 0. They are copied from the overlay's records and into the committed
 * state's tables as they are, with no hex and no bigints.
 *
 * Layout (little-endian; numbers as bytes-io.ts writes them):
 * - An address: `u32 place`, the account's place in the block's pre-state (state-codec.ts; the planner
 *   reads back its own key string, so its Maps find it without comparing 40 digits), or NO_PLACE and the
 *   address's 20 bytes.
 * - Reads: `u32 accounts`, then per account its address, `u8 bits` (access.ts READ_* bits, and EXISTS /
 *   HAS_STORAGE for the values of those two reads), the balance, the lower bound and the nonce read
 *   (when their bits are set), the code hash (READ_CODE: `u8 0` for the hash of no code, else `u8 1` and 32
 *   bytes), and the run of storage entries read (slots and values seen).
 * - Changes: `u32 count`, then per account its address, `u16 flags` (DELETED..CODE below), the nonce, the
 *   balance and the credit's magnitude (when flagged), the code hash (32 bytes), the code (`u32 length`
 *   and bytes), and the run of storage entries written.
 * - Logs: `u32 count`, then per log `u32 offset, u32 size, u8 topics` into the batch's log bytes (address,
 *   topics and data, as LOGn leaves them: types.ts PackedLog), which travel beside.
 * - A batch of outcomes: `u32 count`, then per outcome `u32 index, u8 flags (VALID, HAS_CREATED,
 *   HAS_ERROR), u8 status` (its place in STATUS_NAMES, INVALID_STATUS), the gas used, the beneficiary's fee
 *   and the blob gas used (numbers), `f64` its execution time (ms), the created address (20 bytes), the
 *   error (`u32 length`, UTF-8), then its reads, changes and logs, each after its `u32 length`.
 */
import { NO_STORAGE, PackedLog, type AccountChange, type Log } from '../state/types.js';
import { writeSetOf, readSetOf, accountReads, existsKey, balanceKey, minBalanceKey, nonceKey, codeKey, hasStorageKey, storageKey,
  READ_EXISTS, READ_BALANCE, READ_MIN_BALANCE, READ_NONCE, READ_CODE, READ_HAS_STORAGE,
  type ReadSet, type WriteSet, type ReadRecord, type AccountReads, type LocationKey } from '../state/access.js';
import type { TxOutcome } from './protocol.js';
import { KECCAK_EMPTY, type MemoryState } from '../state/memory-state.js';
import type { IsClean } from './clean.js';
import { equalBytes, hex20, NO_BYTES } from '../bytes.js';
import { STATUS_NAMES } from '../wasm/layout.js';
import { SlotList, SlotMap, ENTRY, firstStaleSlot, hexFromWords, entryWords } from '../state/slots.js';
import { ByteWriter, ByteReader } from './bytes-io.js';
import { KeyCache } from '../wasm/codec.js';

/** An address outside the block's pre-state: its 20 bytes follow. */
const NO_PLACE = 0xffffffff;
/** Read bits beside access.ts's: the account exists; it has storage (the values of READ_EXISTS, READ_HAS_STORAGE). */
const EXISTS = 64, HAS_STORAGE = 128;
/** A change's flags. */
const DELETED = 1, CLEARED = 2, CREATED = 4, NONCE = 8, BALANCE = 16, CREDIT = 32, NEGATIVE = 64, CODE_HASH = 128, CODE = 256;
/** An outcome's flags. */
const VALID = 1, HAS_CREATED = 2, HAS_ERROR = 4;
/** The status byte of an invalid transaction (not one of the core's statuses). */
const INVALID_STATUS = 255;
const STATUS_CODE = new Map<string, number>(STATUS_NAMES.map((name, code) => [name, code]));

/** Bytes to post, and the storage words they name (each in a buffer of its own: a message can hand them over). */
export interface Encoded { readonly bytes: Uint8Array; readonly slots: Int32Array }

/** Where an account is in the block's pre-state, or -1 (a worker: state-codec.ts LazyState.placeOf). */
export type PlaceOf = (address: string) => number;
const nowhere: PlaceOf = () => -1;

/**
 * Bytes received, ready to read: a view of them, the storage words and (a batch) the log bytes they
 * name, and the planner's key strings of the pre-state's accounts, by place: those MemoryState.indexPlaces
 * gave, so validation and commit read the accounts the bytes name by place (accountAt, commitPlaced).
 */
export class Wire {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array, readonly slots: Int32Array, readonly names?: readonly string[], readonly logBytes: Uint8Array = NO_BYTES) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  /** What `encoded` holds, to read. */
  static of(encoded: Encoded, names?: readonly string[]): Wire { return new Wire(encoded.bytes, encoded.slots, names); }
}

/** Storage entries gathered for a batch, 16 words each (a slot, then its value). */
class SlotWriter {
  words = new Int32Array(64 * ENTRY);
  count = 0;
  reset(): void { this.count = 0; }
  /** Appends the entries of `storage`; returns the index of the first. */
  add(storage: ReadonlyMap<string, bigint>): number {
    const first = this.count, n = storage.size;
    if ((first + n) * ENTRY > this.words.length) {
      const grown = new Int32Array(Math.max(2 * this.words.length, (first + n) * ENTRY));
      grown.set(this.words.subarray(0, first * ENTRY));
      this.words = grown;
    }
    const w = this.words;
    let at = first * ENTRY;
    if (storage instanceof SlotList) { // (what an overlay made: copied as it is)
      w.set(storage.words.subarray(storage.at, storage.at + n * ENTRY), at); // (the run in one copy: word by word took ~0.1 µs a W3 outcome more)
    } else if (storage instanceof SlotMap) {
      copyTable(storage, w, at); // (its closure in a function of its own: here, its context was made on every call)
    } else {
      for (const [slot, v] of storage) { entryWords(slot, v, w, at); at += ENTRY; }
    }
    this.count = first + n;
    return first;
  }
  /** The entries gathered, in a buffer of their own, sized to fit. */
  finish(): Int32Array { return this.words.slice(0, this.count * ENTRY); }
}

/** Copies the entries of `table` to `into` from `at`. */
function copyTable(table: SlotMap, into: Int32Array, at: number): void {
  table.forEachWords((cells, k) => { for (let i = 0; i < ENTRY; i++) into[at++] = cells[k + i]; });
}

// One writer and one reader for everything this thread encodes and decodes (none of it is re-entered).
const out = new ByteWriter(1 << 16);
const slotsOut = new SlotWriter();
const reader = new ByteReader();
const utf8Encoder = new TextEncoder(), utf8Decoder = new TextDecoder();

function writeAddress(w: ByteWriter, address: string, placeOf: PlaceOf): void {
  const place = placeOf(address);
  if (place >= 0) { w.u32(place); return; }
  w.u32(NO_PLACE);
  w.hexAddress(address);
}

/** The place of the address readAddress read last (-1: none, its bytes were spelled out). */
let placeRead = -1;

/**
 * Keys of the addresses outside the pre-state, by their bytes (the core's cache: wasm/codec.ts). A result
 * names such an account in its reads and again in its changes, which validation and commit each read in
 * turn: one key, spelled once (W1's new accounts: ~5,000 a block on the planner's thread), and the same
 * string for every Map.
 */
const spelledAddresses = new KeyCache(5, hex20);

function readAddress(r: ByteReader, wire: Wire): string {
  const place = r.u32();
  if (place === NO_PLACE) {
    if (r.at + 20 > r.bytes.length) throw new Error(`encoded address at ${r.at} runs past the ${r.bytes.length} bytes sent`);
    const key = spelledAddresses.key(r.view, r.bytes, r.at);
    r.skip(20);
    placeRead = -1;
    return key;
  }
  placeRead = place;
  const name = wire.names?.[place];
  if (name === undefined) throw new Error(`encoded results: account #${place} is not one of the ${wire.names?.length ?? 0} of the pre-state`);
  return name;
}

function writeRun(w: ByteWriter, slots: SlotWriter, storage: ReadonlyMap<string, bigint> | null): void {
  const n = storage === null ? 0 : storage.size;
  w.u32(n);
  if (n !== 0) w.u32(slots.add(storage!));
}

/** The entries of the run readRunBounds read last: the first's index and how many. */
let runFirst = 0, runCount = 0;

/** Reads a run's bounds into runFirst and runCount, checked against the entries sent. */
function readRunBounds(r: ByteReader, wire: Wire): void {
  runCount = r.u32();
  runFirst = runCount === 0 ? 0 : r.u32();
  if ((runFirst + runCount) * ENTRY > wire.slots.length) {
    throw new Error(`encoded storage: entries ${runFirst}..${runFirst + runCount - 1} are outside the ${wire.slots.length / ENTRY} entries sent`);
  }
}

/** The storage entries a run names (null: none), checked against the entries sent. */
function readRun(r: ByteReader, wire: Wire): SlotList | null {
  readRunBounds(r, wire);
  return runCount === 0 ? null : SlotList.view(wire.slots, runFirst * ENTRY, runCount);
}

function skipRun(r: ByteReader): void { if (r.u32() !== 0) r.skip(4); }

// --- reads ----------------------------------------------------------------------------------------

function writeReads(w: ByteWriter, record: ReadRecord, slots: SlotWriter, placeOf: PlaceOf): void {
  w.u32(record.length);
  for (const a of record) {
    writeAddress(w, a.address, placeOf);
    const bits = a.read;
    w.u8(bits | (bits & READ_EXISTS && a.exists ? EXISTS : 0) | (bits & READ_HAS_STORAGE && a.hasStorage ? HAS_STORAGE : 0));
    if (bits & READ_BALANCE) w.number(a.balance);
    if (bits & READ_MIN_BALANCE) w.number(a.minBalance);
    if (bits & READ_NONCE) w.number(a.nonce);
    // (the code hash of no code, what most accounts read, is one byte)
    if (bits & READ_CODE) { if (equalBytes(a.codeHash, KECCAK_EMPTY)) w.u8(0); else { w.u8(1); w.raw(a.codeHash); } }
    writeRun(w, slots, a.slots);
  }
}

/** A read record alone, encoded (tests): the reads section of a Wire, at 0, addresses spelled out. */
export function encodeReads(record: ReadRecord): Wire {
  out.reset();
  slotsOut.reset();
  writeReads(out, record, slotsOut, nowhere);
  return new Wire(out.finish(), slotsOut.finish());
}

export function decodeReads(wire: Wire, at = 0): AccountReads[] {
  const r = reader.point(wire.bytes, wire.view, at);
  const record: AccountReads[] = [];
  for (let k = 0, n = r.u32(); k < n; k++) {
    const a = accountReads(readAddress(r, wire));
    const bits = r.u8();
    a.read = bits & ~(EXISTS | HAS_STORAGE);
    a.exists = (bits & EXISTS) !== 0;
    a.hasStorage = (bits & HAS_STORAGE) !== 0;
    if (bits & READ_BALANCE) a.balance = r.number()!;
    if (bits & READ_MIN_BALANCE) a.minBalance = r.number()!;
    if (bits & READ_NONCE) a.nonce = r.number()!;
    if (bits & READ_CODE) a.codeHash = r.u8() === 0 ? KECCAK_EMPTY : r.take(32).slice();
    a.slots = readRun(r, wire);
    record.push(a);
  }
  return record;
}

/** Skips what an account's reads hold after its bits. */
function skipAccountReads(r: ByteReader, bits: number): void {
  if (bits & READ_BALANCE) r.skipNumber();
  if (bits & READ_MIN_BALANCE) r.skipNumber();
  if (bits & READ_NONCE) r.skipNumber();
  if (bits & READ_CODE && r.u8() !== 0) r.skip(32);
  skipRun(r);
}

/**
 * The first location (its key, as in access.ts) whose committed value in `state` differs from what the
 * reads at `at` saw, or null when every read still holds (a lower bound `m:` holds while the balance is
 * at least it). The reads of an account `clean` admits are taken as holding without looking (the caller
 * knows the reader's view of it equals the committed state: clean.ts).
 */
export function firstStaleEncodedRead(wire: Wire, at: number, state: MemoryState, clean?: IsClean): LocationKey | null {
  const r = reader.point(wire.bytes, wire.view, at);
  for (let k = 0, n = r.u32(); k < n; k++) {
    const address = readAddress(r, wire), place = placeRead;
    const bits = r.u8();
    if (clean !== undefined && clean(address, place)) { skipAccountReads(r, bits); continue; }
    const acc = place >= 0 ? state.accountAt(place) : state.accounts.get(address);
    if (bits & READ_EXISTS && (acc !== undefined) !== ((bits & EXISTS) !== 0)) return existsKey(address);
    if (bits & READ_BALANCE && (acc?.balance ?? 0n) !== r.number()) return balanceKey(address);
    if (bits & READ_MIN_BALANCE && (acc?.balance ?? 0n) < r.number()!) return minBalanceKey(address);
    if (bits & READ_NONCE && (acc?.nonce ?? 0n) !== r.number()) return nonceKey(address);
    if (bits & READ_CODE) {
      const empty = acc === undefined || acc.code.length === 0;
      if (r.u8() === 0) { if (!empty) return codeKey(address); }
      else { if (empty || !r.equals(acc!.codeHash)) return codeKey(address); r.skip(32); }
    }
    if (bits & READ_HAS_STORAGE && ((acc?.storage.size ?? 0) > 0) !== ((bits & HAS_STORAGE) !== 0)) return hasStorageKey(address);
    const run = readRun(r, wire);
    if (run !== null) {
      const stale = firstStaleSlot(run, acc?.storage);
      if (stale >= 0) return storageKey(address, hexFromWords(run.words, stale));
    }
  }
  return null;
}

/** Calls `fn` with each location key the reads at `at` hold, for the accounts `accept` admits. */
export function forEachReadKey(wire: Wire, at: number, accept: (address: string) => boolean, fn: (key: LocationKey, address: string) => void): void {
  const r = reader.point(wire.bytes, wire.view, at);
  for (let k = 0, n = r.u32(); k < n; k++) {
    const address = readAddress(r, wire);
    const bits = r.u8();
    if (!accept(address)) { skipAccountReads(r, bits); continue; }
    if (bits & READ_EXISTS) fn(existsKey(address), address);
    if (bits & READ_BALANCE) { fn(balanceKey(address), address); r.skipNumber(); }
    if (bits & READ_MIN_BALANCE) { fn(minBalanceKey(address), address); r.skipNumber(); }
    if (bits & READ_NONCE) { fn(nonceKey(address), address); r.skipNumber(); }
    if (bits & READ_CODE) { fn(codeKey(address), address); if (r.u8() !== 0) r.skip(32); }
    if (bits & READ_HAS_STORAGE) fn(hasStorageKey(address), address);
    const run = readRun(r, wire);
    if (run !== null) for (const slot of run.keys()) fn(storageKey(address, slot), address);
  }
}

// --- changes ----------------------------------------------------------------------------------------

function writeChanges(w: ByteWriter, changes: readonly AccountChange[], slots: SlotWriter, placeOf: PlaceOf): void {
  w.u32(changes.length);
  for (const ch of changes) {
    writeAddress(w, ch.address, placeOf);
    const credit = ch.balanceDelta;
    w.u16((ch.deleted ? DELETED : 0) | (ch.storageCleared ? CLEARED : 0) | (ch.created ? CREATED : 0) | (ch.nonce !== undefined ? NONCE : 0)
      | (ch.balance !== undefined ? BALANCE : 0) | (credit === undefined ? 0 : credit < 0n ? CREDIT | NEGATIVE : CREDIT)
      | (ch.codeHash !== undefined ? CODE_HASH : 0) | (ch.code !== undefined ? CODE : 0));
    if (ch.nonce !== undefined) w.number(ch.nonce);
    if (ch.balance !== undefined) w.number(ch.balance);
    if (credit !== undefined) w.number(credit < 0n ? -credit : credit);
    if (ch.codeHash !== undefined) w.raw(ch.codeHash);
    if (ch.code !== undefined) { w.u32(ch.code.length); w.raw(ch.code); }
    writeRun(w, slots, ch.storage.size !== 0 ? ch.storage : null);
  }
}

/** Changes to post (the planner's deltas): their addresses spelled out, their storage as words. */
export function encodeChanges(changes: readonly AccountChange[]): Encoded {
  out.reset();
  slotsOut.reset();
  writeChanges(out, changes, slotsOut, nowhere);
  return { bytes: out.finish(), slots: slotsOut.finish() };
}

/**
 * The change readChange read last, field by field (one record, reused: decodeChanges copies it into an
 * AccountChange, commitEncodedChanges commits it as it is); its storage is the run readRunBounds read.
 */
const lastChange = {
  address: '', place: -1, flags: 0, nonce: undefined as bigint | undefined, balance: undefined as bigint | undefined,
  credit: undefined as bigint | undefined, codeHash: undefined as Uint8Array | undefined, code: undefined as Uint8Array | undefined,
};

/** Reads one change into lastChange (code and code hash as copies: the committed state keeps them). */
function readChange(r: ByteReader, wire: Wire): void {
  const c = lastChange;
  c.address = readAddress(r, wire);
  c.place = placeRead;
  const flags = (c.flags = r.u16());
  c.nonce = flags & NONCE ? r.number()! : undefined;
  c.balance = flags & BALANCE ? r.number()! : undefined;
  c.credit = undefined;
  if (flags & CREDIT) { const v = r.number()!; c.credit = flags & NEGATIVE ? -v : v; }
  c.codeHash = flags & CODE_HASH ? r.take(32).slice() : undefined;
  c.code = flags & CODE ? r.take(r.u32()).slice() : undefined;
  readRunBounds(r, wire);
}

/** The changes at `at`. Storage is a view of the words sent; code and code hashes are copies. */
export function decodeChanges(wire: Wire, at = 0): AccountChange[] {
  const r = reader.point(wire.bytes, wire.view, at);
  const changes: AccountChange[] = [];
  for (let k = 0, n = r.u32(); k < n; k++) {
    readChange(r, wire);
    const c = lastChange, flags = c.flags;
    const ch: AccountChange = {
      address: c.address, deleted: (flags & DELETED) !== 0, storageCleared: (flags & CLEARED) !== 0,
      storage: runCount === 0 ? NO_STORAGE : SlotList.view(wire.slots, runFirst * ENTRY, runCount),
    };
    // (only the fields the change has: it reads back as the change encoded)
    if (flags & CREATED) ch.created = true;
    if (c.nonce !== undefined) ch.nonce = c.nonce;
    if (c.balance !== undefined) ch.balance = c.balance;
    if (c.credit !== undefined) ch.balanceDelta = c.credit;
    if (c.codeHash !== undefined) ch.codeHash = c.codeHash;
    if (c.code !== undefined) ch.code = c.code;
    changes.push(ch);
  }
  return changes;
}

/**
 * Commits the changes at `at` to `state` straight from the bytes, by the places they name: field by field
 * (MemoryState.commitFields), the storage words as they were sent, with no change objects (decodeChanges
 * made ~300 B of them per transaction on the planner's thread, a collection's worth every ~30,000). Calls
 * `written` with each account, its place (-1: none), whether the change rewrote it (deleted it, cleared
 * its storage or set its code) and whether it wrote storage; `written` must not read wire bytes itself.
 */
export function commitEncodedChanges(wire: Wire, at: number, state: MemoryState,
  written: (address: string, place: number, rewritten: boolean, wroteStorage: boolean) => void): void {
  const r = reader.point(wire.bytes, wire.view, at);
  for (let k = 0, n = r.u32(); k < n; k++) {
    readChange(r, wire);
    const c = lastChange, flags = c.flags;
    const place = state.commitFields(c.address, c.place, (flags & DELETED) !== 0, (flags & CLEARED) !== 0, c.nonce, c.balance, c.credit,
      c.code, c.codeHash, wire.slots, runFirst * ENTRY, runCount);
    written(c.address, place, (flags & (DELETED | CLEARED | CODE)) !== 0, runCount !== 0);
  }
}

/** The location kinds of a change's fields: nonce, balance, a credit (counted as a balance write), code. */
const WRITTEN: readonly [number, string][] = [[NONCE, 'n'], [BALANCE, 'b'], [CREDIT, 'b'], [CODE, 'c']];

/**
 * Calls `fn` with each location key (access.ts forms) the changes at `at` write, for the accounts
 * `accept` admits: what writeSetOf gives, with a credit (`d:`) as a balance write (`b:`).
 */
export function forEachWrittenKey(wire: Wire, at: number, accept: (address: string) => boolean, fn: (key: LocationKey) => void): void {
  const r = reader.point(wire.bytes, wire.view, at);
  for (let k = 0, n = r.u32(); k < n; k++) {
    const address = readAddress(r, wire);
    const flags = r.u16();
    if (flags & NONCE) r.skipNumber();
    if (flags & BALANCE) r.skipNumber();
    if (flags & CREDIT) r.skipNumber();
    if (flags & CODE_HASH) r.skip(32);
    if (flags & CODE) r.skip(r.u32());
    const run = readRun(r, wire);
    if (!accept(address)) continue;
    if (flags & DELETED) { fn(existsKey(address)); continue; }
    for (const [flag, kind] of WRITTEN) if (flags & flag) fn(`${kind}:${address}`);
    if (flags & (CLEARED | CREATED)) fn(existsKey(address));
    if (run !== null) for (const slot of run.keys()) fn(storageKey(address, slot));
  }
}

// --- logs ---------------------------------------------------------------------------------------------
// The bytes of a batch's logs travel beside it, one log after another as LOGn leaves them (address,
// topics, data: types.ts PackedLog), in a buffer the worker hands over; the planner's receipts read them
// through views.

/** Bytes of `l` as a PackedLog holds them. */
const logSize = (l: Log): number => (l instanceof PackedLog ? l.byteLength : 20 + 32 * l.topics.length + l.data.length);

/** Bytes of `logs` as the wire carries them. */
export function bytesOfLogs(logs: readonly Log[]): number {
  let n = 0;
  for (const l of logs) n += logSize(l);
  return n;
}

/** Copies `logs` into `into` from `at` and writes where each is; returns where the next log goes. */
function writeLogs(w: ByteWriter, logs: readonly Log[], into: Uint8Array, at: number): number {
  w.u32(logs.length);
  for (const l of logs) {
    const start = at;
    let topics;
    if (l instanceof PackedLog) { l.copyTo(into, at); at += l.byteLength; topics = l.topicCount; } // (no topic views made)
    else {
      into.set(l.address, at); at += 20;
      for (const t of l.topics) { into.set(t, at); at += 32; }
      into.set(l.data, at); at += l.data.length;
      topics = l.topics.length;
    }
    w.u32(start);
    w.u32(at - start);
    w.u8(topics);
  }
  return at;
}

/** Logs alone, encoded (tests): copied into `into` from `at`; the logs section of a Wire, at 0. */
export function encodeLogs(logs: readonly Log[], into: Uint8Array, at: number): Wire {
  out.reset();
  writeLogs(out, logs, into, at);
  return new Wire(out.finish(), new Int32Array(0), undefined, into);
}

/** The logs at `at`, as views of the log bytes (PackedLog). */
export function decodeLogs(wire: Wire, at = 0): Log[] {
  const r = reader.point(wire.bytes, wire.view, at);
  const logs: Log[] = [];
  const bytes = wire.logBytes;
  for (let k = 0, n = r.u32(); k < n; k++) {
    const offset = r.u32(), size = r.u32(), topics = r.u8();
    if (!(size >= 20 + 32 * topics && offset + size <= bytes.length)) {
      throw new Error(`encoded logs: a log of ${size} bytes with ${topics} topics at ${offset} is outside the ${bytes.length} log bytes`);
    }
    logs.push(new PackedLog(bytes, offset, size, topics));
  }
  return logs;
}

// --- outcomes -------------------------------------------------------------------------------------------

/** What the wire carries of an outcome besides its index and time: a TxOutcome's fields, or processTx's result's. */
export type OutcomeFields = Pick<TxOutcome, 'valid' | 'error' | 'status' | 'gasUsed' | 'logs' | 'createdAddress' | 'beneficiaryFee' | 'blobGasUsed' | 'changes' | 'readRecord'>;

/** A batch's bytes, its log bytes and its storage words, each in a buffer of its own. */
export interface EncodedOutcomes { bytes: Uint8Array; logs: Uint8Array; slots: Int32Array }

/** The log bytes of the batch being encoded (copied out at its end). */
const logsOut = new ByteWriter(1 << 14);
let outcomeCount = 0, outcomeCountAt = 0, outcomePlaceOf: PlaceOf = nowhere;

/**
 * Starts a batch of outcomes, each added as it is made (addOutcome; a worker then keeps no outcome
 * objects for the batch's end), to finish with finishOutcomes. Uses this thread's one writer: nothing
 * else may be encoded in between.
 */
export function beginOutcomes(placeOf: PlaceOf = nowhere): void {
  out.reset();
  slotsOut.reset();
  logsOut.reset();
  outcomeCount = 0;
  outcomeCountAt = out.u32Later();
  outcomePlaceOf = placeOf;
}

/** Adds transaction `index`'s outcome, executed in `timeMs`, to the batch begun. */
export function addOutcome(index: number, timeMs: number, o: OutcomeFields): void {
  const w = out;
  const status = o.status === 'invalid' ? INVALID_STATUS : STATUS_CODE.get(o.status);
  if (status === undefined) throw new Error(`encoding results: unknown status "${o.status}"`);
  w.u32(index);
  w.u8((o.valid ? VALID : 0) | (o.createdAddress !== undefined ? HAS_CREATED : 0) | (o.error !== undefined ? HAS_ERROR : 0));
  w.u8(status);
  w.number(o.gasUsed);
  w.number(o.beneficiaryFee);
  w.number(o.blobGasUsed);
  w.f64(timeMs);
  if (o.createdAddress !== undefined) w.hexAddress(o.createdAddress, 'created address');
  if (o.error !== undefined) { const e = utf8Encoder.encode(o.error); w.u32(e.length); w.raw(e); }
  let length = w.u32Later();
  writeReads(w, o.readRecord, slotsOut, outcomePlaceOf);
  w.u32At(length, w.at - length - 4);
  length = w.u32Later();
  writeChanges(w, o.changes, slotsOut, outcomePlaceOf);
  w.u32At(length, w.at - length - 4);
  length = w.u32Later();
  if (o.logs.length !== 0) logsOut.room(bytesOfLogs(o.logs));
  logsOut.at = writeLogs(w, o.logs, logsOut.bytes, logsOut.at);
  w.u32At(length, w.at - length - 4);
  outcomeCount++;
}

/** The batch begun, encoded. */
export function finishOutcomes(): EncodedOutcomes {
  out.u32At(outcomeCountAt, outcomeCount);
  outcomePlaceOf = nowhere;
  return { bytes: out.finish(), logs: logsOut.finish(), slots: slotsOut.finish() };
}

/** A batch of outcomes, encoded (beginOutcomes, addOutcome for each, finishOutcomes). */
export function encodeOutcomes(outcomes: readonly TxOutcome[], placeOf: PlaceOf = nowhere): EncodedOutcomes {
  beginOutcomes(placeOf);
  for (const o of outcomes) addOutcome(o.index, o.timeMs, o);
  return finishOutcomes();
}

/** Where the section after its length at the reader's position starts; the reader goes past it. */
function section(r: ByteReader, what: string): number {
  const length = r.u32(), at = r.at;
  if (at + length > r.bytes.length) throw new Error(`encoded results: ${what} of ${length} bytes at ${at} run past the ${r.bytes.length} bytes sent`);
  r.skip(length);
  return at;
}

/** A worker's batch, as outcomes whose reads, changes and logs are read from the bytes when asked for. */
export function decodeOutcomes(bytes: Uint8Array, logBytes: Uint8Array, slots: Int32Array, names?: readonly string[]): ReceivedOutcome[] {
  const wire = new Wire(bytes, slots, names, logBytes);
  if (bytes.length < 4) throw new Error(`encoded results: ${bytes.length} bytes, not a batch`);
  const r = reader.point(bytes, wire.view, 0);
  const outcomes: ReceivedOutcome[] = [];
  for (let k = 0, n = r.u32(); k < n; k++) {
    const index = r.u32(), flags = r.u8(), code = r.u8();
    const status = code === INVALID_STATUS ? 'invalid' : STATUS_NAMES[code];
    if (status === undefined) throw new Error(`encoded results: unknown status ${code} (transaction ${index})`);
    const gasUsed = r.required('gas used'), beneficiaryFee = r.required('beneficiary fee'), blobGasUsed = r.required('blob gas used'), timeMs = r.f64();
    let createdAddress: string | undefined, error: string | undefined;
    if (flags & HAS_CREATED) { createdAddress = hex20(bytes, r.at); r.skip(20); }
    if (flags & HAS_ERROR) error = utf8Decoder.decode(r.take(r.u32()));
    const readsAt = section(r, 'reads'), changesAt = section(r, 'changes'), logsAt = section(r, 'logs');
    outcomes.push(new ReceivedOutcome(wire, index, (flags & VALID) !== 0, status, gasUsed, beneficiaryFee, blobGasUsed, timeMs, createdAddress, error,
      readsAt, changesAt, logsAt));
  }
  return outcomes;
}

/**
 * A worker's outcome on the planner's side: the read set, changes and logs stay in the batch's bytes
 * until asked for (validation and commit read them there), so a block's outcomes cost little to keep.
 */
export class ReceivedOutcome implements TxOutcome {
  private record?: ReadRecord;
  private readSet?: ReadSet;
  private changeList?: AccountChange[];
  private writeSet?: WriteSet;
  private logList?: Log[];

  constructor(
    /** The batch's bytes; the reads and changes at `readsAt` and `changesAt`. */
    readonly wire: Wire, readonly index: number, readonly valid: boolean, readonly status: TxOutcome['status'], readonly gasUsed: bigint,
    readonly beneficiaryFee: bigint, readonly blobGasUsed: bigint, readonly timeMs: number, readonly createdAddress: string | undefined,
    readonly error: string | undefined, readonly readsAt: number, readonly changesAt: number, private readonly logsAt: number,
  ) {}

  get readRecord(): ReadRecord { return (this.record ??= decodeReads(this.wire, this.readsAt)); }
  get reads(): ReadSet { return (this.readSet ??= readSetOf(this.readRecord)); }
  get changes(): AccountChange[] { return (this.changeList ??= decodeChanges(this.wire, this.changesAt)); }
  get writes(): WriteSet { return (this.writeSet ??= writeSetOf(this.changes)); }
  get logs(): Log[] { return (this.logList ??= decodeLogs(this.wire, this.logsAt)); }
}
