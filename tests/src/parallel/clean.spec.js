// Validation's fast path (src/parallel/clean.ts): which accounts a lane (a worker, or the planner's own
// thread) sees exactly as committed.
// Each rule that keeps it sound has a case here that fails without it.
import assert from 'node:assert/strict';
import { CleanAccounts } from '../../../dist/parallel/clean.js';
import { PLACE_UNKNOWN } from '../../../dist/state/memory-state.js';

const COINBASE = 'cb'.repeat(20), A = 'a'.repeat(40), B = 'b'.repeat(40), C = 'c'.repeat(40);
/** The pre-state's places (MemoryState.indexPlaces): B is outside it. */
const PLACES = new Map([[A, 0], [COINBASE, 1], [C, 2]]);
const placeOf = (a) => PLACES.get(a) ?? -1;
const make = (transactions, lanes, shared) => new CleanAccounts(transactions, lanes, PLACES.size, placeOf, shared);
/** Commits transaction `index`'s writes to `addresses`, named by address only (the planner's own results). */
const committed = (c, index, lane, ...addresses) => c.committed(index, lane, addresses, addresses.map(() => PLACE_UNKNOWN));
/** The same, named by place as a worker's results are. */
const committedPlaced = (c, index, lane, ...addresses) => c.committed(index, lane, addresses, addresses.map(placeOf));
/** Is `address` clean for transaction `index` run on worker `lane` (asked by address, or by place when `byPlace`)? */
const isClean = (c, index, lane, address, byPlace = false) => c.cleanFor(index, lane)?.(address, byPlace ? placeOf(address) : PLACE_UNKNOWN) ?? false;

describe('parallel clean accounts (validation\'s fast path)', () => {
  it('an account nobody wrote since the pre-state went out is clean; the beneficiary never is', () => {
    const c = make(10, 2, [COINBASE]);
    c.sent(0, [1, 2]);
    assert.ok(isClean(c, 2, 0, A));
    assert.ok(!isClean(c, 2, 0, COINBASE));
  });

  it("a worker's own results committed as they were keep an account clean for that worker, not for another", () => {
    const c = make(10, 2, [COINBASE]);
    c.sent(0, [1, 3]);
    c.sent(1, [2]);
    committed(c, 1, 0, A, COINBASE);
    assert.ok(isClean(c, 3, 0, A));
    assert.ok(!isClean(c, 2, 1, A));
    committed(c, 2, 1, B);
    assert.ok(!isClean(c, 3, 0, B));
  });

  it('a re-execution or a run outside the lanes (lane -1) makes the account shared for good', () => {
    const c = make(10, 1, []);
    c.sent(0, [2, 3]);
    committed(c, 1, -1, A);
    assert.ok(!isClean(c, 2, 0, A));
    committed(c, 2, 0, A);
    assert.ok(!isClean(c, 3, 0, A));
  });

  it('an account written by two workers is shared', () => {
    const c = make(10, 2, []);
    c.sent(0, [1, 3]);
    c.sent(1, [2, 4]);
    committed(c, 1, 0, A);
    committed(c, 2, 1, A);
    assert.ok(!isClean(c, 3, 0, A));
    assert.ok(!isClean(c, 4, 1, A));
  });

  it('a result discarded (set aside, dropped, stale) leaves its writes in the worker: shared, even if nothing committed writes it', () => {
    const c = make(10, 1, []);
    c.sent(0, [1, 2]);
    c.discard(A);
    assert.ok(!isClean(c, 2, 0, A));
    assert.ok(isClean(c, 2, 0, B));
  });

  it('out of order: a transaction sent after a higher index may see its speculative writes; nothing is clean for it', () => {
    const c = make(10, 1, []);
    c.sent(0, [5, 3]);
    assert.equal(c.cleanFor(3, 0), undefined);
    assert.ok(isClean(c, 5, 0, A));
    // sent again later (after a set-aside), a transaction is judged by its last sending
    c.sent(0, [4]);
    assert.equal(c.cleanFor(4, 0), undefined);
    c.sent(0, [6]);
    assert.ok(isClean(c, 6, 0, A));
  });

  it("out of order: a result committed after running behind a higher index is not the worker's clean write", () => {
    // 4 ran on worker 0 before 2: 2's writes were not in the view 4 ran on, nor in the worker's at 2's
    const c = make(10, 1, []);
    c.sent(0, [1, 4, 2, 7]);
    committed(c, 1, 0, B);
    committed(c, 2, 0, A);
    assert.ok(!isClean(c, 7, 0, A));
    assert.ok(isClean(c, 7, 0, B));
  });

  it('counts the accounts it let validation skip', () => {
    const c = make(10, 1, [COINBASE]);
    c.sent(0, [1]);
    const clean = c.cleanFor(1, 0);
    clean(A, PLACE_UNKNOWN); clean(B, PLACE_UNKNOWN); clean(COINBASE, PLACE_UNKNOWN);
    assert.equal(c.skipped, 2);
  });

  it('no lane (-1: a re-execution, a run outside the lanes) validates without a fast path', () => {
    const c = make(10, 1, []);
    assert.equal(c.cleanFor(1, -1), undefined);
  });

  it("the planner's own thread is one more lane: its own in-order results keep an account clean for it, a worker's do not", () => {
    const OWN = 1; // (lanes: worker 0, then this thread)
    const c = make(10, 2, [COINBASE]);
    c.sent(0, [2]);
    for (const i of [1, 3, 4]) c.sentOne(OWN, i);
    committed(c, 1, OWN, A, COINBASE);
    committed(c, 2, 0, B);
    committed(c, 3, OWN, A);
    assert.ok(isClean(c, 4, OWN, A));
    assert.ok(!isClean(c, 4, OWN, B)); // (the worker wrote it)
    assert.ok(!isClean(c, 4, OWN, COINBASE));
    // one of its results set aside (its layer stays in the view) or run out of order: shared for good
    c.sentOne(OWN, 6);
    c.sentOne(OWN, 5);
    assert.equal(c.cleanFor(5, OWN), undefined);
    committed(c, 5, OWN, A);
    assert.ok(!isClean(c, 6, OWN, A));
  });

  it('one record per account, whether named by place or by address: a write by place shows when asked by address, and the other way round', () => {
    const OWN = 1;
    const c = make(10, 2, [COINBASE]);
    c.sent(0, [1, 3, 5]);
    for (const i of [2, 4, 6]) c.sentOne(OWN, i);
    committedPlaced(c, 1, 0, A, B); // (a worker's result: A by place, B outside the pre-state)
    assert.ok(!isClean(c, 2, OWN, A));
    assert.ok(!isClean(c, 2, OWN, B));
    assert.ok(isClean(c, 3, 0, A, true));
    assert.ok(isClean(c, 3, 0, A));
    committed(c, 2, OWN, C); // (this thread's result: C by address)
    assert.ok(!isClean(c, 3, 0, C, true));
    assert.ok(isClean(c, 4, OWN, C, true));
    // the beneficiary, shared from the start by address, is shared when asked by place
    assert.ok(!isClean(c, 3, 0, COINBASE, true));
  });
});
