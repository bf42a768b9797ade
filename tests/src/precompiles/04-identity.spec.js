import assert from 'node:assert/strict';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';

const hex = (b) => Buffer.from(b).toString('hex');
const ascii = (s) => new TextEncoder().encode(s);

describe('precompile 0x04 IDENTITY', () => {
  it('copies the input and charges 15 + 3/word', () => {
    const input = Uint8Array.from({ length: 70 }, (_, i) => i);
    const r = runPrecompile(4, input, 1000n, Fork.Frontier);
    assert.deepEqual(r.output, input);
    assert.notEqual(r.output, input, 'returns a copy');
    assert.equal(r.gasUsed, 15n + 3n * 3n);
    assert.equal(runPrecompile(4, new Uint8Array(0), 1000n, Fork.Frontier).gasUsed, 15n);
    assert.equal(runPrecompile(4, new Uint8Array(0), 14n, Fork.Frontier).ok, false);
  });
});
