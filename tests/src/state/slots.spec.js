// Storage in words (src/state/slots.ts): conversions, the committed storage table (SlotMap) against a plain
// Map, and packed lists (SlotList).
import assert from 'node:assert/strict';
import {
  SlotMap, SlotList, ENTRY, WORDS, wordsFromHex, hexFromWords, wordsFromBigint, bigintFromWords, isZeroWords, equalWords,
} from '../../../dist/state/slots.js';

const slot = (n) => n.toString(16).padStart(64, '0');
/** A deterministic stream of 256-bit numbers, small ones among them (slots 0, 1, 2... are common). */
function* numbers(seed, count) {
  let x = BigInt(seed);
  for (let i = 0; i < count; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % (1n << 256n);
    yield i % 3 === 0 ? BigInt(i) : x;
  }
}

describe('state/slots: words', () => {
  it('a slot key and a value go to words and back, least significant word first', () => {
    const w = new Int32Array(2 * WORDS);
    for (const v of [0n, 1n, 0xffn, 2n ** 32n - 1n, 2n ** 32n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 128n + 5n, 2n ** 255n, 2n ** 256n - 1n]) {
      assert.equal(wordsFromHex(slot(v), w, 0), true);
      assert.equal(hexFromWords(w, 0), slot(v));
      assert.equal(bigintFromWords(w, 0), v);
      wordsFromBigint(v, w, WORDS);
      assert.ok(equalWords(w, 0, w, WORDS), `${v}`);
      assert.equal(isZeroWords(w, 0), v === 0n);
    }
    wordsFromBigint(1n, w, 0);
    assert.deepEqual([...w.subarray(0, WORDS)], [1, 0, 0, 0, 0, 0, 0, 0]);
    wordsFromBigint(2n ** 224n * 3n, w, 0);
    assert.deepEqual([...w.subarray(0, WORDS)], [0, 0, 0, 0, 0, 0, 0, 3]);
  });

  it('a malformed slot key or an out-of-range value is refused, not read as some other slot', () => {
    const w = new Int32Array(WORDS);
    for (const bad of ['', '0', slot(1).slice(1), slot(1) + '0', slot(1).toUpperCase().replace('1', 'A'), 'g' + slot(1).slice(1), '\u0100' + slot(1).slice(1)]) {
      assert.equal(wordsFromHex(bad, w, 0), false, JSON.stringify(bad));
    }
    assert.throws(() => wordsFromBigint(-1n, w, 0), /outside/);
    assert.throws(() => wordsFromBigint(2n ** 256n, w, 0), /outside/);
    assert.throws(() => new SlotMap().set('1', 1n), /invalid storage slot key/);
    assert.equal(new SlotMap().get('not a key'), undefined);
  });
});

describe('state/slots: SlotMap', () => {
  it('answers as a Map would through thousands of sets, overwrites and deletes (runs shifted back on delete)', () => {
    const m = new SlotMap(), ref = new Map();
    const keys = [...numbers(7, 3000)].map(slot);
    let step = 0;
    for (const v of numbers(11, 12000)) {
      const k = keys[Number(v % BigInt(keys.length))];
      if (step++ % 4 === 3) { assert.equal(m.delete(k), ref.delete(k)); continue; }
      m.set(k, v);
      ref.set(k, v);
    }
    assert.equal(m.size, ref.size);
    for (const k of keys) { assert.equal(m.get(k), ref.get(k)); assert.equal(m.has(k), ref.has(k)); }
    assert.deepEqual(new Map(m), ref);
    assert.deepEqual([...m.keys()].sort(), [...ref.keys()].sort());
  });

  it('reads and writes in words: holds() compares, an absent slot holds zero', () => {
    const m = new SlotMap(4);
    const w = new Int32Array(3 * WORDS);
    wordsFromHex(slot(5n), w, 0);
    wordsFromBigint(9n, w, WORDS);
    assert.equal(m.getInto(w, 0, w, 2 * WORDS), false);
    assert.ok(isZeroWords(w, 2 * WORDS));
    assert.equal(m.holds(w, 0, w, 2 * WORDS), true); // zero, absent
    m.setWords(w, 0, w, WORDS);
    assert.equal(m.getInto(w, 0, w, 2 * WORDS), true);
    assert.equal(bigintFromWords(w, 2 * WORDS), 9n);
    assert.equal(m.holds(w, 0, w, WORDS), true);
    wordsFromBigint(8n, w, 2 * WORDS);
    assert.equal(m.holds(w, 0, w, 2 * WORDS), false);
    assert.equal(m.get(slot(5n)), 9n);
    assert.equal(m.deleteWords(w, 0), true);
    assert.equal(m.deleteWords(w, 0), false);
    assert.equal(m.size, 0);
  });

  it('a clone is its own table; reset empties and keeps room; presized tables take their entries without growing wrong', () => {
    const m = SlotMap.from([[slot(1n), 1n], [slot(2n), 2n]]);
    const c = m.clone();
    c.set(slot(3n), 3n);
    m.delete(slot(1n));
    assert.deepEqual(new Map(m), new Map([[slot(2n), 2n]]));
    assert.deepEqual(new Map(c), new Map([[slot(1n), 1n], [slot(2n), 2n], [slot(3n), 3n]]));
    c.reset();
    assert.equal(c.size, 0);
    assert.equal(c.get(slot(2n)), undefined);
    c.set(slot(4n), 4n);
    assert.deepEqual(new Map(c), new Map([[slot(4n), 4n]]));
    for (const n of [1, 3, 4, 5, 100]) {
      const p = new SlotMap(n);
      for (let i = 0; i < 3 * n; i++) p.set(slot(BigInt(i)), BigInt(i + 1));
      assert.equal(p.size, 3 * n);
      for (let i = 0; i < 3 * n; i++) assert.equal(p.get(slot(BigInt(i))), BigInt(i + 1));
    }
  });

  it('a table copied as it is (copyTable) and adopted elsewhere reads and changes as the original, apart from it', () => {
    const m = new SlotMap();
    const entries = [...numbers(7, 300)].map((v, i) => [slot(BigInt(i * 977)), v === 0n ? 1n : v]);
    for (const [k, v] of entries) m.set(k, v);
    for (const [k] of entries.slice(0, 40)) m.delete(k); // (runs shifted back: the copy must keep their places)
    const at = 3; // (tables go one after another in the pre-state's arrays)
    const cells = new Int32Array((at + m.places) * 2 * WORDS), used = new Uint8Array(at + m.places);
    m.copyTable(cells, at * 2 * WORDS, used, at);
    const a = SlotMap.adopt(cells.slice(at * 2 * WORDS), used.slice(at), m.size);
    assert.deepEqual(new Map(a), new Map(m));
    for (const [k, v] of entries) assert.equal(a.get(k), m.get(k), k);
    a.set(slot(1n), 5n);
    a.delete(entries[100][0]);
    for (let i = 0; i < 500; i++) a.set(slot(BigInt(1e6 + i)), 1n); // (grows past the adopted room)
    assert.equal(m.get(slot(1n)), undefined);
    assert.equal(m.get(entries[100][0]), entries[100][1]);
    assert.equal(a.size, m.size + 500);
    // shapes that cannot be a table are refused, naming them
    assert.throws(() => SlotMap.adopt(new Int32Array(16 * 12), new Uint8Array(12), 1), /1 entries in 12 places/);
    assert.throws(() => SlotMap.adopt(new Int32Array(16 * 8), new Uint8Array(8), 5), /5 entries in 8 places/);
    assert.throws(() => SlotMap.adopt(new Int32Array(16 * 7), new Uint8Array(8), 1), /8 places \(112 words\)/);
  });

  it('SlotMap.EMPTY, shared by accounts without storage, reads empty and refuses every write, staying empty', () => {
    const e = SlotMap.EMPTY;
    const w = new Int32Array(ENTRY);
    wordsFromHex(slot(1), w, 0);
    wordsFromBigint(7n, w, WORDS);
    const refused = /SlotMap.EMPTY is shared .* never written/;
    assert.throws(() => e.set(slot(1), 5n), refused);
    assert.throws(() => e.setWords(w, 0, w, WORDS), refused);
    assert.throws(() => e.writeWords(w, 0, 1, true), refused);
    assert.throws(() => e.writeAll(new Map([[slot(2), 3n]]), false), refused);
    assert.throws(() => e.clear(), refused);
    assert.throws(() => e.reset(), refused);
    assert.equal(e.delete(slot(1)), false); // (nothing to delete: no change)
    assert.equal(e.size, 0);
    assert.equal(e.get(slot(1)), undefined);
    assert.equal(e.getInto(w, 0, w, WORDS), false);
    // its copies are tables of their own
    const c = e.clone();
    c.set(slot(1), 5n);
    assert.equal(c.get(slot(1)), 5n);
    assert.equal(e.size, 0);
  });
});

describe('state/slots: SlotList', () => {
  it('packs entries into shared chunks, each list its own, readable as a Map', () => {
    const lists = [];
    for (let n = 0; n < 300; n++) lists.push([n, SlotList.from(new Map([[slot(BigInt(n)), BigInt(n) * 7n], [slot(2n ** 200n + BigInt(n)), 0n]]))]);
    for (const [n, list] of lists) {
      assert.equal(list.size, 2);
      assert.deepEqual([...list], [[slot(BigInt(n)), BigInt(n) * 7n], [slot(2n ** 200n + BigInt(n)), 0n]]);
      assert.equal(list.get(slot(BigInt(n))), BigInt(n) * 7n);
      assert.equal(list.has(slot(2n ** 200n + BigInt(n))), true);
      assert.equal(list.get(slot(BigInt(n) + 1n)), undefined);
    }
    const view = SlotList.view(lists[5][1].words, lists[5][1].at + ENTRY, 1);
    assert.deepEqual([...view], [[slot(2n ** 200n + 5n), 0n]]);
  });
});
