import assert from 'node:assert/strict';
import { runPrecompile } from '../../../dist/precompiles/index.js';
import { Fork } from '../../../dist/forks.js';

const hex = (b) => Buffer.from(b).toString('hex');
const ascii = (s) => new TextEncoder().encode(s);

describe('precompile 0x03 RIPEMD160', () => {
  it('hashes, left-pads to 32 bytes and charges 600 + 120/word', () => {
    let r = runPrecompile(3, new Uint8Array(0), 1000n, Fork.Frontier);
    assert.equal(hex(r.output), '0'.repeat(24) + '9c1185a5c5e9fc54612808977ee8f548b2258d31');
    assert.equal(r.gasUsed, 600n);
    r = runPrecompile(3, ascii('abc'), 1000n, Fork.Frontier);
    assert.equal(hex(r.output), '0'.repeat(24) + '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc');
    assert.equal(r.gasUsed, 720n);
    assert.equal(runPrecompile(3, new Uint8Array(65), 2000n, Fork.Frontier).gasUsed, 960n);
    assert.equal(runPrecompile(3, new Uint8Array(1), 719n, Fork.Frontier).ok, false);
  });
});
