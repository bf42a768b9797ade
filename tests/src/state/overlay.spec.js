// TxOverlay (src/state/overlay.ts): journal, EVMC storage status, commutative credits and balance bounds.
import assert from 'node:assert/strict';
import { TxOverlay } from '../../../dist/state/overlay.js';
import { MemoryState } from '../../../dist/state/memory-state.js';
import { NO_STORAGE } from '../../../dist/state/types.js';
import { writeSetOf } from '../../../dist/state/access.js';

const A = 'a'.repeat(40), B = 'b'.repeat(40);
const CANCUN = 12;
const base = () => MemoryState.fromJson({
  ['0x' + A]: { balance: '0x64', nonce: '0x1', storage: { '0x01': '0x05' } },
});

describe('state/overlay', () => {
  it('reverts to a checkpoint: balances, storage, logs, warm sets', () => {
    const o = new TxOverlay(base(), CANCUN);
    const cp = o.checkpoint();
    o.setBalance(A, 1n);
    o.setStorage(A, '0'.repeat(63) + '1', 9n);
    o.warmAddress(B);
    o.addLog({ address: new Uint8Array(20), topics: [], data: new Uint8Array(0) });
    o.revert(cp);
    assert.equal(o.balance(A), 100n);
    assert.equal(o.storage(A, '0'.repeat(63) + '1'), 5n);
    assert.equal(o.warmAddress(B), true, 'B is cold again after the revert');
    assert.equal(o.warmAddress(B), false, 'and warm once warmed');
    assert.equal(o.logs.length, 0);
  });

  it('an overlay released and the next one share nothing: warmth, touches, balances, reads (reused accounts and journal)', () => {
    const many = Array.from({ length: 12 }, (_, i) => (i + 1).toString(16).padStart(40, '0')); // past the scanned few: an index
    const first = new TxOverlay(base(), CANCUN);
    first.warmAddress(B);
    first.setBalance(A, 1n);
    first.touch(B);
    for (const x of many) first.credit(x, 5n);
    const cp = first.checkpoint();
    first.setNonce(A, 9n);
    first.revert(cp); // (entries past the checkpoint stay in the reused journal until overwritten)
    assert.equal(first.finalize().length, 2 + many.length);
    first.release();
    const next = new TxOverlay(base(), CANCUN);
    assert.equal(next.warmAddress(B), true, 'B cold again');
    assert.equal(next.balance(A), 100n);
    assert.equal(next.nonce(A), 1n);
    for (const x of many) assert.equal(next.balance(x), 0n, x);
    assert.deepEqual(next.finalize(), [], 'nothing touched or written');
    assert.deepEqual(next.readRecord().map((r) => r.address).sort(), [A, ...many].sort());
    next.release();
  });

  it('read records, changes and logs are arrays of their own: a later transaction, a revert or a second call leaves them as taken', () => {
    const C = 'c'.repeat(40);
    const log = (n) => ({ address: new Uint8Array(20).fill(n), topics: [], data: new Uint8Array(0) });
    const first = new TxOverlay(base(), CANCUN);
    first.balance(A);
    first.setNonce(A, 2n);
    first.addLog(log(1));
    const record = first.readRecord(), changes = first.finalize(), logs = first.takeLogs();
    assert.notEqual(first.readRecord(), record, 'each call gives a new array');
    const cp = first.checkpoint();
    first.addLog(log(2));
    first.revert(cp);
    first.release();
    const next = new TxOverlay(base(), CANCUN);
    for (const x of [B, C]) { next.balance(x); next.setNonce(x, 1n); }
    assert.equal(next.readRecord().length, 2);
    assert.equal(next.finalize().length, 2);
    assert.equal(next.takeLogs().length, 0);
    next.release();
    assert.deepEqual(record.map((r) => r.address), [A]);
    assert.deepEqual(changes.map((c) => [c.address, c.nonce]), [[A, 2n]]);
    assert.deepEqual(logs.map((l) => l.address[0]), [1]);
  });

  it('logs: an overlay whose log list was used before shows only its own, and none of a revert', () => {
    const log = (n) => ({ address: new Uint8Array(20).fill(n), topics: [], data: new Uint8Array(0) });
    const first = new TxOverlay(base(), CANCUN);
    first.addLog(log(1));
    const cp = first.checkpoint();
    first.addLog(log(2)); first.addLog(log(3));
    first.revert(cp);
    assert.deepEqual(first.logs.map((l) => l.address[0]), [1]);
    first.addLog(log(4)); // (over the place a reverted log held)
    assert.deepEqual(first.takeLogs().map((l) => l.address[0]), [1, 4]);
    first.release();
    const next = new TxOverlay(base(), CANCUN);
    assert.equal(next.takeLogs().length, 0);
    next.addLog(log(5));
    assert.deepEqual(next.logs.map((l) => l.address[0]), [5]);
    assert.deepEqual(next.takeLogs().map((l) => l.address[0]), [5]);
    next.release();
  });

  it('storage maps: none until a slot is written, a fresh one per account, and the shared empty one never written', () => {
    const C = 'c'.repeat(40);
    const one = '0'.repeat(63) + '1', two = '0'.repeat(63) + '2';
    const o = new TxOverlay(base(), CANCUN);
    o.setNonce(B, 1n); // an account written, with no storage written
    const cp = o.checkpoint();
    o.setStorage(C, one, 7n);
    o.createAccount(C); // storage cleared after a write, then written again
    o.setStorage(C, two, 8n);
    o.revert(cp);
    o.setStorage(A, two, 4n);
    o.createAccount(C);
    const cp2 = o.checkpoint();
    o.setStorage(C, one, 1n);
    o.revert(cp2);
    o.setStorage(C, two, 2n);
    const changes = o.finalize();
    const by = Object.fromEntries(changes.map((c) => [c.address, c]));
    assert.deepEqual([...by[A].storage], [[two, 4n]]);
    assert.deepEqual([...by[C].storage], [[two, 2n]]);
    assert.equal(by[C].storageCleared, true);
    assert.equal(by[B].storage.size, 0);
    assert.notEqual(by[A].storage, by[C].storage);
    assert.equal(NO_STORAGE.size, 0);
  });

  it('reports the EVMC storage status from original, current and new values', () => {
    const o = new TxOverlay(base(), CANCUN);
    const one = '0'.repeat(63) + '1', two = '0'.repeat(63) + '2';
    assert.equal(o.store(A, two, 3n), 1); // ADDED: 0 -> 0 -> 3
    assert.equal(o.store(A, two, 0n), 7); // ADDED_DELETED: 0 -> 3 -> 0
    assert.equal(o.store(A, one, 5n), 0); // ASSIGNED: 5 -> 5 -> 5
    assert.equal(o.store(A, one, 0n), 2); // DELETED: 5 -> 5 -> 0
    assert.equal(o.store(A, one, 5n), 6); // DELETED_RESTORED: 5 -> 0 -> 5
    assert.equal(o.store(A, one, 6n), 3); // MODIFIED: 5 -> 5 -> 6
    assert.equal(o.store(A, one, 0n), 5); // MODIFIED_DELETED: 5 -> 6 -> 0
    assert.equal(o.store(A, one, 7n), 4); // DELETED_ADDED: 5 -> 0 -> 7
    assert.equal(o.store(A, one, 5n), 8); // MODIFIED_RESTORED: 5 -> 7 -> 5
  });

  it('reads a slot from the base once per transaction: SLOADs and SSTORE original values come from the read record', () => {
    const s = base();
    let baseReads = 0;
    // (the overlay reads in words when the base can: storageInto; either way counts)
    const getStorage = s.getStorage.bind(s), storageInto = s.storageInto.bind(s);
    s.getStorage = (address, slot) => { baseReads++; return getStorage(address, slot); };
    s.storageInto = (...args) => { baseReads++; return storageInto(...args); };
    const o = new TxOverlay(s, CANCUN);
    const one = '0'.repeat(63) + '1';
    assert.equal(o.storage(A, one), 5n);
    assert.equal(o.storage(A, one), 5n);
    assert.equal(o.store(A, one, 6n), 3); // MODIFIED: original and current 5, both from the record
    assert.equal(o.store(A, one, 5n), 8); // MODIFIED_RESTORED: the original is still 5
    const cp = o.checkpoint();
    o.setStorage(A, one, 9n);
    o.revert(cp);
    assert.equal(o.storage(A, one), 5n);
    assert.equal(o.originalStorage(A, one), 5n);
    assert.equal(baseReads, 1);
    assert.deepEqual([...o.readRecord().find((r) => r.address === A).slots], [[one, 5n]]);
  });

  it('a transfer records a lower bound for the sender and a credit for the recipient, not their balances', () => {
    const o = new TxOverlay(base(), CANCUN);
    assert.equal(o.transfer(A, B, 30n), true);
    assert.equal(o.reads.has(`b:${A}`), false);
    const changes = o.finalize(), writes = writeSetOf(changes);
    assert.equal(o.reads.get(`m:${A}`), 30n);
    assert.equal(writes.get(`d:${A}`), -30n);
    assert.equal(writes.get(`d:${B}`), 30n);
    const s = base();
    s.commit(changes);
    assert.equal(s.getAccount(A).balance, 70n);
    assert.equal(s.getAccount(B).balance, 30n);
  });

  it('emptiness (EIP-161) reads only what decides it: a contract its code, an account with a nonce its nonce, one without a lower bound of 1', () => {
    const C = 'c'.repeat(40), D = 'd'.repeat(40), E = 'e'.repeat(40), F = 'f'.repeat(40);
    const s = MemoryState.fromJson({
      ['0x' + A]: { balance: '0x64', nonce: '0x1' },
      ['0x' + C]: { balance: '0x64', nonce: '0x1', code: '0x00' },
      ['0x' + D]: { balance: '0x64', nonce: '0x0' },
    });
    const o = new TxOverlay(s, CANCUN);
    assert.deepEqual([C, A, D, E].map((x) => o.isEmpty(x)), [false, false, false, true]);
    // a credit this transaction made counts, with no read of the balance before it
    o.credit(F, 5n);
    assert.equal(o.isEmpty(F), false);
    o.finalize(); // (lower bounds go into the reads here)
    assert.ok(!o.reads.has(`b:${F}`));
    assert.ok(o.reads.has(`c:${C}`) && !o.reads.has(`n:${C}`) && !o.reads.has(`b:${C}`) && !o.reads.has(`m:${C}`), 'the contract: its code only');
    assert.ok(o.reads.has(`n:${A}`) && !o.reads.has(`b:${A}`) && !o.reads.has(`m:${A}`), 'nonce 1: no balance');
    assert.equal(o.reads.get(`m:${D}`), 1n, 'nonce 0 and a balance: at least 1');
    assert.ok(!o.reads.has(`b:${D}`));
    assert.equal(o.reads.get(`b:${E}`), 0n, 'absent: its balance, exactly');
  });

  it('reading a credited balance turns the credit into an exact read and write', () => {
    const o = new TxOverlay(base(), CANCUN);
    o.credit(A, 5n);
    assert.equal(o.balance(A), 105n);
    assert.equal(o.reads.get(`b:${A}`), 100n);
    const writes = writeSetOf(o.finalize());
    assert.equal(writes.get(`b:${A}`), 105n);
    assert.equal(writes.has(`d:${A}`), false);
  });

  it('an insufficient balance is decided on the exact value', () => {
    const o = new TxOverlay(base(), CANCUN);
    assert.equal(o.transfer(A, B, 101n), false);
    assert.equal(o.reads.get(`b:${A}`), 100n);
  });

  it('EIP-161: a touched empty account is deleted at the end of the transaction', () => {
    const o = new TxOverlay(base(), CANCUN);
    o.touch(B);
    const s = base();
    s.commit(o.finalize());
    assert.equal(s.getAccount(B), undefined); // touched into existence, empty: gone again
    const o2 = new TxOverlay(MemoryState.fromJson({ ['0x' + B]: { balance: '0x0', nonce: '0x0' } }), CANCUN);
    o2.touch(B);
    assert.equal(o2.finalize().find((c) => c.address === B).deleted, true);
  });
});
