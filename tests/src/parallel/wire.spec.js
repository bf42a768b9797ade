// The planner's wire formats (src/parallel/wire.ts, state-codec.ts; hex helpers in src/bytes.ts): every encoding decodes
// back to what was encoded, and the planner's validation and key scans on the bytes sent agree with the
// object-level reference (validate.ts firstStaleRead, access.ts writeSetOf).
import assert from 'node:assert/strict';
import {
  encodeReads, decodeReads, firstStaleEncodedRead, encodeChanges, decodeChanges, encodeLogs, decodeLogs,
  encodeOutcomes, decodeOutcomes, bytesOfLogs, forEachWrittenKey, forEachReadKey, commitEncodedChanges, Wire,
} from '../../../dist/parallel/wire.js';
import { hexDigits, hexInto } from '../../../dist/bytes.js';
import { encodeState, LazyState } from '../../../dist/parallel/state-codec.js';
import { HashSet } from '../../../dist/parallel/hash-map.js';
import { firstStaleRead } from '../../../dist/parallel/validate.js';
import { writeSetOf, readSetOf, readRecordOf } from '../../../dist/state/access.js';
import { MemoryState, KECCAK_EMPTY } from '../../../dist/state/memory-state.js';
import { keccak256, bytesToHex } from '../../../dist/bytes.js';
import { PackedLog, plainLog } from '../../../dist/state/types.js';
import { SlotMap, SlotList } from '../../../dist/state/slots.js';

const A = 'a'.repeat(40), B = '0123456789abcdef0123456789abcdef01234567', C = 'c0ffee'.padStart(40, '0');
const slot = (n) => n.toString(16).padStart(64, '0');
const bytes = (...xs) => Uint8Array.from(xs);
const BIG = 2n ** 256n - 1n;
/**
 * An account's value, its storage as sorted entries (a SlotMap's table order depends on how it was filled;
 * its place hint aside: where it sits in an index, not what it holds).
 */
const plainAccount = (acc) => acc && { nonce: acc.nonce, balance: acc.balance, code: acc.code, codeHash: acc.codeHash, storage: [...acc.storage].sort() };
/** A change with its storage as a Map (decoded, it is a view of the words sent: state/slots.ts SlotList). */
/** What a state reader (types.ts StateReader) says of account `a`: its fields, its code, whether it has storage. */
const asRead = (reader, a) => {
  const acc = reader.getAccount(a);
  return acc && { nonce: acc.nonce, balance: acc.balance, codeHash: acc.codeHash, code: reader.getCode(a), hasStorage: reader.hasStorage(a) };
};
const plainChange = (ch) => ({ ...ch, storage: new Map(ch.storage) });

function sampleState() {
  const code = bytes(0x60, 0x01, 0x60, 0x00, 0x55);
  return MemoryState.fromJson({
    [`0x${A}`]: { balance: '0x64', nonce: '0x3' },
    [`0x${B}`]: { balance: `0x${BIG.toString(16)}`, nonce: '0x0', code: bytesToHex(code), storage: { '0x0': '0x1', '0x1f': `0x${BIG.toString(16)}` } },
  });
}

function sampleReads(state) {
  const b = state.accounts.get(B);
  return new Map([
    [`n:${A}`, 3n], [`b:${A}`, 100n], [`m:${A}`, 40n], [`c:${A}`, bytesToHex(KECCAK_EMPTY)], [`x:${A}`, true],
    [`x:${C}`, false], [`b:${C}`, 0n], [`h:${B}`, true], [`c:${B}`, bytesToHex(b.codeHash)],
    [`s:${B}:${slot(0)}`, 1n], [`s:${B}:${slot(31)}`, BIG], [`s:${B}:${slot(7)}`, 0n], [`n:${B}`, 0n],
  ]);
}

describe('parallel wire formats', () => {
  it('a read set decodes to the same locations and values (every kind, zero and 256-bit values)', () => {
    const reads = sampleReads(sampleState());
    assert.deepEqual(readSetOf(decodeReads(encodeReads(readRecordOf(reads)))), reads);
    assert.deepEqual(decodeReads(encodeReads([])), []);
  });

  it('validation of the bytes sent finds no stale read where the reference finds none, and the same key where it finds one', () => {
    const state = sampleState();
    const reads = readRecordOf(sampleReads(state));
    const sent = encodeReads(reads);
    assert.equal(firstStaleRead(reads, state), null);
    assert.equal(firstStaleEncodedRead(sent, 0, state), null);
    const mutations = [
      ['n', (s) => { s.accounts.get(A).nonce = 4n; }, `n:${A}`],
      ['b', (s) => { s.accounts.get(A).balance = 99n; }, `b:${A}`],
      ['x (created)', (s) => { s.accounts.set(C, { nonce: 0n, balance: 0n, code: new Uint8Array(0), codeHash: KECCAK_EMPTY, storage: new SlotMap() }); }, `x:${C}`],
      ['s', (s) => { s.accounts.get(B).storage.set(slot(0), 2n); }, `s:${B}:${slot(0)}`],
      ['s (written where zero was read)', (s) => { s.accounts.get(B).storage.set(slot(7), 5n); }, `s:${B}:${slot(7)}`],
      ['h', (s) => { s.accounts.get(B).storage.clear(); }, `h:${B}`],
      ['c', (s) => { const code = bytes(0); s.accounts.get(A).code = code; s.accounts.get(A).codeHash = keccak256(code); }, `c:${A}`],
      ["c (a contract's code replaced)", (s) => { const code = bytes(0xfe); s.accounts.get(B).code = code; s.accounts.get(B).codeHash = keccak256(code); }, `c:${B}`],
      ["c (a contract's code gone)", (s) => { s.accounts.get(B).code = new Uint8Array(0); s.accounts.get(B).codeHash = KECCAK_EMPTY; }, `c:${B}`],
    ];
    for (const [name, mutate, key] of mutations) {
      const s = sampleState();
      mutate(s);
      const ref = firstStaleRead(reads, s);
      assert.equal(ref, key, `reference, ${name}`);
      assert.equal(firstStaleEncodedRead(sent, 0, s), key, name);
    }
  });

  it("the code hash of no code travels as one byte, a contract's as its 32 bytes", () => {
    const state = sampleState();
    const codeRead = (a) => readRecordOf(new Map([[`c:${a}`, bytesToHex(state.accounts.get(a).codeHash)]]));
    const none = encodeReads(codeRead(A)), contract = encodeReads(codeRead(B));
    assert.equal(contract.bytes.length - none.bytes.length, 32);
    assert.deepEqual(decodeReads(none)[0].codeHash, KECCAK_EMPTY);
    assert.deepEqual(decodeReads(contract)[0].codeHash, state.accounts.get(B).codeHash);
  });

  it('validation of a record finds a stale read among accounts read in turn (A, B, C, then A again)', () => {
    const reads = readRecordOf(new Map([[`n:${A}`, 3n], [`n:${B}`, 0n], [`x:${C}`, false], [`b:${A}`, 100n], [`b:${B}`, BIG]]));
    const s = sampleState();
    assert.equal(firstStaleRead(reads, s), null);
    s.accounts.get(A).balance = 7n;
    assert.equal(firstStaleRead(reads, s), `b:${A}`);
    assert.equal(firstStaleEncodedRead(encodeReads(reads), 0, s), `b:${A}`);
  });

  it('the reads of an account taken as clean are skipped, those of the others still checked (first, middle and last group)', () => {
    const state = sampleState();
    const sent = encodeReads(readRecordOf(sampleReads(state)));
    const groups = decodeReads(sent).map((r) => r.address);
    assert.equal(groups.length, 3);
    for (const skipped of groups) {
      const s = sampleState();
      // every account stale at once: each group's first read reports it unless the group is skipped
      s.accounts.get(A).nonce = 4n;
      s.accounts.get(B).nonce = 9n;
      s.accounts.set(C, { nonce: 0n, balance: 0n, code: new Uint8Array(0), codeHash: KECCAK_EMPTY, storage: new SlotMap() });
      const reported = firstStaleEncodedRead(sent, 0, s, (a) => a === skipped);
      assert.ok(reported !== null && !reported.includes(skipped), `${skipped} skipped: ${reported}`);
      assert.equal(firstStaleEncodedRead(sent, 0, s, (a) => a !== skipped)?.slice(2, 42), skipped);
      assert.equal(firstStaleEncodedRead(sent, 0, s, () => true), null);
    }
  });

  it('a balance lower bound holds while the balance is at least the bound', () => {
    const reads = readRecordOf(new Map([[`m:${A}`, 100n]]));
    const sent = encodeReads(reads);
    const s = sampleState();
    assert.equal(firstStaleEncodedRead(sent, 0, s), null); // balance 100
    s.accounts.get(A).balance = 1000n;
    assert.equal(firstStaleEncodedRead(sent, 0, s), null);
    s.accounts.get(A).balance = 99n;
    assert.equal(firstStaleEncodedRead(sent, 0, s), `m:${A}`);
    assert.equal(firstStaleRead(reads, s), `m:${A}`);
  });

  const changes = [
    { address: A, deleted: false, storageCleared: false, storage: new Map(), nonce: 4n, balanceDelta: -25n },
    { address: B, deleted: false, storageCleared: true, storage: new Map([[slot(0), 0n], [slot(1), BIG]]), balance: BIG, code: bytes(0x00, 0xff), codeHash: keccak256(bytes(0x00, 0xff)) },
    { address: C, deleted: false, storageCleared: false, storage: new Map(), balanceDelta: 7n, code: new Uint8Array(0) },
    { address: 'dead'.padStart(40, '0'), deleted: true, storageCleared: true, storage: new Map() },
    // made to exist by the transaction: by a credit, and by CREATE (storage cleared as well)
    { address: 'bee'.padStart(40, '0'), deleted: false, storageCleared: false, created: true, storage: new Map(), balanceDelta: 5n },
    { address: 'c0de'.padStart(40, '0'), deleted: false, storageCleared: true, created: true, storage: new Map([[slot(2), 3n]]), nonce: 1n, code: bytes(0x00), codeHash: keccak256(bytes(0x00)) },
  ];

  it('changes decode to the same account changes (deltas of both signs, empty code, cleared and zeroed storage, deletion, creation)', () => {
    const encoded = encodeChanges(changes);
    const decoded = decodeChanges(Wire.of(encoded));
    assert.deepEqual(decoded.map(plainChange), changes);
    // storage travels as words, 16 per entry (slot, then value), named by the bytes: decoded, a view of them
    assert.equal(encoded.slots.length, 3 * 16);
    assert.equal(decoded[1].storage.words, encoded.slots);
    // code and code hashes are copies (the committed state keeps them, not the message)
    assert.notEqual(decoded[1].code.buffer, encoded.bytes.buffer);
  });

  it('committed straight from the bytes (indexed or not), changes leave the state as committing them as objects does; each account is heard of with its place and what was done to it', () => {
    const DEAD = 'dead'.padStart(40, '0');
    const accountsOf = (state) => [...state.accounts].map(([a, acc]) => [a, plainAccount(acc)]).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    // and storage cleared with no code set (re-created by a transfer after a self-destruct)
    const all = [...changes, { address: 'abc0'.padStart(40, '0'), deleted: false, storageCleared: true, created: true, storage: new Map([[slot(5), 9n]]), balance: 3n }];
    for (const indexed of [true, false]) {
      const viaObjects = sampleState(), viaBytes = sampleState();
      // (the deletion has an account to delete)
      for (const s of [viaObjects, viaBytes]) s.commit([{ address: DEAD, deleted: false, storageCleared: false, storage: new Map(), balance: 1n }]);
      const names = indexed ? viaBytes.indexPlaces() : [...viaBytes.accounts.keys()];
      const placeOf = (a) => names.indexOf(a);
      const outcome = { index: 3, valid: true, status: 'success', gasUsed: 1n, beneficiaryFee: 0n, blobGasUsed: 0n, timeMs: 0, changes: all, readRecord: [], logs: [] };
      const encoded = encodeOutcomes([outcome], indexed ? placeOf : undefined);
      const [d] = decodeOutcomes(encoded.bytes, encoded.logs, encoded.slots, names);
      const heard = [];
      commitEncodedChanges(d.wire, d.changesAt, viaBytes, (address, place, rewritten, wroteStorage) => heard.push([address, place, rewritten, wroteStorage]));
      viaObjects.commit(all);
      assert.deepEqual(accountsOf(viaBytes), accountsOf(viaObjects), `indexed: ${indexed}`);
      assert.deepEqual(viaBytes.stateRoot(), viaObjects.stateRoot());
      assert.deepEqual(heard, all.map((ch) => [ch.address, indexed ? placeOf(ch.address) : -1, ch.deleted || ch.storageCleared || ch.code !== undefined, ch.storage.size !== 0]));
      if (indexed) {
        assert.ok(heard.some(([, p]) => p >= 0) && heard.some(([, p]) => p < 0));
        names.forEach((a, p) => assert.equal(viaBytes.accountAt(p), viaBytes.accounts.get(a), `place ${p}`));
        assert.equal(viaBytes.placeOf(DEAD), placeOf(DEAD), 'a deleted account keeps its place');
      }
    }
    // storage entries the bytes name but were not sent are refused, naming them
    const encoded = encodeOutcomes([{ index: 0, valid: true, status: 'success', gasUsed: 1n, beneficiaryFee: 0n, blobGasUsed: 0n, timeMs: 0, changes, readRecord: [], logs: [] }]);
    const [d] = decodeOutcomes(encoded.bytes, encoded.logs, encoded.slots.slice(0, 16));
    assert.throws(() => commitEncodedChanges(d.wire, d.changesAt, sampleState(), () => {}), /encoded storage: entries \d+\.\.\d+ are outside the 1 entries sent/);
  });

  it('the written keys scanned from the bytes are writeSetOf\'s, a credit counting as a balance write', () => {
    const expected = [...writeSetOf(changes).keys()].map((k) => (k[0] === 'd' ? `b${k.slice(1)}` : k)).sort();
    const got = [];
    forEachWrittenKey(Wire.of(encodeChanges(changes)), 0, () => true, (k) => got.push(k));
    assert.deepEqual([...new Set(got)].sort(), [...new Set(expected)].sort());
    const onlyB = [];
    forEachWrittenKey(Wire.of(encodeChanges(changes)), 0, (a) => a === B, (k) => onlyB.push(k));
    assert.ok(onlyB.length > 0 && onlyB.every((k) => k.includes(B)));
  });

  it('the read keys scanned from the bytes are the read set\'s', () => {
    const reads = sampleReads(sampleState());
    const got = [];
    forEachReadKey(encodeReads(readRecordOf(reads)), 0, () => true, (k) => got.push(k));
    assert.deepEqual(got.sort(), [...reads.keys()].sort());
  });

  it('logs decode to the same logs (no topics, four topics, empty data, packed or plain), as views of the log bytes', () => {
    const logs = [
      { address: bytes(...new Array(20).fill(1)), topics: [], data: new Uint8Array(0) },
      { address: bytes(...new Array(20).fill(2)), topics: [1, 2, 3, 4].map((t) => new Uint8Array(32).fill(t)), data: bytes(9, 8, 7) },
    ];
    // a PackedLog (what the core's logs are) in the middle of a chunk of other bytes
    const chunk = new Uint8Array(200).fill(0xee);
    chunk.fill(3, 10, 20 + 32 + 10); chunk.fill(4, 62, 62 + 70);
    const packed = new PackedLog(chunk, 10, 20 + 32 + 70, 1);
    const copied = new Uint8Array(packed.byteLength + 2);
    packed.copyTo(copied, 2);
    assert.deepEqual(copied.subarray(2), packed.bytes, 'copyTo writes the log\'s bytes');
    // (a long one too: copyTo takes logs past 256 bytes in one copy, shorter ones byte by byte)
    const longChunk = Uint8Array.from({ length: 700 }, (_, i) => (i * 7) & 0xff);
    const long = new PackedLog(longChunk, 3, 20 + 64 + 500, 2);
    const longCopy = new Uint8Array(long.byteLength);
    long.copyTo(longCopy, 0);
    assert.deepEqual(longCopy, long.bytes);
    const all = [...logs, packed, long];
    const into = new Uint8Array(bytesOfLogs(all) + 5);
    const back = decodeLogs(encodeLogs(all, into, 5));
    assert.deepEqual(back.map(plainLog), [...logs, plainLog(packed), plainLog(long)]);
    assert.ok(back.every((l) => l instanceof PackedLog));
    assert.deepEqual(into.subarray(0, 5), new Uint8Array(5)); // nothing written before `at`
    // a log pointing past the bytes is refused, not read: count 1, then offset, size and topics
    const oneLog = (offset, size, topics) => {
      const b = new Uint8Array(13), v = new DataView(b.buffer);
      v.setUint32(0, 1, true); v.setUint32(4, offset, true); v.setUint32(8, size, true); b[12] = topics;
      return new Wire(b, new Int32Array(0), undefined, into);
    };
    assert.equal(decodeLogs(oneLog(0, 20, 0)).length, 1);
    assert.throws(() => decodeLogs(oneLog(0, into.length + 1, 0)), new RegExp(`a log of ${into.length + 1} bytes with 0 topics at 0 is outside the ${into.length} log bytes`));
    assert.throws(() => decodeLogs(oneLog(0, 20, 1)), /outside the/);
  });

  it('a batch of outcomes decodes to the same fields, with reads, changes and logs decoded on access', () => {
    const state = sampleState();
    const outcomes = [
      { index: 7, valid: true, status: 'success', gasUsed: 21000n, beneficiaryFee: 42000n, blobGasUsed: 0n, timeMs: 0.125,
        changes, readRecord: readRecordOf(sampleReads(state)), reads: sampleReads(state), writes: new Map(), logs: [{ address: new Uint8Array(20).fill(5), topics: [new Uint8Array(32).fill(6)], data: bytes(1) }] },
      { index: 9, valid: false, status: 'invalid', error: 'nonce too low: "1"\nsecond line', gasUsed: 0n, beneficiaryFee: 0n, blobGasUsed: 131072n, timeMs: 2,
        changes: [], readRecord: [], reads: new Map(), writes: new Map(), logs: [] },
      { index: 10, valid: true, status: 'revert', createdAddress: C, gasUsed: 53000n, beneficiaryFee: 1n, blobGasUsed: 0n, timeMs: 0,
        changes: [changes[2]], readRecord: readRecordOf(new Map([[`x:${C}`, false]])), reads: new Map([[`x:${C}`, false]]), writes: new Map(), logs: [] },
    ];
    const encoded = encodeOutcomes(outcomes);
    assert.equal(encoded.logs.length, 20 + 32 + 1);
    const decoded = decodeOutcomes(encoded.bytes, encoded.logs, encoded.slots);
    assert.equal(decoded.length, 3);
    decoded.forEach((d, k) => {
      const o = outcomes[k];
      for (const f of ['index', 'valid', 'status', 'gasUsed', 'beneficiaryFee', 'blobGasUsed', 'timeMs', 'error', 'createdAddress']) assert.deepEqual(d[f], o[f], `${k}.${f}`);
      assert.deepEqual(d.reads, o.reads);
      assert.deepEqual(d.changes.map(plainChange), o.changes);
      assert.deepEqual(d.logs.map(plainLog), o.logs);
      assert.deepEqual(d.writes, writeSetOf(o.changes));
    });
  });

  it('a batch of no outcomes is one; outcomes added one at a time read back each with its own logs', () => {
    const none = encodeOutcomes([]);
    assert.deepEqual(decodeOutcomes(none.bytes, none.logs, none.slots), []);
    assert.equal(none.logs.length, 0);
    const log = (n, size) => ({ address: new Uint8Array(20).fill(n), topics: [new Uint8Array(32).fill(n)], data: new Uint8Array(size).fill(n) });
    const outcomes = [[log(1, 3)], [], [log(2, 300), log(3, 0)], [log(4, 5000)]].map((logs, k) => (
      { index: k, valid: true, status: 'success', gasUsed: 1n, beneficiaryFee: 0n, blobGasUsed: 0n, timeMs: k, changes: [], readRecord: [], logs }));
    const encoded = encodeOutcomes(outcomes);
    assert.equal(encoded.logs.length, outcomes.reduce((n, o) => n + bytesOfLogs(o.logs), 0));
    decodeOutcomes(encoded.bytes, encoded.logs, encoded.slots).forEach((d, k) => assert.deepEqual(d.logs.map(plainLog), outcomes[k].logs, `outcome ${k}`));
  });

  it('accounts of the pre-state go by place and come back as the planner\'s own key strings', () => {
    const names = [B, A]; // (the planner's strings, by place)
    const placeOf = (a) => names.indexOf(a);
    const outcome = { index: 3, valid: true, status: 'success', gasUsed: 1n, beneficiaryFee: 0n, blobGasUsed: 0n, timeMs: 0,
      changes, readRecord: readRecordOf(sampleReads(sampleState())), logs: [] };
    const encoded = encodeOutcomes([outcome], placeOf);
    const spelled = encodeOutcomes([outcome]);
    // A and B go as their places (4 bytes), C as its 20 bytes either way
    const holds = (bytes, address) => Buffer.from(bytes).includes(Buffer.from(address, 'hex'));
    assert.ok(!holds(encoded.bytes, A) && !holds(encoded.bytes, B) && holds(encoded.bytes, C));
    assert.ok(holds(spelled.bytes, A) && holds(spelled.bytes, B) && encoded.bytes.length < spelled.bytes.length);
    const [d] = decodeOutcomes(encoded.bytes, encoded.logs, encoded.slots, names);
    assert.deepEqual(d.reads, readSetOf(outcome.readRecord));
    assert.deepEqual(d.changes.map(plainChange), changes);
    assert.equal(d.changes.find((ch) => ch.address === B).address, names[0]);
    // a place the planner does not know is an error, not some other account
    assert.throws(() => decodeOutcomes(encoded.bytes, encoded.logs, encoded.slots, [B])[0].changes, /#1.* not one of the 1 of the pre-state/);
  });

  it('by place against an indexed state (MemoryState.indexPlaces), validation finds what the reference finds as commits go by', () => {
    const state = sampleState();
    const names = state.indexPlaces();
    const placeOf = (a) => names.indexOf(a);
    const record = readRecordOf(sampleReads(state));
    const outcome = { index: 3, valid: true, status: 'success', gasUsed: 1n, beneficiaryFee: 0n, blobGasUsed: 0n, timeMs: 0, changes, readRecord: record, logs: [] };
    const encoded = encodeOutcomes([outcome], placeOf);
    const [d] = decodeOutcomes(encoded.bytes, encoded.logs, encoded.slots, names);
    const same = (when) => assert.equal(firstStaleEncodedRead(d.wire, d.readsAt, state), firstStaleRead(record, state), when);
    assert.equal(firstStaleEncodedRead(d.wire, d.readsAt, state), null);
    const change = (address, fields) => ({ address, deleted: false, storageCleared: false, storage: new Map(), ...fields });
    const steps = [
      ['B\'s slot 0 by place', () => state.commitPlaced([change(B, { storage: new Map([[slot(0), 2n]]) })], [placeOf(B)]), `s:${B}:${slot(0)}`],
      ['B\'s slot 0 back by address', () => state.commit([change(B, { storage: new Map([[slot(0), 1n]]) })]), null],
      ['A deleted by address', () => state.commit([{ address: A, deleted: true, storageCleared: true, storage: new Map() }]), `x:${A}`],
      ['A re-created by place, as it was', () => state.commitPlaced([change(A, { nonce: 3n, balance: 100n })], [placeOf(A)]), null],
      ['A\'s balance by address', () => state.commit([change(A, { balance: 7n })]), `b:${A}`],
    ];
    for (const [what, apply, stale] of steps) {
      apply();
      same(what);
      assert.equal(firstStaleEncodedRead(d.wire, d.readsAt, state), stale, what);
    }
    state.unindexPlaces();
  });

  it('a batch cut short, naming an unknown status, or naming storage entries not sent is refused, saying what is wrong', () => {
    const outcome = { index: 3, valid: true, status: 'success', gasUsed: 1n, beneficiaryFee: 0n, blobGasUsed: 0n, timeMs: 0,
      changes, readRecord: readRecordOf(sampleReads(sampleState())), logs: [] };
    const encoded = encodeOutcomes([outcome]);
    assert.equal(decodeOutcomes(encoded.bytes, encoded.logs, encoded.slots).length, 1);
    assert.throws(() => decodeOutcomes(encoded.bytes.slice(0, encoded.bytes.length - 10), encoded.logs, encoded.slots), /encoded results: changes of \d+ bytes at \d+ run past the \d+ bytes sent/);
    assert.throws(() => decodeOutcomes(encoded.bytes.slice(0, 2), encoded.logs, encoded.slots), /encoded results: 2 bytes, not a batch/);
    const badStatus = encoded.bytes.slice();
    badStatus[4 + 4 + 1] = 200; // count, index, flags, then the status
    assert.throws(() => decodeOutcomes(badStatus, encoded.logs, encoded.slots), /unknown status 200 \(transaction 3\)/);
    const [d] = decodeOutcomes(encoded.bytes, encoded.logs, encoded.slots.slice(0, 16));
    assert.throws(() => d.changes, /encoded storage: entries \d+\.\.\d+ are outside the 1 entries sent/);
    // and what no worker could send is refused when encoding: a status the core does not have
    assert.throws(() => encodeOutcomes([{ ...outcome, status: 'weird' }]), /unknown status "weird"/);
  });

  it('a worker\'s state (the pre-state read in place) reads like the state it was encoded from, before and after commits', () => {
    const state = sampleState();
    state.accounts.set(C, { nonce: 0n, balance: 0n, code: new Uint8Array(0), codeHash: KECCAK_EMPTY, storage: new SlotMap() });
    const lazy = new LazyState(encodeState(state));
    for (const a of [A, B, C, 'ff'.repeat(20)]) {
      assert.deepEqual(asRead(lazy, a), asRead(state, a), a);
      assert.deepEqual(lazy.getCode(a), state.getCode(a));
      assert.equal(lazy.hasStorage(a), state.hasStorage(a));
      for (const n of [0, 7, 31]) assert.equal(lazy.getStorage(a, slot(n)), state.getStorage(a, slot(n)));
    }
    lazy.commit(changes);
    state.commit(changes);
    for (const a of [A, B, C, 'dead'.padStart(40, '0')]) {
      assert.deepEqual(asRead(lazy, a), asRead(state, a), `after commit: ${a}`);
      for (const n of [0, 1, 31]) assert.equal(lazy.getStorage(a, slot(n)), state.getStorage(a, slot(n)));
    }
  });

  it('a worker\'s state gives an account read again the same object until a commit changes its nonce, balance, code or existence', () => {
    const lazy = new LazyState(encodeState(sampleState()));
    const change = (fields) => ({ deleted: false, storageCleared: false, storage: new Map(), ...fields });
    const first = lazy.getAccount(B);
    assert.equal(lazy.getAccount(B), first, 'read twice: one object');
    lazy.commit([change({ address: B, storage: new Map([[slot(0), 9n]]) })]);
    assert.equal(lazy.getAccount(B), first, 'storage alone: the same object');
    assert.equal(lazy.getStorage(B, slot(0)), 9n);
    const afterFields = [
      [{ nonce: 5n }, (a) => a.nonce === 5n],
      [{ balance: 7n }, (a) => a.balance === 7n],
      [{ balanceDelta: 3n }, (a) => a.balance === 10n],
      [{ code: bytes(0xfe), codeHash: keccak256(bytes(0xfe)) }, (a) => bytesToHex(a.codeHash) === bytesToHex(keccak256(bytes(0xfe)))],
    ];
    let last = first;
    for (const [fields, holds] of afterFields) {
      lazy.commit([change({ address: B, ...fields })]);
      const now = lazy.getAccount(B);
      assert.notEqual(now, last, JSON.stringify(Object.keys(fields)));
      assert.ok(holds(now), JSON.stringify(Object.keys(fields)));
      assert.equal(lazy.getAccount(B), now);
      last = now;
    }
    assert.equal(first.nonce, 0n, 'an object given out is never written');
    lazy.commit([change({ address: B, deleted: true, storageCleared: true })]);
    assert.equal(lazy.getAccount(B), undefined);
    lazy.commit([change({ address: B, balanceDelta: 1n })]); // (made again: a new account)
    assert.deepEqual(lazy.getAccount(B), { nonce: 0n, balance: 1n, codeHash: KECCAK_EMPTY });
  });

  it('a worker\'s state finds each account of the encoded state at its place, and no other address (one sharing its last 16 digits included), before and after commits', () => {
    const pre = {};
    const addr = (i) => (i * 7919).toString(16).padStart(24, '0') + (i % 50).toString(16).padStart(16, '0'); // (50 last-16-digit groups)
    for (let i = 1; i <= 400; i++) pre['0x' + addr(i)] = { balance: '0x' + i.toString(16) };
    const state = MemoryState.fromJson(pre);
    const names = [...state.accounts.keys()];
    const lazy = new LazyState(encodeState(state));
    const strangers = ['f'.repeat(24) + addr(3).slice(24), '0'.repeat(40), 'x'.repeat(40), addr(3).slice(1)];
    const check = (when) => {
      names.forEach((a, p) => assert.equal(lazy.placeOf(a), p, `${when}: ${a}`));
      for (const a of strangers) assert.equal(lazy.placeOf(a), -1, `${when}: ${a}`);
    };
    check('before any access');
    for (let i = 1; i <= 400; i += 3) assert.equal(lazy.getAccount(addr(i)).balance, BigInt(i)); // (loaded: places by hint)
    check('a third loaded');
    // deleted, then made again by a credit: a new account object, its place found in the table again
    lazy.commit([{ address: addr(4), deleted: true, storageCleared: true, storage: new Map() }], 1);
    lazy.commit([{ address: addr(4), deleted: false, storageCleared: false, created: true, storage: new Map(), balanceDelta: 5n }], 2);
    lazy.commit([{ address: addr(4), deleted: false, storageCleared: false, storage: new Map(), balanceDelta: 1n }], 3);
    assert.equal(lazy.getAccount(addr(4)).balance, 6n);
    assert.equal(lazy.versionOf(addr(4)), 3);
    check('after a deletion and a re-creation');
    assert.equal(lazy.getAccount(strangers[0]), undefined);
  });

  it('addresses outside the pre-state read back as their keys, however they repeat (near twins, more than the few kept); one cut short is refused', () => {
    const twins = ['ab'.repeat(19) + '01', 'ab'.repeat(19) + '02', '01' + 'ab'.repeat(19), C, A, B, '00'.repeat(20)];
    let seed = 7;
    const order = Array.from({ length: 300 }, () => { seed = (seed * 1103515245 + 12345) >>> 0; return twins[seed % twins.length]; });
    const changes = order.map((address, i) => ({ address, deleted: false, storageCleared: false, storage: new Map(), nonce: BigInt(i) }));
    const encoded = encodeChanges(changes);
    assert.deepEqual(decodeChanges(Wire.of(encoded)).map((ch) => [ch.address, ch.nonce]), order.map((a, i) => [a, BigInt(i)]));
    // (the same through validation's reads: each spelled-out address is read as itself)
    const reads = encodeReads(order.map((address) => Object.assign(readRecordOf(new Map([[`x:${address}`, false]]))[0])));
    assert.deepEqual(decodeReads(reads).map((a) => a.address), order);
    const cut = encodeChanges([changes[0]]);
    assert.throws(() => decodeChanges(Wire.of({ bytes: cut.bytes.slice(0, 4 + 4 + 10), slots: cut.slots })), /encoded address at 8 runs past the 18 bytes sent/);
  });

  it('storage runs cross as they are, short and long, from packed lists, tables and Maps', () => {
    const entries = (n, seed) => new Map(Array.from({ length: n }, (_, i) => [slot(seed + 3 * i), BigInt(seed) * 1000n + BigInt(i) + (i % 3 === 0 ? BIG - 100000n : 0n)]));
    const changes = [1, 3, 8, 9, 20].flatMap((n, k) => [
      { address: A, deleted: false, storageCleared: false, storage: SlotList.from(entries(n, 10 * k)) },
      { address: B, deleted: false, storageCleared: false, storage: SlotMap.from(entries(n, 10 * k + 1)) },
      { address: C, deleted: false, storageCleared: false, storage: entries(n, 10 * k + 2) },
    ]);
    const back = decodeChanges(Wire.of(encodeChanges(changes)));
    assert.deepEqual(back.map((ch) => [ch.address, [...ch.storage].sort()]), changes.map((ch) => [ch.address, [...ch.storage].sort()]));
  });

  it('a worker\'s state reads as the MemoryState it was encoded from through 3,000 random commits (deletions, re-creations, debits past zero, code, storage)', () => {
    let seed = 0x2545f491;
    const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
    const addr = (i) => (i * 104729).toString(16).padStart(40, '0');
    const codes = [bytes(0x60, 0x01, 0x60, 0x00, 0x55), bytes(0x00), bytes(0xef, 0x01, 0x00, ...new Uint8Array(20).fill(7))];
    const pre = {};
    for (let i = 0; i < 40; i++) {
      const storage = {};
      if (i % 3 === 0) for (let k = 0; k < 1 + (i % 5); k++) storage['0x' + (k * 3).toString(16)] = '0x' + (i * 10 + k + 1).toString(16);
      pre['0x' + addr(i)] = { nonce: '0x' + (i % 4).toString(16), balance: '0x' + (i === 7 ? BIG : BigInt(i * 1000)).toString(16), code: i % 4 === 1 ? bytesToHex(codes[i % 3]) : '0x', storage };
    }
    const state = MemoryState.fromJson(pre);
    const lazy = new LazyState(encodeState(state));
    const every = Array.from({ length: 50 }, (_, i) => addr(i)); // (40..49: outside the pre-state)
    const check = (when) => {
      for (const a of every) {
        assert.deepEqual(asRead(lazy, a), asRead(state, a), `${when}: ${a}`);
        for (const k of [0, 3, 6, 9, 12, 15]) assert.equal(lazy.getStorage(a, slot(k)), state.getStorage(a, slot(k)), `${when}: ${a} slot ${k}`);
      }
    };
    check('before any commit');
    for (let step = 1; step <= 3000; step++) {
      const changes = [];
      for (let c = 0, n = 1 + rnd(3); c < n; c++) {
        const address = every[rnd(50)], kind = rnd(12);
        const ch = { address, deleted: false, storageCleared: false, storage: new Map() };
        if (kind === 0) Object.assign(ch, { deleted: true, storageCleared: true });
        else if (kind === 1) Object.assign(ch, { created: true, storageCleared: true, nonce: 1n, balance: BigInt(rnd(500)) });
        else if (kind === 2) ch.balanceDelta = -BigInt(rnd(3000)); // (a speculative debit may leave a balance below zero)
        else if (kind === 3) ch.balanceDelta = rnd(4) === 0 ? BIG : BigInt(rnd(3000));
        else if (kind === 4) { const code = codes[rnd(3)]; ch.code = code; ch.codeHash = keccak256(code); }
        else if (kind === 5) ch.storageCleared = true;
        else {
          ch.nonce = BigInt(rnd(9));
          if (rnd(2) === 0) ch.balance = BigInt(rnd(1e6));
          for (let k = 0, m = rnd(4); k < m; k++) ch.storage.set(slot(3 * rnd(6)), rnd(3) === 0 ? 0n : BigInt(1 + rnd(1e6)));
        }
        changes.push(ch);
      }
      lazy.commit(changes, step);
      state.commit(changes);
      if (step % 100 === 0 || step < 20) check(`after commit ${step}`);
      for (const ch of changes) assert.equal(lazy.versionOf(ch.address), step);
    }
    assert.equal(SlotMap.EMPTY.size, 0);
  });

  it('a pre-state whose parts do not fit together is refused, naming what does not fit', () => {
    const good = encodeState(sampleState());
    assert.throws(() => new LazyState({ ...good, addresses: good.addresses.slice(1) }), /address digits for \d+ accounts/);
    const accounts = good.accounts.slice();
    const place = good.addresses.indexOf(B) / 40, words = accounts.length / (good.addresses.length / 40);
    accounts[place * words + words - 3] = good.used.length; // B's table starts past the tables sent
    assert.throws(() => new LazyState({ ...good, accounts }).getStorage(B, slot(0)), new RegExp(`storage of 0x${B}.* outside the ${good.used.length} sent`));
    const spans = good.codeSpans.slice();
    spans[1] = good.code.length + 1; // B's code runs past the bytes sent
    assert.throws(() => new LazyState({ ...good, codeSpans: spans }), new RegExp(`code 0 \\(bytes 0\\+${good.code.length + 1}\\) is outside the ${good.code.length} sent`));
    assert.throws(() => new LazyState({ ...good, codeHashes: good.codeHashes.slice(1) }), /31 bytes of code hashes for 1 codes/);
    // (and a state no worker could hold is not sent: a balance outside 0..2^256 - 1 is named)
    const bad = sampleState();
    bad.accounts.get(A).balance = -1n;
    assert.throws(() => encodeState(bad), new RegExp(`0x${A} has nonce 3 and balance -1`));
  });

  it('code crosses once per pool: later blocks send its hash only, read back from the worker\'s cache', () => {
    const state = sampleState();
    const code = state.accounts.get(B).code;
    const sent = new HashSet();
    const first = encodeState(state, sent);
    assert.ok(sent.has(state.accounts.get(B).codeHash));
    const second = encodeState(state, sent);
    assert.deepEqual(first.code, code); // (the code in full, as bytes)
    assert.equal(second.code.length, 0); // (by hash only)
    assert.deepEqual([first.codeHashes, second.codeHashes], [state.accounts.get(B).codeHash, state.accounts.get(B).codeHash]);
    const codes = new Map();
    const one = new LazyState(first, codes); // a worker's first block fills its cache
    const two = new LazyState(second, codes);
    for (const lazy of [one, two]) {
      assert.deepEqual(lazy.getCode(B), code);
      assert.deepEqual(asRead(lazy, B), asRead(state, B));
    }
    // a worker without the code (it never got the first block) says what is missing instead of running without it
    assert.throws(() => new LazyState(second, new Map()).getCode(B), /code of 0x0123456789abcdef.*neither sent nor kept/);
  });

  it('past its limit the code a pool holds starts over: the workers are told to reset and get the code in full', async () => {
    const { encodeStateFor } = await import('../../../dist/parallel/planner.js');
    const pool = { workers: [], close: async () => {} };
    const state = sampleState();
    const size = state.accounts.get(B).code.length;
    const a = encodeStateFor(pool, state, size);
    const b = encodeStateFor(pool, state, size);
    assert.deepEqual([a.codeReset, b.codeReset], [false, false]);
    assert.ok(b.encoded.code.length < a.encoded.code.length);
    const other = sampleState();
    const acc = other.accounts.get(B);
    other.accounts.set(C, { ...acc, code: bytes(0x60, 0x02), codeHash: keccak256(bytes(0x60, 0x02)), storage: new SlotMap() });
    const c = encodeStateFor(pool, other, size); // B's code and C's would not fit together
    assert.equal(c.codeReset, true);
    const lazy = new LazyState(c.encoded, new Map()); // (a worker empties its cache on codeReset)
    assert.deepEqual(lazy.getCode(B), acc.code);
    assert.deepEqual(lazy.getCode(C), bytes(0x60, 0x02));
  });

  it('hex text of short and long byte arrays (two paths) reads back as the bytes', () => {
    for (const n of [0, 1, 11, 12, 20, 32, 33, 100, 5000]) { // (the paths part at 12 bytes)
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const t = hexDigits(b);
      assert.equal(t, Buffer.from(b).toString('hex'), `${n} bytes`);
      assert.deepEqual(hexInto(t, 0, t.length, new Uint8Array(n)), b);
    }
    // a longer array after a shorter one: the digit buffer grows, an earlier text is not changed
    const first = hexDigits(new Uint8Array(40).fill(0xab));
    hexDigits(new Uint8Array(3000).fill(0xcd));
    assert.equal(first, 'ab'.repeat(40));
  });
});
