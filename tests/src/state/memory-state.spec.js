// The in-memory state (src/state/memory-state.ts): key spellings of the JSON pre-state, fromJson, and
// accounts by place (indexPlaces: the parallel planner's commits and validation).
import assert from 'node:assert/strict';
import { MemoryState, addressKey, slotKey, KECCAK_EMPTY, PLACE_UNKNOWN } from '../../../dist/state/memory-state.js';
import { NO_STORAGE } from '../../../dist/state/types.js';
import { SlotMap, SlotList, ENTRY, WORDS, wordsFromHex, wordsFromBigint } from '../../../dist/state/slots.js';
import { keccak256, hexToBytes } from '../../../dist/bytes.js';

describe('state/memory-state', () => {
  const A = 'ab'.repeat(20);

  it('spells an address as 40 lowercase digits, however it was written, and rejects what is not one', () => {
    assert.equal(addressKey('0x' + A), A); // (the fast path: 0x and lowercase)
    assert.equal(addressKey('0x' + A.toUpperCase()), A);
    assert.equal(addressKey('0X' + A), A);
    assert.equal(addressKey(A), A);
    assert.equal(addressKey('0x1'), '0'.repeat(39) + '1');
    for (const bad of ['0x' + 'g'.repeat(40), '0x' + 'a'.repeat(41), '0x' + 'a'.repeat(39) + ' ', '0xab-' + 'a'.repeat(37), 'xyz']) {
      assert.throws(() => addressKey(bad), /invalid address/, bad);
    }
  });

  it('spells a slot as 64 lowercase digits, from hex or a bigint, and rejects what is not one', () => {
    const S = 'cd'.repeat(32);
    assert.equal(slotKey('0x' + S), S);
    assert.equal(slotKey('0x' + S.toUpperCase()), S);
    assert.equal(slotKey('0x01'), '0'.repeat(63) + '1');
    assert.equal(slotKey(255n), '0'.repeat(62) + 'ff');
    for (const bad of ['0x' + 'z'.repeat(64), '0x' + '1'.repeat(65), '0x' + '1'.repeat(63) + '/']) {
      assert.throws(() => slotKey(bad), /invalid storage slot/, bad);
    }
    // a value past 256 bits names its account and slot (storage is kept as 256-bit words: state/slots.ts)
    assert.throws(() => MemoryState.fromJson({ ['0x' + A]: { storage: { '0x01': '0x1' + '0'.repeat(64) } } }),
      new RegExp(`pre-state 0x${A}: storage slot 0x01 has a value past 2\\^256 - 1`));
  });

  it('fromJson: accounts with the same code share its bytes and hash; zero slots are left out', () => {
    const code = '0x6001600055';
    const B = 'cd'.repeat(20), C = 'ef'.repeat(20);
    const s = MemoryState.fromJson({
      ['0x' + A]: { balance: '0x10', nonce: '0x1', code, storage: { '0x01': '0x2a', '0x02': '0x0' } },
      ['0x' + B]: { code },
      ['0x' + C]: { balance: '5', code: '0x' },
    });
    const a = s.accounts.get(A), b = s.accounts.get(B), c = s.accounts.get(C);
    assert.deepEqual(a.code, hexToBytes(code));
    assert.deepEqual(a.codeHash, keccak256(hexToBytes(code)));
    assert.equal(b.code, a.code);
    assert.equal(b.codeHash, a.codeHash);
    assert.equal(a.balance, 16n);
    assert.equal(a.nonce, 1n);
    assert.deepEqual([...a.storage], [['0'.repeat(63) + '1', 42n]]);
    assert.equal(c.code.length, 0);
    assert.deepEqual(c.codeHash, KECCAK_EMPTY);
    assert.equal(c.balance, 5n);
    // a commit of new code to one account leaves the other's as it was
    s.commit([{ address: B, deleted: false, code: hexToBytes('0x00'), storageCleared: false, storage: new Map() }]);
    assert.deepEqual(s.accounts.get(A).code, hexToBytes(code));
    assert.deepEqual(s.accounts.get(B).code, hexToBytes('0x00'));
  });

  it('by place: accountAt stays the account its address names through updates, deletions and re-creations, by place or by address', () => {
    const addr = (i) => i.toString(16).padStart(40, '0');
    const pre = {};
    for (let i = 1; i <= 8; i++) pre['0x' + addr(i)] = { balance: '0x' + i.toString(16), nonce: '0x1' };
    const s = MemoryState.fromJson(pre);
    const names = s.indexPlaces();
    assert.deepEqual(names, Array.from(s.accounts.keys()));
    const check = (when) => {
      names.forEach((a, p) => assert.equal(s.accountAt(p), s.accounts.get(a), `${when}: place ${p}`));
    };
    const change = (address, fields) => ({ address, deleted: false, storageCleared: false, storage: NO_STORAGE, ...fields });
    const deletion = (address) => ({ address, deleted: true, storageCleared: true, storage: NO_STORAGE });
    let seed = 7;
    const rand = (n) => { seed = (seed * 1103515245 + 12345) >>> 0; return (seed >>> 16) % n; }; // (the high bits: an LCG's low ones cycle short)
    for (let step = 0; step < 400; step++) {
      const i = 1 + rand(10); // (9 and 10 are outside the pre-state: no place)
      const a = addr(i), place = i <= 8 ? names.indexOf(a) : -1;
      const ch = rand(4) === 0 ? deletion(a) : change(a, { balance: BigInt(rand(1000)), nonce: rand(2) ? BigInt(step) : undefined });
      const how = rand(3);
      if (how === 0) s.commit([ch]);
      else if (how === 1) s.commitPlaced([ch], [place]);
      else {
        const places = [PLACE_UNKNOWN];
        s.commitPlaced([ch], places);
        assert.deepEqual(places, [place], 'the place looked up is filled in');
      }
      check(`step ${step} (${['by address', 'by place', 'place unknown'][how]}, ${ch.deleted ? 'deleted' : 'changed'} ${i})`);
      // (placeOf by the account's hint, or by the deletions kept when it has none now)
      for (let k = 1; k <= 10; k++) assert.equal(s.placeOf(addr(k)), k <= 8 ? names.indexOf(addr(k)) : -1, `step ${step}: placeOf ${k}`);
      if (!ch.deleted) assert.equal(s.accounts.get(a).balance, ch.balance);
    }
    assert.equal(s.placeOf(addr(3)), names.indexOf(addr(3)));
    assert.equal(s.placeOf(addr(9)), -1);
    s.unindexPlaces();
    assert.equal(s.placeOf(addr(3)), -1);
    assert.throws(() => s.accountAt(0), /account #0 asked by place of a state not indexed/);
    // unindexed, places given are ignored: by address
    s.commitPlaced([change(addr(3), { balance: 5n })], [0]);
    assert.equal(s.accounts.get(addr(3)).balance, 5n);
  });

  it('an account sharing SlotMap.EMPTY (a worker\'s state) gets a table of its own at its first storage write, by change or by words', () => {
    const addr = (i) => i.toString(16).padStart(40, '0');
    const change = (address, fields) => ({ address, deleted: false, storageCleared: false, storage: NO_STORAGE, ...fields });
    const s = new MemoryState();
    const shared = () => ({ nonce: 1n, balance: 2n, code: new Uint8Array(0), codeHash: KECCAK_EMPTY, storage: SlotMap.EMPTY });
    s.accounts.set(addr(1), shared());
    s.accounts.set(addr(2), shared());
    s.accounts.set(addr(3), shared());
    const key = (n) => n.toString(16).padStart(64, '0');
    // nonce and balance only: the shared table stays
    s.commit([change(addr(1), { nonce: 2n })]);
    assert.equal(s.accounts.get(addr(1)).storage, SlotMap.EMPTY);
    s.commit([change(addr(1), { storage: new Map([[key(1), 9n]]) })]);
    const words = new Int32Array(ENTRY);
    wordsFromHex(key(4), words, 0);
    wordsFromBigint(8n, words, WORDS);
    s.commitFields(addr(2), -1, false, false, undefined, undefined, undefined, undefined, undefined, words, 0, 1);
    s.commit([change(addr(3), { storage: SlotList.from(new Map([[key(5), 6n]])) })]);
    assert.equal(s.getStorage(addr(1), key(1)), 9n);
    assert.equal(s.getStorage(addr(2), key(4)), 8n);
    assert.equal(s.getStorage(addr(3), key(5)), 6n);
    for (const n of [1, 2, 3]) assert.notEqual(s.accounts.get(addr(n)).storage, SlotMap.EMPTY);
    assert.equal(SlotMap.EMPTY.size, 0);
  });

  it('an account a commit makes or clears starts on SlotMap.EMPTY and gets a table of its own at its first storage write', () => {
    const addr = (i) => i.toString(16).padStart(40, '0');
    const key = (n) => n.toString(16).padStart(64, '0');
    const change = (address, fields) => ({ address, deleted: false, storageCleared: false, storage: NO_STORAGE, ...fields });
    const s = MemoryState.fromJson({ ['0x' + addr(9)]: { balance: '0x1', storage: { '0x1': '0x7' } } });
    s.commit([change(addr(1), { balance: 3n }), change(addr(9), { storageCleared: true })]);
    assert.equal(s.accounts.get(addr(1)).storage, SlotMap.EMPTY); // (made, nothing written)
    assert.equal(s.accounts.get(addr(9)).storage, SlotMap.EMPTY); // (cleared)
    assert.equal(s.getStorage(addr(9), key(1)), 0n);
    s.commit([change(addr(2), { storage: new Map([[key(2), 5n]]) }), change(addr(9), { storageCleared: true, storage: new Map([[key(3), 4n]]) })]);
    assert.equal(s.getStorage(addr(2), key(2)), 5n);
    assert.equal(s.getStorage(addr(9), key(3)), 4n);
    assert.equal(s.getStorage(addr(9), key(1)), 0n);
    for (const n of [2, 9]) assert.notEqual(s.accounts.get(addr(n)).storage, SlotMap.EMPTY);
    assert.equal(SlotMap.EMPTY.size, 0);
  });

  it('by place: a place hint counts only under the index that set it (accounts shared by two states, or stored from outside)', () => {
    const addr = (i) => i.toString(16).padStart(40, '0');
    const pre = {};
    for (let i = 1; i <= 4; i++) pre['0x' + addr(i)] = { balance: '0x1' };
    const first = MemoryState.fromJson(pre);
    // a second state holding the same account objects in the reverse order
    const second = new MemoryState();
    for (const [a, acc] of [...first.accounts].reverse()) second.accounts.set(a, acc);
    const firstNames = first.indexPlaces(), secondNames = second.indexPlaces(); // (the second index rewrote every hint)
    for (let i = 1; i <= 4; i++) {
      assert.equal(first.placeOf(addr(i)), firstNames.indexOf(addr(i)), `first, ${i}`);
      assert.equal(second.placeOf(addr(i)), secondNames.indexOf(addr(i)), `second, ${i}`);
    }
    assert.notDeepEqual(firstNames, secondNames);
    // an account stored from outside, with no hint, replacing one of the index's
    first.accounts.set(addr(2), { nonce: 0n, balance: 9n, code: new Uint8Array(0), codeHash: first.accounts.get(addr(1)).codeHash, storage: first.accounts.get(addr(1)).storage });
    assert.equal(first.placeOf(addr(2)), firstNames.indexOf(addr(2)));
  });
});
