// A transaction's slot table (src/state/tx-slots.ts): entries keep their index as the table grows, owners
// are told apart, the journal's saves come back in order, and a released table starts empty.
import assert from 'node:assert/strict';
import { TxSlots, KEY, CURRENT, FLAGS, SIBLING, STRIDE, F_WRITTEN, F_WARM } from '../../../dist/state/tx-slots.js';
import { WORDS, wordsFromBigint, bigintFromWords } from '../../../dist/state/slots.js';

const key = (n) => { const w = new Int32Array(WORDS); wordsFromBigint(n, w, 0); return w; };

describe('state/tx-slots', () => {
  it('finds every entry by (owner, slot) after growing, at the index it was given', () => {
    const t = TxSlots.acquire();
    const made = [];
    for (let i = 0; i < 700; i++) {
      const owner = i % 3, k = key(BigInt(Math.floor(i / 3)) * 2n ** 130n + 1n);
      assert.equal(t.find(owner, k, 0), -1);
      made.push([owner, k, t.add(owner, k, 0, -1)]);
    }
    for (const [owner, k, e] of made) {
      assert.equal(t.find(owner, k, 0), e);
      assert.equal(bigintFromWords(t.words, e * STRIDE + KEY), bigintFromWords(k, 0));
    }
    assert.equal(t.find(3, made[0][1], 0), -1); // same slot, another owner
    t.release();
  });

  it('keeps each account\'s entries chained, and the saved values come back last saved first', () => {
    const t = TxSlots.acquire();
    const a = t.add(0, key(1n), 0, -1), b = t.add(0, key(2n), 0, a), c = t.add(1, key(1n), 0, -1);
    assert.deepEqual([t.words[b * STRIDE + SIBLING], t.words[a * STRIDE + SIBLING], t.words[c * STRIDE + SIBLING]], [a, -1, -1]);
    const write = (e, v) => { wordsFromBigint(v, t.words, e * STRIDE + CURRENT); t.words[e * STRIDE + FLAGS] |= F_WRITTEN; };
    const s1 = t.save(a); write(a, 5n);
    const s2 = t.save(a); write(a, 6n);
    t.words[a * STRIDE + FLAGS] |= F_WARM;
    t.restore(a, s2);
    assert.equal(bigintFromWords(t.words, a * STRIDE + CURRENT), 5n);
    assert.equal(t.words[a * STRIDE + FLAGS] & F_WARM, F_WARM, 'warmth has journal entries of its own');
    t.restore(a, s1);
    assert.equal(t.words[a * STRIDE + FLAGS] & F_WRITTEN, 0);
    assert.equal(t.undoTop, 0);
    t.release();
  });

  it('a released table comes back empty for the next transaction', () => {
    const t = TxSlots.acquire();
    for (let i = 0; i < 2000; i++) t.add(0, key(BigInt(i)), 0, -1);
    t.save(5);
    t.release();
    const u = TxSlots.acquire();
    assert.equal(u, t);
    assert.equal(u.count, 0);
    assert.equal(u.undoTop, 0);
    assert.equal(u.find(0, key(5n), 0), -1);
    u.release();
  });
});
