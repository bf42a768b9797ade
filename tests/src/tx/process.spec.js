// src/tx/process.ts: options that change what processTx hands back, not what the transaction does.
import assert from 'node:assert/strict';
import { Core } from '../../../dist/evm.js';
import { loadModule } from '../../../dist/wasm/loader.js';
import { processTx } from '../../../dist/tx/process.js';
import { MemoryState } from '../../../dist/state/memory-state.js';
import { BLOCK } from '../../helpers/blocks.js';

const SENDER = 'aa'.repeat(20), CONTRACT = 'cc'.repeat(20);
// PUSH1 0x2a PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: returns the word 42
const RETURNS_42 = '0x602a60005260206000f3';
const tx = {
  type: 2, chainId: 1n, nonce: 0n, maxFeePerGas: 100n, maxPriorityFeePerGas: 2n, gasLimit: 100_000n,
  to: Uint8Array.from(Buffer.from(CONTRACT, 'hex')), value: 0n, data: new Uint8Array(0), accessList: [], v: 0n, r: 0n, s: 0n,
};
const state = () => MemoryState.fromJson({ ['0x' + SENDER]: { balance: '0x' + (10n ** 18n).toString(16) }, ['0x' + CONTRACT]: { code: RETURNS_42, nonce: '0x1' } });

describe('tx/process: processTx options', () => {
  let core;
  before(async () => { core = new Core(await loadModule()); });

  it('withOutput: false leaves the output empty and changes nothing else (the planner does not read it)', () => {
    const kept = processTx(core, state(), tx, SENDER, 12, BLOCK);
    const left = processTx(core, state(), tx, SENDER, 12, BLOCK, { withOutput: false });
    assert.equal(kept.status, 'success');
    assert.deepEqual(kept.output, Uint8Array.from([...new Array(31).fill(0), 42]));
    assert.equal(left.output.length, 0);
    for (const field of ['status', 'gasUsed', 'refund', 'reads', 'writes']) assert.deepEqual(left[field], kept[field], field);
  });

  it('outputs are copies: a later transaction does not change an earlier one\'s', () => {
    const s = state();
    const first = processTx(core, s, tx, SENDER, 12, BLOCK);
    const copy = first.output.slice();
    processTx(core, s, { ...tx, data: Uint8Array.of(1, 2, 3) }, SENDER, 12, BLOCK);
    assert.deepEqual(first.output, copy);
  });
});
