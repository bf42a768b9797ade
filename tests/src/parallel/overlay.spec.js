// The planner thread's speculative view (src/parallel/overlay.ts): its own uncommitted changes laid
// over the committed state, read through like a state, and dropped as each transaction commits.
import assert from 'node:assert/strict';
import { SpeculativeView } from '../../../dist/parallel/overlay.js';
import { MemoryState, KECCAK_EMPTY } from '../../../dist/state/memory-state.js';
import { keccak256, bytesToHex } from '../../../dist/bytes.js';

const A = 'a'.repeat(40), B = 'b'.repeat(40), C = 'c'.repeat(40);
const slot = (n) => n.toString(16).padStart(64, '0');
const change = (address, fields = {}) => ({ address, deleted: false, storageCleared: false, storage: new Map(), ...fields });

function base() {
  return MemoryState.fromJson({
    [`0x${A}`]: { balance: '0x64', nonce: '0x1' },
    [`0x${B}`]: { balance: '0x0', nonce: '0x1', code: '0x6001', storage: { '0x0': '0x5', '0x1': '0x6' } },
  });
}

describe('parallel: speculative view of the planner thread', () => {
  it('reads the committed state where it has no layer', () => {
    const state = base();
    const view = new SpeculativeView(state);
    assert.equal(view.getAccount(A).balance, 100n);
    assert.equal(view.getStorage(B, slot(1)), 6n);
    assert.equal(view.hasStorage(B), true);
    assert.equal(view.getAccount(C), undefined);
    assert.deepEqual(view.getCode(B), Uint8Array.from([0x60, 0x01]));
  });

  it('shows its own changes over the committed state and leaves that state alone', () => {
    const state = base();
    const view = new SpeculativeView(state);
    view.apply([change(A, { nonce: 2n, balance: 40n }), change(C, { balanceDelta: 7n }), change(B, { storage: new Map([[slot(0), 9n], [slot(1), 0n]]) })], 5);
    assert.equal(view.getAccount(A).nonce, 2n);
    assert.equal(view.getAccount(A).balance, 40n);
    assert.equal(view.getAccount(C).balance, 7n, 'a credit to an account the state lacks');
    assert.equal(view.getStorage(B, slot(0)), 9n);
    assert.equal(view.getStorage(B, slot(1)), 0n);
    assert.equal(view.getStorage(B, slot(2)), 0n);
    assert.equal(view.hasStorage(B), true);
    // a later credit adds to what the view shows
    view.apply([change(A, { balanceDelta: 1n })], 6);
    assert.equal(view.getAccount(A).balance, 41n);
    // the committed state is unchanged
    assert.equal(state.accounts.get(A).balance, 100n);
    assert.equal(state.getStorage(B, slot(0)), 5n);
    assert.equal(state.accounts.has(C), false);
  });

  it('hasStorage sees slots zeroed or cleared by the view', () => {
    const view = new SpeculativeView(base());
    view.apply([change(B, { storage: new Map([[slot(0), 0n], [slot(1), 0n]]) })], 1);
    assert.equal(view.hasStorage(B), false, 'every committed slot zeroed');
    view.apply([change(B, { storage: new Map([[slot(3), 1n]]) })], 2);
    assert.equal(view.hasStorage(B), true);
    view.apply([change(B, { storageCleared: true })], 3);
    assert.equal(view.hasStorage(B), false, 'cleared');
    assert.equal(view.getStorage(B, slot(0)), 0n);
  });

  it('deletion, then re-creation with new code', () => {
    const view = new SpeculativeView(base());
    view.apply([{ address: B, deleted: true, storageCleared: true, storage: new Map() }], 1);
    assert.equal(view.getAccount(B), undefined);
    assert.equal(view.getCode(B).length, 0);
    assert.equal(view.getStorage(B, slot(0)), 0n);
    assert.equal(view.hasStorage(B), false);
    const code = Uint8Array.from([0x60, 0x02]);
    view.apply([change(B, { nonce: 1n, code, codeHash: keccak256(code), storageCleared: true, storage: new Map([[slot(4), 4n]]) })], 2);
    assert.equal(bytesToHex(view.getAccount(B).codeHash), bytesToHex(keccak256(code)));
    assert.deepEqual(view.getCode(B), code);
    assert.equal(view.getStorage(B, slot(0)), 0n, 'the old storage stays gone');
    assert.equal(view.getStorage(B, slot(4)), 4n);
    assert.equal(view.getAccount(B).balance, 0n);
  });

  it('a layer is dropped when its last writer commits, kept while a later one is pending', () => {
    const state = base();
    const view = new SpeculativeView(state);
    view.apply([change(A, { balance: 50n })], 3);
    view.apply([change(A, { balance: 20n }), change(C, { balance: 1n })], 7);
    view.committed(3);
    assert.equal(view.getAccount(A).balance, 20n, 'transaction 7 is still pending');
    // what the committed state shows after 7 committed (here, something else: the view must defer to it)
    state.commit([change(A, { balance: 21n }), change(C, { balance: 2n })]);
    view.committed(7);
    assert.equal(view.size, 0);
    assert.equal(view.getAccount(A).balance, 21n);
    assert.equal(view.getAccount(C).balance, 2n);
  });

  it('a transaction applied out of order does not drop a later one\'s layer', () => {
    const view = new SpeculativeView(base());
    view.apply([change(A, { nonce: 9n })], 10);
    view.apply([change(A, { balance: 1n })], 4); // a deferred transaction run again later
    view.committed(4);
    assert.equal(view.getAccount(A).nonce, 9n);
    assert.equal(view.getAccount(A).balance, 1n);
    view.committed(10);
    assert.equal(view.size, 0);
  });

  it('layers and tables dropped at commit serve other accounts later with nothing of the old ones showing', () => {
    const state = base();
    const view = new SpeculativeView(state);
    const D = 'd'.repeat(40);
    // B's layer grows a table of many slots; C's is deleted; both commit (their layers are kept for reuse)
    const many = new Map(Array.from({ length: 40 }, (_, k) => [slot(k), BigInt(k + 100)]));
    view.apply([change(B, { nonce: 7n, storage: many }), { address: C, deleted: true, storageCleared: true, storage: new Map() }], 1);
    assert.equal(view.getStorage(B, slot(39)), 139n);
    view.committed(1);
    assert.equal(view.size, 0);
    // new layers: A (no storage written), D (new, storage written), B again (one slot written)
    view.apply([change(A, { balanceDelta: 5n }), change(D, { storage: new Map([[slot(2), 3n]]) }), change(B, { storage: new Map([[slot(3), 4n]]) })], 2);
    assert.equal(view.getAccount(A).balance, 105n);
    assert.equal(view.getAccount(A).nonce, 1n, 'A\'s nonce, not B\'s old layer\'s');
    assert.equal(view.getStorage(A, slot(39)), 0n, 'no slot of B\'s old table under A');
    assert.equal(view.hasStorage(A), false);
    assert.equal(view.getAccount(D).balance, 0n);
    assert.equal(view.getStorage(D, slot(2)), 3n);
    assert.equal(view.getStorage(D, slot(39)), 0n, 'a reused table starts empty');
    assert.equal(view.getStorage(B, slot(3)), 4n);
    assert.equal(view.getStorage(B, slot(39)), 0n, 'B\'s old speculative slots are gone with its old layer');
    assert.equal(view.getStorage(B, slot(1)), 6n, 'the committed slot below shows');
    assert.equal(view.getAccount(B).nonce, 1n, 'the committed nonce, not the dropped layer\'s');
    assert.equal(view.getAccount(C), undefined, 'C as committed: never created');
    // an account the view deletes, on a reused layer, hides the committed one and its storage
    view.committed(2);
    view.apply([{ address: B, deleted: true, storageCleared: true, storage: new Map() }], 3);
    assert.equal(view.getAccount(B), undefined);
    assert.equal(view.getStorage(B, slot(0)), 0n);
    // and re-created on top of that: empty fields, no storage below
    view.apply([change(B, { balanceDelta: 2n })], 4);
    assert.equal(view.getAccount(B).balance, 2n);
    assert.equal(view.getAccount(B).nonce, 0n);
    assert.equal(view.getStorage(B, slot(1)), 0n);
    view.committed(3);
    view.committed(4);
    assert.equal(view.size, 0);
    assert.equal(view.getStorage(B, slot(1)), 6n, 'all layers gone: the committed state again');
  });

  it('an account without code reads as the empty code hash', () => {
    const view = new SpeculativeView(new MemoryState());
    view.apply([change(C, { balanceDelta: 3n })], 0);
    assert.equal(bytesToHex(view.getAccount(C).codeHash), bytesToHex(KECCAK_EMPTY));
    assert.equal(view.getCode(C).length, 0);
  });
});
