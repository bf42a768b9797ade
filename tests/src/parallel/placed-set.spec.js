import assert from 'node:assert/strict';
import { PlacedSet } from '../../../dist/parallel/placed-set.js';

describe('parallel/placed-set', () => {
  const A = 'aa'.repeat(20), B = 'bb'.repeat(20), C = 'cc'.repeat(20);
  const places = new Map([[A, 0], [B, 1]]); // C is outside the pre-state
  const placeOf = (address) => places.get(address) ?? -1;

  it('holds accounts of the pre-state by place and the others by address, asked either way', () => {
    const set = new PlacedSet(2, placeOf);
    assert.equal(set.has(A), false);
    set.add(A);
    set.add(C);
    assert.equal(set.has(A), true);
    assert.equal(set.hasAt(A, 0), true);
    assert.equal(set.has(B), false);
    assert.equal(set.hasAt(B, 1), false);
    assert.equal(set.has(C), true);
    assert.equal(set.hasAt(C, -1), true);
    set.add(B, 1); // (the place given, as a commit has it)
    assert.equal(set.has(B), true);
  });

  it('a place beyond the pre-state it was made for goes by address', () => {
    const set = new PlacedSet(1, placeOf);
    set.add(B); // place 1 of a set made for 1
    assert.equal(set.has(B), true);
    assert.equal(set.hasAt(B, 1), true);
    assert.equal(set.has(A), false);
  });
});
