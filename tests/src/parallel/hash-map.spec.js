import assert from 'node:assert/strict';
import { HashMap, HashSet } from '../../../dist/parallel/hash-map.js';
import { keccak256 } from '../../../dist/bytes.js';

const hashOf = (i) => keccak256(Uint8Array.of(i & 255, i >> 8));

describe('parallel/hash-map', () => {
  it('maps 32-byte hashes to values by their bytes, not by the array', () => {
    const map = new HashMap();
    for (let i = 0; i < 1000; i++) map.set(hashOf(i), i);
    assert.equal(map.size, 1000);
    for (let i = 0; i < 1000; i++) assert.equal(map.get(hashOf(i).slice()), i); // (a fresh array with the same bytes)
    assert.equal(map.get(hashOf(1000)), undefined);
    assert.equal(map.has(hashOf(1000)), false);
    map.set(hashOf(7), 70);
    assert.equal(map.size, 1000);
    assert.equal(map.get(hashOf(7)), 70);
  });

  it('tells apart hashes that share the bytes it looks them up on', () => {
    const a = new Uint8Array(32).fill(0xab), b = a.slice(), c = a.slice();
    b[31] = 0; c[3] ^= 0xc0; // (b differs past the first 30 bits; c only in the two bits of byte 3 the key leaves out)
    const map = new HashMap().set(a, 'a').set(b, 'b').set(c, 'c');
    assert.deepEqual([map.get(a), map.get(b), map.get(c), map.size], ['a', 'b', 'c', 3]);
  });

  it('keeps a copy of a new key: a caller may change or reuse its array', () => {
    const key = hashOf(1).slice();
    const map = new HashMap().set(key, 1);
    key.fill(0);
    assert.equal(map.get(hashOf(1)), 1);
    assert.equal(map.get(key), undefined);
  });

  it('refuses a key that is not 32 bytes', () => {
    assert.throws(() => new HashMap().set(new Uint8Array(20), 1), /a key of 20 bytes, not 32/);
    assert.throws(() => new HashSet().has(new Uint8Array(33)), /a key of 33 bytes, not 32/);
  });

  it('HashSet: adds, answers and clears', () => {
    const set = new HashSet().add(hashOf(1)).add(hashOf(2)).add(hashOf(1));
    assert.deepEqual([set.size, set.has(hashOf(1)), set.has(hashOf(2)), set.has(hashOf(3))], [2, true, true, false]);
    set.clear();
    assert.deepEqual([set.size, set.has(hashOf(1))], [0, false]);
  });
});
