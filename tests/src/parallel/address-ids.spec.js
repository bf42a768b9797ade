// Small ids for address keys (src/parallel/address-ids.ts).
import assert from 'node:assert/strict';
import { AddressIds } from '../../../dist/parallel/address-ids.js';

const key = (i) => i.toString(16).padStart(40, '0');

describe('parallel/address-ids', () => {
  it('gives ids in order of first sight, the same id to the same key, and the keys by id', () => {
    const ids = new AddressIds(4);
    assert.equal(ids.idOf(key(7)), 0);
    assert.equal(ids.idOf(key(3)), 1);
    assert.equal(ids.idOf(key(7)), 0);
    assert.equal(ids.idOf(String(key(3))), 1); // equal content, another string
    assert.deepEqual(ids.names, [key(7), key(3)]);
    assert.equal(ids.get(key(3)), 1);
    assert.equal(ids.get(key(4)), undefined);
    assert.deepEqual(ids.names, [key(7), key(3)]); // (get adds nothing)
  });

  it('keeps 12,000 keys apart, 2,000 of them with the same last 16 digits (which it hashes)', () => {
    const keys = [];
    for (let i = 0; i < 10000; i++) keys.push(key(i * 2654435761 + 12345)); // spread
    for (let i = 0; i < 2000; i++) keys.push(i.toString(16).padStart(24, '0') + 'ab'.repeat(8)); // one suffix
    const ids = new AddressIds(keys.length);
    keys.forEach((k, i) => assert.equal(ids.idOf(k), i));
    keys.forEach((k, i) => assert.equal(ids.get(k), i));
    assert.equal(ids.names.length, keys.length);
  });

  it('an address as bytes gets the id of its key, whether met lately (same last byte) or not', () => {
    const bytesOf = (k) => Uint8Array.from(k.match(/../g), (h) => parseInt(h, 16));
    const ids = new AddressIds(600);
    const keys = [];
    // 300 addresses, many sharing a last byte (the recent cache's slot), met in a seeded order, as fresh arrays
    for (let i = 0; i < 300; i++) keys.push(((i * 2654435761) >>> 0).toString(16).padStart(32, '0') + (i % 7).toString(16).padStart(8, '0'));
    let seed = 7;
    for (let round = 0; round < 3000; round++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const k = keys[round < 300 ? round : seed % 300];
      const viaBytes = ids.idOfBytes(bytesOf(k));
      assert.equal(viaBytes, ids.idOf(k), k);
    }
    assert.deepEqual(ids.names, keys);
  });

  it('throws past the keys it was made for, rather than loop', () => {
    const ids = new AddressIds(2);
    ids.idOf(key(1)); ids.idOf(key(2));
    assert.equal(ids.idOf(key(1)), 0);
    assert.throws(() => ids.idOf(key(3)), /more than the 2 keys/);
  });
});
